//! Verdicts: a parsed scan plus the facts the store looked up for it, judged against the
//! station's policy, gives ACCEPT, WARN or REJECT with reasons.
//!
//! Pure: no IO, no clock (`now` and the local `today` are arguments), so every rule is tested
//! with plain values. Reason codes are stable strings that scripts, the status page and head
//! office match on. Each reason's level comes from the `[policy]` section; the verdict is the
//! most severe level among its reasons, and reasons are listed most severe first so that the
//! first one is the one to show a dock worker.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::gs1::{ErrorCode, Kind, Parsed};
use crate::store::{
    AllocatedSerial, ConfigProblem, Lot, LotStatus, PriorScan, Product, SerialRecord,
};

/// The outcome of a scan, least to most severe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Accept,
    Warn,
    Reject,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Accept => "accept",
            Level::Warn => "warn",
            Level::Reject => "reject",
        }
    }
}

/// Why a verdict is what it is. The strings are stable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReasonCode {
    Recalled,
    Quarantined,
    Blocked,
    Expired,
    ExpiringSoon,
    UnknownProduct,
    UnknownLot,
    UnknownSerial,
    DuplicateSerial,
    AlreadyReceived,
    LotMismatch,
    Malformed,
    StaleMasterData,
}

impl ReasonCode {
    pub const ALL: &'static [ReasonCode] = &[
        ReasonCode::Recalled,
        ReasonCode::Quarantined,
        ReasonCode::Blocked,
        ReasonCode::Expired,
        ReasonCode::ExpiringSoon,
        ReasonCode::UnknownProduct,
        ReasonCode::UnknownLot,
        ReasonCode::UnknownSerial,
        ReasonCode::DuplicateSerial,
        ReasonCode::AlreadyReceived,
        ReasonCode::LotMismatch,
        ReasonCode::Malformed,
        ReasonCode::StaleMasterData,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ReasonCode::Recalled => "recalled",
            ReasonCode::Quarantined => "quarantined",
            ReasonCode::Blocked => "blocked",
            ReasonCode::Expired => "expired",
            ReasonCode::ExpiringSoon => "expiring_soon",
            ReasonCode::UnknownProduct => "unknown_product",
            ReasonCode::UnknownLot => "unknown_lot",
            ReasonCode::UnknownSerial => "unknown_serial",
            ReasonCode::DuplicateSerial => "duplicate_serial",
            ReasonCode::AlreadyReceived => "already_received",
            ReasonCode::LotMismatch => "lot_mismatch",
            ReasonCode::Malformed => "malformed",
            ReasonCode::StaleMasterData => "stale_master_data",
        }
    }
}

/// One reason: a stable code and a sentence for the operator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reason {
    pub code: ReasonCode,
    pub level: Level,
    pub message: String,
}

/// The decision on one scan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub level: Level,
    pub reasons: Vec<Reason>,
}

impl Verdict {
    /// The reasons as the JSON array of `scan --json`: `[{"code", "message"}]`.
    pub fn reasons_json(&self) -> Value {
        Value::Array(
            self.reasons
                .iter()
                .map(|reason| json!({"code": reason.code.as_str(), "message": reason.message}))
                .collect(),
        )
    }

    pub fn has(&self, code: ReasonCode) -> bool {
        self.reasons.iter().any(|reason| reason.code == code)
    }
}

/// Rejects a scan that lost characters between the scanner and the station (`problems`,
/// from the input layer: a GS in a form that is not enabled, a key the layout cannot type,
/// a GS byte removed as noise). Its data is known to be wrong, so whatever else the rules
/// found it is a `malformed` REJECT whatever `[policy.levels]` says: a lot `ABC21XYZ` made of
/// `10ABC` + GS + `21XYZ` must not be accepted or warned through. Pure.
pub fn reject_damaged_input(verdict: Verdict, problems: &[String]) -> Verdict {
    if problems.is_empty() {
        return verdict;
    }
    let mut reasons = vec![Reason {
        code: ReasonCode::Malformed,
        level: Level::Reject,
        message: format!(
            "the scan lost characters on the way from the scanner, so its data cannot be \
             trusted: {}. Fix the setting, then scan again",
            problems.join("; ")
        ),
    }];
    reasons.extend(verdict.reasons);
    Verdict {
        level: Level::Reject,
        reasons,
    }
}

