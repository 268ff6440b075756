//! Command-line interface: argument parsing (clap), input reading, and one renderer per
//! output format. The library never prints; this module does.

mod candidate_cmd;
mod diff_cmd;
mod explain_cmd;
mod handshake_view;
mod negotiation_view;
mod output;
mod pcap_cmd;
mod pcap_report;
mod sdp_cmd;
mod sdp_view;
mod stun_cmd;
mod trickle;
mod validate_cmd;

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Exit status: no finding at error level.
pub const EXIT_OK: i32 = 0;
/// Exit status: findings at error level (or differences, for `diff`).
pub const EXIT_FINDINGS: i32 = 1;
/// Exit status: usage or I/O error.
pub const EXIT_USAGE: i32 = 2;

/// Inspect the WebRTC handshake: SDP offers and answers, ICE candidates, STUN, captures.
#[derive(Parser, Debug)]
#[command(name = "rtcinspect", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Parse a session description and show it: session summary, media table, syntax findings.
    #[command(after_help = "\
Examples:
  rtcinspect sdp offer.sdp                     tables for humans
  rtcinspect sdp --json offer.sdp | jq .media  the whole model, with spans
  rtcinspect sdp --lines answer.sdp            every line and how it was parsed
  rtcinspect sdp --emit --canonical offer.sdp  normalised SDP (CRLF, RFC 8866 order)
  pbpaste | rtcinspect sdp -                   from stdin (raw SDP, JSON {type,sdp}, SIP, ...)
  rtcinspect sdp --list dump.json              descriptions in a webrtc-internals dump
  rtcinspect sdp --select 3 dump.json          pick one of them (index, or pc=ID,event=NAME,type=offer)")]
    Sdp(SdpArgs),
    /// Decode ICE candidates: priority, address class, findings; analyse the set; predict the
    /// check list of an offer/answer pair.
    #[command(after_help = "\
Examples:
  rtcinspect candidate 'candidate:1 1 udp 2122260223 10.0.0.1 54321 typ host generation 0'
  rtcinspect candidate candidates.txt           one candidate per line (a= prefixes, logs ok)
  rtcinspect candidate trickle.jsonl            RTCIceCandidateInit JSON (object, array, lines)
  rtcinspect candidate offer.sdp                every a=candidate of a description
  rtcinspect candidate --pairs offer.sdp answer.sdp   the check lists both agents would run
  rtcinspect candidate --pairs offer.sdp answer.sdp --offer-candidates offer.jsonl --answer-candidates answer.jsonl
      the same with trickle ICE: each side's trickled candidates (RTCIceCandidateInit JSON)")]
    Candidate(CandidateArgs),
    /// Decode STUN/TURN messages and verify FINGERPRINT and MESSAGE-INTEGRITY.
    #[command(after_help = "\
Examples:
  rtcinspect stun 000100582112a442...              hex stream (Wireshark: Copy as Hex Stream)
  rtcinspect stun --pwd VOkJxbRl1RmTxUk/WvJxBt msg.hex   verify with the receiver's a=ice-pwd
  pbpaste | rtcinspect stun -                      hex dumps (Wireshark, hexdump -C, xxd)
  rtcinspect stun --username u --realm r --password p alloc.bin   long-term (TURN) credentials
Requests are signed with the pwd of the agent that receives them, responses with the pwd of
the agent that sends them (RFC 8445 §7.2.2, §7.3).")]
    Stun(StunArgs),
    /// The handshake from a capture: ICE checks per candidate pair (verified with the SDPs'
    /// ice-pwd), the selected pair, DTLS (roles, certificates vs a=fingerprint, alerts), media
    /// per m-line; a verdict first. Also flows and demultiplexed packets.
    #[command(after_help = "\
Examples:
  rtcinspect pcap call.pcapng --sdp offer.sdp --sdp answer.sdp   verdict, pairs, DTLS, media
  rtcinspect pcap call.pcap --sdp dump.json       offer and answer from a webrtc-internals dump
  rtcinspect pcap call.pcap --timeline            + every STUN transaction and DTLS event, ms
  rtcinspect pcap --json call.pcap --sdp o.sdp --sdp a.sdp | jq .handshake.ice
  rtcinspect pcap --flows call.pcapng             flows: packets per kind, bytes, first/last time
  rtcinspect pcap --packets call.pcap             one row per packet (number, ms, flow, kind...)
  rtcinspect pcap --packets --filter 10.0.0.2:50000 call.pcap   one address/port (either side)
  rtcinspect pcap --packets --json call.pcap | jq -c 'select(.kind==\"stun\")'   JSON Lines
  tcpdump -i any -w - udp | rtcinspect pcap -   from stdin (read once, memory bounded)
