//! Framing: turns the bytes a scanner sends into complete scans, shared by every source.
//!
//! The [`Framer`] is pure. It is fed bytes together with a monotonic timestamp (a
//! [`Duration`] since any origin the caller likes) and appends [`Framed`] items to an output
//! vector; it never reads a clock, so timeouts and debounce are tested with made-up times.
//! Sources call [`Framer::poll`] when [`Framer::deadline`] passes so that quiet lines are
//! noticed.
//!
//! Rules, in the order they apply to one scan:
//! 1. A terminator byte ends a scan; a burst holding two terminators is two scans. Empty scans
//!    (e.g. the LF of a CR LF when both end scans) are ignored silently.
//! 2. With `terminator = "none"` a scan ends after `idle_timeout` of silence. Otherwise, input
//!    that stops for longer than `inter_char_timeout` without a terminator is a *fragment*:
//!    dropped and reported, never taken as a scan.
//! 3. More than `max_len` bytes before the terminator: the whole scan is dropped (`too_long`);
//!    the buffer never grows past `max_len`.
//! 4. Control bytes other than GS, RS, FS and EOT are removed and reported as noise, with a
//!    hint when they are a CR or LF that the terminator setting does not expect.
//! 5. The configured prefix, then a leading AIM symbology id (`]` + letter + character),
//!    then the configured suffix are split off; the GS stand-in text becomes 0x1D.
//! 6. The payload must be UTF-8 (or is converted from Latin-1 when so configured).
//! 7. The same code (symbology + payload) again within `debounce` of the last time it was
//!    *accepted* is dropped and counted. The window is fixed, not sliding: a code repeated
//!    every 100 ms with `debounce_ms = 500` gets through every 500 ms, never suppressed for good.
//!
//! A scan that lost a character on the way is still delivered, but *damaged*: its
//! [`Framed::Scan::problems`] say what was lost and which setting to change, and the station
//! rejects it (`malformed`) instead of judging data it knows to be wrong. The framer itself
//! marks a scan damaged when a GS byte is removed as noise (`"byte"` not in `gs_forms`);
//! sources mark it with [`Framer::mark_damaged`] (the HID decoder for a GS typed in a form
//! that is not enabled, or a key the layout has no character for). Other control bytes (NUL,
//! XON/XOFF, a stray LF) are line noise, not data: removed and reported, the scan is not
//! damaged.

use std::time::Duration;

use serde::Deserialize;

use super::config::Terminator;
use super::escape::{control_name, escape_bytes};
use super::DropReason;

const CR: u8 = 0x0D;
const LF: u8 = 0x0A;
const TAB: u8 = 0x09;
const EOT: u8 = 0x04;
/// Group separator: the FNC1 separator of GS1 element strings (GS1 General Specifications 7.8.5).
pub const GS: u8 = 0x1D;
/// Record separator and file separator: ISO/IEC 15434 envelopes use them inside the data.
const RS: u8 = 0x1E;
const FS: u8 = 0x1C;

/// How many distinct recent codes the debounce remembers.
const DEBOUNCE_MEMORY: usize = 32;
/// How many damage messages one scan keeps (the rest are counted in the last one).
const MAX_PROBLEMS: usize = 8;

/// The character encoding of the scanner's bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Encoding {
    #[default]
    Utf8,
    Latin1,
}

/// The framing rules of one device (see `ScannerConfig::framing_options`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FramingOptions {
    pub terminators: Vec<Terminator>,
    /// Ends a scan after this much silence (only with `Terminator::None`).
    pub idle_timeout: Option<Duration>,
    /// Drops a partial scan as a fragment after this much silence.
    pub inter_char_timeout: Option<Duration>,
    pub max_len: usize,
    pub strip_prefix: Vec<u8>,
    pub strip_suffix: Vec<u8>,
    /// Split off a leading AIM symbology identifier.
    pub aim: bool,
    /// Accept the byte 0x1D as GS (otherwise it is control noise).
    pub gs_byte: bool,
    /// Stand-in texts replaced by 0x1D (stdin: `\x1d` and `\x1D`).
    pub gs_substitutes: Vec<Vec<u8>>,
    /// Zero turns debouncing off.
    pub debounce: Duration,
    pub encoding: Encoding,
}

