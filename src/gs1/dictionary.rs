//! The AI table, generated at first use from the GS1 Barcode Syntax Dictionary that is
//! vendored in `data/gs1-syntax-dictionary.txt` and embedded into the binary.
//!
//! Nothing here is typed by hand: every AI, component, flag, linter, `req=`/`ex=` rule and
//! `dlpkey` comes from that file. Parsing the ~220 entry lines takes well under a millisecond,
//! so the table is built once in a `LazyLock` instead of by a build script; the parser is an
//! ordinary function ([`parse_dictionary`]) so tests can check the table against the file and
//! report any line it could not read. Lookups go through a dense index (2-, 3- and 4-digit AIs
//! map to slots of one array), which keeps the per-scan cost to a few array reads.

use std::sync::LazyLock;

use thiserror::Error;

use crate::gs1::lint::{self, Linter};

/// The dictionary text as vendored in the repository.
pub const DICTIONARY_TEXT: &str = include_str!("../../data/gs1-syntax-dictionary.txt");

/// A character set of a component (GS1 GenSpecs 7.11, Figure 7.11-1 and the dictionary header).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cset {
    /// `N`: digits.
    Numeric,
    /// `X`: GS1 AI encodable character set 82.
    Cset82,
    /// `Y`: GS1 AI encodable character set 39.
    Cset39,
    /// `Z`: base64url (GS1 AI encodable character set 64).
    Cset64,
}

impl Cset {
    /// The dictionary linter that checks this character set.
    fn linter_name(self) -> &'static str {
        match self {
            Cset::Numeric => "csetnumeric",
            Cset::Cset82 => "cset82",
            Cset::Cset39 => "cset39",
            Cset::Cset64 => "cset64",
        }
    }
}

/// One component of an AI's data field, e.g. `N3,iso4217` or `[X..17]`.
#[derive(Debug, Clone)]
pub struct Component {
    pub cset: Cset,
    pub min: usize,
    pub max: usize,
    pub optional: bool,
    /// The character-set linter first, then the component's own linters, in dictionary order.
    pub linters: Vec<(&'static str, Linter)>,
}

/// One AI pattern in a `req=`/`ex=` rule: a literal AI, or one with `n` wildcards (`31nn`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AiPattern(pub String);

impl AiPattern {
    /// True when `ai` matches, `n` standing for any digit.
    pub fn matches(&self, ai: &str) -> bool {
        self.0.len() == ai.len()
            && self.0.bytes().zip(ai.bytes()).all(|(pattern, byte)| {
                pattern == byte || (pattern == b'n' && byte.is_ascii_digit())
            })
    }
}

/// A dictionary entry expanded to one AI.
#[derive(Debug, Clone)]
pub struct AiEntry {
    pub ai: String,
    /// Flag `*`: a predefined-length AI that needs no FNC1/GS after it.
    pub predefined_length: bool,
    /// Flag `?`: permitted as a GS1 Digital Link data attribute (query parameter).
    pub dl_attribute: bool,
    pub components: Vec<Component>,
    /// Each `req=` attribute: satisfied when any alternative is; an alternative is satisfied
    /// when every pattern in it (joined by `+` in the dictionary) matches some present AI.
    pub requires: Vec<Vec<Vec<AiPattern>>>,
    /// The `ex=` patterns: no present AI (other than this one) may match any of them.
    pub excludes: Vec<AiPattern>,
    /// `dlpkey`: `Some` when the AI is a Digital Link primary key; the inner lists are the
    /// alternative ordered qualifier sequences (empty for a key without qualifiers).
    pub dl_primary_key: Option<Vec<Vec<String>>>,
    pub title: String,
}

impl AiEntry {
    /// The smallest and largest total data length.
    pub fn length_range(&self) -> (usize, usize) {
        let min = self
            .components
            .iter()
            .filter(|component| !component.optional)
            .map(|component| component.min)
            .sum();
        let max = self.components.iter().map(|component| component.max).sum();
        (min, max)
    }