pcap and pcapng (several interfaces, any timestamp resolution) are told apart by their first
bytes. Link types: Ethernet (802.1Q), Linux SLL/SLL2 (tcpdump -i any), BSD NULL/LOOP, raw IP.
Exit status: 0; 1 when the handshake failed or the capture has error-level findings; 2 usage.")]
    Pcap(PcapArgs),
    /// Compare two session descriptions by meaning: sections by mid, codecs by name/clock/fmtp
    /// (not payload type), candidates, SSRCs, extensions by URI, attributes by meaning.
    #[command(after_help = "\
Examples:
  rtcinspect diff old.sdp new.sdp                    what changed, per section, with A:/B: lines
  rtcinspect diff --ignore volatile run1.sdp run2.sdp   leave out what differs on every run
  rtcinspect diff --ignore candidates,ice a.sdp b.sdp   leave out some fields (repeatable)
  rtcinspect diff --munge --select-a createOfferOnSuccess --select-b setLocalDescription \\
                  dump.json dump.json                did the app munge its offer?
  rtcinspect diff --json a.sdp b.sdp | jq '.sections[].changes[]'
Fields for --ignore: origin (o= session id and version), origin-version, candidates (with
m= port, c= and a=rtcp), ice (ufrag/pwd), fingerprint (and tls-id), ssrc (numbers and
cname), msid (stream/track ids), volatile (all of these).
--munge = --ignore origin-version,candidates: what may differ between createOffer's output
and what the app passed to setLocalDescription without the app editing it.
Exit status: 0 no difference, 1 differences, 2 trouble (like diff(1)).")]
    Diff(DiffArgs),
    /// Check a description (or an offer/answer pair) against the SDP, ICE and WebRTC/JSEP rules:
    /// every finding with its rule, line:column, the offending line and a fix.
    #[command(after_help = "\
Examples:
  rtcinspect validate offer.sdp                   findings, compiler style, and a tally
  rtcinspect validate offer.sdp --answer answer.sdp   both, the pair, and what was negotiated
  rtcinspect validate offer.sdp --answer a2.sdp --previous offer1.sdp   ICE restart checks
  rtcinspect validate --deny stray-whitespace --allow I019 offer.sdp   change rule levels
  rtcinspect validate --strict offer.sdp          warnings fail too (exit status 1)
  pbpaste | rtcinspect validate -                 from stdin (raw SDP, JSON {type,sdp}, SIP, ...)
  rtcinspect validate --select type=offer dump.json   one description of a webrtc-internals dump
  rtcinspect validate --json offer.sdp | jq '.findings[] | select(.severity == \"error\")'
JSON: {inputs:[{origin,kind,source,role,sdp_type}], findings:[{code,name,severity,message,input,
line,column,start,end,secondary:[{input,line,column,start,end,message}],help,reference}],
negotiation (with --answer), counts:{error,warning,note}} (README.md, \"validate --json\").
Exit status: 0 no error-level finding, 1 error-level findings, 2 usage or I/O error.
Rule names and codes: rtcinspect explain --list.")]
    Validate(ValidateArgs),
    /// Explain a rule: what it checks, why it breaks calls, an example, the RFC.
    #[command(after_help = "\
Examples:
  rtcinspect explain S006                 by code
  rtcinspect explain stray-whitespace     by name
  rtcinspect explain --list               every rule: code, name, default severity, summary
  rtcinspect explain --list --json        the same as JSON")]
    Explain(ExplainArgs),
}

/// Preparation of long-term passwords.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum PrepChoice {
    /// OpaqueString (RFC 8265), as RFC 8489 asks.
    OpaqueString,
    /// SASLprep (RFC 4013), as RFC 5389 asked.
    Saslprep,
    /// The password as given.
    None,
}

/// When to colour the output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// When stdout is a terminal and NO_COLOR is not set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

#[derive(clap::Args, Debug)]
struct SdpArgs {
    /// The input: a file, or `-` for stdin. Raw SDP, JSON RTCSessionDescriptionInit, a
    /// chrome://webrtc-internals dump, or a SIP message with an SDP body.
    input: PathBuf,
    /// Print the whole model as JSON (schema in README.md).
    #[arg(long, conflicts_with_all = ["lines", "emit"])]
    json: bool,
    /// List every line with where it is and how it was parsed.
    #[arg(long, conflicts_with = "emit")]
    lines: bool,
    /// Write the description back out through the writer (byte-identical to the input).
    #[arg(long)]
    emit: bool,
    /// With --emit: write the canonical form (CRLF, RFC 8866 line order, single spaces).
    #[arg(long, requires = "emit")]
    canonical: bool,
    /// Report structure findings (order, missing lines, whitespace) as errors.
    #[arg(long)]
    strict: bool,
    /// List the descriptions the input holds (e.g. in a webrtc-internals dump) and exit.
    #[arg(long, conflicts_with_all = ["json", "lines", "emit"])]
    list: bool,
    /// Which description to take from an input that holds several: an index from --list, or
    /// filters `pc=ID,event=NAME,type=offer|answer`.
    #[arg(long, value_name = "SELECTOR")]
    select: Option<String>,
    /// Colour: auto (terminal and no NO_COLOR), always, never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
}

