//! Table-driven tests of whole scans: one line of input, one line of expected summary.

use super::*;
use crate::gs1::{build_element_string, digital_link_uri, DigitalLinkError};

fn options() -> ParseOptions {
    ParseOptions {
        today: NaiveDate::from_ymd_opt(2026, 11, 25),
        ..ParseOptions::default()
    }
}

/// A readable one-line summary: kind, elements as HRI, and error codes with their AIs.
fn summary(parsed: &Parsed) -> String {
    let mut out = format!("{} {}", parsed.kind.as_str(), parsed.hri());
    if let Some(text) = &parsed.text {
        out.push_str(&format!(" text={text:?}"));
    }
    for error in &parsed.errors {
        out.push_str(&format!(" !{}", error.code.as_str()));
        if let Some(ai) = &error.ai {
            out.push_str(&format!("({ai})"));
        }
    }
    out
}

#[track_caller]
fn check_with(input: &[u8], options: &ParseOptions, expected: &str) {
    let parsed = parse(input, options);
    assert_eq!(
        summary(&parsed),
        expected,
        "input {:?}: {:#?}",
        String::from_utf8_lossy(input),
        parsed.errors
    );
}

#[track_caller]
fn check(input: &str, expected: &str) {
    check_with(input.as_bytes(), &options(), expected);
}

#[test]
fn aim_prefixed_gs1_scans() {
    check(
        "]d201095060001343521726123110ABC123\x1d21SN0001",
        "gs1 (01)09506000134352(17)261231(10)ABC123(21)SN0001",
    );
    check("]C100106141411234567897", "gs1 (00)106141411234567897");
    check(
        "]C100106141411234567898",
        "gs1 (00)106141411234567898 !check_digit(00)",
    );
    check(
        "]Q301095060001343521726123110ABC",
        "gs1 (01)09506000134352(17)261231(10)ABC",
    );
    check("]e00109506000134352", "gs1 (01)09506000134352");
    check(
        "]e0(01)09506000134352(3103)000845",
        "gs1 (01)09506000134352(3103)000845",
    );
    check(
        "]J10109506000134352\x1d10ABC",
        "gs1 (01)09506000134352(10)ABC",
    );
    // GS after a predefined-length AI is allowed; leading and double GS are not.
    check(
        "]d20109506000134352\x1d10ABC",
        "gs1 (01)09506000134352(10)ABC",
    );
    check(
        "]d2\x1d0109506000134352",
        "gs1 (01)09506000134352 !bad_syntax",
    );
    check(
        "]d210ABC\x1d\x1d0109506000134352",
        "gs1 (10)ABC(01)09506000134352 !bad_syntax",
    );
    // Variable-length field ended by the end of data; requisite checked per scan.
    check("]d210ABC", "gs1 (10)ABC !requisite(10)");
    check("]d20109506000134352", "gs1 (01)09506000134352");
}

#[test]
fn field_errors_name_the_ai() {
    check(
        "]d20109506000134353",
        "gs1 (01)09506000134353 !check_digit(01)",
    );
    check("]d2010950600013435", "gs1  !bad_length(01)");
    check(
        "]d201095060001343521713131310A",
        "gs1 (01)09506000134352(17)131313(10)A !bad_date(17)",
    );
    check(
        "]d2010950600013435210AB C",
        "gs1 (01)09506000134352(10)AB C !illegal_char(10)",
    );
    check("]d2010950600013435210", "gs1 (01)09506000134352 !empty(10)");
    check(
        "]d20109506000134352109012345678901234567890",
        "gs1 (01)09506000134352(10)9012345678901234567890 !bad_length(10)",
    );
    check(
        "]d20109506000134352\x1d2399",
        "gs1 (01)09506000134352 !unknown_ai(239)",
    );
    check(
        "]d20109506000134352ABC",
        "gs1 (01)09506000134352 !bad_syntax",
    );
    check(
        "]d20109506000134352\x1d10A\x1d10B",
        "gs1 (01)09506000134352(10)A !duplicate_ai(10)",
    );
    check(
        "]d20109506000134352\x1d10A\x1d10A",
        "gs1 (01)09506000134352(10)A",
    );
    check(
        "]d201095060001343520209506000134352\x1d3710",
        "gs1 (01)09506000134352(02)09506000134352(37)10 !exclusive(01) !exclusive(02) !requisite(37)",
    );
    check("]d22112345", "gs1 (21)12345 !requisite(21)");
}

