//! Recall support: `lot show` and `lot trace`.
//!
//! A trace lists every journal row of one lot at this station (receipts, line and lookup scans,
//! allocations, prints, status changes) in order, with the serials allocated under the lot, and
//! flags the verdicts that let goods through before the lot was recalled ("accepted before
//! recall"): those are the cartons a recall has to chase.

use chrono::{DateTime, Utc};
use serde_json::{json, Value};

use super::journal::{rows_where, JournalRow};
use super::master::normalize_gtin;
use super::{classify, parse_time, Lot, Store, StoreError};

/// One journal row of a trace.
#[derive(Debug, Clone, PartialEq)]
pub struct TraceEvent {
    pub row: JournalRow,
    /// The reason codes of a scan verdict.
    pub reason_codes: Vec<String>,
    /// A scan accepted (or warned and let through) before the lot's recall.
    pub accepted_before_recall: bool,
}

/// Everything this station knows about one lot.
#[derive(Debug, Clone, PartialEq)]
pub struct LotTrace {
    pub gtin: String,
    pub lot: String,
    pub record: Option<Lot>,
    pub pending: bool,
    /// When the lot was first recalled (by head office or at this station), if it was.
    /// Scans let through before the last recall are flagged, not only before this one.
    pub recalled_at: Option<DateTime<Utc>>,
    pub events: Vec<TraceEvent>,
    /// Serials this station allocated under the lot: `(serial, journal seq)`.
    pub serials: Vec<(String, i64)>,
}

/// The CSV columns of `lot trace --csv`.
pub const TRACE_CSV_COLUMNS: &[&str] = &[
    "seq",
    "at",
    "kind",
    "workflow",
    "device",
    "operator",
    "verdict",
    "reasons",
    "serial",
    "sscc",
    "accepted_before_recall",
    "event_id",
];

impl TraceEvent {
    fn to_json(&self) -> Value {
        let row = &self.row;
        json!({
            "seq": row.seq,
            "event_id": row.event_id,
            "at": row.at,
            "kind": row.kind,
            "workflow": row.workflow,
            "device": row.device,
            "operator": row.operator,
            "verdict": row.verdict,
            "reasons": self.reason_codes,
            "serial": row.serial,
            "sscc": row.sscc,
            "accepted_before_recall": self.accepted_before_recall,
        })
    }
}

impl LotTrace {
    pub fn to_json(&self) -> Value {
        json!({
            "gtin": self.gtin,
            "lot": self.lot,
            "record": self.record.as_ref().map(Lot::to_json),
            "pending": self.pending,
            "recalled_at": self.recalled_at.map(super::format_time),
            "accepted_before_recall": self.events.iter().filter(|event| event.accepted_before_recall).count(),
            "events": self.events.iter().map(TraceEvent::to_json).collect::<Vec<_>>(),
            "serials": self.serials.iter().map(|(serial, seq)| json!({"serial": serial, "seq": seq})).collect::<Vec<_>>(),
        })
    }

    /// The CSV rows (header first): one per event; an allocation gives one row per serial.
    pub fn csv_rows(&self) -> Vec<Vec<String>> {
        let mut rows = vec![TRACE_CSV_COLUMNS
            .iter()
            .map(|name| (*name).to_owned())
            .collect()];
        let text = |value: &Option<String>| value.clone().unwrap_or_default();
        for event in &self.events {
            let row = &event.row;
            let serials: Vec<String> = if row.kind == "allocation" {
                self.serials
                    .iter()
                    .filter(|(_, seq)| *seq == row.seq)
                    .map(|(serial, _)| serial.clone())
                    .collect()
            } else {
                vec![text(&row.serial)]
            };
            for serial in serials {
                rows.push(vec![
                    row.seq.to_string(),
                    row.at.clone(),
                    row.kind.clone(),
                    text(&row.workflow),
                    text(&row.device),
                    text(&row.operator),
                    text(&row.verdict),
                    event.reason_codes.join(" "),
                    serial,
                    text(&row.sscc),
                    if event.accepted_before_recall {
                        "yes".into()
                    } else {
                        String::new()
                    },
                    row.event_id.clone(),
                ]);
            }
        }
        rows
    }
}

fn payload_status(row: &JournalRow) -> Option<String> {
    let payload: Value = serde_json::from_str(row.payload.as_deref()?).ok()?;
    payload.get("status")?.as_str().map(str::to_owned)
}

