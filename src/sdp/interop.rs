//! Conversion into the webrtc-rs `sdp` crate's `SessionDescription` (filled in below).
