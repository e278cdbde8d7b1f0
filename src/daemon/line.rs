//! The line workflow's state: the active product and lot that serial labels are printed
//! for, set by scanning a product barcode (GTIN, optionally with a lot) at the line, or from
//! the configuration at start.

use crate::station::ScanOutcome;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineState {
    gtin: Option<String>,
    lot: Option<String>,
    /// Labels printed since start.
    pub printed: u64,
}

impl LineState {
    pub fn new(gtin: Option<String>, lot: Option<String>) -> LineState {
        LineState {
            gtin,
            lot,
            printed: 0,
        }
    }

    /// The active product and lot.
    pub fn active(&self) -> Option<(&str, Option<&str>)> {
        self.gtin.as_deref().map(|gtin| (gtin, self.lot.as_deref()))
    }

    pub fn set(&mut self, gtin: String, lot: Option<String>) {
        self.gtin = Some(gtin);
        self.lot = lot;
    }

    /// A valid product barcode without a serial (a GTIN, or GTIN + lot, e.g. from the work
    /// order) makes that product and lot active. Returns true when it did.
    pub fn observe(&mut self, outcome: &ScanOutcome) -> bool {
        let parsed = &outcome.parsed;
        if !parsed.is_valid() || parsed.get("21").is_some() {
            return false;
        }
        let Some(gtin) = parsed.get("01") else {
            return false;
        };
        self.set(gtin.to_owned(), parsed.get("10").map(str::to_owned));
        true
    }
}