#[test]
fn ean_upc_itf_and_plain_symbologies() {
    check("]E04006381333931", "gtin (01)04006381333931");
    check(
        "]E04006381333932",
        "gtin (01)04006381333932 !check_digit(01)",
    );
    check("]E0036000291452", "gtin (01)00036000291452");
    check("]E49506000", "gtin  !bad_symbology");
    check("]E495060002", "gtin (01)00000095060002");
    check("]I121123456789008", "gtin (01)21123456789008");
    check("]C0HELLO 123", "plain  text=\"HELLO 123\"");
    check("]A0ABC-1", "plain  text=\"ABC-1\"");
    // A URI in plain QR / DataMatrix data is read as a Digital Link, as the GS1 Syntax
    // Engine does: an ordinary web address is not GS1 data.
    check("]Q1https://example.com/menu", "digital_link  !dl_syntax");
    check(
        "]Q1Https://example.com/menu",
        "plain  text=\"Https://example.com/menu\"",
    );
    check(
        "]Q1https://id.gs1.org/01/09506000134352/10/ABC",
        "digital_link (01)09506000134352(10)ABC",
    );
    check(
        "]d1https://example.com/01/09506000134352?17=261231",
        "digital_link (01)09506000134352(17)261231",
    );
    check("]X", "gs1  !bad_symbology");
}

#[test]
fn unprefixed_forms() {
    check(
        "(01)09506000134352(17)261231(10)AB\\(1",
        "gs1 (01)09506000134352(17)261231(10)AB\\(1",
    );
    check(
        "(01)09506000134352(10)",
        "gs1 (01)09506000134352 !empty(10)",
    );
    check(
        "(01)0950600013435(10)A",
        "gs1 (01)0950600013435(10)A !bad_length(01)",
    );
    check("(0109506000134352", "gs1  !bad_syntax");
    check("(9999)1", "gs1  !unknown_ai(9999)");
    check("0109506000134352\x1d10ABC", "gs1 (01)09506000134352(10)ABC");
    check("09506000134352", "gtin (01)09506000134352");
    check("4006381333931", "gtin (01)04006381333931");
    check("pallet 7", "plain  text=\"pallet 7\"");
    check("", "gs1  !empty");
}

/// The Syntax Engine's rule for (8030): the keys it signs must carry their serial part.
#[test]
fn digital_signature_needs_serialised_keys() {
    const SIGNATURE: &str = "(8030)AAAA";
    check(
        &format!("(8003)09506000134352{SIGNATURE}"),
        "gs1 (8003)09506000134352(8030)AAAA !requisite(8003)",
    );
    check(
        &format!("(8003)09506000134352SN1{SIGNATURE}"),
        "gs1 (8003)09506000134352SN1(8030)AAAA",
    );
    check(
        &format!("(253)9506000134352{SIGNATURE}"),
        "gs1 (253)9506000134352(8030)AAAA !requisite(253)",
    );
    check(
        &format!("(253)9506000134352DOC7{SIGNATURE}"),
        "gs1 (253)9506000134352DOC7(8030)AAAA",
    );
    // Without a signature the serial part stays optional.
    check("(8003)09506000134352", "gs1 (8003)09506000134352");
}

