//! Field values and placeholder formatting.
//!
//! Values arrive as text (`--set expiry=2026-12-31`) and are checked against the kind the
//! template declares before anything is laid out. Placeholders pick a format:
//!
//! | kind    | format       | example in → out                         |
//! |---------|--------------|------------------------------------------|
//! | date    | (none)       | `2026-12-31` → `2026-12-31`              |
//! | date    | `yymmdd`     | `2026-12-31` → `261231` (GS1 date AIs)   |
//! | date    | `%d.%m.%Y`…  | any chrono strftime pattern, for text    |
//! | decimal | `d3`         | `8.45` → `008450` (GS1 310n/330n: 6 digits, n implied decimals) |
//! | decimal | `.2`         | `8.4` → `8.40` (text)                    |
//! | integer | `pad4`       | `7` → `0007`                             |
//! | gtin    | (none)       | `9506000134352` → `09506000134352` (GTIN-14) |
//! | gtin    | `gtin13`     | `09506000134352` → `9506000134352` (EAN-13) |
//! | text    | `upper`      | `abc` → `ABC`                            |
//!
//! Formatting never rounds: a weight with more decimals than its AI holds is refused, so a
//! label never states a different quantity than the one given.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Deserialize;

use super::template::Template;
use super::LabelError;

/// What a field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    Text,
    /// An ISO date `YYYY-MM-DD`.
    Date,
    /// A non-negative decimal number such as `8.45`.
    Decimal,
    /// A non-negative whole number.
    Integer,
    /// A GTIN-8/12/13/14, stored as 14 digits.
    Gtin,
    /// An 18-digit SSCC.
    Sscc,
}

/// The values given for one label, by field name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldValues {
    values: BTreeMap<String, String>,
}

impl FieldValues {
    pub fn new() -> FieldValues {
        FieldValues::default()
    }

    /// Builds values from `name=value` pairs as given on the command line.
    pub fn from_assignments<'a>(
        assignments: impl IntoIterator<Item = &'a str>,
    ) -> Result<FieldValues, LabelError> {
        let mut values = FieldValues::new();
        for assignment in assignments {
            let Some((name, value)) = assignment.split_once('=') else {
                return Err(LabelError::BadFieldValue {
                    field: assignment.to_owned(),
                    value: String::new(),
                    reason: "write NAME=VALUE, e.g. --set lot=ABC123".to_owned(),
                });
            };
            values.set(name.trim(), value);
        }
        Ok(values)
    }

    pub fn set(&mut self, name: &str, value: &str) -> &mut FieldValues {
        self.values.insert(name.to_owned(), value.to_owned());
        self
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.values.get(name).map(String::as_str)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.values.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// Checks the values against the template: no unknown names, every required field
    /// present, every value of its kind. Returns the complete set with defaults filled in and
    /// GTINs normalised to 14 digits.
    pub fn resolve(&self, template: &Template) -> Result<BTreeMap<String, String>, LabelError> {
        for name in self.values.keys() {
            if !template.fields.contains_key(name) {
                let known: Vec<&str> = template.fields.keys().map(String::as_str).collect();
                return Err(LabelError::UnknownField {
                    template: template.name.clone(),
                    field: name.clone(),
                    known: known.join(", "),
                });
            }
        }
        let mut resolved = BTreeMap::new();
        for (name, spec) in &template.fields {
            let value = match (self.values.get(name), &spec.default) {
                (Some(value), _) => value.clone(),
                (None, Some(default)) => default.clone(),
                (None, None) => {
                    return Err(LabelError::MissingField {
                        template: template.name.clone(),
                        field: name.clone(),
                    })
                }
            };
            let bad = |reason: String| LabelError::BadFieldValue {
                field: name.clone(),
                value: value.clone(),
                reason,
            };
            check_value(spec.kind, &value).map_err(bad)?;
            if let Some(max_len) = spec.max_len {
                if value.chars().count() > max_len {
                    return Err(bad(format!(
                        "longer than the {max_len} characters the label allows"
                    )));
                }
            }
            let normalised = match spec.kind {
                FieldKind::Gtin => format!("{value:0>14}"),
                _ => value.clone(),
            };
            resolved.insert(name.clone(), normalised);
        }
        Ok(resolved)
    }
}