    /// The fixed data length of a predefined-length (`*`) AI.
    pub fn fixed_length(&self) -> Option<usize> {
        let (min, max) = self.length_range();
        (self.predefined_length && min == max).then_some(max)
    }
}

/// A problem with one line of the dictionary.
#[derive(Debug, Error, PartialEq, Eq)]
#[error("GS1 Syntax Dictionary line {line}: {message}")]
pub struct DictionaryError {
    pub line: usize,
    pub message: String,
}

/// Parses dictionary text (the format described in its own header) into one entry per AI.
pub fn parse_dictionary(text: &str) -> Result<Vec<AiEntry>, DictionaryError> {
    let mut entries = Vec::new();
    for (line_idx, line) in text.lines().enumerate() {
        let line_no = line_idx + 1;
        let error = |message: String| DictionaryError {
            line: line_no,
            message,
        };
        let (body, title) = match line.split_once('#') {
            Some((body, title)) => (body, title.trim()),
            None => (line, ""),
        };
        let mut tokens = body.split_whitespace().peekable();
        let Some(ai_token) = tokens.next() else {
            continue;
        };
        let ais = expand_ai_range(ai_token).map_err(error)?;
        let mut predefined_length = false;
        let mut dl_attribute = false;
        if let Some(flags) = tokens
            .peek()
            .filter(|token| !token.starts_with(['N', 'X', 'Y', 'Z', '[']))
        {
            for flag in flags.chars() {
                match flag {
                    '*' => predefined_length = true,
                    '?' => dl_attribute = true,
                    other => return Err(error(format!("unknown flag {other:?}"))),
                }
            }
            tokens.next();
        }
        let mut components = Vec::new();
        let mut requires = Vec::new();
        let mut excludes = Vec::new();
        let mut dl_primary_key = None;
        for token in tokens {
            if let Some(rule) = token.strip_prefix("req=") {
                requires.push(
                    rule.split(',')
                        .map(|alternative| {
                            alternative
                                .split('+')
                                .map(|ai| AiPattern(ai.to_owned()))
                                .collect()
                        })
                        .collect(),
                );
            } else if let Some(rule) = token.strip_prefix("ex=") {
                excludes.extend(rule.split(',').map(|ai| AiPattern(ai.to_owned())));
            } else if token == "dlpkey" {
                dl_primary_key = Some(vec![Vec::new()]);
            } else if let Some(rule) = token.strip_prefix("dlpkey=") {
                dl_primary_key = Some(
                    rule.split('|')
                        .map(|sequence| sequence.split(',').map(str::to_owned).collect())
                        .collect(),
                );
            } else if token.starts_with(['N', 'X', 'Y', 'Z', '[']) {
                if !requires.is_empty() || !excludes.is_empty() || dl_primary_key.is_some() {
                    return Err(error(format!("component {token:?} after attributes")));
                }
                components.push(parse_component(token).map_err(error)?);
            } else {
                return Err(error(format!("unknown attribute {token:?}")));
            }
        }
        if components.is_empty() {
            return Err(error("entry without components".into()));
        }
        for ai in ais {
            entries.push(AiEntry {
                ai,
                predefined_length,
                dl_attribute,
                components: components.clone(),
                requires: requires.clone(),
                excludes: excludes.clone(),
                dl_primary_key: dl_primary_key.clone(),
                title: title.to_owned(),
            });
        }
    }
    Ok(entries)
}

/// `3100-3105` gives six AIs; `91-99` nine; `01` one.
fn expand_ai_range(token: &str) -> Result<Vec<String>, String> {
    let (first, last) = token.split_once('-').unwrap_or((token, token));
    let valid =
        |ai: &str| (2..=4).contains(&ai.len()) && ai.bytes().all(|byte| byte.is_ascii_digit());
    if !valid(first) || !valid(last) || first.len() != last.len() {
        return Err(format!("bad AI or AI range {token:?}"));
    }
    let (start, end): (u32, u32) = match (first.parse(), last.parse()) {
        (Ok(start), Ok(end)) if start <= end => (start, end),
        _ => return Err(format!("bad AI range {token:?}")),
    };
    Ok((start..=end)
        .map(|ai| format!("{ai:0width$}", width = first.len()))
        .collect())
}

/// `N3,iso4217`, `[X..17]`, `X..25,csumalpha,gcppos1,hasnondigit`, `[N3],iso3166`.
fn parse_component(token: &str) -> Result<Component, String> {
    let mut parts = token.split(',');
    let mut kind = parts.next().unwrap_or_default();
    let optional = kind.starts_with('[');
    if optional {
        kind = kind
            .strip_prefix('[')
            .and_then(|kind| kind.strip_suffix(']'))
            .ok_or_else(|| format!("unbalanced brackets in {token:?}"))?;
    }
    let cset = match kind.as_bytes().first() {
        Some(b'N') => Cset::Numeric,
        Some(b'X') => Cset::Cset82,
        Some(b'Y') => Cset::Cset39,
        Some(b'Z') => Cset::Cset64,
        _ => return Err(format!("unknown component type in {token:?}")),
    };
    let length = &kind[1..];
    let (min, max) = match length.strip_prefix("..") {
        Some(max) => (
            1,
            max.parse()
                .map_err(|_| format!("bad length in {token:?}"))?,
        ),
        None => {
            let fixed = length
                .parse()
                .map_err(|_| format!("bad length in {token:?}"))?;
            (fixed, fixed)
        }
    };
    let mut linters = Vec::new();
    for name in std::iter::once(cset.linter_name()).chain(parts) {
        let linter =
            lint::lookup(name).ok_or_else(|| format!("linter {name:?} is not implemented"))?;
        let name = lint::names()
            .iter()
            .find(|known| **known == name)
            .copied()
            .unwrap_or("unknown");
        linters.push((name, linter));
    }
    Ok(Component {
        cset,
        min,
        max,
        optional,
        linters,
    })
}

/// Slots: 2-digit AIs at 0..100, 3-digit at 100..1100, 4-digit at 1100..11100.
const INDEX_SLOTS: usize = 100 + 1_000 + 10_000;

/// The AI table with a dense index by AI.
pub struct AiTable {
    pub entries: Vec<AiEntry>,
    index: Box<[u16]>,
    /// For each two-digit prefix, the length of the AIs that start with it (0 if none):
    /// GS1 keeps AI lengths prefix-determined, which lets the parser name an unknown AI.
    prefix_length: [u8; 100],
}

impl AiTable {
    fn new(entries: Vec<AiEntry>) -> AiTable {
        let mut index = vec![0u16; INDEX_SLOTS].into_boxed_slice();
        let mut prefix_length = [0u8; 100];
        for (entry_idx, entry) in entries.iter().enumerate() {
            if let Some(slot) = slot_of(entry.ai.as_bytes()) {
                index[slot] = u16::try_from(entry_idx + 1).unwrap_or(0);
            }
            if let Some(prefix) = two_digit_value(entry.ai.as_bytes()) {
                prefix_length[prefix] = entry.ai.len() as u8;
            }
        }
        AiTable {
            entries,
            index,
            prefix_length,
        }
    }