/// The station workflow a scan belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Workflow {
    /// Goods arriving at the dock: SSCCs and serials are received once.
    Receiving,
    /// A production line checking the labels it printed: a serial seen twice is a duplicate label.
    Line,
    /// Looking something up: nothing is received, nothing is a duplicate.
    Lookup,
}

impl Workflow {
    pub fn as_str(self) -> &'static str {
        match self {
            Workflow::Receiving => "receiving",
            Workflow::Line => "line",
            Workflow::Lookup => "lookup",
        }
    }
}

impl std::str::FromStr for Workflow {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        match text {
            "receiving" => Ok(Workflow::Receiving),
            "line" => Ok(Workflow::Line),
            "lookup" => Ok(Workflow::Lookup),
            _ => Err(format!(
                "{text:?} is not a workflow: use receiving, line or lookup"
            )),
        }
    }
}

/// What the store knew about a scan when it was judged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facts {
    pub workflow: Workflow,
    /// The station's local calendar date (expiry is judged by the dock's calendar, not UTC).
    pub today: NaiveDate,
    pub product: Option<Product>,
    pub lot: Option<Lot>,
    pub serial: Option<SerialRecord>,
    /// The serial when this station allocated it (and head office has not sent it yet).
    pub allocated: Option<AllocatedSerial>,
    /// An earlier receipt of the scan's SSCC at this station.
    pub prior_sscc_receipt: Option<PriorScan>,
    /// An earlier receipt of the scan's serialised item at this station.
    pub prior_serial_receipt: Option<PriorScan>,
    /// An earlier line scan of the scan's serialised item at this station.
    pub prior_line_scan: Option<PriorScan>,
    /// When master data was last updated (pull or import); `None` when never.
    pub master_updated_at: Option<DateTime<Utc>>,
}

impl Facts {
    /// Facts of an empty store (everything unknown).
    pub fn empty(workflow: Workflow, today: NaiveDate) -> Facts {
        Facts {
            workflow,
            today,
            product: None,
            lot: None,
            serial: None,
            allocated: None,
            prior_sscc_receipt: None,
            prior_serial_receipt: None,
            prior_line_scan: None,
            master_updated_at: None,
        }
    }
}

/// The level of each reason code (`[policy.levels]`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Levels {
    pub malformed: Level,
    pub recalled: Level,
    pub quarantined: Level,
    pub blocked: Level,
    pub expired: Level,
    pub expiring_soon: Level,
    pub unknown_product: Level,
    pub unknown_lot: Level,
    pub unknown_serial: Level,
    pub duplicate_serial: Level,
    pub already_received: Level,
    pub lot_mismatch: Level,
    pub stale_master_data: Level,
}

impl Default for Levels {
    fn default() -> Self {
        Levels {
            malformed: Level::Reject,
            recalled: Level::Reject,
            quarantined: Level::Reject,
            blocked: Level::Reject,
            expired: Level::Reject,
            expiring_soon: Level::Warn,
            unknown_product: Level::Warn,
            unknown_lot: Level::Warn,
            unknown_serial: Level::Warn,
            duplicate_serial: Level::Reject,
            already_received: Level::Reject,
            lot_mismatch: Level::Reject,
            stale_master_data: Level::Warn,
        }
    }
}

impl Levels {
    pub fn get(&self, code: ReasonCode) -> Level {
        match code {
            ReasonCode::Malformed => self.malformed,
            ReasonCode::Recalled => self.recalled,
            ReasonCode::Quarantined => self.quarantined,
            ReasonCode::Blocked => self.blocked,
            ReasonCode::Expired => self.expired,
            ReasonCode::ExpiringSoon => self.expiring_soon,
            ReasonCode::UnknownProduct => self.unknown_product,
            ReasonCode::UnknownLot => self.unknown_lot,
            ReasonCode::UnknownSerial => self.unknown_serial,
            ReasonCode::DuplicateSerial => self.duplicate_serial,
            ReasonCode::AlreadyReceived => self.already_received,
            ReasonCode::LotMismatch => self.lot_mismatch,
            ReasonCode::StaleMasterData => self.stale_master_data,
        }
    }
}

