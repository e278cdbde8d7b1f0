//! Checks across the elements of one scan or one label: the dictionary's `req=` (mandatory
//! associations) and `ex=` (invalid pairings). The dictionary notes that these should be
//! evaluated over the combined data of all GS1 carriers on one physical item, so callers
//! that join the barcodes of a label call [`check_associations`] on the joined elements.
//!
//! One rule is not in the dictionary but in the GS1 Barcode Syntax Engine (its always-on
//! `validateDigSigRequiresSerialisedKey`, from the GenSpecs rules for AI (8030)): with a
//! digital signature, the keys (253) GDTI, (255) GCN and (8003) GRAI must carry their
//! optional serial component.

use super::dictionary::{AiPattern, TABLE};
use super::model::{Element, ErrorCode, Gs1Error};

/// Every unmet `req=` rule and every forbidden pair among `elements`.
pub fn check_associations(elements: &[Element]) -> Vec<Gs1Error> {
    let mut errors = Vec::new();
    for (element_idx, element) in elements.iter().enumerate() {
        let Some(entry) = TABLE.get(&element.ai) else {
            continue;
        };
        // As in the Syntax Engine, an AI never satisfies a rule of its own.
        let present = |pattern: &AiPattern| {
            elements
                .iter()
                .any(|other| other.ai != element.ai && pattern.matches(&other.ai))
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
    errors.extend(check_digital_signature_keys(elements));
    errors
}

/// The keys whose serial component is mandatory next to an (8030) digital signature.
const SERIALISED_WITH_SIGNATURE: [&str; 3] = ["253", "255", "8003"];

/// (253), (255) and (8003) without their serial component when (8030) is present.
fn check_digital_signature_keys(elements: &[Element]) -> Vec<Gs1Error> {
    if !elements.iter().any(|element| element.ai == "8030") {
        return Vec::new();
    }
    elements
        .iter()
        .filter(|element| SERIALISED_WITH_SIGNATURE.contains(&element.ai.as_str()))
        .filter(|element| {
            TABLE.get(&element.ai).is_some_and(|entry| {
                let mandatory: usize = entry
                    .components
                    .iter()
                    .filter(|component| !component.optional)
                    .map(|component| component.min)
                    .sum();
                element.value.len() <= mandatory
            })
        })
        .map(|element| {
            let message = format!(
                "AI ({}) {} must carry its serial component when the label has an (8030) digital signature",
                element.ai, element.title
            );
            Gs1Error::new(ErrorCode::Requisite, Some(&element.ai), message)
        })
        .collect()
}

/// `(01)+(21)` for one alternative of a rule; `nn` patterns are shown as written.
fn describe(alternative: &[AiPattern]) -> String {
    alternative
        .iter()
        .map(|pattern| format!("({})", pattern.0))
        .collect::<Vec<_>>()
        .join("+")
}
