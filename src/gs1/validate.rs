//! Checks across the elements of one scan or one label: the dictionary's `req=` (mandatory
//! associations) and `ex=` (invalid pairings). The dictionary notes that these should be
//! evaluated over the combined data of all GS1 carriers on one physical item, so callers
//! that join the barcodes of a label call [`check_associations`] on the joined elements.

use super::dictionary::{AiPattern, TABLE};
use super::model::{Element, ErrorCode, Gs1Error};

/// Every unmet `req=` rule and every forbidden pair among `elements`.
pub fn check_associations(elements: &[Element]) -> Vec<Gs1Error> {
    let mut errors = Vec::new();
    let present = |pattern: &AiPattern| elements.iter().any(|element| pattern.matches(&element.ai));
    for (element_idx, element) in elements.iter().enumerate() {
        let Some(entry) = TABLE.get(&element.ai) else {
            continue;
        };
        for rule in &entry.requires {
            if !rule
                .iter()
                .any(|alternative| alternative.iter().all(present))
            {
                let wanted = rule
                    .iter()
                    .map(|alternative| describe(alternative))
                    .collect::<Vec<_>>()
                    .join(" or ");
                let message = format!(
                    "AI ({}) {} needs {wanted} in the same label",
                    element.ai, element.title
                );
                errors.push(Gs1Error::new(
                    ErrorCode::Requisite,
                    Some(&element.ai),
                    message,
                ));
            }
        }
        for pattern in &entry.excludes {
            for (other_idx, other) in elements.iter().enumerate() {
                // A pair is reported once, by the first of the two elements (both entries
                // usually name each other).
                let already_reported = other_idx < element_idx
                    && TABLE.get(&other.ai).is_some_and(|other_entry| {
                        other_entry.excludes.iter().any(|p| p.matches(&element.ai))
                    });
                if other.ai != element.ai && pattern.matches(&other.ai) && !already_reported {
                    let message = format!(
                        "AI ({}) must not be used together with AI ({})",
                        element.ai, other.ai
                    );
                    errors.push(Gs1Error::new(
                        ErrorCode::Exclusive,
                        Some(&element.ai),
                        message,
                    ));
                }
            }
        }
    }
    errors
}

/// `(01)+(21)` for one alternative of a rule; `nn` patterns are shown as written.
fn describe(alternative: &[AiPattern]) -> String {
    alternative
        .iter()
        .map(|pattern| format!("({})", pattern.0))
        .collect::<Vec<_>>()
        .join("+")
}