    /// The entry for exactly this AI.
    pub fn get(&self, ai: &str) -> Option<&AiEntry> {
        self.get_bytes(ai.as_bytes())
    }

    fn get_bytes(&self, ai: &[u8]) -> Option<&AiEntry> {
        let slot = slot_of(ai)?;
        let entry_idx = usize::from(self.index[slot]).checked_sub(1)?;
        self.entries.get(entry_idx)
    }

    /// The known AI that `data` starts with (AIs are prefix-free, so at most one matches).
    pub fn match_prefix(&self, data: &[u8]) -> Option<&AiEntry> {
        (2..=4)
            .filter(|len| *len <= data.len())
            .find_map(|len| self.get_bytes(&data[..len]))
    }

    /// The length an AI starting with these two digits would have, if GS1 uses that prefix.
    pub fn length_for_prefix(&self, data: &[u8]) -> Option<usize> {
        let prefix = two_digit_value(data)?;
        Some(usize::from(self.prefix_length[prefix])).filter(|len| *len > 0)
    }
}

fn two_digit_value(data: &[u8]) -> Option<usize> {
    match data {
        [tens @ b'0'..=b'9', units @ b'0'..=b'9', ..] => {
            Some(usize::from(tens - b'0') * 10 + usize::from(units - b'0'))
        }
        _ => None,
    }
}

fn slot_of(ai: &[u8]) -> Option<usize> {
    if !ai.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let value = ai.iter().fold(0usize, |value, digit| {
        value * 10 + usize::from(digit - b'0')
    });
    match ai.len() {
        2 => Some(value),
        3 => Some(100 + value),
        4 => Some(1_100 + value),
        _ => None,
    }
}

/// The table built from the embedded dictionary. If the embedded file could not be read
/// (which a unit test rules out for the shipped file) the table is empty and every AI is
/// reported unknown rather than the process aborting.
pub static TABLE: LazyLock<AiTable> = LazyLock::new(|| match parse_dictionary(DICTIONARY_TEXT) {
    Ok(entries) => AiTable::new(entries),
    Err(err) => {
        log::error!("embedded GS1 Syntax Dictionary unreadable: {err}");
        AiTable::new(Vec::new())
    }
});

/// The dictionary entry for one AI.
pub fn ai_entry(ai: &str) -> Option<&'static AiEntry> {
    TABLE.get(ai)
}

