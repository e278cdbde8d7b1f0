//! GS1 Digital Link URIs (GS1 Digital Link Standard: URI Syntax 1.x): reading them into
//! elements, and generating the canonical URI for a set of elements.
//!
//! A URI reads as `https://host/optional/stem/{key AI}/{key}/{qualifier AI}/{value}...?{AI}={value}&...`.
//! The key is the first path segment that is a `dlpkey` AI followed only by AI/value pairs;
//! qualifiers must follow the key in one of the orders its `dlpkey=` attribute allows;
//! query parameters that are AIs must be flagged `?` (data attributes) in the dictionary;
//! other query parameters are reported as ignored.

use thiserror::Error;

use super::dictionary::{AiEntry, TABLE};
use super::element_string::build_element_string;
use super::model::{ErrorCode, Gs1Error, Kind};
use super::parse::Collector;

/// Why no Digital Link URI could be made from a set of elements.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum DigitalLinkError {
    #[error("the GS1 data is invalid: {}", .0.iter().map(|error| error.message.as_str()).collect::<Vec<_>>().join("; "))]
    Invalid(Vec<Gs1Error>),
    #[error("none of the AIs is a Digital Link primary key (such as (01) GTIN or (00) SSCC)")]
    NoPrimaryKey,
    #[error("AI ({0}) cannot be carried in a Digital Link URI with this key: it is neither a qualifier of the key nor a data attribute")]
    NotAllowed(String),
}

/// Reads a Digital Link URI into the collector. Returns [`Kind::Plain`] (and collects
/// nothing) when the URI has no GS1 key path: an ordinary web address is not an error.
pub(crate) fn parse_into(
    uri: &[u8],
    collector: &mut Collector,
    ignored_params: &mut Vec<String>,
) -> Kind {
    let Ok(uri) = std::str::from_utf8(uri) else {
        collector.error(Gs1Error::new(
            ErrorCode::DlSyntax,
            None,
            "a Digital Link URI must be ASCII; non-ASCII characters must be percent-encoded",
        ));
        return Kind::DigitalLink;
    };
    if let Some(position) = uri.bytes().position(|byte| !byte.is_ascii_graphic()) {
        collector.error(
            Gs1Error::new(
                ErrorCode::DlSyntax,
                None,
                "a Digital Link URI may not contain spaces, control or non-ASCII characters",
            )
            .at(position),
        );
        return Kind::DigitalLink;
    }
    let without_fragment = uri.split_once('#').map_or(uri, |(before, _)| before);
    let (before_query, query) = match without_fragment.split_once('?') {
        Some((before, query)) => (before, Some(query)),
        None => (without_fragment, None),
    };
    let Some(scheme_end) = before_query.find("://") else {
        return Kind::Plain;
    };
    let after_scheme = scheme_end + 3;
    let path_start = before_query[after_scheme..]
        .find('/')
        .map_or(before_query.len(), |idx| after_scheme + idx);
    if path_start == after_scheme {
        collector.error(
            Gs1Error::new(ErrorCode::DlSyntax, None, "the URI has no host name").at(after_scheme),
        );
        return Kind::DigitalLink;
    }
    // Segments with their byte offsets; a trailing slash adds nothing.
    let mut segments: Vec<(usize, &str)> = Vec::with_capacity(8);
    let mut offset = path_start;
    for segment in before_query[path_start..].split('/').skip(1) {
        offset += 1;
        segments.push((offset, segment));
        offset += segment.len();
    }
    if segments
        .last()
        .is_some_and(|(_, segment)| segment.is_empty())
    {
        segments.pop();
    }
    let Some(key_idx) = find_key(&segments) else {
        return Kind::Plain;
    };

    let key_entry = TABLE.get(segments[key_idx].1);
    let mut qualifiers = Vec::new();
    for pair in segments[key_idx..].chunks(2) {
        let [(ai_position, ai), (value_position, raw_value)] = pair else {
            continue;
        };
        let Some(value) = percent_decode(raw_value) else {
            collector.error(
                Gs1Error::new(
                    ErrorCode::DlSyntax,
                    Some(ai),
                    format!("AI ({ai}) value {raw_value:?} has a bad percent-encoding"),
                )
                .at(*value_position),
            );
            continue;
        };
        if *ai_position != segments[key_idx].0 {
            qualifiers.push(*ai);
        }
        if value.is_empty() {
            collector.error(
                Gs1Error::new(ErrorCode::Empty, Some(ai), format!("AI ({ai}) has no data"))
                    .at(*value_position),
            );
            continue;
        }
        let value = if *ai == "01" {
            expand_gtin(value, collector, *value_position)
        } else {
            Some(value)
        };
        if let Some(value) = value {
            collector.push_value(ai, &value, *value_position);
        }
    }
    if let Some(key_entry) = key_entry {
        check_qualifier_order(key_entry, &qualifiers, collector, segments[key_idx].0);
    }

    if let Some(query) = query {
        let mut position = before_query.len() + 1;
        for param in query.split('&') {
            let param_position = position;
            position += param.len() + 1;
            if param.is_empty() {
                continue;
            }
            let (key, raw_value) = param.split_once('=').unwrap_or((param, ""));
            if key.is_empty() || !key.bytes().all(|byte| byte.is_ascii_digit()) {
                ignored_params.push(key.to_owned());
                continue;
            }
            let Some(entry) = TABLE.get(key) else {
                collector.error(
                    Gs1Error::new(
                        ErrorCode::UnknownAi,
                        Some(key),
                        format!("unknown AI ({key}) in the query"),
                    )
                    .at(param_position),
                );
                continue;
            };
            if !entry.dl_attribute {
                let message = format!("AI ({key}) is not allowed as a Digital Link query attribute: it belongs in the path, or in no Digital Link at all");
                collector.error(
                    Gs1Error::new(ErrorCode::DlSyntax, Some(key), message).at(param_position),
                );
                continue;
            }
            let value_position = param_position + key.len() + 1;
            match percent_decode(raw_value) {
                None => collector.error(
                    Gs1Error::new(
                        ErrorCode::DlSyntax,
                        Some(key),
                        format!("AI ({key}) value {raw_value:?} has a bad percent-encoding"),
                    )
                    .at(value_position),
                ),
                Some(value) if value.is_empty() => collector.error(
                    Gs1Error::new(
                        ErrorCode::Empty,
                        Some(key),
                        format!("AI ({key}) has no data"),
                    )
                    .at(value_position),
                ),
                Some(value) => collector.push_entry(entry, &value, value_position),
            }
        }
    }
    Kind::DigitalLink
}

