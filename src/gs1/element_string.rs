//! Building GS1 data for printing: from (AI, value) pairs to a checked element string in a
//! valid encoding order, with the GS/FNC1 separators only where GS1 needs them, and its
//! bracketed HRI text. Label renderers place FNC1 themselves from [`ElementString::segments`].

use super::dictionary::TABLE;
use super::model::{ErrorCode, Gs1Error, Parsed};
use super::parse::{Collector, ParseOptions};
use super::GS;

/// Checked GS1 data, ordered for encoding: predefined-length AIs first (they need no
/// separator), then the others, each in the order given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ElementString {
    pub elements: Vec<(String, String)>,
}

impl ElementString {
    /// `(ai, value, separator_after)`: a separator (FNC1 in the symbol, GS in transmitted
    /// data) follows every element that is not predefined-length, except the last.
    pub fn segments(&self) -> impl Iterator<Item = (&str, &str, bool)> {
        let last = self.elements.len().saturating_sub(1);
        self.elements
            .iter()
            .enumerate()
            .map(move |(element_idx, (ai, value))| {
                let predefined = TABLE.get(ai).is_some_and(|entry| entry.predefined_length);
                (
                    ai.as_str(),
                    value.as_str(),
                    !predefined && element_idx < last,
                )
            })
    }

    /// The element string as a scanner transmits it after the AIM identifier: GS (0x1D)
    /// after each variable-length field that is not last.
    pub fn data(&self) -> String {
        let mut data = String::with_capacity(64);
        for (ai, value, separator) in self.segments() {
            data.push_str(ai);
            data.push_str(value);
            if separator {
                data.push(char::from(GS));
            }
        }
        data
    }

    /// Bracketed human-readable interpretation, e.g. `(01)09506000134352(10)ABC`.
    pub fn hri(&self) -> String {
        hri(self
            .elements
            .iter()
            .map(|(ai, value)| (ai.as_str(), value.as_str())))
    }
}

/// Checks every pair (known AI, length, character set, linters, repeated AIs, `req=`/`ex=`)
/// and returns the data in encoding order, or every problem found.
pub fn build_element_string(pairs: &[(&str, &str)]) -> Result<ElementString, Vec<Gs1Error>> {
    build_element_string_with(pairs, &ParseOptions::default())
}

/// [`build_element_string`] with options: a label checks `req=`/`ex=` over all its symbols
/// together, so each symbol is built with `check_associations: false`.
pub fn build_element_string_with(
    pairs: &[(&str, &str)],
    options: &ParseOptions,
) -> Result<ElementString, Vec<Gs1Error>> {
    let mut collector = Collector::new(options);
    for (ai, value) in pairs {
        if value.is_empty() {
            collector.error(Gs1Error::new(
                ErrorCode::Empty,
                Some(ai),
                format!("AI ({ai}) has no data"),
            ));
        } else {
            collector.push_value(ai, value.as_bytes(), 0);
        }
    }
    let parsed = collector.finish_into(Parsed {
        input: String::new(),
        symbology: None,
        kind: super::Kind::Gs1,
        elements: Vec::new(),
        text: None,
        ignored_params: Vec::new(),
        errors: Vec::new(),
    });
    if !parsed.errors.is_empty() {
        return Err(parsed.errors);
    }
    let (mut ordered, variable): (Vec<_>, Vec<_>) = parsed
        .elements
        .into_iter()
        .map(|element| (element.ai, element.value))
        .partition(|(ai, _)| TABLE.get(ai).is_some_and(|entry| entry.predefined_length));
    ordered.extend(variable);
    Ok(ElementString { elements: ordered })
}

/// Bracketed HRI from (AI, value) pairs; a `(` inside a value is written `\(`.
pub fn hri<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut text = String::with_capacity(64);
    for (ai, value) in pairs {
        text.push('(');
        text.push_str(ai);
        text.push(')');
        for ch in value.chars() {
            if ch == '(' {
                text.push('\\');
            }
            text.push(ch);
        }
    }
    text
}
