//! Turning scan bytes into a [`Parsed`]: AIM symbology identifiers, element strings with GS,
//! bracketed HRI, bare GTINs, and (through [`digital_link`](super::digital_link)) Digital Link
//! URIs. Every form feeds the same [`Collector`], so a value is checked the same way whatever
//! carrier it came in: length and character set per component, the dictionary's linters,
//! repeated AIs, then the `req=`/`ex=` associations.

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime};

use super::dictionary::{AiEntry, TABLE};
use super::digital_link;
use super::lint::{self, LintKind};
use super::model::{Element, ErrorCode, Gs1Error, Kind, Parsed};
use super::validate::check_associations;
use super::GS;

/// How to read scans. `Default` suits a scanner that sends AIM identifiers and real GS bytes.
#[derive(Debug, Clone)]
pub struct ParseOptions {
    /// Today's date, for the GS1 century rule of six-digit dates (GenSpecs 7.12). `None`
    /// reads every `YY` as `20YY`.
    pub today: Option<NaiveDate>,
    /// Bytes that stand in for GS in element strings, for scanners (mostly keyboard wedges)
    /// that lose the real GS: e.g. `b'|'`. None of these may be in CSET 82; off by default.
    pub gs_substitutes: Vec<u8>,
    /// Check `req=`/`ex=` associations within this one scan. Turn off when the caller
    /// combines the barcodes of one label and checks them together.
    pub check_associations: bool,
    /// Accept GTIN-8/12/13 (zero-suppressed) in a Digital Link path, padding them to 14.
    pub allow_zero_suppressed_gtin: bool,
}

/// Whether `byte` can stand in for GS: it must not be a character that GS1 data itself can
/// carry (CSET 82, which includes the digits), or fields would be split inside a value.
/// Candidates are ASCII such as `|`, `^`, `~`, `#`, `@`, `{`, `}`, `[`, `]`, `\\` or `$`.
pub fn is_valid_gs_substitute(byte: u8) -> bool {
    byte.is_ascii() && byte != GS && !lint::in_cset82(byte)
}

impl Default for ParseOptions {
    fn default() -> ParseOptions {
        ParseOptions {
            today: None,
            gs_substitutes: Vec::new(),
            check_associations: true,
            allow_zero_suppressed_gtin: false,
        }
    }
}

/// AIM symbology identifiers whose data are GS1 element strings (ISO/IEC 15424 with GS1
/// GenSpecs 5.1.2): GS1-128, GS1 DataBar, GS1 DataMatrix, GS1 QR Code, GS1 DotCode.
const GS1_SYMBOLOGIES: [&[u8]; 5] = [b"C1", b"e0", b"d2", b"Q3", b"J1"];