/// The release line of the embedded dictionary header (`# Release: ...`).
pub fn release() -> &'static str {
    DICTIONARY_TEXT
        .lines()
        .find_map(|line| line.strip_prefix("# Release:"))
        .map(str::trim)
        .unwrap_or("unknown")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_dictionary_parses_into_541_ais_from_224_entries() {
        let entries = parse_dictionary(DICTIONARY_TEXT).expect("the vendored dictionary parses");
        assert_eq!(entries.len(), 541);
        let entry_lines = DICTIONARY_TEXT
            .lines()
            .filter(|line| line.starts_with(|c: char| c.is_ascii_digit()))
            .count();
        assert_eq!(entry_lines, 224);
        assert_eq!(TABLE.entries.len(), 541);
    }

    #[test]
    fn entries_carry_flags_components_and_attributes() {
        let gtin = ai_entry("01").unwrap();
        assert!(gtin.predefined_length && gtin.dl_attribute);
        assert_eq!(gtin.title, "GTIN");
        assert_eq!(gtin.fixed_length(), Some(14));
        let linter_names: Vec<_> = gtin.components[0]
            .linters
            .iter()
            .map(|(name, _)| *name)
            .collect();
        assert_eq!(linter_names, ["csetnumeric", "csum", "gcppos2"]);
        assert_eq!(
            gtin.dl_primary_key,
            Some(vec![
                vec!["22".to_owned(), "10".into(), "21".into()],
                vec!["235".into()]
            ])
        );
        assert_eq!(
            gtin.excludes,
            [AiPattern("255".into()), AiPattern("37".into())]
        );

        let lot = ai_entry("10").unwrap();
        assert!(!lot.predefined_length);
        assert_eq!(lot.length_range(), (1, 20));
        assert_eq!(lot.requires.len(), 1);
        assert_eq!(lot.requires[0].len(), 5);

        let secondary_serial = ai_entry("250").unwrap();
        assert_eq!(
            secondary_serial.requires[0][0],
            [AiPattern("01".into()), AiPattern("21".into())]
        );

        let country = ai_entry("423").unwrap();
        assert_eq!(country.components.len(), 5);
        assert!(!country.components[0].optional && country.components[4].optional);
        assert_eq!(country.length_range(), (3, 15));

        let weight = ai_entry("3103").unwrap();
        assert_eq!(weight.title, "NET WEIGHT (kg)");
        assert!(weight.excludes[0].matches("3102"));
        assert!(ai_entry("3106").is_none());
        assert_eq!(ai_entry("99").unwrap().title, "INTERNAL");
    }

    #[test]
    fn prefix_matching_is_unambiguous() {
        assert_eq!(TABLE.match_prefix(b"0109506000134352").unwrap().ai, "01");
        assert_eq!(TABLE.match_prefix(b"3103000123").unwrap().ai, "3103");
        assert_eq!(TABLE.match_prefix(b"8200http").unwrap().ai, "8200");
        assert!(TABLE.match_prefix(b"2").is_none());
        assert_eq!(TABLE.length_for_prefix(b"31"), Some(4));
        assert_eq!(TABLE.length_for_prefix(b"23"), Some(3));
        // No two AIs may be prefixes of one another, or element strings would be ambiguous.
        for first in &TABLE.entries {
            for second in &TABLE.entries {
                if first.ai != second.ai {
                    assert!(
                        !second.ai.starts_with(&first.ai),
                        "{} is a prefix of {}",
                        first.ai,
                        second.ai
                    );
                }
            }
        }
    }

    #[test]
    fn malformed_lines_are_reported_with_their_number() {
        let err = parse_dictionary("# comment\n01 *? Q14\n").unwrap_err();
        assert_eq!(err.line, 2);
        assert!(parse_dictionary("01 *? N14,nosuchlinter\n")
            .unwrap_err()
            .message
            .contains("nosuchlinter"));
        assert!(parse_dictionary("3105-3100 N6\n").is_err());
    }
}