impl Default for FramingOptions {
    fn default() -> FramingOptions {
        FramingOptions {
            terminators: vec![Terminator::Crlf],
            idle_timeout: None,
            inter_char_timeout: Some(Duration::from_millis(300)),
            max_len: 1024,
            strip_prefix: Vec::new(),
            strip_suffix: Vec::new(),
            aim: true,
            gs_byte: true,
            gs_substitutes: Vec::new(),
            debounce: Duration::from_millis(500),
            encoding: Encoding::Utf8,
        }
    }
}

/// What the framer produces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Framed {
    Scan {
        symbology: Option<String>,
        /// The payload: without AIM id, prefix, suffix, terminator and noise; GS as 0x1D.
        bytes: Vec<u8>,
        /// The bytes as received, before anything was stripped or replaced (terminator
        /// excluded), for `listen`.
        raw: Vec<u8>,
        /// Empty for a good scan. Otherwise the scan lost characters on the way: each entry
        /// says which and what setting to change. A damaged scan must not be accepted.
        problems: Vec<String>,
    },
    Dropped {
        reason: DropReason,
        detail: String,
    },
}

/// Counters for the status page and `listen`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FramerCounts {
    pub scans: u64,
    pub too_long: u64,
    pub fragment: u64,
    pub debounced: u64,
    pub noise: u64,
    pub invalid_utf8: u64,
    pub empty: u64,
}

/// The framing state of one device.
#[derive(Debug, Clone)]
pub struct Framer {
    options: FramingOptions,
    ends_on: [bool; 256],
    buffer: Vec<u8>,
    /// Bytes received beyond `max_len` for the current scan.
    overflow: usize,
    last_byte_at: Option<Duration>,
    /// What the scan in progress lost (see [`Framer::mark_damaged`]).
    damage: Vec<String>,
    /// Recently accepted codes and when they were accepted.
    recent: Vec<(Vec<u8>, Duration)>,
    counts: FramerCounts,
}

impl Framer {
    pub fn new(options: FramingOptions) -> Framer {
        let mut ends_on = [false; 256];
        for terminator in &options.terminators {
            match terminator {
                Terminator::Cr => ends_on[usize::from(CR)] = true,
                Terminator::Lf => ends_on[usize::from(LF)] = true,
                Terminator::Crlf => {
                    ends_on[usize::from(CR)] = true;
                    ends_on[usize::from(LF)] = true;
                }
                Terminator::Tab => ends_on[usize::from(TAB)] = true,
                Terminator::Eot => ends_on[usize::from(EOT)] = true,
                Terminator::None => {}
            }
        }
        let capacity = options.max_len.min(4096);
        Framer {
            options,
            ends_on,
            buffer: Vec::with_capacity(capacity),
            overflow: 0,
            last_byte_at: None,
            damage: Vec::new(),
            recent: Vec::new(),
            counts: FramerCounts::default(),
        }
    }

    pub fn options(&self) -> &FramingOptions {
        &self.options
    }

    pub fn counts(&self) -> FramerCounts {
        self.counts
    }

    /// True while part of a scan is buffered (or the scan in progress is already damaged).
    pub fn is_pending(&self) -> bool {
        !self.buffer.is_empty() || self.overflow > 0 || !self.damage.is_empty()
    }

    /// Marks the scan in progress as damaged: a character was lost before it reached the
    /// framer (`problem` says which, and what to change). The mark belongs to the scan that
    /// is being typed at `now`: it ends with that scan, and is forgotten if no scan follows
    /// within the inter-character timeout.
    pub fn mark_damaged(&mut self, problem: String, now: Duration) {
        if !self.damage.contains(&problem) {
            if self.damage.len() < MAX_PROBLEMS {
                self.damage.push(problem);
            } else if let Some(last) = self.damage.last_mut() {
                if !last.ends_with(" (and more)") {
                    last.push_str(" (and more)");
                }
            }
        }
        self.last_byte_at = Some(now);
    }