/// Parses one scan. Never fails: problems are listed in [`Parsed::errors`].
pub fn parse(input: &[u8], options: &ParseOptions) -> Parsed {
    let mut parsed = Parsed {
        input: String::from_utf8_lossy(input).into_owned(),
        symbology: None,
        kind: Kind::Gs1,
        elements: Vec::new(),
        text: None,
        ignored_params: Vec::new(),
        errors: Vec::new(),
    };
    let mut collector = Collector::new(options);
    if let Some(rest) = input.strip_prefix(b"]") {
        let Some((id, data)) = rest.split_first_chunk::<2>() else {
            collector.error(
                Gs1Error::new(
                    ErrorCode::BadSymbology,
                    None,
                    "the AIM symbology identifier is cut short: expected `]` and two characters",
                )
                .at(0),
            );
            return collector.finish_into(parsed);
        };
        if !id.iter().all(u8::is_ascii_graphic) {
            collector.error(
                Gs1Error::new(
                    ErrorCode::BadSymbology,
                    None,
                    "the AIM symbology identifier has non-printable characters",
                )
                .at(0),
            );
            return collector.finish_into(parsed);
        }
        parsed.symbology = Some(format!("]{}{}", char::from(id[0]), char::from(id[1])));
        collector.offset = 3;
        let id: &[u8] = id;
        match id {
            // Some decoders (rxing for GS1 DataBar) hand over bracketed HRI instead of
            // an element string; no element string starts with `(`.
            _ if GS1_SYMBOLOGIES.contains(&id) && data.first() == Some(&b'(') => {
                parse_bracketed_into(data, &mut collector)
            }
            _ if GS1_SYMBOLOGIES.contains(&id) => parse_element_string_into(data, &mut collector),
            b"E0" | b"E4" => parsed.kind = parse_ean_upc(data, id == b"E4", &mut collector),
            b"I1" if data.len() == 14 && data.iter().all(u8::is_ascii_digit) => {
                parsed.kind = Kind::Gtin;
                collector.push_value("01", data, 0);
            }
            b"d1" | b"Q1" if digital_link::is_digital_link_candidate(data) => {
                parsed.kind =
                    digital_link::parse_into(data, &mut collector, &mut parsed.ignored_params);
            }
            _ => {
                parsed.kind = Kind::Plain;
                parsed.text = Some(String::from_utf8_lossy(data).into_owned());
                if std::str::from_utf8(data).is_err() {
                    collector.error(Gs1Error::new(
                        ErrorCode::IllegalChar,
                        None,
                        "the scan is not valid UTF-8 text",
                    ));
                }
            }
        }
        return collector.finish_into(parsed);
    }
    if input.first() == Some(&b'(') {
        parse_bracketed_into(input, &mut collector);
    } else if digital_link::is_digital_link_candidate(input) {
        parsed.kind = digital_link::parse_into(input, &mut collector, &mut parsed.ignored_params);
    } else if matches!(input.len(), 8 | 12 | 13 | 14) && input.iter().all(u8::is_ascii_digit) {
        parsed.kind = Kind::Gtin;
        push_gtin(input, &mut collector);
    } else if input.first().is_some_and(|byte| {
        byte.is_ascii_digit() || *byte == GS || options.gs_substitutes.contains(byte)
    }) {
        parse_element_string_into(input, &mut collector);
    } else if input.is_empty() {
        collector.error(Gs1Error::new(ErrorCode::Empty, None, "the scan is empty"));
    } else {
        parsed.kind = Kind::Plain;
        parsed.text = Some(parsed.input.clone());
        if std::str::from_utf8(input).is_err() {
            collector.error(Gs1Error::new(
                ErrorCode::IllegalChar,
                None,
                "the scan is not valid UTF-8 text",
            ));
        }
    }
    collector.finish_into(parsed)
}

/// Parses an unbracketed element string (no AIM identifier), e.g. from a label builder.
pub fn parse_element_string(data: &[u8], options: &ParseOptions) -> Parsed {
    let mut collector = Collector::new(options);
    parse_element_string_into(data, &mut collector);
    collector.finish_into(empty_parsed(data, Kind::Gs1))
}

/// Parses bracketed HRI such as `(01)09506000134352(10)AB\(1\)`.
pub fn parse_bracketed(text: &str, options: &ParseOptions) -> Parsed {
    let mut collector = Collector::new(options);
    parse_bracketed_into(text.as_bytes(), &mut collector);
    collector.finish_into(empty_parsed(text.as_bytes(), Kind::Gs1))
}

fn empty_parsed(input: &[u8], kind: Kind) -> Parsed {
    Parsed {
        input: String::from_utf8_lossy(input).into_owned(),
        symbology: None,
        kind,
        elements: Vec::new(),
        text: None,
        ignored_params: Vec::new(),
        errors: Vec::new(),
    }
}

/// `]E0` carries EAN-13 (or UPC-A as 13 digits; some scanners send 12), `]E4` EAN-8.
fn parse_ean_upc(data: &[u8], ean8: bool, collector: &mut Collector) -> Kind {
    let length_ok = if ean8 {
        data.len() == 8
    } else {
        matches!(data.len(), 12 | 13)
    };
    if !length_ok || !data.iter().all(u8::is_ascii_digit) {
        let expected = if ean8 {
            "8 digits (EAN-8)"
        } else {
            "13 digits (EAN-13) or 12 (UPC-A)"
        };
        collector.error(Gs1Error::new(
            ErrorCode::BadSymbology,
            None,
            format!(
                "an EAN/UPC symbol must carry {expected}, got {} characters",
                data.len()
            ),
        ));
        return Kind::Gtin;
    }
    push_gtin(data, collector);
    Kind::Gtin
}

