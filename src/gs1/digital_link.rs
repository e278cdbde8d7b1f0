//! GS1 Digital Link URIs (GS1 Digital Link Standard: URI Syntax 1.x): reading them into
//! elements, and generating the canonical URI for a set of elements.
//!
//! A URI reads as `https://host/optional/stem/{key AI}/{key}/{qualifier AI}/{value}...?{AI}={value}&...`.
//! Reading follows the GS1 Barcode Syntax Engine (`dl.c`), so that both give the same verdict:
//! - only RFC 3986 characters, a scheme of exactly `http`, `HTTP`, `https` or `HTTPS`, and a
//!   host name without `_~?#@!$&'()*+,;=%`;
//! - the key is found by walking the path backwards in `/AI/value` pairs until a `dlpkey` AI
//!   is reached (so a stem may itself contain AI-like segments); no key is an error;
//! - the key's qualifiers must be one of the orders its `dlpkey=` attribute allows;
//! - query parameters with a numeric name must be known AIs flagged `?` (data attributes),
//!   must not repeat an AI already given, and must not be a qualifier that belongs in the
//!   path; other parameters (and ones without `=`) are reported as ignored;
//! - `%XX` is decoded (a `%` not followed by two hex digits stays a `%`, `%00` is refused),
//!   and `+` is a space in the query.

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

/// The schemes that make scan data a Digital Link URI (the Syntax Engine's exact list).
const SCHEMES: [&[u8]; 4] = [b"https://", b"HTTPS://", b"http://", b"HTTP://"];

/// RFC 3986 characters, including `%` (the Syntax Engine's `uriCharacters`).
fn is_uri_char(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || b"-._~:/?#[]@!$&'()*+,;=%".contains(&byte)
}

/// Characters of [`is_uri_char`] that a host name may not contain.
fn is_bad_host_char(byte: u8) -> bool {
    b"_~?#@!$&'()*+,;=%".contains(&byte)
}

/// Whether scan data is to be read as a Digital Link URI: it starts with one of [`SCHEMES`].
pub(crate) fn is_digital_link_candidate(data: &[u8]) -> bool {
    SCHEMES.iter().any(|scheme| data.starts_with(scheme))
}

/// Reads a Digital Link URI into the collector. The caller has checked
/// [`is_digital_link_candidate`]; every problem becomes a [`Gs1Error`].
pub(crate) fn parse_into(
    uri: &[u8],
    collector: &mut Collector,
    ignored_params: &mut Vec<String>,
) -> Kind {
    let Some(position) = uri.iter().position(|byte| !is_uri_char(*byte)) else {
        // All bytes are ASCII from here on, so `str` slicing by byte offsets is safe.
        let uri = String::from_utf8_lossy(uri);
        read_uri(&uri, collector, ignored_params);
        return Kind::DigitalLink;
    };
    collector.error(
        Gs1Error::new(
            ErrorCode::DlSyntax,
            None,
            "a Digital Link URI may contain only RFC 3986 characters: spaces, quotes, `<>{}|^` and non-ASCII must be percent-encoded",
        )
        .at(position),
    );
    Kind::DigitalLink
}