    /// Feeds bytes received at `now`.
    pub fn push(&mut self, data: &[u8], now: Duration, out: &mut Vec<Framed>) {
        self.poll(now, out);
        for &byte in data {
            self.push_byte(byte, now, out);
        }
    }

    /// Feeds one byte received at `now` (the timeout check is the caller's, via `push`/`poll`).
    #[inline]
    pub fn push_byte(&mut self, byte: u8, now: Duration, out: &mut Vec<Framed>) {
        if self.ends_on[usize::from(byte)] {
            self.finish(now, out);
            return;
        }
        if self.buffer.len() < self.options.max_len {
            self.buffer.push(byte);
        } else {
            self.overflow = self.overflow.saturating_add(1);
        }
        self.last_byte_at = Some(now);
    }

    /// Ends the current scan explicitly (a line of stdin, an image).
    pub fn end(&mut self, now: Duration, out: &mut Vec<Framed>) {
        self.finish(now, out);
    }

    /// The time at which [`Framer::poll`] has something to do, if any.
    pub fn deadline(&self) -> Option<Duration> {
        if !self.is_pending() {
            return None;
        }
        let timeout = self
            .options
            .idle_timeout
            .or(self.options.inter_char_timeout)?;
        self.last_byte_at.map(|last| last.saturating_add(timeout))
    }

    /// Applies the idle / inter-character timeouts at `now`.
    pub fn poll(&mut self, now: Duration, out: &mut Vec<Framed>) {
        let Some(deadline) = self.deadline() else {
            return;
        };
        if now < deadline {
            return;
        }
        if self.options.idle_timeout.is_some() {
            self.finish(now, out);
        } else {
            self.fragment(now, out);
        }
    }

    /// The source is going away (unplug, end of input): a pending scan is reported, never lost.
    /// With `terminator = "none"` it is a complete scan; otherwise it is a fragment.
    pub fn flush(&mut self, now: Duration, out: &mut Vec<Framed>) {
        if !self.is_pending() {
            return;
        }
        if self.options.idle_timeout.is_some() {
            self.finish(now, out);
        } else {
            self.fragment(now, out);
        }
    }

    fn fragment(&mut self, now: Duration, out: &mut Vec<Framed>) {
        let raw = std::mem::take(&mut self.buffer);
        let overflow = std::mem::take(&mut self.overflow);
        // The damage was reported when it happened; with no scan left it has nothing to mark.
        self.damage.clear();
        if raw.is_empty() && overflow == 0 {
            return;
        }
        let quiet = self
            .last_byte_at
            .map(|last| now.saturating_sub(last))
            .unwrap_or_default();
        if overflow == 0 && raw.iter().all(|&byte| !self.is_payload_byte(byte)) {
            self.report_noise(&raw, out);
            return;
        }
        self.counts.fragment += 1;
        out.push(Framed::Dropped {
            reason: DropReason::Fragment,
            detail: format!(
                "{} byte(s) without a terminator, then {} ms of silence: {:?}. A scan is only \
                 taken when it ends with {}; if this scanner sends no terminator, set \
                 terminator = \"none\"",
                raw.len() + overflow,
                quiet.as_millis(),
                escape_bytes(&raw),
                self.terminator_names(),
            ),
        });
    }

