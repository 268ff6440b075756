//! Family `S`: SDP syntax, the parser's own findings (RFC 8866 grammar and line structure).

use super::rules;

rules! {
    list SYNTAX;
    NOT_UTF8 = "S001" "not-utf8" Error "RFC 8866 §9"
        "The input is not UTF-8 text (SDP is text; the byte offset of the first bad byte is given).";
    MALFORMED_LINE = "S002" "malformed-line" Error "RFC 8866 §5"
        "A line is not of the form `<type>=<value>` with a one-letter type.";
    UNKNOWN_LINE_TYPE = "S003" "unknown-line-type" Warning "RFC 8866 §5"
        "A line has a type letter that RFC 8866 does not define; it is kept as is.";
    INVALID_LINE_VALUE = "S004" "invalid-line-value" Error "RFC 8866 §5"
        "The value of a v/o/s/i/u/e/p/c/b/t/r/z/k/m line does not match its grammar.";
    INVALID_ATTRIBUTE_VALUE = "S005" "invalid-attribute-value" Error "RFC 8866 §6"
        "The value of a known attribute does not match its grammar; the line is kept raw.";
    EMPTY_LINE = "S006" "empty-line" Warning "RFC 8866 §5"
        "An empty line inside the description (some stacks reject it).";
    LINE_OUT_OF_ORDER = "S007" "line-out-of-order" Warning "RFC 8866 §5"
        "A line appears out of the order RFC 8866 §5 prescribes (v o s i u e p c b t r z k a, then m sections).";
    MISSING_LINE = "S008" "missing-line" Warning "RFC 8866 §5"
        "A required line (v=, o=, s=, t=) is missing.";
    DUPLICATE_LINE = "S009" "duplicate-line" Warning "RFC 8866 §5"
        "A line that may appear once in its section appears again.";
    LIMIT_EXCEEDED = "S010" "limit-exceeded" Error "rtcinspect limits"
        "The input exceeds a configured parser limit (line length, line count, tokens); the rest is kept raw.";
    WHITESPACE = "S011" "stray-whitespace" Warning "RFC 8866 §5"
        "Whitespace around `=` or at the end of a line, which strict parsers reject.";
    BARE_CR = "S012" "bare-cr-line-end" Warning "RFC 8866 §5"
        "A line ends with CR alone; SDP lines end with CRLF (LF is tolerated).";
    NUL_BYTE = "S013" "nul-byte" Error "RFC 8866 §5"
        "A NUL byte in the text; SDP text never contains one.";
    LEGACY_CANDIDATE = "S014" "legacy-candidate-syntax" Warning "RFC 8839 §5.1"
        "An ICE candidate uses a form RFC 5245 allowed but RFC 8839 does not.";
}