fn read_uri(uri: &str, collector: &mut Collector, ignored_params: &mut Vec<String>) {
    let Some(scheme) = SCHEMES
        .iter()
        .find(|scheme| uri.as_bytes().starts_with(scheme))
    else {
        collector.error(Gs1Error::new(
            ErrorCode::DlSyntax,
            None,
            "a Digital Link URI must start with http:// or https:// (all lower or all upper case)",
        ));
        return;
    };
    let host_start = scheme.len();
    let Some(host_len) = uri[host_start..].find('/').filter(|len| *len > 0) else {
        collector.error(
            Gs1Error::new(
                ErrorCode::DlSyntax,
                None,
                "the URI has no host name or no path",
            )
            .at(host_start),
        );
        return;
    };
    let host = &uri[host_start..host_start + host_len];
    if let Some(bad) = host.bytes().position(is_bad_host_char) {
        collector.error(
            Gs1Error::new(
                ErrorCode::DlSyntax,
                None,
                format!("the host name {host:?} has a character a host name cannot have"),
            )
            .at(host_start + bad),
        );
        return;
    }
    let path_start = host_start + host_len;
    let rest = &uri[path_start..];
    let rest = rest.split_once('#').map_or(rest, |(before, _)| before);
    let (path, query) = match rest.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (rest, None),
    };
    // Segments after each `/` of the path, with the byte offset of each in the URI.
    let mut segments: Vec<(usize, &str)> = Vec::with_capacity(8);
    let mut offset = path_start;
    for segment in path.split('/').skip(1) {
        offset += 1;
        segments.push((offset, segment));
        offset += segment.len();
    }
    let Some(key_idx) = find_key(&segments) else {
        collector.error(
            Gs1Error::new(
                ErrorCode::DlSyntax,
                None,
                "no GS1 Digital Link key (such as /01/{GTIN} or /00/{SSCC}) ends the path: this is not a GS1 Digital Link URI",
            )
            .at(path_start),
        );
        return;
    };

    let mut path_ais: Vec<&'static str> = Vec::with_capacity(4);
    for pair in segments[key_idx..].chunks(2) {
        let [(_, ai), (value_position, raw_value)] = pair else {
            continue;
        };
        let Some(entry) = TABLE.get(ai) else {
            continue;
        };
        path_ais.push(entry.ai.as_str());
        read_value(entry, raw_value, *value_position, false, collector);
    }
    if let Some(key_entry) = path_ais.first().and_then(|ai| TABLE.get(ai)) {
        check_qualifier_order(key_entry, &path_ais[1..], collector, segments[key_idx].0);
    }

    let Some(query) = query else {
        return;
    };
    let mut query_ais: Vec<&'static str> = Vec::new();
    let mut position = path_start + path.len() + 1;
    for param in query.split('&') {
        let param_position = position;
        position += param.len() + 1;
        if param.is_empty() {
            continue;
        }
        let Some((key, raw_value)) = param.split_once('=') else {
            ignored_params.push(param.to_owned());
            continue;
        };
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
        if path_ais.contains(&entry.ai.as_str()) || query_ais.contains(&entry.ai.as_str()) {
            collector.error(
                Gs1Error::new(
                    ErrorCode::DuplicateAi,
                    Some(key),
                    format!("AI ({key}) is given twice in the URI"),
                )
                .at(param_position),
            );
            continue;
        }
        query_ais.push(entry.ai.as_str());
        if !entry.dl_attribute {
            let message = format!("AI ({key}) is not allowed as a Digital Link query attribute: it belongs in the path, or in no Digital Link at all");
            collector
                .error(Gs1Error::new(ErrorCode::DlSyntax, Some(key), message).at(param_position));
            continue;
        }
        if belongs_in_path(&path_ais, &entry.ai) {
            let message = format!(
                "AI ({key}) is a qualifier of key ({}): it belongs in the path (/{key}/…), not in the query",
                path_ais.first().copied().unwrap_or_default()
            );
            collector
                .error(Gs1Error::new(ErrorCode::DlSyntax, Some(key), message).at(param_position));
            continue;
        }
        let value_position = param_position + key.len() + 1;
        read_value(entry, raw_value, value_position, true, collector);
    }
}

/// Decodes one value (path segment or query value) and hands it to the collector.
fn read_value(
    entry: &'static AiEntry,
    raw_value: &str,
    position: usize,
    in_query: bool,
    collector: &mut Collector,
) {
    let ai = entry.ai.as_str();
    if raw_value.is_empty() {
        collector.error(
            Gs1Error::new(ErrorCode::Empty, Some(ai), format!("AI ({ai}) has no data"))
                .at(position),
        );
        return;
    }
    let Some(value) = percent_decode(raw_value, in_query) else {
        collector.error(
            Gs1Error::new(
                ErrorCode::DlSyntax,
                Some(ai),
                format!("AI ({ai}) value {raw_value:?} decodes to a NUL character (%00)"),
            )
            .at(position),
        );
        return;
    };
    let value = if ai == "01" {
        expand_gtin(value, in_query, collector, position)
    } else {
        Some(value)
    };
    if let Some(value) = value {
        collector.push_entry(entry, &value, position);
    }
}

