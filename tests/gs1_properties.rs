//! Property tests of the GS1 parser: it never panics on any bytes in any input form, and
//! valid data survives HRI → parse → HRI and element string → parse unchanged.
//!
//! `PROPTEST_CASES=1000000 cargo test --release --test gs1_properties` is the long run used
//! as a fuzzing pass (see README).

use proptest::prelude::*;
use scanstation::gs1::{build_element_string, parse, parse_bracketed, ParseOptions};

fn options() -> ParseOptions {
    ParseOptions {
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 25),
        gs_substitutes: vec![b'|'],
        ..ParseOptions::default()
    }
}

/// Bytes biased towards what scans contain: digits, GS, AIM prefixes, URI punctuation.
fn scanlike_bytes() -> impl Strategy<Value = Vec<u8>> {
    let byte = prop_oneof![
        4 => b'0'..=b'9',
        1 => Just(0x1D_u8),
        1 => prop::sample::select(b"]()/?&=%\\|".to_vec()),
        2 => any::<u8>(),
    ];
    let prefix = prop::sample::select(vec![
        &b""[..],
        b"]d2",
        b"]C1",
        b"]Q1https://id.gs1.org/",
        b"(",
        b"https://a.example/01/",
        b"]E0",
        b"]I1",
    ]);
    (prefix, prop::collection::vec(byte, 0..80))
        .prop_map(|(prefix, body)| [prefix, &body[..]].concat())
}

fn with_check_digit(body: &str) -> String {
    let sum: u32 = body
        .bytes()
        .rev()
        .enumerate()
        .map(|(idx, digit)| u32::from(digit - b'0') * if idx % 2 == 0 { 3 } else { 1 })
        .sum();
    format!("{body}{}", (10 - sum % 10) % 10)
}

/// Valid (AI, value) sets of the kind printed on station labels.
fn valid_label() -> impl Strategy<Value = Vec<(String, String)>> {
    let gtin = "[0-9]{13}".prop_map(|body| with_check_digit(&body));
    let lot = "[A-Za-z0-9!%&()*+,./:;<=>?_-]{1,20}";
    let serial = "[A-Za-z0-9]{1,20}";
    let date =
        (0u32..100, 1u32..=12, 0u32..=28).prop_map(|(yy, mm, dd)| format!("{yy:02}{mm:02}{dd:02}"));
    let weight = (0u32..=5, 0u32..1_000_000)
        .prop_map(|(decimals, value)| (format!("310{decimals}"), format!("{value:06}")));
    (
        gtin,
        prop::option::of(lot),
        prop::option::of(serial),
        prop::option::of(date),
        prop::option::of(weight),
    )
        .prop_map(|(gtin, lot, serial, expiry, weight)| {
            let mut pairs = vec![("01".to_owned(), gtin)];
            pairs.extend(expiry.map(|date| ("17".to_owned(), date)));
            pairs.extend(weight);
            pairs.extend(lot.map(|lot| ("10".to_owned(), lot)));
            pairs.extend(serial.map(|serial| ("21".to_owned(), serial)));
            pairs
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2_000, ..ProptestConfig::default() })]

    #[test]
    fn parse_never_panics(input in scanlike_bytes()) {
        let parsed = parse(&input, &options());
        // Whatever was read, the JSON form can always be produced and says valid iff no errors.
        let json = parsed.to_json();
        prop_assert_eq!(json["valid"].as_bool(), Some(parsed.errors.is_empty()));
    }

    #[test]
    fn arbitrary_bytes_never_panic(input in prop::collection::vec(any::<u8>(), 0..120)) {
        parse(&input, &options());
    }

    #[test]
    fn hri_round_trips(pairs in valid_label()) {
        let pairs: Vec<(&str, &str)> = pairs.iter().map(|(ai, value)| (ai.as_str(), value.as_str())).collect();
        let built = build_element_string(&pairs).map_err(|errors| TestCaseError::fail(format!("{errors:?}")))?;
        let hri = built.hri();
        let reparsed = parse_bracketed(&hri, &options());
        prop_assert!(reparsed.is_valid(), "{:?}", reparsed.errors);
        prop_assert_eq!(reparsed.hri(), hri.clone());
        let scanned = parse(format!("]d2{}", built.data()).as_bytes(), &options());
        prop_assert!(scanned.is_valid(), "{:?}", scanned.errors);
        prop_assert_eq!(scanned.hri(), hri);
    }
}