/// The first segment that is a primary-key AI and is followed only by AI/value pairs.
fn find_key(segments: &[(usize, &str)]) -> Option<usize> {
    (0..segments.len()).find(|&idx| {
        let is_key = TABLE
            .get(segments[idx].1)
            .is_some_and(|entry| entry.dl_primary_key.is_some());
        is_key
            && (segments.len() - idx) % 2 == 0
            && segments[idx..]
                .iter()
                .step_by(2)
                .all(|(_, ai)| TABLE.get(ai).is_some())
    })
}

/// A GTIN in a URI path is 14 digits; GTIN-8/12/13 forms are accepted only when the
/// options allow it (GS1 Digital Link 1.2 made the 14-digit form the only valid one).
fn expand_gtin(value: Vec<u8>, collector: &mut Collector, position: usize) -> Option<Vec<u8>> {
    if value.len() == 14
        || !matches!(value.len(), 8 | 12 | 13)
        || !value.iter().all(u8::is_ascii_digit)
    {
        return Some(value);
    }
    if collector.options.allow_zero_suppressed_gtin {
        let mut padded = vec![b'0'; 14 - value.len()];
        padded.extend_from_slice(&value);
        return Some(padded);
    }
    let message = format!("the GTIN in the URI has {} digits; a Digital Link GTIN must be written with 14 digits (pad with leading zeros)", value.len());
    collector.error(Gs1Error::new(ErrorCode::DlSyntax, Some("01"), message).at(position));
    None
}