/// Walks the path backwards in `/AI/value` pairs and returns the index of the first (from
/// the end) primary-key AI, as the Syntax Engine does; `None` when a pair's first segment is
/// not an AI before a key is reached.
fn find_key(segments: &[(usize, &str)]) -> Option<usize> {
    let mut end = segments.len();
    while end >= 2 {
        let ai_idx = end - 2;
        let entry = TABLE.get(segments[ai_idx].1)?;
        if entry.dl_primary_key.is_some() {
            return Some(ai_idx);
        }
        end -= 2;
    }
    None
}

/// A GTIN in a URI path is 14 digits; GTIN-8/12/13 forms are accepted only when the
/// options allow it (GS1 Digital Link 1.2 made the 14-digit form the only valid one). In
/// the query the Syntax Engine always pads them.
fn expand_gtin(
    value: Vec<u8>,
    in_query: bool,
    collector: &mut Collector,
    position: usize,
) -> Option<Vec<u8>> {
    if value.len() == 14
        || !matches!(value.len(), 8 | 12 | 13)
        || !value.iter().all(u8::is_ascii_digit)
    {
        return Some(value);
    }
    if in_query || collector.options.allow_zero_suppressed_gtin {
        let mut padded = vec![b'0'; 14 - value.len()];
        padded.extend_from_slice(&value);
        return Some(padded);
    }
    let message = format!("the GTIN in the URI has {} digits; a Digital Link GTIN must be written with 14 digits (pad with leading zeros)", value.len());
    collector.error(Gs1Error::new(ErrorCode::DlSyntax, Some("01"), message).at(position));
    None
}

/// Whether `qualifiers` (in path order) fit one of the key's allowed qualifier sequences:
/// every subsequence of a `dlpkey=` alternative is a valid path.
fn fits_key(key: &AiEntry, qualifiers: &[&str]) -> bool {
    let sequences = key.dl_primary_key.as_deref().unwrap_or_default();
    if qualifiers.is_empty() {
        return true;
    }
    sequences.iter().any(|sequence| {
        let mut allowed = sequence.iter();
        qualifiers
            .iter()
            .all(|qualifier| allowed.any(|ai| ai == qualifier))
    })
}

/// Whether a query AI would make a valid path if it were inserted at some position after
/// the key: then it is a qualifier that belongs in the path.
fn belongs_in_path(path_ais: &[&str], ai: &str) -> bool {
    let Some(key) = path_ais.first().and_then(|key| TABLE.get(key)) else {
        return false;
    };
    let qualifiers = &path_ais[1..];
    (0..=qualifiers.len()).any(|insert_at| {
        let mut trial: Vec<&str> = Vec::with_capacity(qualifiers.len() + 1);
        trial.extend_from_slice(&qualifiers[..insert_at]);
        trial.push(ai);
        trial.extend_from_slice(&qualifiers[insert_at..]);
        fits_key(key, &trial)
    })
}

fn check_qualifier_order(
    key: &AiEntry,
    qualifiers: &[&str],
    collector: &mut Collector,
    position: usize,
) {
    if fits_key(key, qualifiers) {
        return;
    }
    let sequences = key.dl_primary_key.as_deref().unwrap_or_default();
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

/// Decodes `%XX` escapes (and `+` as a space in a query value). A `%` not followed by two
/// hex digits is kept as it is, as the Syntax Engine does; `None` when an escape decodes to
/// NUL.
fn percent_decode(text: &str, in_query: bool) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut idx = 0;
    while idx < bytes.len() {
        let escape = (bytes[idx] == b'%')
            .then(|| bytes.get(idx + 1..idx + 3))
            .flatten()
            .and_then(|hex| {
                let high = char::from(hex[0]).to_digit(16)?;
                let low = char::from(hex[1]).to_digit(16)?;
                u8::try_from(high * 16 + low).ok()
            });
        match escape {
            Some(0) => return None,
            Some(byte) => {
                decoded.push(byte);
                idx += 3;
            }
            None => {
                decoded.push(if in_query && bytes[idx] == b'+' {
                    b' '
                } else {
                    bytes[idx]
                });
                idx += 1;
            }
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