    fn finish(&mut self, now: Duration, out: &mut Vec<Framed>) {
        let raw = std::mem::take(&mut self.buffer);
        let overflow = std::mem::take(&mut self.overflow);
        let mut problems = std::mem::take(&mut self.damage);
        if overflow > 0 {
            self.counts.too_long += 1;
            let shown = &raw[..raw.len().min(40)];
            out.push(Framed::Dropped {
                reason: DropReason::TooLong,
                detail: format!(
                    "scan of {} bytes is longer than max_len = {}; it starts {:?}. Raise max_len if \
                     this is a real code, otherwise the terminator may be missing",
                    raw.len() + overflow,
                    self.options.max_len,
                    escape_bytes(shown),
                ),
            });
            return;
        }
        if raw.is_empty() {
            return;
        }
        let mut data = Vec::with_capacity(raw.len());
        let mut noise = Vec::new();
        for &byte in &raw {
            if self.is_payload_byte(byte) {
                data.push(byte);
            } else {
                noise.push(byte);
            }
        }
        if !noise.is_empty() {
            self.report_noise(&noise, out);
        }
        if data.is_empty() {
            return;
        }
        if noise.contains(&GS) {
            let count = noise.iter().filter(|&&byte| byte == GS).count();
            problems.push(format!(
                "{count} GS (0x1D) separator(s) removed because gs_forms does not include                  \"byte\": the element after it runs into the one before; add \"byte\" to \
                 gs_forms"
            ));
        }
        let mut start = 0;
        let mut end = data.len();
        if !self.options.strip_prefix.is_empty() && data.starts_with(&self.options.strip_prefix) {
            start = self.options.strip_prefix.len();
        }
        let mut symbology = None;
        if self.options.aim {
            if let Some(aim) = data.get(start..start + 3) {
                if aim[0] == b']' && aim[1].is_ascii_alphabetic() && aim[2].is_ascii_alphanumeric()
                {
                    symbology = Some(String::from_utf8_lossy(aim).into_owned());
                    start += 3;
                }
            }
        }
        let suffix = &self.options.strip_suffix;
        if !suffix.is_empty() && end >= start + suffix.len() && data[start..end].ends_with(suffix) {
            end -= suffix.len();
        }
        let mut payload = data[start..end].to_vec();
        for stand_in in &self.options.gs_substitutes {
            payload = replace_all(&payload, stand_in, GS);
        }
        match self.options.encoding {
            Encoding::Utf8 => {
                if let Err(error) = std::str::from_utf8(&payload) {
                    self.counts.invalid_utf8 += 1;
                    out.push(Framed::Dropped {
                        reason: DropReason::InvalidUtf8,
                        detail: format!(
                            "scan is not valid UTF-8 at byte {}: {:?}. Check the baud rate, or set \
                             encoding = \"latin1\" if the scanner sends Latin-1",
                            error.valid_up_to(),
                            escape_bytes(&payload),
                        ),
                    });
                    return;
                }
            }
            Encoding::Latin1 => {
                if !payload.is_ascii() {
                    payload = payload
                        .iter()
                        .map(|&byte| char::from(byte))
                        .collect::<String>()
                        .into_bytes();
                }
            }
        }
        if payload.is_empty() {
            self.counts.empty += 1;
            out.push(Framed::Dropped {
                reason: DropReason::Empty,
                detail: format!(
                    "nothing left after the AIM id, prefix and suffix: {:?}",
                    escape_bytes(&raw)
                ),
            });
            return;
        }
        if payload.len() > self.options.max_len {
            self.counts.too_long += 1;
            out.push(Framed::Dropped {
                reason: DropReason::TooLong,
                detail: format!(
                    "scan of {} bytes after Latin-1 conversion is longer than max_len = {}",
                    payload.len(),
                    self.options.max_len
                ),
            });
            return;
        }
        if self.is_bounce(symbology.as_deref(), &payload, now, out) {
            return;
        }
        self.counts.scans += 1;
        out.push(Framed::Scan {
            symbology,
            bytes: payload,
            raw,
            problems,
        });
    }