/// The `[policy]` section of `config/station.toml`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Policy {
    /// Warn (`expiring_soon`) when the last valid day is this many days away or fewer.
    /// Default: 30.
    pub expiring_soon_days: u32,
    /// Warn (`stale_master_data`) when master data was last updated (pull or import) more than
    /// this many hours ago; 0 turns the check off. Default: 24.
    pub stale_master_data_hours: u32,
    /// Scans of one device this close together (milliseconds) may be parts of one label (an
    /// SSCC barcode and a GTIN/lot barcode); GS1 mandatory associations are then checked over
    /// the combined label. 0 turns combining off. Default: 5000.
    pub label_window_ms: u64,
    /// Level of a scan whose only problem is a missing associated AI that another barcode of
    /// the same label may still bring (reason `malformed`, only when combining is on).
    /// Default: "warn".
    pub incomplete_label: Level,
    /// The level of each reason code: "accept" (ignore), "warn" or "reject".
    pub levels: Levels,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            expiring_soon_days: 30,
            stale_master_data_hours: 24,
            label_window_ms: 5000,
            incomplete_label: Level::Warn,
            levels: Levels::default(),
        }
    }
}

impl Policy {
    /// Every problem in this section, with its key path and a hint.
    pub fn validate(&self) -> Vec<ConfigProblem> {
        let mut problems = Vec::new();
        for code in [
            ReasonCode::Malformed,
            ReasonCode::Recalled,
            ReasonCode::Expired,
        ] {
            if self.levels.get(code) == Level::Accept {
                problems.push(ConfigProblem {
                    key: format!("policy.levels.{}", code.as_str()),
                    message: "cannot be \"accept\"".into(),
                    hint: "goods that are unreadable, recalled or expired must at least warn; use \"warn\" or \"reject\"".into(),
                });
            }
        }
        if self.expiring_soon_days > 3650 {
            problems.push(ConfigProblem {
                key: "policy.expiring_soon_days".into(),
                message: format!("{} days is more than 10 years", self.expiring_soon_days),
                hint: "typical values are 7 to 90".into(),
            });
        }
        if self.stale_master_data_hours > 24 * 365 {
            problems.push(ConfigProblem {
                key: "policy.stale_master_data_hours".into(),
                message: format!("{} hours is more than a year", self.stale_master_data_hours),
                hint: "use 0 to turn the check off, or e.g. 24".into(),
            });
        }
        if self.label_window_ms > 60_000 {
            problems.push(ConfigProblem {
                key: "policy.label_window_ms".into(),
                message: format!("{} ms is more than a minute", self.label_window_ms),
                hint: "the barcodes of one label are scanned within seconds; e.g. 5000, or 0 to turn combining off".into(),
            });
        }
        problems
    }
}

/// The GTIN a scan is about: AI 01, else AI 02 (the trade items on a logistic unit).
pub fn scanned_gtin(parsed: &Parsed) -> Option<&str> {
    parsed.get("01").or_else(|| parsed.get("02"))
}

struct Collector<'a> {
    policy: &'a Policy,
    reasons: Vec<Reason>,
}

impl Collector<'_> {
    fn add(&mut self, code: ReasonCode, message: String) {
        let level = self.policy.levels.get(code);
        self.add_at(code, level, message);
    }

    fn add_at(&mut self, code: ReasonCode, level: Level, message: String) {
        if level > Level::Accept {
            self.reasons.push(Reason {
                code,
                level,
                message,
            });
        }
    }
}

fn days_word(days: i64) -> String {
    match days {
        0 => "today".to_owned(),
        1 => "tomorrow".to_owned(),
        _ => format!("in {days} days"),
    }
}