#[test]
fn gs_substitutes_must_not_be_gs1_characters() {
    for byte in [
        b'|', b'^', b'~', b'#', b'@', b'{', b'}', b'[', b']', b'\\', b'$', b' ',
    ] {
        assert!(is_valid_gs_substitute(byte), "{:?}", char::from(byte));
    }
    for byte in [
        b'0', b'9', b'A', b'z', b'-', b'/', b'%', b'_', b'!', GS, 0xC3,
    ] {
        assert!(!is_valid_gs_substitute(byte), "{:?}", char::from(byte));
    }
}

#[test]
fn gs_substitutes_are_off_by_default() {
    check(
        "0109506000134352|10ABC",
        "gs1 (01)09506000134352 !bad_syntax",
    );
    check(
        "0109506000134352\x1d10ABC|21X",
        "gs1 (01)09506000134352(10)ABC|21X !illegal_char(10)",
    );
    let options = ParseOptions {
        gs_substitutes: vec![b'|'],
        ..options()
    };
    check_with(
        b"0109506000134352|10ABC|21X",
        &options,
        "gs1 (01)09506000134352(10)ABC(21)X",
    );
}

#[test]
fn digital_link_uris() {
    check(
        "https://id.gs1.org/01/09506000134352/10/ABC%2F1/21/S1?17=261231&linkType=gs1:pip",
        "digital_link (01)09506000134352(10)ABC/1(21)S1(17)261231",
    );
    check(
        "https://brand.example/some/stem/01/09506000134352?3103=000845",
        "digital_link (01)09506000134352(3103)000845",
    );
    check(
        "HTTPS://id.gs1.org/00/106141411234567897",
        "digital_link (00)106141411234567897",
    );
    // Qualifiers out of order, zero-suppressed GTIN, a query AI that may not be an attribute.
    check(
        "https://id.gs1.org/01/09506000134352/21/S1/10/ABC",
        "digital_link (01)09506000134352(21)S1(10)ABC !dl_syntax(01)",
    );
    check(
        "https://id.gs1.org/01/9506000134352",
        "digital_link  !dl_syntax(01)",
    );
    check(
        "https://id.gs1.org/01/09506000134352?21=S1",
        "digital_link (01)09506000134352 !dl_syntax(21)",
    );
    check(
        "https://id.gs1.org/01/09506000134353",
        "digital_link (01)09506000134353 !check_digit(01)",
    );
    check("https://id.gs1.org/", "digital_link  !dl_syntax");
}