    fn is_bounce(
        &mut self,
        symbology: Option<&str>,
        payload: &[u8],
        now: Duration,
        out: &mut Vec<Framed>,
    ) -> bool {
        let window = self.options.debounce;
        if window.is_zero() {
            return false;
        }
        let mut key = Vec::with_capacity(payload.len() + 4);
        key.extend_from_slice(symbology.unwrap_or("").as_bytes());
        key.push(0);
        key.extend_from_slice(payload);
        self.recent
            .retain(|(_, seen)| now.saturating_sub(*seen) < window);
        // The window runs from the last *accepted* scan of this code (a drop does not extend
        // it), so a code repeated faster than the window still gets through once per window.
        if let Some(entry) = self.recent.iter().find(|(code, _)| *code == key) {
            let since = now.saturating_sub(entry.1);
            self.counts.debounced += 1;
            out.push(Framed::Dropped {
                reason: DropReason::Debounced,
                detail: format!(
                    "same code again {} ms after it was accepted (debounce_ms = {}): {:?}",
                    since.as_millis(),
                    window.as_millis(),
                    escape_bytes(payload)
                ),
            });
            return true;
        }
        if self.recent.len() >= DEBOUNCE_MEMORY {
            self.recent.remove(0);
        }
        self.recent.push((key, now));
        false
    }

    fn is_payload_byte(&self, byte: u8) -> bool {
        match byte {
            0x20..=0x7E | 0x80..=0xFF => true,
            GS => self.options.gs_byte,
            RS | FS | EOT => true,
            _ => false,
        }
    }

    fn report_noise(&mut self, noise: &[u8], out: &mut Vec<Framed>) {
        self.counts.noise += 1;
        let mut names: Vec<String> = Vec::new();
        for &byte in noise {
            let name = control_name(byte);
            if !names.contains(&name) {
                names.push(name);
            }
        }
        let mut detail = format!(
            "removed {} control byte(s): {}",
            noise.len(),
            names.join(", ")
        );
        if noise.contains(&LF) && self.ends_on[usize::from(CR)] {
            detail.push_str(". The scanner ends scans with CR LF: set terminator = \"crlf\"");
        } else if noise.contains(&LF) || noise.contains(&CR) {
            detail.push_str(
                ". The scanner sends CR/LF: set terminator = \"crlf\" (or \"cr\"/\"lf\")",
            );
        } else if noise.contains(&GS) {
            detail.push_str(". GS arrives as a byte: add \"byte\" to gs_forms");
        } else if noise.contains(&TAB) {
            detail.push_str(". The scanner sends TAB: add \"tab\" to terminator if it ends scans");
        }
        out.push(Framed::Dropped {
            reason: DropReason::Noise,
            detail,
        });
    }

    fn terminator_names(&self) -> String {
        let names: Vec<&str> = [(CR, "CR"), (LF, "LF"), (TAB, "TAB"), (EOT, "EOT")]
            .iter()
            .filter(|(byte, _)| self.ends_on[usize::from(*byte)])
            .map(|(_, name)| *name)
            .collect();
        if names.is_empty() {
            "a terminator".to_owned()
        } else {
            names.join(" or ")
        }
    }
}

