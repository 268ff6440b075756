//! The `rtcinspect` command: thin; everything happens in `cli`.

#![forbid(unsafe_code)]

mod cli;

fn main() {
    std::process::exit(cli::run());
}
