#!/bin/sh
# Seeds fuzz/corpus/dtls_parse with the DTLS handshake datagrams (first byte 20-22: records in
# the clear, which is where the parsers do their work) and a few unified-header, RTP and
# RTCP datagrams of every capture in fixtures/real, extracted with tshark. The corpus is
# not committed (see .gitignore); run this before `cargo +nightly fuzz run dtls_parse`.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
dir="$here/corpus/dtls_parse"
mkdir -p "$dir"
for cap in "$here"/../fixtures/real/*/capture.pcap; do
    name=$(basename "$(dirname "$cap")")
    tshark -r "$cap" -Y 'udp && !mdns && !stun' -T fields -e frame.number -e udp.payload 2>/dev/null |
    awk -v dir="$dir" -v name="$name" '
        $2 == "" { next }
        {
            gsub(":", "", $2); b = substr($2, 1, 2)
            kind = (b >= "14" && b <= "16") ? "clear" : (b >= "17" && b <= "1f") ? "appdata" : (b >= "20" && b <= "3f") ? "unified" : (b >= "80" && b <= "bf") ? "rtp" : ""
            if (kind == "" || (kind != "clear" && seen[kind]++ >= 3)) next
            print $2 > (dir "/" name "-" $1 ".hex")
        }'
done
for f in "$dir"/*.hex; do xxd -r -p "$f" > "${f%.hex}"; rm "$f"; done
ls "$dir" | wc -l