/// Replaces every occurrence of `needle` in `haystack` by `byte`.
fn replace_all(haystack: &[u8], needle: &[u8], byte: u8) -> Vec<u8> {
    if needle.is_empty() {
        return haystack.to_vec();
    }
    let mut out = Vec::with_capacity(haystack.len());
    let mut index = 0;
    while index < haystack.len() {
        if haystack[index..].starts_with(needle) {
            out.push(byte);
            index += needle.len();
        } else {
            out.push(haystack[index]);
            index += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(value: u64) -> Duration {
        Duration::from_millis(value)
    }

    /// Feeds `(time_ms, bytes)` steps, then polls at `end_ms`, and renders the output as text:
    /// `scan ]C1 01..\x1d..` or `drop fragment`.
    fn run(options: FramingOptions, steps: &[(u64, &[u8])], end_ms: u64) -> Vec<String> {
        let mut framer = Framer::new(options);
        let mut out = Vec::new();
        for (at, bytes) in steps {
            framer.push(bytes, ms(*at), &mut out);
        }
        framer.poll(ms(end_ms), &mut out);
        out.into_iter()
            .map(|item| match item {
                Framed::Scan {
                    symbology,
                    bytes,
                    problems,
                    ..
                } => {
                    format!(
                        "{} {} {}",
                        if problems.is_empty() {
                            "scan"
                        } else {
                            "damaged"
                        },
                        symbology.unwrap_or_else(|| "-".into()),
                        escape_bytes(&bytes)
                    )
                }
                Framed::Dropped { reason, .. } => format!("drop {}", reason.as_str()),
            })
            .collect()
    }

    fn check(options: FramingOptions, steps: &[(u64, &[u8])], end_ms: u64, expected: &[&str]) {
        assert_eq!(run(options, steps, end_ms), expected, "steps {steps:?}");
    }

    fn with_terminator(terminator: Terminator) -> FramingOptions {
        FramingOptions {
            terminators: vec![terminator],
            ..FramingOptions::default()
        }
    }

    #[test]
    fn terminators() {
        let d = FramingOptions::default;
        check(d(), &[(0, b"ABC\r")], 0, &["scan - ABC"]);
        check(d(), &[(0, b"ABC\r\n")], 0, &["scan - ABC"]);
        check(d(), &[(0, b"ABC\n")], 0, &["scan - ABC"]);
        check(
            with_terminator(Terminator::Cr),
            &[(0, b"ABC\r")],
            0,
            &["scan - ABC"],
        );
        check(
            with_terminator(Terminator::Lf),
            &[(0, b"ABC\n")],
            0,
            &["scan - ABC"],
        );
        check(
            with_terminator(Terminator::Tab),
            &[(0, b"ABC\t")],
            0,
            &["scan - ABC"],
        );
        check(
            with_terminator(Terminator::Eot),
            &[(0, b"ABC\x04")],
            0,
            &["scan - ABC"],
        );
        // CR LF when only CR ends a scan: the LF is reported with the stray bytes of the next.
        check(
            with_terminator(Terminator::Cr),
            &[(0, b"ABC\r\nDEF\r")],
            0,
            &["scan - ABC", "drop noise", "scan - DEF"],
        );
    }

    #[test]
    fn burst_with_two_terminators_is_two_scans() {
        check(
            FramingOptions::default(),
            &[(0, b"A1\r\nB2\r\n")],
            0,
            &["scan - A1", "scan - B2"],
        );
    }

    #[test]
    fn split_writes_join_into_one_scan() {
        check(
            FramingOptions::default(),
            &[(0, b"]C101095"), (5, b"06000134352"), (9, b"\r")],
            9,
            &["scan ]C1 0109506000134352"],
        );
    }

    #[test]
    fn fragment_after_inter_char_timeout_is_never_a_scan() {
        let options = FramingOptions::default();
        check(options.clone(), &[(0, b"01095")], 299, &[]);
        check(options.clone(), &[(0, b"01095")], 300, &["drop fragment"]);
        // The rest arriving late starts a new scan.
        check(
            options,
            &[(0, b"0109"), (400, b"XYZ\r")],
            400,
            &["drop fragment", "scan - XYZ"],
        );
    }

    #[test]
    fn idle_timeout_ends_scan_without_terminator() {
        let options = FramingOptions {
            terminators: vec![Terminator::None],
            idle_timeout: Some(ms(50)),
            inter_char_timeout: None,
            ..FramingOptions::default()
        };
        check(options.clone(), &[(0, b"ABC"), (20, b"DEF")], 69, &[]);
        check(
            options.clone(),
            &[(0, b"ABC"), (20, b"DEF")],
            70,
            &["scan - ABCDEF"],
        );
        check(
            options,
            &[(0, b"ABC"), (100, b"DEF")],
            200,
            &["scan - ABC", "scan - DEF"],
        );
    }

    #[test]
    fn aim_id_prefix_and_suffix() {
        let options = FramingOptions {
            strip_prefix: b"#".to_vec(),
            strip_suffix: b"!!".to_vec(),
            ..FramingOptions::default()
        };
        check(
            options.clone(),
            &[(0, b"#]d2010950\x1d10AB!!\r")],
            0,
            &["scan ]d2 010950\\x1d10AB"],
        );
        check(options, &[(0, b"plain\r")], 0, &["scan - plain"]);
        let off = FramingOptions {
            aim: false,
            ..FramingOptions::default()
        };
        check(off, &[(0, b"]C1123\r")], 0, &["scan - ]C1123"]);
        check(
            FramingOptions::default(),
            &[(0, b"]C1\r")],
            0,
            &["drop empty"],
        );
    }

    #[test]
    fn gs_substitute_becomes_gs() {
        let options = FramingOptions {
            gs_substitutes: vec![b"<GS>".to_vec()],
            ..FramingOptions::default()
        };
        check(
            options,
            &[(0, b"10AB<GS>21C\r")],
            0,
            &["scan - 10AB\\x1d21C"],
        );
    }

    /// Issue 5 review: `10ABC<GS>21XYZ` must never become lot `ABC21XYZ` silently.
    #[test]
    fn gs_byte_removed_as_noise_damages_the_scan() {
        let options = FramingOptions {
            gs_byte: false,
            ..FramingOptions::default()
        };
        check(
            options.clone(),
            &[(0, b"10AB\x1d21C\r")],
            0,
            &["drop noise", "damaged - 10AB21C"],
        );
        let mut framer = Framer::new(options);
        let mut out = Vec::new();
        framer.push(b"10ABC\x1d21XYZ\r", ms(0), &mut out);
        let problems = match &out[..] {
            [Framed::Dropped { .. }, Framed::Scan { problems, .. }] => problems.clone(),
            other => panic!("{other:?}"),
        };
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].contains("GS (0x1D)") && problems[0].contains("add \"byte\" to gs_forms"),
            "{problems:?}"
        );
        // Other control noise is not data: the scan is not damaged.
        check(
            FramingOptions::default(),
            &[(0, b"\x11AB\x13C\r")],
            0,
            &["drop noise", "scan - ABC"],
        );
    }

    #[test]
    fn marked_damage_belongs_to_the_scan_in_progress() {
        let mut framer = Framer::new(FramingOptions::default());
        let mut out = Vec::new();
        framer.push(b"AB", ms(0), &mut out);
        framer.mark_damaged("a GS typed as Ctrl+] was lost".into(), ms(1));
        framer.push(b"C\r", ms(2), &mut out);
        framer.push(b"NEXT\r", ms(3), &mut out);
        let rendered: Vec<(Vec<u8>, usize)> = out
            .iter()
            .map(|item| match item {
                Framed::Scan {
                    bytes, problems, ..
                } => (bytes.clone(), problems.len()),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(rendered, vec![(b"ABC".to_vec(), 1), (b"NEXT".to_vec(), 0)]);
        // Damage with no scan after it is forgotten once the line is quiet.
        let mut out = Vec::new();
        framer.mark_damaged("lost".into(), ms(100));
        assert!(framer.is_pending());
        framer.poll(ms(401), &mut out);
        assert!(out.is_empty(), "{out:?}");
        assert!(!framer.is_pending());
        framer.push(b"LATER\r", ms(500), &mut out);
        assert!(matches!(&out[..], [Framed::Scan { problems, .. }] if problems.is_empty()));
        // A fragment or an over-long scan takes its damage with it.
        let mut out = Vec::new();
        framer.push(b"PART", ms(1000), &mut out);
        framer.mark_damaged("lost".into(), ms(1000));
        framer.flush(ms(1001), &mut out);
        framer.push(b"OK\r", ms(1002), &mut out);
        assert!(
            matches!(&out[..], [Framed::Dropped { reason: DropReason::Fragment, .. }, Framed::Scan { problems, .. }] if problems.is_empty()),
            "{out:?}"
        );
    }

    #[test]
    fn raw_keeps_what_was_received() {
        let options = FramingOptions {
            strip_prefix: b"#".to_vec(),
            gs_substitutes: vec![b"~".to_vec()],
            ..FramingOptions::default()
        };
        let mut framer = Framer::new(options);
        let mut out = Vec::new();
        framer.push(b"#]d201095\x00~10A\r", ms(0), &mut out);
        match &out[..] {
            [Framed::Dropped { .. }, Framed::Scan {
                symbology,
                bytes,
                raw,
                ..
            }] => {
                assert_eq!(symbology.as_deref(), Some("]d2"));
                assert_eq!(bytes, b"01095\x1d10A");
                assert_eq!(raw, b"#]d201095\x00~10A");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn too_long_is_rejected_and_buffer_is_bounded() {
        let options = FramingOptions {
            max_len: 4,
            ..FramingOptions::default()
        };
        check(options.clone(), &[(0, b"1234\r")], 0, &["scan - 1234"]);
        check(
            options.clone(),
            &[(0, b"12345\r6\r")],
            0,
            &["drop too_long", "scan - 6"],
        );
        let mut framer = Framer::new(options);
        let mut out = Vec::new();
        framer.push(&[b'x'; 10_000], ms(0), &mut out);
        assert!(framer.buffer.len() <= 4);
    }

    #[test]
    fn debounce_drops_repeats_within_window() {
        let options = FramingOptions::default();
        check(
            options.clone(),
            &[
                (0, b"A\r"),
                (100, b"A\r"),
                (200, b"B\r"),
                (300, b"A\r"),
                (900, b"A\r"),
            ],
            900,
            &[
                "scan - A",
                "drop debounced",
                "scan - B",
                "drop debounced",
                "scan - A",
            ],
        );
        // The window is fixed from the last accepted scan: a code repeated every 100 ms is
        // let through every 500 ms, not suppressed for good.
        let every_100_ms: Vec<(u64, &[u8])> =
            (0..=10).map(|step| (step * 100, &b"R\r"[..])).collect();
        let got = run(options.clone(), &every_100_ms, 1000);
        let accepted: Vec<usize> = got
            .iter()
            .enumerate()
            .filter(|(_, line)| line.starts_with("scan"))
            .map(|(index, _)| index)
            .collect();
        assert_eq!(accepted, vec![0, 5, 10], "{got:?}");
        let off = FramingOptions {
            debounce: Duration::ZERO,
            ..options
        };
        check(
            off,
            &[(0, b"A\r"), (1, b"A\r")],
            1,
            &["scan - A", "scan - A"],
        );
    }

    #[test]
    fn debounce_counts() {
        let mut framer = Framer::new(FramingOptions::default());
        let mut out = Vec::new();
        for at in 0..5 {
            framer.push(b"X\r", ms(at * 10), &mut out);
        }
        assert_eq!(framer.counts().scans, 1);
        assert_eq!(framer.counts().debounced, 4);
    }

    #[test]
    fn invalid_utf8_and_latin1() {
        check(
            FramingOptions::default(),
            &[(0, b"ab\xff\r")],
            0,
            &["drop invalid_utf8"],
        );
        let latin1 = FramingOptions {
            encoding: Encoding::Latin1,
            ..FramingOptions::default()
        };
        check(
            latin1,
            &[(0, b"M\xfcller\r")],
            0,
            &["scan - M\\xc3\\xbcller"],
        );
    }

    #[test]
    fn control_noise_is_removed_and_reported() {
        check(
            FramingOptions::default(),
            &[(0, b"\x00\x11AB\x13C\r")],
            0,
            &["drop noise", "scan - ABC"],
        );
        check(
            FramingOptions::default(),
            &[(0, b"\x00\x00\r")],
            0,
            &["drop noise"],
        );
        // Noise alone that goes quiet is noise, not a fragment.
        check(
            with_terminator(Terminator::Cr),
            &[(0, b"A\r\n")],
            1000,
            &["scan - A", "drop noise"],
        );
    }

    #[test]
    fn flush_reports_pending_bytes() {
        let mut framer = Framer::new(FramingOptions::default());
        let mut out = Vec::new();
        framer.push(b"PART", ms(0), &mut out);
        framer.flush(ms(1), &mut out);
        assert!(
            matches!(&out[..], [Framed::Dropped { reason: DropReason::Fragment, detail }] if detail.contains("PART"))
        );
    }
}