/// Checks one value against its kind.
pub fn check_value(kind: FieldKind, value: &str) -> Result<(), String> {
    match kind {
        FieldKind::Text => {
            if value.chars().any(char::is_control) {
                return Err("contains a control character; labels print visible text only".into());
            }
        }
        FieldKind::Date => {
            parse_date(value)?;
        }
        FieldKind::Decimal => {
            parse_decimal(value)?;
        }
        FieldKind::Integer => {
            if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) || value.len() > 18 {
                return Err("not a whole number (digits only)".into());
            }
        }
        FieldKind::Gtin => {
            if ![8, 12, 13, 14].contains(&value.len()) || !value.bytes().all(|b| b.is_ascii_digit())
            {
                return Err("a GTIN has 8, 12, 13 or 14 digits".into());
            }
            check_mod10(value)?;
        }
        FieldKind::Sscc => {
            if value.len() != 18 || !value.bytes().all(|b| b.is_ascii_digit()) {
                return Err("an SSCC has 18 digits".into());
            }
            check_mod10(value)?;
        }
    }
    Ok(())
}

/// GS1 mod-10 check digit over all digits but the last (GS1 General Specifications 7.9.1).
fn check_mod10(digits: &str) -> Result<(), String> {
    let bytes = digits.as_bytes();
    let Some((&last, body)) = bytes.split_last() else {
        return Err("empty".into());
    };
    let mut sum = 0u32;
    for (position, &b) in body.iter().rev().enumerate() {
        let digit = u32::from(b - b'0');
        sum += if position % 2 == 0 { digit * 3 } else { digit };
    }
    let expected = (10 - sum % 10) % 10;
    let given = u32::from(last - b'0');
    if expected != given {
        return Err(format!(
            "check digit is {given}, should be {expected}: retype the number"
        ));
    }
    Ok(())
}

fn parse_date(value: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(value, "%Y-%m-%d")
        .map_err(|_| "not an ISO date: write YYYY-MM-DD, e.g. 2026-12-31".to_owned())
}

/// Splits a decimal into integer and fraction digits.
fn parse_decimal(value: &str) -> Result<(&str, &str), String> {
    let (integer, fraction) = value.split_once('.').unwrap_or((value, ""));
    let digits_only = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if integer.is_empty() || !digits_only(integer) || !digits_only(fraction) || integer.len() > 12 {
        return Err("not a decimal number: write e.g. 8.45 (a point, no sign, no unit)".into());
    }
    Ok((integer, fraction))
}

/// One `{name}` or `{name:format}` in a template string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placeholder {
    pub name: String,
    pub format: Option<String>,
}

enum Piece<'a> {
    Literal(std::borrow::Cow<'a, str>),
    Field(Placeholder),
}

fn split(template: &str) -> Result<Vec<Piece<'_>>, String> {
    let mut pieces = Vec::new();
    let mut literal = String::new();
    let mut chars = template.char_indices().peekable();
    while let Some((index, ch)) = chars.next() {
        match ch {
            '{' if matches!(chars.peek(), Some((_, '{'))) => {
                chars.next();
                literal.push('{');
            }
            '}' if matches!(chars.peek(), Some((_, '}'))) => {
                chars.next();
                literal.push('}');
            }
            '{' => {
                let rest = &template[index + 1..];
                let Some(end) = rest.find('}') else {
                    return Err("'{' without '}': write {{ for a literal brace".into());
                };
                let inner = &rest[..end];
                let (name, format) = match inner.split_once(':') {
                    Some((name, format)) => (name, Some(format.to_owned())),
                    None => (inner, None),
                };
                if name.is_empty() {
                    return Err("empty placeholder {}".into());
                }
                if !literal.is_empty() {
                    pieces.push(Piece::Literal(std::mem::take(&mut literal).into()));
                }
                pieces.push(Piece::Field(Placeholder {
                    name: name.to_owned(),
                    format,
                }));
                for _ in 0..inner.chars().count() + 1 {
                    chars.next();
                }
            }
            '}' => return Err("'}' without '{': write }} for a literal brace".into()),
            other => literal.push(other),
        }
    }
    if !literal.is_empty() {
        pieces.push(Piece::Literal(literal.into()));
    }
    Ok(pieces)
}