/// Cases from the GS1 Barcode Syntax Engine's own Digital Link tests (`dl.c`), whose
/// verdicts `scanstation parse` must share.
#[test]
fn digital_link_uris_as_the_syntax_engine_reads_them() {
    // The key is the last primary-key pair; the stem may hold AI-like segments.
    check(
        "https://a/8004/x/01/09506000134352",
        "digital_link (01)09506000134352",
    );
    check(
        "https://a/00/faux/00/106141411234567897",
        "digital_link (00)106141411234567897",
    );
    // No key at the end of the path: a dangling AI, a trailing slash, no path at all.
    check(
        "https://id.gs1.org/01/09506000134352/10",
        "digital_link  !dl_syntax",
    );
    check(
        "https://id.gs1.org/01/09506000134352/",
        "digital_link  !dl_syntax",
    );
    check("https://id.gs1.org", "digital_link  !dl_syntax");
    check("https:///01/09506000134352", "digital_link  !dl_syntax");
    // Scheme: exactly http, HTTP, https or HTTPS; anything else is not a Digital Link.
    check(
        "HtTp://a/01/09506000134352",
        "plain  text=\"HtTp://a/01/09506000134352\"",
    );
    // Characters outside RFC 3986, and host names with characters a host cannot have.
    check(
        "https://id.gs1.org/01/09506000134352/10/A\"B",
        "digital_link  !dl_syntax",
    );
    check("https://a_b/01/09506000134352", "digital_link  !dl_syntax");
    check(
        "https://a:8080/01/09506000134352",
        "digital_link (01)09506000134352",
    );
    // A `%` without two hex digits is a literal `%`; `%00` is refused; `+` is a space only
    // in the query.
    check(
        "https://id.gs1.org/01/09506000134352/10/A%2",
        "digital_link (01)09506000134352(10)A%2",
    );
    check(
        "https://id.gs1.org/01/09506000134352/10/A%00",
        "digital_link (01)09506000134352 !dl_syntax(10)",
    );
    check(
        "https://id.gs1.org/01/09506000134352/10/A+B",
        "digital_link (01)09506000134352(10)A+B",
    );
    check(
        "https://id.gs1.org/01/09506000134352?3103=000845&4300=A+B",
        "digital_link (01)09506000134352(3103)000845(4300)A B !illegal_char(4300)",
    );
    // Query AIs: a qualifier belongs in the path; an AI may not be given twice; unknown
    // numeric names are errors; names without `=` are ignored.
    check(
        "https://id.gs1.org/01/09506000134352?10=ABC",
        "digital_link (01)09506000134352 !dl_syntax(10)",
    );
    check(
        "https://id.gs1.org/01/09506000134352/10/ABC?21=S1",
        "digital_link (01)09506000134352(10)ABC !dl_syntax(21)",
    );
    check(
        "https://id.gs1.org/01/09506000134352?17=261231&17=261231",
        "digital_link (01)09506000134352(17)261231 !duplicate_ai(17)",
    );
    check(
        "https://id.gs1.org/01/09506000134352?01=09506000134352",
        "digital_link (01)09506000134352 !duplicate_ai(01)",
    );
    check(
        "https://id.gs1.org/01/09506000134352?9999=1",
        "digital_link (01)09506000134352 !unknown_ai(9999)",
    );
    let parsed = parse(b"https://id.gs1.org/01/09506000134352?17&x=1", &options());
    assert_eq!(parsed.ignored_params, ["17", "x"]);
    assert!(parsed.is_valid(), "{:?}", parsed.errors);
}

#[test]
fn zero_suppressed_gtins_in_digital_link_need_the_option() {
    let options = ParseOptions {
        allow_zero_suppressed_gtin: true,
        ..options()
    };
    check_with(
        b"https://id.gs1.org/01/9506000134352",
        &options,
        "digital_link (01)09506000134352",
    );
}

#[test]
fn ignored_query_parameters_are_reported() {
    let parsed = parse(
        b"https://id.gs1.org/01/09506000134352?linkType=gs1:pip&utm=x",
        &options(),
    );
    assert_eq!(parsed.ignored_params, ["linkType", "utm"]);
    assert!(parsed.is_valid());
}

#[test]
fn typed_values() {
    let parsed = parse(b"]d201095060001343521726120011260101\x1d3103001250\x1d3922123\x1d39329781000\x1d70032612312359\x1d10A", &options());
    let get = |ai: &str| {
        parsed
            .element(ai)
            .unwrap_or_else(|| panic!("no ({ai}) in {parsed:#?}"))
    };
    assert_eq!(
        get("17").date,
        NaiveDate::from_ymd_opt(2026, 12, 31),
        "DD=00 is the last day of the month"
    );
    assert_eq!(get("11").date, NaiveDate::from_ymd_opt(2026, 1, 1));
    assert_eq!(get("3103").decimal.as_deref(), Some("1.250"));
    assert_eq!(get("3922").decimal.as_deref(), Some("1.23"));
    assert_eq!(get("3932").currency.as_deref(), Some("978"));
    assert_eq!(get("3932").decimal.as_deref(), Some("10.00"));
    assert_eq!(
        get("7003").date_time.map(|dt| dt.to_string()).as_deref(),
        Some("2026-12-31 23:59:00")
    );
    assert_eq!(get("17").title, "USE BY or EXPIRY");
}

