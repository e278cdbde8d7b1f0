//! The one place where labels get their GS1 data: (AI, value) pairs in, a validated element
//! string out, with FNC1 positions, the HRI text and the Digital Link URI.
//!
//! Everything is delegated to the station's GS1 module (`crate::gs1`), whose AI table is
//! generated from the GS1 Barcode Syntax Dictionary: lengths, character sets, every linter
//! (check digits, dates, ...), repeated AIs and the `req=`/`ex=` associations. Each symbol is
//! checked on its own without associations ([`build`]); the associations are checked over
//! all the symbols of the label together ([`check_associations`]), as the dictionary says
//! they should be: a logistic label carries (00) in one symbol and (02)+(37) in another.

use crate::gs1::{self, ElementString, Gs1Error, ParseOptions};

/// A validated GS1 element string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gs1Data {
    /// (AI, value) in encoding order: predefined-length AIs first.
    checked: ElementString,
}

impl Gs1Data {
    pub fn elements(&self) -> &[(String, String)] {
        &self.checked.elements
    }

    /// (AI, value, needs FNC1 after): an FNC1 separator follows a variable-length field
    /// unless it is the last one.
    pub fn segments(&self) -> impl Iterator<Item = (&str, &str, bool)> {
        self.checked.segments()
    }

    /// The element string as a scanner transmits it: GS (0x1D) after each variable-length
    /// field except the last.
    pub fn data(&self) -> String {
        self.checked.data()
    }

    /// The bracketed human-readable interpretation `(01)09506000134352(10)ABC`.
    pub fn hri(&self) -> String {
        self.checked.hri()
    }
}

fn messages(errors: Vec<Gs1Error>) -> Vec<String> {
    errors.into_iter().map(|error| error.message).collect()
}

/// Validates the (AI, value) pairs of one symbol and orders them for encoding. Returns every
/// problem found, each a sentence naming the AI.
pub fn build(pairs: &[(&str, &str)]) -> Result<Gs1Data, Vec<String>> {
    if pairs.is_empty() {
        return Err(vec![
            "no AI: GS1 data needs at least one (AI, value) pair".to_owned()
        ]);
    }
    let options = ParseOptions {
        check_associations: false,
        ..ParseOptions::default()
    };
    gs1::build_element_string_with(pairs, &options)
        .map(|checked| Gs1Data { checked })
        .map_err(messages)
}

/// Checks the AI associations of a whole label (all GS1 symbols together): the dictionary's
/// `req=` and `ex=` rules, and the same AI with two different values on one label. The same
/// AI with the same value in two symbols (a GTIN in both the GS1-128 and the DataMatrix) is
/// fine.
pub fn check_associations(pairs: &[(&str, &str)]) -> Result<(), Vec<String>> {
    let mut unique: Vec<(&str, &str)> = Vec::with_capacity(pairs.len());
    let mut problems = Vec::new();
    for &(ai, value) in pairs {
        match unique.iter().find(|(seen, _)| *seen == ai) {
            Some((_, other)) if *other != value => problems.push(format!(
                "({ai}) has two values on one label ({other:?} and {value:?}); use one field for both"
            )),
            Some(_) => {}
            None => unique.push((ai, value)),
        }
    }
    if let Err(errors) = gs1::build_element_string(&unique) {
        problems.extend(messages(errors));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// The GS1 Digital Link URI for the data: the primary key and its qualifiers in the path,
/// other AIs as query parameters (GS1 Digital Link standard, section 4).
pub fn digital_link_uri(data: &Gs1Data, base_uri: &str) -> Result<String, Vec<String>> {
    let pairs: Vec<(&str, &str)> = data
        .elements()
        .iter()
        .map(|(ai, value)| (ai.as_str(), value.as_str()))
        .collect();
    gs1::digital_link_uri(&pairs, base_uri.trim_end_matches('/'))
        .map_err(|err| vec![err.to_string()])
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