/// The placeholders of a template string, in order.
pub fn placeholders(template: &str) -> Result<Vec<Placeholder>, String> {
    Ok(split(template)?
        .into_iter()
        .filter_map(|piece| match piece {
            Piece::Field(placeholder) => Some(placeholder),
            Piece::Literal(_) => None,
        })
        .collect())
}

/// Checks that a format applies to a kind (done when a template is loaded).
pub fn check_format(kind: FieldKind, format: Option<&str>) -> Result<(), String> {
    let Some(format) = format else { return Ok(()) };
    let ok = match kind {
        FieldKind::Date => {
            format == "yymmdd"
                || (format.contains('%') && {
                    let sample = NaiveDate::from_ymd_opt(2026, 12, 31);
                    sample.is_some_and(|date| {
                        use std::fmt::Write;
                        let mut out = String::new();
                        write!(out, "{}", date.format(format)).is_ok()
                    })
                })
        }
        FieldKind::Decimal => {
            decimal_places(format, 'd').is_some() || decimal_places(format, '.').is_some()
        }
        FieldKind::Integer => format
            .strip_prefix("pad")
            .and_then(|n| n.parse::<usize>().ok())
            .is_some(),
        FieldKind::Gtin => format == "gtin13" || format == "gtin14",
        FieldKind::Sscc => false,
        FieldKind::Text => format == "upper",
    };
    if ok {
        Ok(())
    } else {
        Err(format!(
            "format {format:?} does not apply to a {kind:?} field (see label::fields)"
        ))
    }
}

fn decimal_places(format: &str, prefix: char) -> Option<usize> {
    let places: usize = format.strip_prefix(prefix)?.parse().ok()?;
    (places <= 9).then_some(places)
}

/// Applies a format to a checked value.
pub fn format_value(kind: FieldKind, value: &str, format: Option<&str>) -> Result<String, String> {
    let Some(format) = format else {
        return Ok(value.to_owned());
    };
    match kind {
        FieldKind::Date => {
            let date = parse_date(value)?;
            if format == "yymmdd" {
                Ok(date.format("%y%m%d").to_string())
            } else {
                use std::fmt::Write;
                let mut out = String::new();
                write!(out, "{}", date.format(format))
                    .map_err(|_| format!("bad date format {format:?}"))?;
                Ok(out)
            }
        }
        FieldKind::Decimal => {
            let (integer, fraction) = parse_decimal(value)?;
            let fraction_digits = fraction.trim_end_matches('0');
            if let Some(places) = decimal_places(format, 'd') {
                if fraction_digits.len() > places {
                    return Err(format!(
                        "has more than {places} decimals; the AI holds {places} (no rounding on labels)"
                    ));
                }
                let digits = format!(
                    "{}{:0<places$}",
                    integer.trim_start_matches('0'),
                    fraction_digits
                );
                if digits.len() > 6 {
                    return Err(format!(
                        "too large for a 6-digit GS1 measure with {places} decimals"
                    ));
                }
                Ok(format!("{digits:0>6}"))
            } else if let Some(places) = decimal_places(format, '.') {
                if fraction_digits.len() > places {
                    return Err(format!(
                        "has more than {places} decimals (no rounding on labels)"
                    ));
                }
                if places == 0 {
                    Ok(integer.to_owned())
                } else {
                    Ok(format!("{integer}.{fraction_digits:0<places$}"))
                }
            } else {
                Err(format!("unknown decimal format {format:?}"))
            }
        }
        FieldKind::Integer => {
            let width: usize = format
                .strip_prefix("pad")
                .and_then(|n| n.parse().ok())
                .ok_or_else(|| format!("unknown integer format {format:?}"))?;
            if value.len() > width {
                return Err(format!("longer than {width} digits"));
            }
            Ok(format!("{value:0>width$}"))
        }
        FieldKind::Gtin => match format {
            "gtin14" => Ok(format!("{value:0>14}")),
            "gtin13" => {
                let gtin14 = format!("{value:0>14}");
                match gtin14.strip_prefix('0') {
                    Some(gtin13) => Ok(gtin13.to_owned()),
                    None => Err("a GTIN-14 with indicator digit 1-9 cannot be an EAN-13".into()),
                }
            }
            _ => Err(format!("unknown GTIN format {format:?}")),
        },
        FieldKind::Sscc => Err("SSCC fields take no format".into()),
        FieldKind::Text => match format {
            "upper" => Ok(value.to_uppercase()),
            _ => Err(format!("unknown text format {format:?}")),
        },
    }
}

