#!/bin/sh
# Seeds fuzz/corpus/sdp_parse from every SDP fixture (real and synthetic). The corpus is
# not committed (see .gitignore); run this before `cargo +nightly fuzz run sdp_parse`.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
dir="$here/corpus/sdp_parse"
mkdir -p "$dir"
find "$here/../fixtures/real" "$here/../fixtures/synthetic" -name '*.sdp' -type f | while read -r f; do
    # Name each seed after its path so reruns overwrite instead of duplicating.
    name=$(printf '%s' "${f#"$here/../fixtures/"}" | tr '/' '_')
    cp "$f" "$dir/seed_$name"
done
ls "$dir" | wc -l
