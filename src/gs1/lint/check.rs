//! Ported from gs1/gs1-syntax-dictionary src/lint_{csum,csumalpha,iban,gcppos1,gcppos2}.c (Apache-2.0, Copyright GS1 AISBL).
//!
//! Check characters and key prefixes: the GS1 mod-10 check digit, the alphanumeric check
//! character pair, the IBAN mod-97 checksum, and the GS1 Company Prefix position checks,
//! which can consult a caller-supplied GCP lookup.

use super::{all_digits, codes, fail, LintCode, LintError};

/// `csum`: the last digit is the GS1 mod-10 check digit of the others (GS1 General
/// Specifications, "Check digit calculations": weights 3, 1, 3, ... from the right).
pub fn csum(data: &[u8]) -> Result<(), LintError> {
    let Some((&check_digit, body)) = data.split_last() else {
        return fail(LintCode::TooShortForCheckDigit, 0, 0);
    };
    all_digits(data)?;
    let mut weight = if data.len() % 2 == 0 { 3 } else { 1 };
    let mut sum = 0u32;
    for &digit in body {
        sum = (sum + weight * u32::from(digit - b'0')) % 10;
        weight = 4 - weight;
    }
    let expected = (10 - sum) % 10;
    if u32::from(check_digit - b'0') != expected {
        return fail(LintCode::IncorrectCheckDigit, data.len() - 1, 1);
    }
    Ok(())
}

/// The first 97 primes: the weights of the check character pair calculation, enough for the
/// longest AI value (99 characters including the pair).
const PRIMES: [u32; 97] = [
    2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97,
    101, 103, 107, 109, 113, 127, 131, 137, 139, 149, 151, 157, 163, 167, 173, 179, 181, 191, 193,
    197, 199, 211, 223, 227, 229, 233, 239, 241, 251, 257, 263, 269, 271, 277, 281, 283, 293, 307,
    311, 313, 317, 331, 337, 347, 349, 353, 359, 367, 373, 379, 383, 389, 397, 401, 409, 419, 421,
    431, 433, 439, 443, 449, 457, 461, 463, 467, 479, 487, 491, 499, 503, 509,
];

/// CSET 32, ordered by weight: the alphabet of the check character pair.
const CSET32: &[u8; 32] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

/// CSET 82 in weight order: lint_csumalpha.c gives `'!'` weight 1 up to `'z'` weight 82.
const CSET82_BY_WEIGHT: &[u8; 82] =
    b"!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";

/// CSET 82 weights by byte, 0 for bytes outside CSET 82.
const CSET82_WEIGHTS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut i = 0;
    while i < CSET82_BY_WEIGHT.len() {
        table[CSET82_BY_WEIGHT[i] as usize] = i as u8 + 1;
        i += 1;
    }
    table
};

/// `csumalpha`: the last two characters are the GS1 alphanumeric check character pair of the
/// others (GS1 General Specifications, "Check character calculation (for alphanumeric keys)").
pub fn csumalpha(data: &[u8]) -> Result<(), LintError> {
    let len = data.len();
    if len > PRIMES.len() + 2 {
        return fail(LintCode::TooLongForCheckPairImplementation, 0, len);
    }
    if len < 2 {
        return fail(LintCode::TooShortForCheckPair, 0, len);
    }
    let mut sum = 0u32;
    for (pos, &byte) in data[..len - 2].iter().enumerate() {
        let weight = CSET82_WEIGHTS[byte as usize];
        if weight == 0 {
            return fail(LintCode::InvalidCset82Character, pos, 1);
        }
        sum += u32::from(weight - 1) * PRIMES[len - 3 - pos];
    }
    sum %= 1021;
    let expected = [CSET32[(sum >> 5) as usize], CSET32[(sum & 31) as usize]];
    if data[len - 2..] != expected {
        return fail(LintCode::IncorrectCheckPair, len - 2, 2);
    }
    Ok(())
}

/// The shortest and longest IBANs lint_iban.c accepts (ISO 13616-1 allows at most 34).
const IBAN_MIN_LENGTH: usize = 10;
const IBAN_MAX_LENGTH: usize = 34;

/// IBAN character values plus one (0 = not allowed): '0'-'9' are 0-9, 'A'-'Z' are 10-35.
const IBAN_WEIGHTS: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut i = 0;
    while i < 10 {
        table[b'0' as usize + i] = i as u8 + 1;
        i += 1;
    }
    let mut i = 0;
    while i < 26 {
        table[b'A' as usize + i] = i as u8 + 11;
        i += 1;
    }
    table
};

