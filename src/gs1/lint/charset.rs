//! Ported from gs1/gs1-syntax-dictionary src/lint_{cset82,cset39,cset64,csetnumeric,hasnondigit,hyphen,importeridx,pcenc}.c (Apache-2.0, Copyright GS1 AISBL).
//!
//! Character-set linters: which bytes a component may contain. The sets are GS1's, kept in
//! the same bitfield layout as the C sources so that they can be compared word by word.

use super::{all_digits, fail, LintCode, LintError};

/// A set of bytes in GS1's C bitfield layout: byte `b` is bit `63 - b % 64` of word `b / 64`.
struct ByteSet([u64; 4]);

impl ByteSet {
    #[inline]
    const fn contains(&self, byte: u8) -> bool {
        self.0[(byte / 64) as usize] & (1u64 << 63 >> (byte % 64)) != 0
    }

    /// The position of the first byte of `data` outside the set.
    #[inline]
    fn first_outside(&self, data: &[u8]) -> Option<usize> {
        data.iter().position(|&byte| !self.contains(byte))
    }
}

/// CSET 82: `!"%&'()*+,-./0-9:;<=>?A-Z_a-z` (lint_cset82.c).
const CSET82: ByteSet = ByteSet([0x0000_0000_67ff_ffff, 0x7fff_ffe1_7fff_ffe0, 0, 0]);

/// CSET 64, the file-safe / URI-safe base64 alphabet: `-0-9A-Z_a-z` (lint_cset64.c).
const CSET64: ByteSet = ByteSet([0x0000_0000_0004_ffc0, 0x7fff_ffe1_7fff_ffe0, 0, 0]);

/// Importer index characters: `-0-9A-Z_a-z` (lint_importeridx.c).
const IMPORTER_IDX: ByteSet = ByteSet([0x0000_0000_0004_ffc0, 0x7fff_ffe1_7fff_ffe0, 0, 0]);

/// CSET 39, as the string lint_cset39.c spans with `strspn`.
const CSET39_CHARS: &[u8] = b"#-/0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

const CSET39: [bool; 256] = {
    let mut table = [false; 256];
    let mut i = 0;
    while i < CSET39_CHARS.len() {
        table[CSET39_CHARS[i] as usize] = true;
        i += 1;
    }
    table
};

/// Whether one byte is in CSET 82.
pub fn in_cset82(byte: u8) -> bool {
    CSET82.contains(byte)
}

/// `cset82`: every byte is in CSET 82 (the `X` component type).
pub fn cset82(data: &[u8]) -> Result<(), LintError> {
    match CSET82.first_outside(data) {
        Some(pos) => fail(LintCode::InvalidCset82Character, pos, 1),
        None => Ok(()),
    }
}

/// `cset39`: every byte is in CSET 39 (the `Y` component type).
pub fn cset39(data: &[u8]) -> Result<(), LintError> {
    match data.iter().position(|&byte| !CSET39[byte as usize]) {
        Some(pos) => fail(LintCode::InvalidCset39Character, pos, 1),
        None => Ok(()),
    }
}

/// `cset64`: CSET 64 characters, optionally followed by at most two `=` pad characters that
/// bring the whole length to a multiple of three (the `Z` component type).
pub fn cset64(data: &[u8]) -> Result<(), LintError> {
    let full_len = data.len();
    let pads = data.iter().rev().take_while(|&&byte| byte == b'=').count();
    let len = full_len - pads;
    if pads > 2 || (pads > 0 && full_len % 3 != 0) {
        return fail(LintCode::InvalidCset64Padding, len, pads);
    }
    match CSET64.first_outside(&data[..len]) {
        Some(pos) => fail(LintCode::InvalidCset64Character, pos, 1),
        None => Ok(()),
    }
}

/// `csetnumeric`: every byte is a digit (the `N` component type).
pub fn csetnumeric(data: &[u8]) -> Result<(), LintError> {
    all_digits(data)
}

/// `hasnondigit`: at least one byte is not a digit.
pub fn hasnondigit(data: &[u8]) -> Result<(), LintError> {
    if data.iter().all(u8::is_ascii_digit) {
        return fail(LintCode::RequiresNonDigitCharacter, 0, data.len());
    }
    Ok(())
}

/// `hyphen`: one or more hyphens and nothing else.
pub fn hyphen(data: &[u8]) -> Result<(), LintError> {
    if data.is_empty() || data.iter().any(|&byte| byte != b'-') {
        return fail(LintCode::NotHyphen, 0, data.len());
    }
    Ok(())
}

