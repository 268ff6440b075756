//! Medians of finished criterion benchmarks, read back from criterion's `estimates.json`, so
//! that a bench can print one table of all its results at the end of the run.

use std::path::{Path, PathBuf};

/// Criterion's output folder: `$CARGO_TARGET_DIR/criterion`, else `target/criterion`.
fn criterion_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"))
        .join("criterion")
}

/// The median time (ns) of benchmark `id` in `group` (criterion's names, `/` in a group name
/// written `_`), or `None` when it did not run (filtered out, or rejected the input).
pub fn median_ns(group: &str, id: &str) -> Option<f64> {
    let path = criterion_dir()
        .join(group.replace('/', "_"))
        .join(id)
        .join("new/estimates.json");
    let text = std::fs::read_to_string(path).ok()?;
    let v: serde_json::Value = serde_json::from_str(&text).ok()?;
    v["median"]["point_estimate"].as_f64()
}