#[test]
fn century_rule_of_genspecs_7_12() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 25);
    let year =
        |yy: &str| six_digit_date(format!("{yy}0101").as_bytes(), today).map(|date| date.year());
    assert_eq!(year("26"), Some(2026));
    assert_eq!(
        year("76"),
        Some(2076),
        "50 years ahead stays in this century"
    );
    assert_eq!(year("77"), Some(1977), "51 years ahead is last century");
    assert_eq!(year("00"), Some(2000));
    let late_century = NaiveDate::from_ymd_opt(2080, 1, 1);
    assert_eq!(
        six_digit_date(b"300101", late_century).map(|date| date.year()),
        Some(2130),
        "50 behind is next century"
    );
    assert_eq!(
        six_digit_date(b"310101", late_century).map(|date| date.year()),
        Some(2031)
    );
    assert_eq!(
        six_digit_date(b"240200", today),
        NaiveDate::from_ymd_opt(2024, 2, 29)
    );
}

#[test]
fn implied_decimals() {
    assert_eq!(implied_decimal("008450", 3), "8.450");
    assert_eq!(implied_decimal("000845", 2), "8.45");
    assert_eq!(implied_decimal("000845", 0), "845");
    assert_eq!(implied_decimal("5", 3), "0.005");
    assert_eq!(implied_decimal("000000", 5), "0.00000");
}

#[test]
fn element_strings_are_built_in_encoding_order() {
    let built = build_element_string(&[
        ("10", "ABC"),
        ("01", "09506000134352"),
        ("21", "S1"),
        ("17", "261231"),
    ])
    .unwrap();
    assert_eq!(built.hri(), "(01)09506000134352(17)261231(10)ABC(21)S1");
    assert_eq!(built.data(), "01095060001343521726123110ABC\x1d21S1");
    let separators: Vec<bool> = built
        .segments()
        .map(|(_, _, separator)| separator)
        .collect();
    assert_eq!(separators, [false, false, true, false]);
    let reparsed = parse(format!("]d2{}", built.data()).as_bytes(), &options());
    assert_eq!(reparsed.hri(), built.hri());
    assert!(reparsed.is_valid());

    let errors = build_element_string(&[("01", "09506000134353"), ("10", "A B")]).unwrap_err();
    let codes: Vec<_> = errors.iter().map(|error| error.code.as_str()).collect();
    assert_eq!(codes, ["check_digit", "illegal_char"]);
    let errors = build_element_string(&[("10", "ABC")]).unwrap_err();
    assert_eq!(errors[0].code, ErrorCode::Requisite);
}

#[test]
fn digital_link_generation() {
    let uri = digital_link_uri(
        &[
            ("17", "261231"),
            ("21", "S/1"),
            ("01", "09506000134352"),
            ("10", "ABC"),
        ],
        "https://id.gs1.org/",
    )
    .unwrap();
    assert_eq!(
        uri,
        "https://id.gs1.org/01/09506000134352/10/ABC/21/S%2F1?17=261231"
    );
    let reparsed = parse(uri.as_bytes(), &options());
    assert!(reparsed.is_valid(), "{reparsed:#?}");
    assert_eq!(reparsed.hri(), "(01)09506000134352(10)ABC(21)S/1(17)261231");
    assert_eq!(
        digital_link_uri(&[("00", "106141411234567897")], "https://x.example").unwrap(),
        "https://x.example/00/106141411234567897"
    );
    assert!(
        matches!(digital_link_uri(&[("01", "09506000134352"), ("8200", "https://x")], "https://x"), Err(DigitalLinkError::NotAllowed(ai)) if ai == "8200")
    );
}

#[test]
fn errors_carry_positions_after_the_aim_id() {
    let parsed = parse(b"]d20109506000134353", &options());
    assert_eq!(parsed.errors[0].position, Some(3 + 2 + 13));
    let json = parsed.to_json();
    assert_eq!(json["valid"], false);
    assert_eq!(json["symbology"], "]d2");
    assert_eq!(json["errors"][0]["code"], "check_digit");
    assert_eq!(json["errors"][0]["ai"], "01");
}
