//! The one place where labels get their GS1 data: (AI, value) pairs in, a validated element
//! string out, with FNC1 positions, the HRI text and the Digital Link URI.
//!
//! The station's GS1 module (`crate::gs1`) owns the AI table, linters and requisite rules.
//! Until its builder (`gs1::build_element_string`) is on the branch, [`build`] checks the
//! AIs labels use with a small local table (fixed lengths, numeric/CSET 82 character sets,
//! mod-10 check digits, dates, the (01)/(02) exclusivity and the common requisites), so no
//! label prints unchecked GS1 data in the meantime. Switching over is a change to the body
//! of [`build`] and [`digital_link_uri`] only.

/// A validated GS1 element string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gs1Data {
    /// (AI, value) in encoding order: predefined-length AIs first.
    elements: Vec<(String, String)>,
}

impl Gs1Data {
    pub fn elements(&self) -> &[(String, String)] {
        &self.elements
    }

    /// (AI, value, needs FNC1 after): an FNC1 separator follows a variable-length field
    /// unless it is the last one.
    pub fn segments(&self) -> impl Iterator<Item = (&str, &str, bool)> {
        let last = self.elements.len().saturating_sub(1);
        self.elements
            .iter()
            .enumerate()
            .map(move |(index, (ai, value))| {
                (
                    ai.as_str(),
                    value.as_str(),
                    index < last && !is_predefined_length(ai),
                )
            })
    }

    /// The element string as a scanner transmits it: GS (0x1D) after each variable-length
    /// field except the last.
    pub fn data(&self) -> String {
        let mut out = String::new();
        for (ai, value, separator) in self.segments() {
            out.push_str(ai);
            out.push_str(value);
            if separator {
                out.push('\u{1d}');
            }
        }
        out
    }

    /// The bracketed human-readable interpretation `(01)09506000134352(10)ABC`.
    pub fn hri(&self) -> String {
        self.elements
            .iter()
            .map(|(ai, value)| format!("({ai}){value}"))
            .collect()
    }
}

/// AIs whose length is fixed by their first two digits, GS1 General Specifications
/// figure 7.8.5-2: these never need an FNC1 separator after them.
fn is_predefined_length(ai: &str) -> bool {
    const PREFIXES: [&str; 22] = [
        "00", "01", "02", "03", "04", "11", "12", "13", "14", "15", "16", "17", "18", "19", "20",
        "31", "32", "33", "34", "35", "36", "41",
    ];
    PREFIXES.iter().any(|prefix| ai.starts_with(prefix))
}

#[derive(Clone, Copy)]
enum Charset {
    Numeric,
    /// GS1 AI encodable character set 82.
    Cset82,
}

#[derive(Clone, Copy)]
struct AiSpec {
    min: usize,
    max: usize,
    charset: Charset,
    check_digit: bool,
    date: bool,
}

const fn fixed(length: usize, check_digit: bool) -> AiSpec {
    AiSpec {
        min: length,
        max: length,
        charset: Charset::Numeric,
        check_digit,
        date: false,
    }
}

/// The local AI table (GS1 General Specifications section 3), for the AIs labels carry.
fn ai_spec(ai: &str) -> Option<AiSpec> {
    let date = AiSpec {
        min: 6,
        max: 6,
        charset: Charset::Numeric,
        check_digit: false,
        date: true,
    };
    let text = |max| AiSpec {
        min: 1,
        max,
        charset: Charset::Cset82,
        check_digit: false,
        date: false,
    };
    let number = |max| AiSpec {
        min: 1,
        max,
        charset: Charset::Numeric,
        check_digit: false,
        date: false,
    };
    Some(match ai {
        "00" => fixed(18, true),
        "01" | "02" => fixed(14, true),
        "10" | "21" | "22" => text(20),
        "11" | "12" | "13" | "15" | "16" | "17" => date,
        "20" => fixed(2, false),
        "30" | "37" => number(8),
        "240" | "241" | "400" | "401" | "403" => text(30),
        "410" | "411" | "412" | "413" | "414" | "415" | "416" | "417" => fixed(13, true),
        "420" => text(20),
        "422" => fixed(3, false),
        _ if ai.len() == 4 && is_measure(ai) => fixed(6, false),
        "90" => text(30),
        _ if ai.len() == 2 && ai.starts_with('9') && ai.as_bytes()[1].is_ascii_digit() => text(90),
        _ => return None,
    })
}

/// Trade and logistic measures 310n-369n (n = implied decimals).
fn is_measure(ai: &str) -> bool {
    let bytes = ai.as_bytes();
    bytes.iter().all(u8::is_ascii_digit) && (b'1'..=b'6').contains(&bytes[1]) && bytes[0] == b'3'
}