fn check_qualifier_order(
    key: &AiEntry,
    qualifiers: &[&str],
    collector: &mut Collector,
    position: usize,
) {
    if qualifiers.is_empty() {
        return;
    }
    let sequences = key.dl_primary_key.as_deref().unwrap_or_default();
    let fits = |sequence: &Vec<String>| {
        let mut allowed = sequence.iter();
        qualifiers
            .iter()
            .all(|qualifier| allowed.any(|ai| ai == qualifier))
    };
    if !sequences.iter().any(fits) {
        let allowed: Vec<String> = sequences
            .iter()
            .filter(|sequence| !sequence.is_empty())
            .map(|sequence| sequence.iter().map(|ai| format!("/{ai}")).collect())
            .collect();
        let allowed = if allowed.is_empty() {
            "none".to_owned()
        } else {
            allowed.join(" or ")
        };
        let found: String = qualifiers.iter().map(|ai| format!("/{ai}")).collect();
        let message = format!(
            "key ({}) is followed by qualifiers {found} but allows only {allowed}, in that order",
            key.ai
        );
        collector.error(Gs1Error::new(ErrorCode::DlSyntax, Some(&key.ai), message).at(position));
    }
}

/// Decodes `%XX` escapes; `None` for a truncated or non-hex escape.
fn percent_decode(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut idx = 0;
    while idx < bytes.len() {
        if bytes[idx] == b'%' {
            let hex = bytes.get(idx + 1..idx + 3)?;
            let high = char::from(hex[0]).to_digit(16)?;
            let low = char::from(hex[1]).to_digit(16)?;
            decoded.push((high * 16 + low) as u8);
            idx += 3;
        } else {
            decoded.push(bytes[idx]);
            idx += 1;
        }
    }
    Some(decoded)
}

/// Percent-encodes everything outside RFC 3986's unreserved characters.
fn percent_encode(value: &str, out: &mut String) {
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
}

/// The canonical Digital Link URI for these elements under `base` (e.g.
/// `https://id.gs1.org`): the key, its qualifiers in their defined order, then every other
/// element as a query attribute in the order given.
pub fn digital_link_uri(pairs: &[(&str, &str)], base: &str) -> Result<String, DigitalLinkError> {
    let checked = build_element_string(pairs).map_err(DigitalLinkError::Invalid)?;
    let in_given_order: Vec<(&str, &str)> = pairs
        .iter()
        .filter_map(|(ai, _)| {
            checked
                .elements
                .iter()
                .find(|(checked_ai, _)| checked_ai == ai)
        })
        .map(|(ai, value)| (ai.as_str(), value.as_str()))
        .collect();
    let (key_ai, key_value, key_entry) = in_given_order
        .iter()
        .find_map(|(ai, value)| {
            TABLE
                .get(ai)
                .filter(|entry| entry.dl_primary_key.is_some())
                .map(|entry| (*ai, *value, entry))
        })
        .ok_or(DigitalLinkError::NoPrimaryKey)?;
    let present = |ai: &str| {
        in_given_order
            .iter()
            .find(|(present_ai, _)| *present_ai == ai)
            .map(|(_, value)| *value)
    };
    let sequences = key_entry.dl_primary_key.as_deref().unwrap_or_default();
    let best_sequence = sequences
        .iter()
        .max_by_key(|sequence| {
            (
                sequence.iter().filter(|ai| present(ai).is_some()).count(),
                std::cmp::Reverse(sequence.len()),
            )
        })
        .cloned()
        .unwrap_or_default();

    let mut uri = String::with_capacity(96);
    uri.push_str(base.trim_end_matches('/'));
    uri.push('/');
    uri.push_str(key_ai);
    uri.push('/');
    percent_encode(key_value, &mut uri);
    let mut in_path = vec![key_ai];
    for qualifier in &best_sequence {
        if let Some(value) = present(qualifier) {
            uri.push('/');
            uri.push_str(qualifier);
            uri.push('/');
            percent_encode(value, &mut uri);
            in_path.push(qualifier.as_str());
        }
    }
    let mut separator = '?';
    for (ai, value) in &in_given_order {
        if in_path.contains(ai) {
            continue;
        }
        let allowed = TABLE.get(ai).is_some_and(|entry| entry.dl_attribute);
        if !allowed {
            return Err(DigitalLinkError::NotAllowed((*ai).to_owned()));
        }
        uri.push(separator);
        separator = '&';
        uri.push_str(ai);
        uri.push('=');
        percent_encode(value, &mut uri);
    }
    Ok(uri)
}