/// `importeridx`: a single importer index character.
pub fn importeridx(data: &[u8]) -> Result<(), LintError> {
    match data {
        [byte] if IMPORTER_IDX.contains(*byte) => Ok(()),
        [_] => fail(LintCode::InvalidImportIdxCharacter, 0, 1),
        _ => fail(LintCode::ImporterIdxMustBeOneCharacter, 0, data.len()),
    }
}

/// `pcenc`: every `%` starts a `%hh` percent-encoded byte.
pub fn pcenc(data: &[u8]) -> Result<(), LintError> {
    let mut from = 0;
    while let Some(offset) = data[from..].iter().position(|&byte| byte == b'%') {
        let at = from + offset;
        let rest = data.len() - at;
        if rest < 3 {
            return fail(LintCode::InvalidPercentSequence, at, rest);
        }
        if !(data[at + 1].is_ascii_hexdigit() && data[at + 2].is_ascii_hexdigit()) {
            return fail(LintCode::InvalidPercentSequence, at, 3);
        }
        from = at + 3;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::check;
    use super::*;

    #[test]
    fn cset82_cases() {
        check(cset82, "", "ok");
        check(cset82, "!\"%&'()*+,-./0123456789:;<=>?AZ_az", "ok");
        check(cset82, "AB C", "GS1_LINTER_INVALID_CSET82_CHARACTER AB* *C");
        check(cset82, "#", "GS1_LINTER_INVALID_CSET82_CHARACTER *#*");
        check(
            cset82,
            "A\u{1d}",
            "GS1_LINTER_INVALID_CSET82_CHARACTER A*\u{1d}*",
        );
    }

    #[test]
    fn cset39_cases() {
        check(cset39, "#-/0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", "ok");
        check(cset39, "AB_C", "GS1_LINTER_INVALID_CSET39_CHARACTER AB*_*C");
        check(cset39, "abc", "GS1_LINTER_INVALID_CSET39_CHARACTER *a*bc");
    }

    #[test]
    fn cset64_cases() {
        check(cset64, "0123456789-_AZaz", "ok");
        check(cset64, "12=", "ok");
        check(cset64, "1==", "ok");
        check(cset64, "===", "GS1_LINTER_INVALID_CSET64_PADDING *===*");
        check(cset64, "1234=", "GS1_LINTER_INVALID_CSET64_PADDING 1234*=*");
        check(cset64, "A=B", "GS1_LINTER_INVALID_CSET64_CHARACTER A*=*B");
        check(cset64, "a+b", "GS1_LINTER_INVALID_CSET64_CHARACTER a*+*b");
    }

    #[test]
    fn numeric_and_digit_cases() {
        check(csetnumeric, "", "ok");
        check(csetnumeric, "0a", "GS1_LINTER_NON_DIGIT_CHARACTER 0*a*");
        check(hasnondigit, "12A", "ok");
        check(
            hasnondigit,
            "123",
            "GS1_LINTER_REQUIRES_NON_DIGIT_CHARACTER *123*",
        );
        check(
            hasnondigit,
            "",
            "GS1_LINTER_REQUIRES_NON_DIGIT_CHARACTER **",
        );
    }

    #[test]
    fn hyphen_and_importeridx_cases() {
        check(hyphen, "--", "ok");
        check(hyphen, "", "GS1_LINTER_NOT_HYPHEN **");
        check(hyphen, "-X", "GS1_LINTER_NOT_HYPHEN *-X*");
        check(importeridx, "_", "ok");
        check(
            importeridx,
            "",
            "GS1_LINTER_IMPORTER_IDX_MUST_BE_ONE_CHARACTER **",
        );
        check(
            importeridx,
            "AA",
            "GS1_LINTER_IMPORTER_IDX_MUST_BE_ONE_CHARACTER *AA*",
        );
        check(
            importeridx,
            ".",
            "GS1_LINTER_INVALID_IMPORT_IDX_CHARACTER *.*",
        );
    }

    #[test]
    fn pcenc_cases() {
        check(pcenc, "ABC%20XYZ%ff", "ok");
        check(
            pcenc,
            "ABC%gXYZ",
            "GS1_LINTER_INVALID_PERCENT_SEQUENCE ABC*%gX*YZ",
        );
        check(
            pcenc,
            "ABC%g",
            "GS1_LINTER_INVALID_PERCENT_SEQUENCE ABC*%g*",
        );
        check(pcenc, "%", "GS1_LINTER_INVALID_PERCENT_SEQUENCE *%*");
    }
}