/// `iban`: an International Bank Account Number with a correct mod-97 checksum (ISO 13616-1).
pub fn iban(data: &[u8]) -> Result<(), LintError> {
    let len = data.len();
    if len < 4 {
        return fail(LintCode::IbanTooShort, 0, len);
    }
    if !codes::is_iso3166alpha2(&data[..2]) {
        return fail(LintCode::IllegalIbanCountryCode, 0, 2);
    }
    if len > IBAN_MAX_LENGTH {
        return fail(LintCode::IbanTooLong, 0, len);
    }
    if len <= IBAN_MIN_LENGTH {
        return fail(LintCode::IbanTooShort, 0, len);
    }
    // The checksum runs over the characters from the fifth one, then the first four, with
    // letters expanded to two digits; a correct IBAN leaves 1 modulo 97.
    let mut checksum = 0u32;
    for pos in (4..len).chain(0..4) {
        let weight = IBAN_WEIGHTS[data[pos] as usize];
        if weight == 0 {
            return fail(LintCode::InvalidIbanCharacter, pos, 1);
        }
        checksum = (checksum * if weight <= 10 { 10 } else { 100 } + u32::from(weight - 1)) % 97;
    }
    if checksum != 1 {
        return fail(LintCode::IncorrectIbanChecksum, 2, 2);
    }
    Ok(())
}

/// What a GS1 Company Prefix lookup service says about the key it was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GcpStatus {
    /// The key starts with an allocated GCP (or the service chose to fail open).
    Valid,
    /// The key does not start with an allocated GCP.
    Invalid,
    /// The service could not be asked and the linter must fail closed.
    Offline,
}

/// The shortest GS1 Company Prefix has four digits (lint_gcppos1.c, `GCP_MIN_LENGTH`).
const GCP_MIN_LENGTH: usize = 4;

/// `gcppos1` with a GCP lookup: the value starts with a GS1 Company Prefix. `gcp_lookup` is
/// called with the whole value once its first four characters are digits.
pub fn gcppos1_with(
    data: &[u8],
    gcp_lookup: &mut dyn FnMut(&[u8]) -> GcpStatus,
) -> Result<(), LintError> {
    if data.len() < GCP_MIN_LENGTH {
        return fail(LintCode::TooShortForGcp, 0, data.len());
    }
    if let Some(pos) = data[..GCP_MIN_LENGTH]
        .iter()
        .position(|byte| !byte.is_ascii_digit())
    {
        return fail(LintCode::InvalidGcpPrefix, pos, 1);
    }
    match gcp_lookup(data) {
        GcpStatus::Valid => Ok(()),
        GcpStatus::Invalid => fail(LintCode::InvalidGcpPrefix, 0, data.len()),
        GcpStatus::Offline => fail(LintCode::GcpDatasourceOffline, 0, data.len()),
    }
}

/// `gcppos2` with a GCP lookup: the value starts with a GS1 Company Prefix from its second
/// character (as in an SSCC or a GRAI after its extension digit).
pub fn gcppos2_with(
    data: &[u8],
    gcp_lookup: &mut dyn FnMut(&[u8]) -> GcpStatus,
) -> Result<(), LintError> {
    if data.len() < 2 {
        return fail(LintCode::TooShortForGcp, 0, data.len());
    }
    gcppos1_with(&data[1..], gcp_lookup).map_err(|error| LintError {
        start: error.start + 1,
        ..error
    })
}

/// Treats every well-formed prefix as allocated, as GS1's C library does without a lookup.
pub(super) fn any_gcp_is_valid(_data: &[u8]) -> GcpStatus {
    GcpStatus::Valid
}

/// `gcppos1`: the value starts with a well-formed GS1 Company Prefix (no allocation lookup).
pub fn gcppos1(data: &[u8]) -> Result<(), LintError> {
    gcppos1_with(data, &mut any_gcp_is_valid)
}

/// `gcppos2`: the value starts with a well-formed GS1 Company Prefix from its second
/// character (no allocation lookup).
pub fn gcppos2(data: &[u8]) -> Result<(), LintError> {
    gcppos2_with(data, &mut any_gcp_is_valid)
}

#[cfg(test)]
mod tests {
    use super::super::check;
    use super::*;

    #[test]
    fn csum_cases() {
        check(csum, "09506000134352", "ok");
        check(
            csum,
            "00614141000000000018",
            "GS1_LINTER_INCORRECT_CHECK_DIGIT 0061414100000000001*8*",
        );
        check(csum, "0", "ok");
        check(csum, "", "GS1_LINTER_TOO_SHORT_FOR_CHECK_DIGIT **");
        check(
            csum,
            "12345678 012345675",
            "GS1_LINTER_NON_DIGIT_CHARACTER 12345678* *012345675",
        );
    }