/// A GTIN-8/12/13/14 as element (01), padded to 14 digits.
fn push_gtin(digits: &[u8], collector: &mut Collector) {
    let mut gtin = [b'0'; 14];
    gtin[14 - digits.len()..].copy_from_slice(digits);
    collector.push_value("01", &gtin, 0);
}

fn parse_element_string_into(data: &[u8], collector: &mut Collector) {
    let is_gs = |byte: u8| byte == GS || collector.options.gs_substitutes.contains(&byte);
    if data.is_empty() {
        collector.error(Gs1Error::new(
            ErrorCode::Empty,
            None,
            "the scan carries no GS1 data",
        ));
        return;
    }
    let mut pos = 0;
    if is_gs(data[0]) {
        collector.error(
            Gs1Error::new(
                ErrorCode::BadSyntax,
                None,
                "the data starts with a GS separator; a GS may only end a variable-length field",
            )
            .at(0),
        );
        pos = data
            .iter()
            .position(|byte| !is_gs(*byte))
            .unwrap_or(data.len());
    }
    while pos < data.len() {
        let rest = &data[pos..];
        let Some(entry) = TABLE.match_prefix(rest) else {
            report_unknown_ai(rest, pos, collector);
            return;
        };
        let ai_len = entry.ai.len();
        let value_start = pos + ai_len;
        let field = &data[value_start..];
        let field_end = field
            .iter()
            .position(|byte| is_gs(*byte))
            .unwrap_or(field.len());
        let value_len = match entry.fixed_length() {
            Some(fixed) if field_end >= fixed => fixed,
            Some(fixed) => {
                let message = format!(
                    "AI ({}) needs exactly {fixed} characters, found {field_end}",
                    entry.ai
                );
                collector.error(
                    Gs1Error::new(ErrorCode::BadLength, Some(&entry.ai), message).at(value_start),
                );
                field_end
            }
            None => field_end,
        };
        let value = &field[..value_len];
        if value.is_empty() {
            let message = format!("AI ({}) has no data", entry.ai);
            collector
                .error(Gs1Error::new(ErrorCode::Empty, Some(&entry.ai), message).at(value_start));
        } else if entry.fixed_length().is_none_or(|fixed| fixed == value_len) {
            collector.push_entry(entry, value, value_start);
        }
        pos = value_start + value_len;
        if pos < data.len() && is_gs(data[pos]) {
            pos += 1;
            if pos < data.len() && is_gs(data[pos]) {
                collector.error(
                    Gs1Error::new(ErrorCode::BadSyntax, None, "two GS separators in a row").at(pos),
                );
                while pos < data.len() && is_gs(data[pos]) {
                    pos += 1;
                }
            }
        }
    }
}

/// Names the unknown AI as well as the data allow: GS1 keeps AI lengths determined by
/// their first two digits, so an unknown AI with a used prefix can be named exactly.
fn report_unknown_ai(rest: &[u8], pos: usize, collector: &mut Collector) {
    let digits = rest
        .iter()
        .take(4)
        .take_while(|byte| byte.is_ascii_digit())
        .count();
    if digits < 2 {
        let shown = String::from_utf8_lossy(&rest[..rest.len().min(8)]).into_owned();
        collector.error(
            Gs1Error::new(
                ErrorCode::BadSyntax,
                None,
                format!("expected an AI (digits) but found {shown:?}"),
            )
            .at(pos),
        );
        return;
    }
    let ai_len = TABLE
        .length_for_prefix(rest)
        .filter(|len| *len <= digits)
        .unwrap_or(digits);
    let ai = String::from_utf8_lossy(&rest[..ai_len]).into_owned();
    let message = format!("unknown AI ({ai}): it is not in the GS1 Barcode Syntax Dictionary; the rest of the scan cannot be read");
    collector.error(Gs1Error::new(ErrorCode::UnknownAi, Some(&ai), message).at(pos));
}

