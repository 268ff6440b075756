#!/bin/sh
# Seeds fuzz/corpus/stun_decode with the STUN test vectors and one real STUN message per
# distinct layout from every capture in fixtures/real (extracted by the ignored test
# `write_fuzz_seeds` in tests/stun_real.rs). The corpus is not committed (see .gitignore);
# run this before `cargo +nightly fuzz run stun_decode`.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
dir="$here/corpus/stun_decode"
mkdir -p "$dir"
(cd "$here/.." && STUN_SEED_DIR="$dir" cargo test --quiet --test stun_real -- --ignored --exact write_fuzz_seeds --nocapture)
ls "$dir" | wc -l
