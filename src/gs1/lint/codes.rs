//! Ported from gs1/gs1-syntax-dictionary src/lint_{iso3166,iso3166999,iso3166alpha2,iso4217,iso5218,mediatype,packagetype,winding,yesno}.c (Apache-2.0, Copyright GS1 AISBL).
//!
//! Code-list linters: the value must be one of a fixed list of codes. The ISO 3166, ISO 4217
//! and media type tables are GS1's bitfields copied word for word (bit `63 - v % 64` of word
//! `v / 64` set means code `v` is valid), so that a table update in GS1's sources can be
//! applied here by replacing the words. The package type list is GS1's, in GS1's order.

use super::{fail, LintCode, LintError};

/// ISO 3166-1 numeric ("num-3") country codes 000-999 (lint_iso3166.c).
const ISO3166: [u64; 16] = [
    0x08a8_8889_8888_b888,
    0x8aa8_0a28_8888_8888,
    0x0888_888a_2223_2889,
    0x8818_8a22_21e3_22a2,
    0x2a2a_1800_8888_8888,
    0x888a_8888_8888_8888,
    0x8882_88a2_622a_22a2,
    0x2222_2222_8808_b888,
    0x8888_9708_0822_2222,
    0x2de1_0288_8888_a222,
    0x320a_1b22_2222_a203,
    0xe208_08c8_0888_88a8,
    0x8888_889a_8900_2021,
    0xe080_222a_0008_2102,
    0x0000_0000_0000_0000,
    0x0000_0000_0000_0000,
];

/// ISO 3166-1 alpha-2 country codes, indexed by `(first - 'A') * 26 + (second - 'A')`
/// (lint_iso3166alpha2.c).
const ISO3166_ALPHA2: [u64; 11] = [
    0x1e9a_fb77_f7bd_bb7b,
    0xe4fc_21a8_012b_0070,
    0x003a_900d_f9df_a800,
    0xb160_181e_f002_02c0,
    0x00b8_d42f_8281_f2bf,
    0x3fff_eba4_d210_0080,
    0x023c_f1ca_8000_0002,
    0x008a_8fbf_e75c_ddf9,
    0x5982_0820_eaa1_0200,
    0x4002_0000_0000_0800,
    0x1020_0200_8000_0000,
];

/// ISO 4217 numeric currency codes 000-999 (lint_iso4217.c). The words are those of GS1's
/// table at commit 1ca8f09 brought up to the dictionary release we vendor (commit ff2eb4b),
/// whose own unit tests enumerate all 1,000 codes: 191 (HRK), 694 (SLL), 931 (CUC) and
/// 932 (ZWL) withdrawn, 396 (XAD) and 926 (VED) added (words 2, 6, 10 and 14).
const ISO4217: [u64; 16] = [
    0x0088_0000_8808_b808,
    0x8880_0820_8088_0808,
    0x0880_8088_0022_0008,
    0x8010_8202_0282_2000,
    0x0202_0000_0800_0000,
    0x8888_0888_8888_8080,
    0x088a_88a2_6222_2002,
    0x0222_0000_8800_a080,
    0x8808_0c00_0822_0200,
    0x2022_0288_8000_0020,
    0x1202_0000_0020_2002,
    0xa200_0080_0008_8888,
    0x0088_8800_8100_2020,
    0x2080_0028_0000_2200,
    0x0400_000f_e6ad_bfdf,
    0xfdfd_fce2_2500_0000,
];

/// AIDC media types 00-99, eight codes per byte, most significant bit first
/// (lint_mediatype.c): 01-10 are ICCBBA assignments, 80-99 ICCBBA local or national use.
const MEDIA_TYPES: [u8; 13] = [
    0x7f, 0xe0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xf0,
];