#[derive(clap::Args, Debug)]
struct CandidateArgs {
    /// Candidate strings, files (candidate lists, JSON, or SDP), or `-` for stdin.
    inputs: Vec<String>,
    /// Predict the check lists of an offer/answer pair (RFC 8445 §6.1.2) instead. A
    /// webrtc-internals dump may be given as both: its offer, its answer, and the candidates
    /// it logged.
    #[arg(long, num_args = 2, value_names = ["OFFER", "ANSWER"], conflicts_with = "inputs")]
    pairs: Option<Vec<PathBuf>>,
    /// With --pairs: the offerer's trickled candidates (trickle ICE sends them apart from the
    /// offer): candidate strings, RTCIceCandidateInit JSON (object, array, one per line), or a
    /// webrtc-internals dump of either peer; placed by sdpMid, else sdpMLineIndex.
    #[arg(long, value_name = "FILE", requires = "pairs")]
    offer_candidates: Option<PathBuf>,
    /// With --pairs: the answerer's trickled candidates (as --offer-candidates).
    #[arg(long, value_name = "FILE", requires = "pairs")]
    answer_candidates: Option<PathBuf>,
    /// Print JSON.
    #[arg(long)]
    json: bool,
    /// Colour: auto (terminal and no NO_COLOR), always, never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
}

#[derive(clap::Args, Debug)]
struct ValidateArgs {
    /// The description to check (the offer with --answer): a file, or `-` for stdin. Raw SDP,
    /// JSON RTCSessionDescriptionInit, a chrome://webrtc-internals dump, or a SIP message.
    input: PathBuf,
    /// The answer to FILE: check both and the pair (RFC 9429 §5.3, RFC 3264 §6). From an
    /// input holding several descriptions (a webrtc-internals dump may be given as both), FILE
    /// gives its offer and this its answer unless --select says otherwise.
    #[arg(long, value_name = "FILE")]
    answer: Option<PathBuf>,
    /// An earlier offer of the same session (with --answer): ICE restart checks.
    #[arg(long, value_name = "FILE", requires = "answer")]
    previous: Option<PathBuf>,
    /// Report this rule (name or code) as an error. Repeatable. When a rule is named by
    /// several of --deny/--warn/--allow, --deny wins, then --warn.
    #[arg(long, value_name = "NAME")]
    deny: Vec<String>,
    /// Report this rule (name or code) as a warning. Repeatable.
    #[arg(long, value_name = "NAME")]
    warn: Vec<String>,
    /// Do not report this rule (name or code). Repeatable.
    #[arg(long, value_name = "NAME")]
    allow: Vec<String>,
    /// Report every warning as an error.
    #[arg(long)]
    strict: bool,
    /// Print one JSON object (schema in README.md) instead of text.
    #[arg(long)]
    json: bool,
    /// Colour: auto (terminal and no NO_COLOR), always, never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
    /// Which description to take from FILE when it holds several: an index from
    /// `rtcinspect sdp --list`, or filters `pc=ID,event=NAME,type=offer|answer`.
    #[arg(long, value_name = "SELECTOR")]
    select: Option<String>,
}

#[derive(clap::Args, Debug)]
#[command(group(clap::ArgGroup::new("what").required(true).args(["rule", "list"])))]
struct ExplainArgs {
    /// The rule: its code (S006) or name (empty-line), in any case.
    rule: Option<String>,
    /// List every rule instead.
    #[arg(long)]
    list: bool,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args, Debug)]