/// Judges one scan. `parsed` is the scan (or, for a label split over several barcodes, the
/// combined label); `facts` is what the store knew; `now` is the scan time.
pub fn judge(parsed: &Parsed, facts: &Facts, policy: &Policy, now: DateTime<Utc>) -> Verdict {
    let mut out = Collector {
        policy,
        reasons: Vec::new(),
    };
    judge_syntax(parsed, policy, &mut out);
    let gtin = scanned_gtin(parsed);
    let lot_code = parsed.get("10");
    let serial_code = parsed.get("21");
    let sscc = parsed.get("00");

    if let Some(lot) = &facts.lot {
        let detail = |lot: &Lot| {
            let mut text = String::new();
            if let Some(reason) = &lot.reason {
                text.push_str(&format!(": {reason}"));
            }
            if let Some(reference) = &lot.reference {
                text.push_str(&format!(" (ref. {reference})"));
            }
            text
        };
        match lot.status {
            LotStatus::Recalled => out.add(
                ReasonCode::Recalled,
                format!(
                    "lot {} is RECALLED{}: set the goods aside",
                    lot.lot,
                    detail(lot)
                ),
            ),
            LotStatus::Quarantined => out.add(
                ReasonCode::Quarantined,
                format!(
                    "lot {} is in quarantine{}: do not use or ship",
                    lot.lot,
                    detail(lot)
                ),
            ),
            LotStatus::Blocked => out.add(
                ReasonCode::Blocked,
                format!(
                    "lot {} is blocked{}: do not use or ship",
                    lot.lot,
                    detail(lot)
                ),
            ),
            LotStatus::Released => {}
        }
    }

    judge_expiry(parsed, facts, policy, &mut out);

    match facts.workflow {
        Workflow::Receiving => {
            if let (Some(sscc), Some(prior)) = (sscc, &facts.prior_sscc_receipt) {
                out.add(
                    ReasonCode::AlreadyReceived,
                    format!("SSCC {sscc} was already received {}", prior.describe()),
                );
            }
            if let (Some(serial), Some(prior)) = (serial_code, &facts.prior_serial_receipt) {
                out.add(
                    ReasonCode::AlreadyReceived,
                    format!("serial {serial} was already received {}", prior.describe()),
                );
            }
        }
        Workflow::Line => {
            if let (Some(serial), Some(prior)) = (serial_code, &facts.prior_line_scan) {
                out.add(
                    ReasonCode::DuplicateSerial,
                    format!(
                        "serial {serial} was already scanned on the line {}: duplicate label, \
                         take the item aside",
                        prior.describe()
                    ),
                );
            }
        }
        Workflow::Lookup => {}
    }

    let cached_lot = facts
        .serial
        .as_ref()
        .and_then(|serial| serial.lot.as_deref())
        .or_else(|| {
            facts
                .allocated
                .as_ref()
                .and_then(|allocated| allocated.lot.as_deref())
        });
    if let (Some(scanned), Some(cached), Some(serial)) = (lot_code, cached_lot, serial_code) {
        if scanned != cached {
            out.add(
                ReasonCode::LotMismatch,
                format!("serial {serial} belongs to lot {cached}, but the label says lot {scanned}: wrong label?"),
            );
        }
    }

    if let Some(gtin) = gtin {
        if facts.product.is_none() {
            out.add(
                ReasonCode::UnknownProduct,
                format!("GTIN {gtin} is not in the station's product list"),
            );
        }
    }
    if let (Some(lot_code), None) = (lot_code, &facts.lot) {
        out.add(
            ReasonCode::UnknownLot,
            format!("lot {lot_code} is not known yet; it is recorded for head office"),
        );
    }
    if let Some(serial) = serial_code {
        if facts.serial.is_none() && facts.allocated.is_none() {
            out.add(
                ReasonCode::UnknownSerial,
                format!("serial {serial} is not in the station's data"),
            );
        }
    }

    if policy.stale_master_data_hours > 0 {
        let limit = chrono::Duration::hours(i64::from(policy.stale_master_data_hours));
        match facts.master_updated_at {
            None => out.add(
                ReasonCode::StaleMasterData,
                "no master data yet: sync with head office or import products and lots".into(),
            ),
            Some(updated) if now - updated > limit => out.add(
                ReasonCode::StaleMasterData,
                format!(
                    "master data is {} hours old (last update {}): sync with head office",
                    (now - updated).num_hours(),
                    updated.format("%Y-%m-%d %H:%M UTC")
                ),
            ),
            Some(_) => {}
        }
    }

    let mut reasons = out.reasons;
    // Most severe first; stable, so the order of the rules above breaks ties.
    reasons.sort_by_key(|reason| std::cmp::Reverse(reason.level));
    let level = reasons.first().map_or(Level::Accept, |reason| reason.level);
    Verdict { level, reasons }
}