/// Replaces every placeholder of `template_string` with its formatted value.
pub fn expand(
    template_string: &str,
    resolved: &BTreeMap<String, String>,
    template: &Template,
) -> Result<String, LabelError> {
    let pieces = split(template_string).map_err(|reason| LabelError::Element {
        element: format!("template string {template_string:?}"),
        message: reason,
    })?;
    let mut out = String::new();
    for piece in pieces {
        match piece {
            Piece::Literal(text) => out.push_str(&text),
            Piece::Field(placeholder) => {
                let (Some(value), Some(spec)) = (
                    resolved.get(&placeholder.name),
                    template.fields.get(&placeholder.name),
                ) else {
                    return Err(LabelError::MissingField {
                        template: template.name.clone(),
                        field: placeholder.name,
                    });
                };
                let formatted = format_value(spec.kind, value, placeholder.format.as_deref())
                    .map_err(|reason| LabelError::BadFieldValue {
                        field: placeholder.name.clone(),
                        value: value.clone(),
                        reason,
                    })?;
                out.push_str(&formatted);
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(kind: FieldKind, value: &str, format: Option<&str>, expected: Result<&str, ()>) {
        let got = format_value(kind, value, format);
        match expected {
            Ok(text) => assert_eq!(got.as_deref(), Ok(text), "{kind:?} {value} {format:?}"),
            Err(()) => assert!(got.is_err(), "{kind:?} {value} {format:?} gave {got:?}"),
        }
    }

    #[test]
    fn formats() {
        check(FieldKind::Date, "2026-12-31", Some("yymmdd"), Ok("261231"));
        check(
            FieldKind::Date,
            "2026-12-31",
            Some("%d.%m.%Y"),
            Ok("31.12.2026"),
        );
        check(FieldKind::Date, "2026-12-31", None, Ok("2026-12-31"));
        check(FieldKind::Decimal, "8.45", Some("d3"), Ok("008450"));
        check(FieldKind::Decimal, "8.455", Some("d2"), Err(()));
        check(FieldKind::Decimal, "1234.5", Some("d3"), Err(()));
        check(FieldKind::Decimal, "12", Some("d0"), Ok("000012"));
        check(FieldKind::Decimal, "8.4", Some(".2"), Ok("8.40"));
        check(FieldKind::Integer, "7", Some("pad4"), Ok("0007"));
        check(
            FieldKind::Gtin,
            "09506000134352",
            Some("gtin13"),
            Ok("9506000134352"),
        );
        check(FieldKind::Gtin, "19506000134359", Some("gtin13"), Err(()));
        check(FieldKind::Text, "abc", Some("upper"), Ok("ABC"));
    }

    #[test]
    fn values() {
        assert!(check_value(FieldKind::Gtin, "09506000134352").is_ok());
        assert!(check_value(FieldKind::Gtin, "09506000134353").is_err());
        assert!(check_value(FieldKind::Sscc, "095060001234567891").is_err());
        assert!(check_value(FieldKind::Date, "2026-02-30").is_err());
        assert!(check_value(FieldKind::Text, "a\nb").is_err());
        assert!(check_value(FieldKind::Decimal, "-1").is_err());
    }

    #[test]
    fn placeholder_parsing() {
        let found = placeholders("EXP {expiry:%d.%m.%Y} {{lit}} {lot}").unwrap();
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].name, "expiry");
        assert_eq!(found[0].format.as_deref(), Some("%d.%m.%Y"));
        assert_eq!(found[1].name, "lot");
        assert!(placeholders("{open").is_err());
        assert!(placeholders("close}").is_err());
    }
}