struct StunArgs {
    /// Hex (one message per line, or a dump), a file (hex or raw bytes), or `-` for stdin.
    #[arg(required = true)]
    inputs: Vec<String>,
    /// Short-term password (ICE: the a=ice-pwd of the agent whose key signed the message).
    #[arg(long, conflicts_with_all = ["username", "password"])]
    pwd: Option<String>,
    /// Long-term username (TURN).
    #[arg(long, requires = "password")]
    username: Option<String>,
    /// Long-term realm (default: the message's REALM).
    #[arg(long, requires = "username")]
    realm: Option<String>,
    /// Long-term password.
    #[arg(long, requires = "username")]
    password: Option<String>,
    /// How the long-term password is prepared: opaque-string (RFC 8489 §9.2.2), saslprep
    /// (RFC 5389 §15.4, the RFC 5769 vectors and many TURN servers), none. Default: try
    /// opaque-string, then saslprep.
    #[arg(long, value_enum, requires = "password")]
    prep: Option<PrepChoice>,
    /// Print JSON.
    #[arg(long)]
    json: bool,
    /// Colour: auto (terminal and no NO_COLOR), always, never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
}

#[derive(clap::Args, Debug)]
struct PcapArgs {
    /// The capture: a pcap or pcapng file, or `-` for stdin.
    input: PathBuf,
    /// The offer and the answer of the call (files or webrtc-internals dumps; offer first
    /// unless the input says its type): checks are verified with their ice-pwd, certificates
    /// with their a=fingerprint, media mapped to their m-lines.
    #[arg(long, value_name = "FILE", num_args = 1)]
    sdp: Vec<PathBuf>,
    /// The offerer's trickled candidates (trickle ICE keeps them out of the offer): candidate
    /// strings, RTCIceCandidateInit JSON (object, array, one per line), or a webrtc-internals
    /// dump. Without them, candidates in the offer or a dump given with --sdp, its addresses
    /// get no candidate type.
    #[arg(long, value_name = "FILE")]
    offer_candidates: Option<PathBuf>,
    /// The answerer's trickled candidates (as --offer-candidates).
    #[arg(long, value_name = "FILE")]
    answer_candidates: Option<PathBuf>,
    /// Add the timeline of STUN transactions and DTLS events (relative times, ms).
    #[arg(long)]
    timeline: bool,
    /// One row per demultiplexed packet: number, time since the first (ms), flow, transport,
    /// kind, payload length (bytes), TURN channel.
    #[arg(long, conflicts_with = "flows")]
    packets: bool,
    /// Per 5-tuple (each direction): packets by kind, bytes, first and last time, instead of
    /// the handshake report.
    #[arg(long)]
    flows: bool,
    /// Print JSON: one document (summary, flows, findings); with --packets, JSON Lines (one
    /// object per packet, then the document).
    #[arg(long)]
    json: bool,
    /// Only packets with this address and/or port on either side: ADDR, ADDR:PORT,
    /// [IPV6]:PORT or :PORT.
    #[arg(long, value_name = "ADDR[:PORT]")]
    filter: Option<rtcinspect::capture::AddrFilter>,
    /// Colour: auto (terminal and no NO_COLOR), always, never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
}

#[derive(clap::Args, Debug)]
struct DiffArgs {
    /// The first description (A): a file, or `-` for stdin; raw SDP, JSON
    /// RTCSessionDescriptionInit, a chrome://webrtc-internals dump, or a SIP message.
    a: PathBuf,
    /// The second description (B), in any of the same forms.
    b: PathBuf,
    /// Which description of A to take when it holds several (see `rtcinspect sdp --list`):
    /// an index, or filters `pc=ID,event=NAME,type=offer|answer`.
    #[arg(long, value_name = "SELECTOR")]
    select_a: Option<String>,
    /// Which description of B to take (as --select-a).
    #[arg(long, value_name = "SELECTOR")]
    select_b: Option<String>,
    /// Leave out a field that differs from run to run: origin, origin-version, candidates,
    /// ice, fingerprint, ssrc, msid, or volatile (all). Repeatable; comma-separated lists too.
    #[arg(long, value_name = "FIELD")]
    ignore: Vec<String>,
    /// Preset for "did the app munge this SDP?" (A: createOffer/createAnswer output, B: what
    /// was passed to setLocalDescription): ignores origin-version and candidates only.
    #[arg(long)]
    munge: bool,
    /// Print JSON (schema in README.md).
    #[arg(long)]
    json: bool,
    /// Colour: auto (terminal and no NO_COLOR), always, never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
}

/// Runs the command line and returns the exit status.
pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_USAGE } else { EXIT_OK };
            let _ = e.print();
            return code;
        }
    };
    match cli.command {
        Command::Sdp(args) => sdp_cmd::run(args),
        Command::Candidate(args) => candidate_cmd::run(args),
        Command::Stun(args) => stun_cmd::run(args),
        Command::Pcap(args) => pcap_cmd::run(args),
        Command::Diff(args) => diff_cmd::run(args),
        Command::Validate(args) => validate_cmd::run(args),
        Command::Explain(args) => explain_cmd::run(args),
    }
}
