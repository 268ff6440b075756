fn main() {
    for p in std::env::args().skip(1) {
        let b = std::fs::read(&p).unwrap();
        let s = rtcinspect::sdp::parse_bytes(&b, &Default::default());
        let text = String::from_utf8_lossy(&b);
        println!(
            "{p}: {} session lines, {} media, rt={}",
            s.lines.len(),
            s.media.len(),
            rtcinspect::sdp::write(&s) == text
        );
        for d in &s.diagnostics {
            print!("{}", rtcinspect::diag::render::render(d, &text, &p));
        }
    }
}