fn parse_bracketed_into(text: &[u8], collector: &mut Collector) {
    let mut pos = 0;
    while pos < text.len() {
        if text[pos] != b'(' {
            collector.error(
                Gs1Error::new(
                    ErrorCode::BadSyntax,
                    None,
                    "expected `(` to open an AI in bracketed data",
                )
                .at(pos),
            );
            return;
        }
        let Some(close) = text[pos..].iter().position(|byte| *byte == b')') else {
            collector.error(
                Gs1Error::new(ErrorCode::BadSyntax, None, "an AI bracket is not closed").at(pos),
            );
            return;
        };
        let ai_bytes = &text[pos + 1..pos + close];
        let value_start = pos + close + 1;
        let mut value = Vec::with_capacity(32);
        let mut cursor = value_start;
        while cursor < text.len() && text[cursor] != b'(' {
            if text[cursor] == b'\\' && text.get(cursor + 1) == Some(&b'(') {
                cursor += 1;
            }
            value.push(text[cursor]);
            cursor += 1;
        }
        let ai = String::from_utf8_lossy(ai_bytes);
        match TABLE.get(&ai) {
            None if ai_bytes.len() < 2
                || ai_bytes.len() > 4
                || !ai_bytes.iter().all(u8::is_ascii_digit) =>
            {
                collector.error(
                    Gs1Error::new(
                        ErrorCode::BadSyntax,
                        None,
                        format!("({ai}) is not an AI: AIs are 2 to 4 digits"),
                    )
                    .at(pos),
                );
            }
            None => {
                let message =
                    format!("unknown AI ({ai}): it is not in the GS1 Barcode Syntax Dictionary");
                collector.error(Gs1Error::new(ErrorCode::UnknownAi, Some(&ai), message).at(pos));
            }
            Some(_) if value.is_empty() => {
                collector.error(
                    Gs1Error::new(
                        ErrorCode::Empty,
                        Some(&ai),
                        format!("AI ({ai}) has no data"),
                    )
                    .at(value_start),
                );
            }
            Some(entry) => collector.push_entry(entry, &value, value_start),
        }
        pos = cursor;
    }
}

/// Collects elements and problems from any input form, checking each value as it arrives.
pub(crate) struct Collector<'o> {
    pub(crate) options: &'o ParseOptions,
    pub(crate) elements: Vec<Element>,
    pub(crate) errors: Vec<Gs1Error>,
    /// Added to every reported position (the length of a stripped AIM identifier).
    pub(crate) offset: usize,
}

