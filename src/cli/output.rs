//! Reading inputs and writing outputs: files or stdin, stdout with a broken pipe treated as
//! success, colour decisions.

use super::{ColorChoice, EXIT_USAGE};
use comfy_table::{presets::UTF8_FULL_CONDENSED, ContentArrangement, Table};
use std::io::{IsTerminal, Read, Write};
use std::path::Path;

/// Reads a file, or stdin for `-`. The error names the path and says what went wrong.
pub fn read_input(path: &Path) -> Result<(Vec<u8>, String), String> {
    if path.as_os_str() == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .map_err(|e| format!("cannot read stdin: {e}"))?;
        return Ok((buf, "<stdin>".into()));
    }
    let name = path.display().to_string();
    std::fs::read(path)
        .map(|b| (b, name.clone()))
        .map_err(|e| format!("cannot read {name}: {e}"))
}

/// Writes `text` to stdout. A closed pipe (`| head`) is not an error: returns `Ok` either way
/// unless writing failed otherwise, in which case the exit status to use is returned.
pub fn print(text: &str) -> Result<(), i32> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => {
            eprintln!("rtcinspect: cannot write to stdout: {e}");
            Err(EXIT_USAGE)
        }
    }
}

/// Whether to colour stdout: `--color`, then NO_COLOR (any non-empty value), then whether
/// stdout is a terminal.
pub fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    }
}

/// Colours the severity word at the start of a rendered diagnostic.
pub fn paint_severity(rendered: &str, color: bool) -> String {
    if !color {
        return rendered.to_string();
    }
    for (word, code) in [("error", "1;31"), ("warning", "1;33"), ("note", "1;36")] {
        if let Some(rest) = rendered.strip_prefix(word) {
            return format!("\x1b[{code}m{word}\x1b[0m{rest}");
        }
    }
    rendered.to_string()
}

/// A table that wraps to the terminal's width; unwrapped when the output is not a terminal.
pub fn new_table() -> Table {
    let mut t = Table::new();
    t.load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic);
    if !std::io::IsTerminal::is_terminal(&std::io::stdout()) {
        t.set_content_arrangement(ContentArrangement::Disabled);
    }
    t
}
