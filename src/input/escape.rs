//! Byte escaping for people and JSON: printable ASCII stays as it is, a backslash becomes
//! `\\`, everything else (GS, CR, non-ASCII bytes) becomes `\xHH`. The escaped form is exact
//! (it round-trips through [`unescape`]) and survives any terminal, log or JSON viewer, which
//! is what someone setting up a scanner needs to see where a byte went wrong.

use std::fmt::Write;

/// `b"01\x1d21"` → `01\x1d21`.
pub fn escape_bytes(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() + 8);
    for &byte in bytes {
        match byte {
            b'\\' => out.push_str("\\\\"),
            0x20..=0x7E => out.push(byte as char),
            _ => {
                let _ = write!(out, "\\x{byte:02x}");
            }
        }
    }
    out
}

/// The inverse of [`escape_bytes`]; also accepts upper-case hex. A backslash that starts no
/// valid escape is kept literally.
pub fn unescape(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'\\' {
            if bytes.get(index + 1) == Some(&b'\\') {
                out.push(b'\\');
                index += 2;
                continue;
            }
            if matches!(bytes.get(index + 1), Some(b'x' | b'X')) {
                let hex = bytes
                    .get(index + 2..index + 4)
                    .and_then(|pair| std::str::from_utf8(pair).ok());
                if let Some(value) = hex.and_then(|pair| u8::from_str_radix(pair, 16).ok()) {
                    out.push(value);
                    index += 4;
                    continue;
                }
            }
        }
        out.push(bytes[index]);
        index += 1;
    }
    out
}

/// A short, human name for a control byte, for messages ("GS (0x1D)").
pub fn control_name(byte: u8) -> String {
    let name = match byte {
        0x00 => "NUL",
        0x04 => "EOT",
        0x07 => "BEL",
        0x08 => "BS",
        0x09 => "TAB",
        0x0A => "LF",
        0x0D => "CR",
        0x11 => "XON",
        0x13 => "XOFF",
        0x1B => "ESC",
        0x1C => "FS",
        0x1D => "GS",
        0x1E => "RS",
        0x7F => "DEL",
        _ => return format!("0x{byte:02X}"),
    };
    format!("{name} (0x{byte:02X})")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_examples() {
        for (input, expected) in [
            (&b"0109506000134352"[..], "0109506000134352"),
            (b"10AB\x1d21X", "10AB\\x1d21X"),
            (b"a\\b", "a\\\\b"),
            (b"\xc3\xa4\r\n", "\\xc3\\xa4\\x0d\\x0a"),
        ] {
            assert_eq!(escape_bytes(input), expected);
            assert_eq!(unescape(expected), input);
        }
    }

    #[test]
    fn unescape_keeps_lone_backslashes() {
        assert_eq!(unescape("a\\q\\x1"), b"a\\q\\x1");
        assert_eq!(unescape("\\X1D"), b"\x1d");
    }
}