/// The PackageTypeCode code list (UN/ECE Recommendation 21 plus GS1 codes), in the byte
/// order GS1's binary search relies on (lint_packagetype.c).
const PACKAGE_TYPES: &[&str] = &[
    "1A", "1B", "1D", "1F", "1G", "1W", //
    "200", "201", "202", "203", "204", "205", "206", "210", "211", "212", "2C", //
    "3A", "3H", //
    "43", "44", "4A", "4B", "4C", "4D", "4F", "4G", "4H", //
    "5H", "5L", "5M", //
    "6H", "6P", //
    "7A", "7B", //
    "8", "8A", "8B", "8C", //
    "9",  //
    "AA", "AB", "AC", "AD", "AF", "AG", "AH", "AI", "AJ", "AL", "AM", "AP", "APE", "AT",
    "AV", //
    "B4", "BB", "BC", "BD", "BE", "BF", "BG", "BGE", "BH", "BI", "BJ", "BK", "BL", "BM", "BME",
    "BN", "BO", "BP", "BQ", "BR", "BRI", "BS", "BT", "BU", "BV", "BW", "BX", "BY", "BZ", //
    "CA", "CB", "CBL", "CC", "CCE", "CD", "CE", "CF", "CG", "CH", "CI", "CJ", "CK", "CL", "CM",
    "CN", "CO", "CP", "CQ", "CR", "CS", "CT", "CU", "CV", "CW", "CX", "CY", "CZ", //
    "DA", "DB", "DC", "DG", "DH", "DI", "DJ", "DK", "DL", "DM", "DN", "DP", "DPE", "DR", "DS",
    "DT", "DU", "DV", "DW", "DX", "DY", //
    "E1", "E2", "E3", "EC", "ED", "EE", "EF", "EG", "EH", "EI", "EN", //
    "FB", "FC", "FD", "FE", "FI", "FL", "FO", "FOB", "FP", "FPE", "FR", "FT", "FW", "FX", //
    "GB", "GI", "GL", "GR", "GU", "GY", "GZ", //
    "HA", "HB", "HC", "HG", "HN", "HR", //
    "IA", "IB", "IC", "ID", "IE", "IF", "IG", "IH", "IK", "IL", "IN", "IZ", //
    "JB", "JC", "JG", "JR", "JT", "JY", //
    "KG", "KI", //
    "LAB", "LE", "LG", "LT", "LU", "LV", "LZ", //
    "MA", "MB", "MC", "ME", "MPE", "MR", "MS", "MT", "MW", "MX", //
    "NA", "NE", "NF", "NG", "NS", "NT", "NU", "NV", //
    "OA", "OB", "OC", "OD", "OE", "OF", "OK", "OPE", "OT", "OU", //
    "P2", "PA", "PAE", "PB", "PC", "PD", "PE", "PF", "PG", "PH", "PI", "PJ", "PK", "PL", "PLP",
    "PN", "PO", "POP", "PP", "PPE", "PR", "PT", "PU", "PUE", "PV", "PX", "PY", "PZ", //
    "QA", "QB", "QC", "QD", "QF", "QG", "QH", "QJ", "QK", "QL", "QM", "QN", "QP", "QQ", "QR",
    "QS", //
    "RB1", "RB2", "RB3", "RCB", "RD", "RG", "RJ", "RK", "RL", "RO", "RT", "RZ", //
    "S1", "SA", "SB", "SC", "SD", "SE", "SEC", "SH", "SI", "SK", "SL", "SM", "SO", "SP", "SS",
    "ST", "STL", "SU", "SV", "SW", "SX", "SY", "SZ", //
    "T1", "TB", "TC", "TD", "TE", "TEV", "TG", "THE", "TI", "TK", "TL", "TN", "TO", "TR", "TRE",
    "TS", "TT", "TTE", "TU", "TV", "TW", "TWE", "TY", "TZ", //
    "UC", "UN", "UUE", //
    "VA", "VG", "VI", "VK", "VL", "VN", "VO", "VP", "VQ", "VR", "VS", "VY", //
    "WA", "WB", "WC", "WD", "WF", "WG", "WH", "WJ", "WK", "WL", "WM", "WN", "WP", "WQ", "WR",
    "WRP", "WS", "WT", "WU", "WV", "WW", "WX", "WY", "WZ", //
    "X11", "X12", "X15", "X16", "X17", "X18", "X19", "X20", "X3", "XA", "XB", "XC", "XD", "XF",
    "XG", "XH", "XJ", "XK", //
    "YA", "YB", "YC", "YD", "YF", "YG", "YH", "YJ", "YK", "YL", "YM", "YN", "YP", "YQ", "YR", "YS",
    "YT", "YV", "YW", "YX", "YY", "YZ", //
    "ZA", "ZB", "ZC", "ZD", "ZF", "ZG", "ZH", "ZJ", "ZK", "ZL", "ZM", "ZN", "ZP", "ZQ", "ZR", "ZS",
    "ZT", "ZU", "ZV", "ZW", "ZX", "ZY", "ZZ",
];

/// Whether bit `index` of a GS1 64-bit-word bitfield is set.
#[inline]
fn bit64(table: &[u64], index: usize) -> bool {
    table
        .get(index / 64)
        .is_some_and(|word| word & (0x8000_0000_0000_0000 >> (index % 64)) != 0)
}

/// The value of three ASCII digits, or `None` for anything else.
#[inline]
fn three_digits(data: &[u8]) -> Option<usize> {
    match data {
        [a, b, c] if a.is_ascii_digit() && b.is_ascii_digit() && c.is_ascii_digit() => {
            Some(usize::from(a - b'0') * 100 + usize::from(b - b'0') * 10 + usize::from(c - b'0'))
        }
        _ => None,
    }
}

#[inline]
fn is_iso3166(data: &[u8]) -> bool {
    three_digits(data).is_some_and(|code| bit64(&ISO3166, code))
}

/// Whether `data` is exactly an ISO 3166-1 alpha-2 country code (also used by `iban`).
#[inline]
pub(super) fn is_iso3166alpha2(data: &[u8]) -> bool {
    match data {
        [a, b] if a.is_ascii_uppercase() && b.is_ascii_uppercase() => bit64(
            &ISO3166_ALPHA2,
            usize::from(a - b'A') * 26 + usize::from(b - b'A'),
        ),
        _ => false,
    }
}

/// `iso3166`: an ISO 3166-1 numeric country code.
pub fn iso3166(data: &[u8]) -> Result<(), LintError> {
    if is_iso3166(data) {
        return Ok(());
    }
    fail(LintCode::NotIso3166, 0, data.len())
}