fn judge_syntax(parsed: &Parsed, policy: &Policy, out: &mut Collector<'_>) {
    if parsed.kind == Kind::Plain && parsed.errors.is_empty() {
        let text = parsed.text.as_deref().unwrap_or(&parsed.input);
        out.add(
            ReasonCode::Malformed,
            format!("{text:?} is not GS1 data: scan the GS1 barcode of the label"),
        );
        return;
    }
    if parsed.errors.is_empty() {
        return;
    }
    let messages: Vec<&str> = parsed
        .errors
        .iter()
        .map(|error| error.message.as_str())
        .collect();
    let only_missing_partner = parsed
        .errors
        .iter()
        .all(|error| error.code == ErrorCode::Requisite);
    if only_missing_partner && policy.label_window_ms > 0 {
        out.add_at(
            ReasonCode::Malformed,
            policy.incomplete_label,
            format!(
                "incomplete label: {}; scan the label's other barcode within {} s",
                messages.join("; "),
                policy.label_window_ms.div_ceil(1000)
            ),
        );
    } else {
        out.add(
            ReasonCode::Malformed,
            format!("unreadable or invalid GS1 data: {}", messages.join("; ")),
        );
    }
}

fn judge_expiry(parsed: &Parsed, facts: &Facts, policy: &Policy, out: &mut Collector<'_>) {
    // Expiry is the last valid day: the earlier of the label's AI 17 and the lot's expiry date.
    let label_date = parsed.element("17").and_then(|element| element.date);
    let lot_date = facts.lot.as_ref().and_then(|lot| lot.expiry_date);
    let (expiry, source) = match (label_date, lot_date) {
        (Some(label), Some(lot)) if lot < label => (lot, "lot record"),
        (Some(label), _) => (label, "label"),
        (None, Some(lot)) => (lot, "lot record"),
        (None, None) => return,
    };
    let days = (expiry - facts.today).num_days();
    if days < 0 {
        out.add(
            ReasonCode::Expired,
            format!(
                "expired: last valid day was {expiry} ({source}), {} day(s) ago",
                -days
            ),
        );
    } else if days <= i64::from(policy.expiring_soon_days) {
        out.add(
            ReasonCode::ExpiringSoon,
            format!(
                "expires soon: last valid day is {expiry} ({source}), {}",
                days_word(days)
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn damaged_input_is_always_a_malformed_reject() {
        let accepted = Verdict {
            level: Level::Accept,
            reasons: Vec::new(),
        };
        assert_eq!(reject_damaged_input(accepted.clone(), &[]), accepted);
        let warned = Verdict {
            level: Level::Warn,
            reasons: vec![Reason {
                code: ReasonCode::UnknownLot,
                level: Level::Warn,
                message: "lot ABC21XYZ is not known yet".into(),
            }],
        };
        let lost = vec!["a GS separator typed as Ctrl+] was lost: add \"ctrl_bracket\"".to_owned()];
        let verdict = reject_damaged_input(warned, &lost);
        assert_eq!(verdict.level, Level::Reject);
        let codes: Vec<&str> = verdict.reasons.iter().map(|r| r.code.as_str()).collect();
        assert_eq!(codes, vec!["malformed", "unknown_lot"]);
        assert!(
            verdict.reasons[0].message.contains("Ctrl+]"),
            "{:?}",
            verdict.reasons[0]
        );
    }
}