impl Store {
    /// Every journal row of lot `lot_code` of `gtin`, with recall flags.
    pub fn lot_trace(&self, gtin: &str, lot_code: &str) -> Result<LotTrace, StoreError> {
        let gtin = normalize_gtin(gtin).map_err(StoreError::Invalid)?;
        let err = |action| move |err| classify(self.path(), action, err);
        let rows = rows_where(self.conn(), "gtin = ?1 AND lot = ?2", &[&gtin, &lot_code])
            .map_err(err("reading the journal"))?;
        let record = self.lot(&gtin, lot_code)?;
        let pending: bool = self
            .conn()
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM pending_lots WHERE gtin = ?1 AND lot = ?2)",
                [&gtin, lot_code],
                |row| row.get(0),
            )
            .map_err(err("reading pending lots"))?;
        let mut recall_times: Vec<DateTime<Utc>> = rows
            .iter()
            .filter(|row| matches!(row.kind.as_str(), "lot_status" | "recall_applied"))
            .filter(|row| payload_status(row).as_deref() == Some("recalled"))
            .filter_map(|row| parse_time(&row.at))
            .collect();
        if let Some(lot) = &record {
            if lot.status == super::LotStatus::Recalled {
                if let Some(changed) = lot.status_changed_at {
                    recall_times.push(changed);
                }
            }
        }
        let recalled_at = recall_times.iter().min().copied();
        // Goods let through before ANY recall are to chase: a lot recalled, released and
        // recalled again flags what was accepted while it was released too.
        let last_recall = recall_times.iter().max().copied();
        let events = rows
            .into_iter()
            .map(|row| {
                let reason_codes: Vec<String> = row
                    .reasons
                    .as_deref()
                    .and_then(|text| serde_json::from_str::<Value>(text).ok())
                    .and_then(|value| value.as_array().cloned())
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|reason| {
                        reason
                            .get("code")
                            .and_then(Value::as_str)
                            .map(str::to_owned)
                    })
                    .collect();
                // Goods let through at the dock or on the line; a lookup moves nothing.
                let let_through = row.kind == "scan"
                    && row.workflow.as_deref() != Some("lookup")
                    && matches!(row.verdict.as_deref(), Some("accept" | "warn"));
                let before = match (last_recall, parse_time(&row.at)) {
                    (Some(recall), Some(at)) => at < recall,
                    _ => false,
                };
                TraceEvent {
                    accepted_before_recall: let_through && before,
                    reason_codes,
                    row,
                }
            })
            .collect();
        let serials = {
            let mut statement = self
                .conn()
                .prepare("SELECT serial, journal_seq FROM allocated_serials WHERE gtin = ?1 AND lot = ?2 ORDER BY journal_seq, serial")
                .map_err(err("reading allocated serials"))?;
            let rows = statement
                .query_map([&gtin, lot_code], |row| Ok((row.get(0)?, row.get(1)?)))
                .and_then(|rows| rows.collect::<Result<Vec<(String, i64)>, _>>())
                .map_err(err("reading allocated serials"))?;
            rows
        };
        Ok(LotTrace {
            gtin,
            lot: lot_code.to_owned(),
            record,
            pending,
            recalled_at,
            events,
            serials,
        })
    }

    /// `lot show`: the lot record with counts of what happened to it here.
    pub fn lot_summary(&self, gtin: &str, lot_code: &str) -> Result<Value, StoreError> {
        let trace = self.lot_trace(gtin, lot_code)?;
        if trace.record.is_none() && trace.events.is_empty() && !trace.pending {
            return Err(StoreError::NotFound(format!(
                "lot {lot_code} of GTIN {} is not known at this station: check the numbers, or \
                 sync master data from head office",
                trace.gtin
            )));
        }
        let count = |predicate: &dyn Fn(&TraceEvent) -> bool| {
            trace.events.iter().filter(|event| predicate(event)).count()
        };
        let scans = count(&|event| event.row.kind == "scan");
        let by_verdict = |verdict: &str| {
            count(&|event| {
                event.row.kind == "scan" && event.row.verdict.as_deref() == Some(verdict)
            })
        };
        let product = self.product(&trace.gtin)?;
        Ok(json!({
            "gtin": trace.gtin,
            "lot": trace.lot,
            "record": trace.record.as_ref().map(Lot::to_json),
            "product": product.as_ref().map(super::Product::to_json),
            "pending": trace.pending,
            "recalled_at": trace.recalled_at.map(super::format_time),
            "scans": scans,
            "accepted": by_verdict("accept"),
            "warned": by_verdict("warn"),
            "rejected": by_verdict("reject"),
            "received": count(&|event| event.row.kind == "scan" && event.row.workflow.as_deref() == Some("receiving")
                && matches!(event.row.verdict.as_deref(), Some("accept" | "warn"))),
            "serials_allocated": trace.serials.len(),
            "accepted_before_recall": count(&|event| event.accepted_before_recall),
        }))
    }
}