/// GS1 AI encodable character set 82 (GS1 General Specifications figure 7.11-1).
fn is_cset82(ch: char) -> bool {
    ch.is_ascii_alphanumeric() || "!\"%&'()*+,-./:;<=>?_".contains(ch)
}

fn mod10_ok(digits: &str) -> bool {
    let bytes = digits.as_bytes();
    let Some((&last, body)) = bytes.split_last() else {
        return false;
    };
    let mut sum = 0u32;
    for (position, &b) in body.iter().rev().enumerate() {
        let digit = u32::from(b.wrapping_sub(b'0'));
        sum += if position % 2 == 0 { digit * 3 } else { digit };
    }
    (10 - sum % 10) % 10 == u32::from(last.wrapping_sub(b'0'))
}

fn date_ok(yymmdd: &str) -> bool {
    let number =
        |range: std::ops::Range<usize>| yymmdd.get(range).and_then(|s| s.parse::<u32>().ok());
    let (Some(month), Some(day)) = (number(2..4), number(4..6)) else {
        return false;
    };
    // DD = 00 means "end of month" (GS1 General Specifications 7.12).
    (1..=12).contains(&month) && day <= 31 && {
        let days_in_month = match month {
            2 => 29,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        day <= days_in_month
    }
}

/// Validates the (AI, value) pairs of one symbol and orders them for encoding: lengths,
/// character sets, check digits, dates, duplicates. Associations between AIs (requisites,
/// exclusions) hold per label, not per symbol: see [`check_associations`]. Returns every
/// problem found, each a sentence naming the AI.
pub fn build(pairs: &[(&str, &str)]) -> Result<Gs1Data, Vec<String>> {
    let mut problems = Vec::new();
    if pairs.is_empty() {
        problems.push("no AI: GS1 data needs at least one (AI, value) pair".to_owned());
    }
    let mut seen: Vec<&str> = Vec::new();
    for &(ai, value) in pairs {
        if seen.contains(&ai) {
            problems.push(format!("({ai}) appears twice; give each AI once"));
        }
        seen.push(ai);
        let Some(spec) = ai_spec(ai) else {
            problems.push(format!(
                "({ai}) is not an AI this station prints; check the template"
            ));
            continue;
        };
        let length = value.chars().count();
        if length < spec.min || length > spec.max {
            if spec.min == spec.max {
                problems.push(format!(
                    "({ai}) {value:?} must have exactly {} characters",
                    spec.min
                ));
            } else {
                problems.push(format!(
                    "({ai}) {value:?} must have {}-{} characters",
                    spec.min, spec.max
                ));
            }
            continue;
        }
        let charset_ok = match spec.charset {
            Charset::Numeric => value.bytes().all(|b| b.is_ascii_digit()),
            Charset::Cset82 => value.chars().all(is_cset82),
        };
        if !charset_ok {
            let what = match spec.charset {
                Charset::Numeric => "digits only",
                Charset::Cset82 => "letters, digits and !\"%&'()*+,-./:;<=>?_ only (no spaces)",
            };
            problems.push(format!("({ai}) {value:?}: {what}"));
            continue;
        }
        if spec.check_digit && !mod10_ok(value) {
            problems.push(format!("({ai}) {value:?}: wrong check digit"));
        }
        if spec.date && !date_ok(value) {
            problems.push(format!("({ai}) {value:?} is not a YYMMDD date"));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut elements: Vec<(String, String)> = pairs
        .iter()
        .map(|&(ai, value)| (ai.to_owned(), value.to_owned()))
        .collect();
    // Stable sort: predefined-length AIs first, then the others in the order given.
    elements.sort_by_key(|(ai, _)| !is_predefined_length(ai));
    Ok(Gs1Data { elements })
}

/// Checks the AI associations of a whole label (all GS1 symbols together), after the GS1
/// Barcode Syntax Dictionary's `req=` and `ex=` attributes: a logistic label carries (00) in
/// one symbol and (02)+(37) in another, and GS1 allows requisites to be met anywhere on the
/// label. The same AI with two different values on one label is refused.
pub fn check_associations(pairs: &[(&str, &str)]) -> Result<(), Vec<String>> {
    let mut problems = Vec::new();
    let mut seen: Vec<(&str, &str)> = Vec::new();
    for &(ai, value) in pairs {
        match seen.iter().find(|(a, _)| *a == ai) {
            Some((_, other)) if *other != value => problems.push(format!(
                "({ai}) has two values on one label ({other:?} and {value:?}); use one field for both"
            )),
            Some(_) => {}
            None => seen.push((ai, value)),
        }
    }
    let has = |ai: &str| seen.iter().any(|(a, _)| *a == ai);
    let has_measure = seen.iter().any(|(ai, _)| ai.len() == 4 && is_measure(ai));
    if has("01") && has("02") {
        problems.push(
            "(01) and (02) cannot be on one label: (02) is for the contents of a logistic unit"
                .into(),
        );
    }
    if has("01") && has("37") {
        problems.push("(37) counts contents, it goes with (02), not with (01)".into());
    }
    if has("02") && !has("37") {
        problems.push("(02) needs (37), the count of trade items, on the same label".into());
    }
    if has("37") && !(has("00") && has("02")) {
        problems.push("(37) needs (00) and (02) on the same label".into());
    }
    if has("21") && !has("01") {
        problems.push("(21) needs (01) on the same label".into());
    }
    for ai in ["10", "11", "13", "15", "17"] {
        if has(ai) && !(has("01") || has("02")) {
            problems.push(format!("({ai}) needs (01) or (02) on the same label"));
        }
    }
    if has_measure && !(has("01") || has("02")) {
        problems.push("a measure (31nn-36nn) needs (01) or (02) on the same label".into());
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// The GS1 Digital Link URI for the data: primary key (01)/(00) and qualifiers (22, 10, 21)
/// in the path, other AIs as query parameters (GS1 Digital Link standard 1.2, section 4).
pub fn digital_link_uri(data: &Gs1Data, base_uri: &str) -> Result<String, Vec<String>> {
    let get = |ai: &str| {
        data.elements
            .iter()
            .find(|(a, _)| a == ai)
            .map(|(_, v)| v.as_str())
    };
    let mut uri = base_uri.trim_end_matches('/').to_owned();
    let primary = ["01", "00", "414", "417"]
        .into_iter()
        .find(|ai| get(ai).is_some());
    let Some(primary) = primary else {
        return Err(vec![
            "a Digital Link needs a primary key: (01) GTIN or (00) SSCC".to_owned(),
        ]);
    };
    let mut in_path = vec![primary];
    if primary == "01" {
        in_path.extend(["22", "10", "21"]);
    }
    for ai in &in_path {
        if let Some(value) = get(ai) {
            uri.push('/');
            uri.push_str(ai);
            uri.push('/');
            uri.push_str(&percent_encode(value));
        }
    }
    let mut separator = '?';
    for (ai, value) in &data.elements {
        if in_path.contains(&ai.as_str()) {
            continue;
        }
        uri.push(separator);
        separator = '&';
        uri.push_str(ai);
        uri.push('=');
        uri.push_str(&percent_encode(value));
    }
    Ok(uri)
}

/// Percent-encodes everything but RFC 3986 unreserved characters.
fn percent_encode(value: &str) -> String {
    let mut out = String::new();
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orders_and_separates() {
        let data = build(&[
            ("10", "ABC"),
            ("01", "09506000134352"),
            ("21", "S1"),
            ("17", "261231"),
        ])
        .unwrap();
        assert_eq!(data.hri(), "(01)09506000134352(17)261231(10)ABC(21)S1");
        assert_eq!(
            data.data(),
            "0109506000134352172612311 0ABC\u{1d}21S1".replace(' ', "")
        );
    }

    #[test]
    fn refuses_bad_data() {
        let problems = build(&[("01", "09506000134353"), ("10", "AB C")]).unwrap_err();
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(build(&[("17", "261331"), ("01", "09506000134352")]).is_err());
        assert!(build(&[("00", "095060001234567893")]).is_ok());
    }

    #[test]
    fn label_associations() {
        assert!(
            check_associations(&[("21", "S1")]).is_err(),
            "serial without GTIN"
        );
        assert!(check_associations(&[("01", "09506000134352"), ("02", "09506000134352")]).is_err());
        assert!(check_associations(&[("01", "09506000134352"), ("01", "09506000134353")]).is_err());
        let pallet = [
            ("00", "095060001234567893"),
            ("02", "09506000134352"),
            ("37", "48"),
        ];
        assert!(check_associations(&pallet).is_ok());
        assert!(
            check_associations(&pallet[1..]).is_err(),
            "(37) without (00)"
        );
    }

    #[test]
    fn digital_link() {
        let data = build(&[("01", "09506000134352"), ("10", "A/B"), ("17", "261231")]).unwrap();
        assert_eq!(
            digital_link_uri(&data, "https://id.gs1.org/").unwrap(),
            "https://id.gs1.org/01/09506000134352/10/A%2FB?17=261231"
        );
    }
}