/// `iso3166999`: an ISO 3166-1 numeric country code, or "999".
pub fn iso3166999(data: &[u8]) -> Result<(), LintError> {
    if data == b"999" || is_iso3166(data) {
        return Ok(());
    }
    fail(LintCode::NotIso3166Or999, 0, data.len())
}

/// `iso3166alpha2`: an ISO 3166-1 alpha-2 country code.
pub fn iso3166alpha2(data: &[u8]) -> Result<(), LintError> {
    if is_iso3166alpha2(data) {
        return Ok(());
    }
    fail(LintCode::NotIso3166Alpha2, 0, data.len())
}

/// `iso4217`: an ISO 4217 numeric currency code.
pub fn iso4217(data: &[u8]) -> Result<(), LintError> {
    if three_digits(data).is_some_and(|code| bit64(&ISO4217, code)) {
        return Ok(());
    }
    fail(LintCode::NotIso4217, 0, data.len())
}

/// `iso5218`: an ISO/IEC 5218 biological sex code: 0 not known, 1 male, 2 female,
/// 9 not applicable.
pub fn iso5218(data: &[u8]) -> Result<(), LintError> {
    match data {
        b"0" | b"1" | b"2" | b"9" => Ok(()),
        _ => fail(LintCode::InvalidBiologicalSexCode, 0, data.len()),
    }
}

/// `mediatype`: a two-digit AIDC media type.
pub fn mediatype(data: &[u8]) -> Result<(), LintError> {
    if let [a, b] = data {
        if a.is_ascii_digit() && b.is_ascii_digit() {
            let code = usize::from(a - b'0') * 10 + usize::from(b - b'0');
            if MEDIA_TYPES[code / 8] & (0x80 >> (code % 8)) != 0 {
                return Ok(());
            }
        }
    }
    fail(LintCode::InvalidMediaType, 0, data.len())
}

/// `packagetype`: a PackageTypeCode.
pub fn packagetype(data: &[u8]) -> Result<(), LintError> {
    if PACKAGE_TYPES
        .binary_search_by(|code| code.as_bytes().cmp(data))
        .is_ok()
    {
        return Ok(());
    }
    fail(LintCode::InvalidPackageType, 0, data.len())
}

/// `winding`: a winding direction: 0 face out, 1 face in, 9 undetermined.
pub fn winding(data: &[u8]) -> Result<(), LintError> {
    match data {
        b"0" | b"1" | b"9" => Ok(()),
        _ => fail(LintCode::InvalidWindingDirection, 0, data.len()),
    }
}

/// `yesno`: a "0" or "1" flag.
pub fn yesno(data: &[u8]) -> Result<(), LintError> {
    match data {
        b"0" | b"1" => Ok(()),
        _ => fail(LintCode::NotZeroOrOne, 0, data.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::super::check;
    use super::*;

    #[test]
    fn package_types_are_sorted_for_binary_search() {
        assert!(PACKAGE_TYPES
            .windows(2)
            .all(|pair| pair[0].as_bytes() < pair[1].as_bytes()));
    }

    #[test]
    fn iso3166_cases() {
        check(iso3166, "250", "ok");
        check(iso3166, "894", "ok");
        check(iso3166, "999", "GS1_LINTER_NOT_ISO3166 *999*");
        check(iso3166, "25", "GS1_LINTER_NOT_ISO3166 *25*");
        check(iso3166999, "999", "ok");
        check(iso3166999, "998", "GS1_LINTER_NOT_ISO3166_OR_999 *998*");
        check(iso3166alpha2, "DE", "ok");
        check(iso3166alpha2, "de", "GS1_LINTER_NOT_ISO3166_ALPHA2 *de*");
        check(iso3166alpha2, "UK", "GS1_LINTER_NOT_ISO3166_ALPHA2 *UK*");
    }

    #[test]
    fn iso4217_and_iso5218_cases() {
        check(iso4217, "978", "ok");
        check(iso4217, "840", "ok");
        check(iso4217, "000", "GS1_LINTER_NOT_ISO4217 *000*");
        check(iso4217, "EUR", "GS1_LINTER_NOT_ISO4217 *EUR*");
        check(iso5218, "9", "ok");
        check(iso5218, "3", "GS1_LINTER_INVALID_BIOLOGICAL_SEX_CODE *3*");
    }

    #[test]
    fn mediatype_packagetype_winding_yesno_cases() {
        check(mediatype, "10", "ok");
        check(mediatype, "80", "ok");
        check(mediatype, "11", "GS1_LINTER_INVALID_MEDIA_TYPE *11*");
        check(packagetype, "PX", "ok");
        check(packagetype, "X20", "ok");
        check(packagetype, "px", "GS1_LINTER_INVALID_PACKAGE_TYPE *px*");
        check(winding, "9", "ok");
        check(winding, "2", "GS1_LINTER_INVALID_WINDING_DIRECTION *2*");
        check(yesno, "1", "ok");
        check(yesno, "01", "GS1_LINTER_NOT_ZERO_OR_ONE *01*");
    }
}