    #[test]
    fn csumalpha_cases() {
        check(csumalpha, "1987654Ad4X4bL5ttr2310c2K", "ok");
        check(csumalpha, "22", "ok");
        check(csumalpha, "33", "GS1_LINTER_INCORRECT_CHECK_PAIR *33*");
        check(csumalpha, "2", "GS1_LINTER_TOO_SHORT_FOR_CHECK_PAIR *2*");
        check(
            csumalpha,
            "123456789 1234567890123NT",
            "GS1_LINTER_INVALID_CSET82_CHARACTER 123456789* *1234567890123NT",
        );
        // GS1's own cases built from concatenated C literals, which the TSV does not carry.
        let digits = "1234567890".repeat(10);
        check(csumalpha, &format!("{}HA", &digits[..97]), "ok");
        check(csumalpha, &format!("{}UA", "z".repeat(97)), "ok");
        let too_long = format!("{}ZZ", &digits[..98]);
        check(
            csumalpha,
            &too_long,
            &format!("GS1_LINTER_TOO_LONG_FOR_CHECK_PAIR_IMPLEMENTATION *{too_long}*"),
        );
    }

    #[test]
    fn csumalpha_weights_match_gs1_table() {
        assert_eq!(CSET82_WEIGHTS[b'!' as usize], 1);
        assert_eq!(CSET82_WEIGHTS[b'0' as usize], 14);
        assert_eq!(CSET82_WEIGHTS[b'?' as usize], 29);
        assert_eq!(CSET82_WEIGHTS[b'A' as usize], 30);
        assert_eq!(CSET82_WEIGHTS[b'_' as usize], 56);
        assert_eq!(CSET82_WEIGHTS[b'z' as usize], 82);
        assert_eq!(CSET82_WEIGHTS[b'#' as usize], 0);
    }

    #[test]
    fn iban_cases() {
        check(iban, "GB98MIDL07009312345678", "ok");
        check(
            iban,
            "BE71096123456760",
            "GS1_LINTER_INCORRECT_IBAN_CHECKSUM BE*71*096123456760",
        );
        check(iban, "BE71", "GS1_LINTER_IBAN_TOO_SHORT *BE71*");
        check(
            iban,
            "XX361234567890",
            "GS1_LINTER_ILLEGAL_IBAN_COUNTRY_CODE *XX*361234567890",
        );
        check(
            iban,
            "GB98midl07009312345678",
            "GS1_LINTER_INVALID_IBAN_CHARACTER GB98*m*idl07009312345678",
        );
        check(
            iban,
            "gb98MIDL07009312345678",
            "GS1_LINTER_ILLEGAL_IBAN_COUNTRY_CODE *gb*98MIDL07009312345678",
        );
    }

    #[test]
    fn gcppos_cases() {
        check(gcppos1, "0123", "ok");
        check(gcppos1, "012", "GS1_LINTER_TOO_SHORT_FOR_GCP *012*");
        check(
            gcppos1,
            "01A3XYZ",
            "GS1_LINTER_INVALID_GCP_PREFIX 01*A*3XYZ",
        );
        check(gcppos1, "0123ABC", "ok");
        check(gcppos2, "I0123", "ok");
        check(gcppos2, "I", "GS1_LINTER_TOO_SHORT_FOR_GCP *I*");
        check(gcppos2, "I0", "GS1_LINTER_TOO_SHORT_FOR_GCP I*0*");
        check(gcppos2, "IAAAA", "GS1_LINTER_INVALID_GCP_PREFIX I*A*AAA");
    }

    #[test]
    fn gcp_lookup_decides_after_the_digit_checks() {
        let mut calls = Vec::new();
        let mut offline = |key: &[u8]| {
            calls.push(key.to_vec());
            GcpStatus::Offline
        };
        let error = gcppos2_with(b"0950600013435", &mut offline).unwrap_err();
        assert_eq!(
            (error.code, error.start, error.len),
            (LintCode::GcpDatasourceOffline, 1, 12)
        );
        assert_eq!(calls, vec![b"950600013435".to_vec()]);

        let error = gcppos1_with(b"950600013435", &mut |_: &[u8]| GcpStatus::Invalid).unwrap_err();
        assert_eq!(
            (error.code, error.start, error.len),
            (LintCode::InvalidGcpPrefix, 0, 12)
        );

        let mut never = |_: &[u8]| -> GcpStatus { panic!("no lookup for a malformed prefix") };
        assert!(gcppos1_with(b"95A6", &mut never).is_err());
    }
}