impl<'o> Collector<'o> {
    pub(crate) fn new(options: &'o ParseOptions) -> Collector<'o> {
        Collector {
            options,
            elements: Vec::with_capacity(6),
            errors: Vec::new(),
            offset: 0,
        }
    }

    pub(crate) fn error(&mut self, mut error: Gs1Error) {
        if let Some(position) = error.position.as_mut() {
            *position += self.offset;
        }
        self.errors.push(error);
    }

    /// Looks the AI up and adds its value.
    pub(crate) fn push_value(&mut self, ai: &str, value: &[u8], position: usize) {
        match TABLE.get(ai) {
            Some(entry) => self.push_entry(entry, value, position),
            None => self.error(
                Gs1Error::new(ErrorCode::UnknownAi, Some(ai), format!("unknown AI ({ai})"))
                    .at(position),
            ),
        }
    }

    /// Checks one value against its dictionary entry and keeps it; a repeated AI with the
    /// same value is kept once, with a different value it is an error.
    pub(crate) fn push_entry(&mut self, entry: &'static AiEntry, value: &[u8], position: usize) {
        let error_count = self.errors.len();
        check_value(entry, value, position, self);
        let value_text = String::from_utf8_lossy(value);
        if let Some(previous) = self.elements.iter().find(|element| element.ai == entry.ai) {
            if previous.value != value_text {
                let message = format!(
                    "AI ({}) appears twice with different values: {:?} and {:?}",
                    entry.ai, previous.value, value_text
                );
                self.error(
                    Gs1Error::new(ErrorCode::DuplicateAi, Some(&entry.ai), message).at(position),
                );
            }
            return;
        }
        let mut element = Element {
            ai: entry.ai.clone(),
            value: value_text.into_owned(),
            title: title_of(entry),
            date: None,
            date_time: None,
            decimal: None,
            currency: None,
        };
        if self.errors.len() == error_count {
            add_typed_values(entry, &mut element, self.options.today);
        }
        self.elements.push(element);
    }

    pub(crate) fn finish_into(mut self, mut parsed: Parsed) -> Parsed {
        if self.options.check_associations && self.errors.is_empty() {
            self.errors.extend(check_associations(&self.elements));
        }
        parsed.elements = self.elements;
        parsed.errors = self.errors;
        parsed
    }
}

/// The title lives in the static table, so elements can borrow it for the program's life.
fn title_of(entry: &'static AiEntry) -> &'static str {
    entry.title.as_str()
}

/// Length, character set and linters, component by component (the dictionary header: each
/// component consumes a prefix of its prescribed length; optional ones may be left out once
/// the data is exhausted).
fn check_value(entry: &AiEntry, value: &[u8], position: usize, collector: &mut Collector) {
    let (min, max) = entry.length_range();
    if value.len() < min || value.len() > max {
        let expected = if min == max {
            format!("exactly {min}")
        } else {
            format!("{min} to {max}")
        };
        let message = format!(
            "AI ({}) needs {expected} characters, found {}",
            entry.ai,
            value.len()
        );
        collector.error(Gs1Error::new(ErrorCode::BadLength, Some(&entry.ai), message).at(position));
        return;
    }
    let mut offset = 0;
    for component in &entry.components {
        let rest = &value[offset..];
        if rest.is_empty() && component.optional {
            break;
        }
        let take = if component.min == component.max {
            component.max
        } else {
            rest.len().min(component.max)
        };
        if rest.len() < take {
            let message = format!(
                "AI ({}) is too short: a component of {take} characters is cut off",
                entry.ai
            );
            collector.error(
                Gs1Error::new(ErrorCode::BadLength, Some(&entry.ai), message).at(position + offset),
            );
            return;
        }
        let part = &rest[..take];
        for (name, linter) in &component.linters {
            if let Err(lint_error) = linter(part) {
                let code = match lint_error.code.kind() {
                    LintKind::CheckDigit => ErrorCode::CheckDigit,
                    LintKind::Date => ErrorCode::BadDate,
                    LintKind::Charset => ErrorCode::IllegalChar,
                    LintKind::Length => ErrorCode::BadLength,
                    LintKind::Other => ErrorCode::BadValue,
                };
                let start = lint_error.start.min(part.len());
                let end = (start + lint_error.len).min(part.len());
                let offending = String::from_utf8_lossy(&part[start..end]);
                let message = format!(
                    "AI ({}) value {:?}: {} (at {:?}; {name})",
                    entry.ai,
                    String::from_utf8_lossy(value),
                    lint_error.code.message(),
                    offending
                );
                collector.error(
                    Gs1Error::new(code, Some(&entry.ai), message).at(position + offset + start),
                );
                return;
            }
        }
        offset += take;
    }
}

/// Adds the date, date-time, decimal and currency readings that the AI's definition implies.
fn add_typed_values(entry: &AiEntry, element: &mut Element, today: Option<NaiveDate>) {
    let value = element.value.as_bytes();
    let first_linters = entry
        .components
        .first()
        .map(|component| &component.linters[..])
        .unwrap_or_default();
    let has = |linters: &[(&str, lint::Linter)], name: &str| {
        linters.iter().any(|(linter, _)| *linter == name)
    };
    let date = if has(first_linters, "yymmd0") || has(first_linters, "yymmdd") {
        six_digit_date(value, today)
    } else if has(first_linters, "yyyymmd0") || has(first_linters, "yyyymmdd") {
        eight_digit_date(value)
    } else {
        None
    };
    if let Some(date) = date {
        element.date = Some(date);
        let date_len = entry.components[0].max;
        let time = &value[date_len..];
        let time_linters = entry
            .components
            .get(1)
            .map(|component| &component.linters[..])
            .unwrap_or_default();
        if !time.is_empty() && (has(time_linters, "hh") || has(time_linters, "hhmi")) {
            let field = |idx: usize| time.get(idx * 2..idx * 2 + 2).map_or(Some(0), two_digits);
            if let (Some(hour), Some(minute), Some(second)) = (field(0), field(1), field(2)) {
                element.date_time = NaiveTime::from_hms_opt(hour, minute, second)
                    .map(|time| NaiveDateTime::new(date, time));
            }
        }
    }
    let ai = entry.ai.as_bytes();
    if let [b'3', kind @ (b'1'..=b'6' | b'9'), third, decimals @ b'0'..=b'9'] = ai {
        let decimals = usize::from(decimals - b'0');
        let digits = match (kind, third) {
            (b'9', b'1' | b'3') => {
                element.currency = Some(element.value[..3].to_owned());
                &element.value[3..]
            }
            _ => element.value.as_str(),
        };
        element.decimal = Some(implied_decimal(digits, decimals));
    }
}

/// `008450` with 3 decimals is `8.450`; with 0 decimals `8450`.
fn implied_decimal(digits: &str, decimals: usize) -> String {
    let padded;
    let digits = if digits.len() <= decimals {
        padded = format!("{digits:0>width$}", width = decimals + 1);
        padded.as_str()
    } else {
        digits
    };
    let (integer, fraction) = digits.split_at(digits.len() - decimals);
    let integer = integer.trim_start_matches('0');
    let integer = if integer.is_empty() { "0" } else { integer };
    if decimals == 0 {
        integer.to_owned()
    } else {
        format!("{integer}.{fraction}")
    }
}

fn two_digits(pair: &[u8]) -> Option<u32> {
    match pair {
        [tens @ b'0'..=b'9', units @ b'0'..=b'9'] => {
            Some(u32::from(tens - b'0') * 10 + u32::from(units - b'0'))
        }
        _ => None,
    }
}

/// `YYMMDD`, with `DD = 00` meaning the last day of the month and the century chosen by
/// the GS1 rule (GenSpecs 7.12): a `YY` 51..99 years ahead of today's is last century, one
/// 50..99 years behind is next century, anything else is this century.
pub(crate) fn six_digit_date(value: &[u8], today: Option<NaiveDate>) -> Option<NaiveDate> {
    let year_digits = two_digits(value.get(0..2)?)? as i32;
    let month = two_digits(value.get(2..4)?)?;
    let day = two_digits(value.get(4..6)?)?;
    let (current_century, current_yy) = match today {
        Some(today) => (
            today.year().div_euclid(100) * 100,
            today.year().rem_euclid(100),
        ),
        None => (2000, year_digits),
    };
    let difference = year_digits - current_yy;
    let century = if (51..=99).contains(&difference) {
        current_century - 100
    } else if (-99..=-50).contains(&difference) {
        current_century + 100
    } else {
        current_century
    };
    calendar_date(century + year_digits, month, day)
}

fn eight_digit_date(value: &[u8]) -> Option<NaiveDate> {
    let century = two_digits(value.get(0..2)?)? as i32;
    let year = two_digits(value.get(2..4)?)? as i32;
    calendar_date(
        century * 100 + year,
        two_digits(value.get(4..6)?)?,
        two_digits(value.get(6..8)?)?,
    )
}

fn calendar_date(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    let day = if day == 0 && (1..=12).contains(&month) {
        lint::days_in_month(year, month)
    } else {
        day
    };
    NaiveDate::from_ymd_opt(year, month, day)
}

#[cfg(test)]
mod tests;
