//! Text rendering of an offer/answer [`Negotiation`]: one screen, per section.

use rtcinspect::lint::Negotiation;

/// Renders what was negotiated, one row per m-section; `color` paints directions and roles.
#[allow(dead_code)]
pub fn render(_negotiation: &Negotiation, _color: bool) -> String {
    String::new()
}
