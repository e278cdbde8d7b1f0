//! Journal export for hand-carry when the network is down: CSV for a spreadsheet, NDJSON in the
//! push format (head office can ingest it with `hq import --kind events`), and EPCIS 2.0
//! JSON-LD for trading partners.
//!
//! EPCIS mapping (CBV 2.0): a receiving scan is an `ObjectEvent` `OBSERVE` with bizStep
//! `receiving`; a line or lookup scan has bizStep `inspecting`; a serial allocation is `ADD`
//! with bizStep `commissioning` and disposition `active`. The disposition of a scan follows its
//! verdict: accept/warn → `in_progress` (receiving) or `conformant` (inspecting); reject →
//! `recalled` or `expired` when that is the reason, else `non_conformant`. Identifiers are GS1
//! Digital Link URIs: SGTIN (01+21) and SSCC (00) in `epcList`, LGTIN (01+10) or a bare GTIN
//! class in `quantityList`. `eventID` is `urn:uuid:` + the journal event id. The station's
//! verdict and reasons travel as extension fields in the `scanstation:` namespace. Rows that
//! identify no object (malformed scans, prints, imports) are not EPCIS events and are left out
//! of that format (they are in CSV and NDJSON).

use std::io::Write;

use chrono::{NaiveDate, Utc};
use serde_json::{json, Map, Value};

use super::protocol::WireEvent;
use crate::gs1::digital_link_uri;
use crate::store::{JournalRow, Store, StoreError};

/// Base of the Digital Link URIs in EPCIS exports.
pub const DIGITAL_LINK_BASE: &str = "https://id.gs1.org";
/// JSON-LD context of GS1's EPCIS 2.0.
pub const EPCIS_CONTEXT: &str = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld";
/// Namespace of this station's extension fields.
pub const EXTENSION_NAMESPACE: &str = "urn:scanstation:epcis:";

/// Export format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Ndjson,
    Epcis,
}

impl std::str::FromStr for Format {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        match text {
            "csv" => Ok(Format::Csv),
            "ndjson" => Ok(Format::Ndjson),
            "epcis" => Ok(Format::Epcis),
            _ => Err(format!("{text:?} is not one of csv, ndjson, epcis")),
        }
    }
}

/// Which rows to export. Dates are inclusive, on the row's UTC date.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// `(gtin as 14 digits, lot)`.
    pub lot: Option<(String, String)>,
}

impl Filter {
    fn keeps(&self, row: &JournalRow) -> bool {
        let date = crate::store::parse_time(&row.at).map(|at| at.date_naive());
        if let (Some(from), Some(date)) = (self.from, date) {
            if date < from {
                return false;
            }
        }
        if let (Some(to), Some(date)) = (self.to, date) {
            if date > to {
                return false;
            }
        }
        if let Some((gtin, lot)) = &self.lot {
            return row.gtin.as_deref() == Some(gtin.as_str())
                && row.lot.as_deref() == Some(lot.as_str());
        }
        true
    }
}

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("writing the export failed: {0}; check the output path and free space")]
    Write(#[from] std::io::Error),
    #[error("writing the export failed: {0}")]
    Csv(#[from] csv::Error),
}

/// What was written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ExportSummary {
    /// Journal rows that passed the filter.
    pub rows: u64,
    /// Records written (EPCIS: events; CSV/NDJSON: rows).
    pub written: u64,
    /// Rows left out of an EPCIS document because they identify no object.
    pub skipped: u64,
}

/// The CSV columns, in order.
pub const CSV_COLUMNS: &[&str] = &[
    "seq",
    "event_id",
    "kind",
    "at",
    "station",
    "device",
    "operator",
    "workflow",
    "verdict",
    "reasons",
    "gtin",
    "lot",
    "serial",
    "sscc",
    "raw_hex",
    "parsed",
    "master_version",
    "payload",
    "prev_hash",
    "hash",
];

/// Rows read per query: bounded memory for journals of any size.
const CHUNK: i64 = 5000;

fn for_each_row(
    store: &Store,
    filter: &Filter,
    mut body: impl FnMut(&JournalRow) -> Result<(), ExportError>,
) -> Result<u64, ExportError> {
    let mut after = 0;
    let mut rows = 0;
    loop {
        let chunk = store.journal_rows_after(after, CHUNK)?;
        let Some(last) = chunk.last() else {
            return Ok(rows);
        };
        after = last.seq;
        for row in chunk.iter().filter(|row| filter.keeps(row)) {
            rows += 1;
            body(row)?;
        }
    }
}

/// Writes the journal rows that pass `filter` to `out` in `format`.
pub fn export(
    store: &Store,
    format: Format,
    filter: &Filter,
    out: &mut dyn Write,
) -> Result<ExportSummary, ExportError> {
    let mut summary = ExportSummary::default();
    match format {
        Format::Csv => {
            let mut writer = csv::Writer::from_writer(&mut *out);
            writer.write_record(CSV_COLUMNS)?;
            summary.rows = for_each_row(store, filter, |row| {
                let text = |value: &Option<String>| value.clone().unwrap_or_default();
                writer.write_record([
                    row.seq.to_string(),
                    row.event_id.clone(),
                    row.kind.clone(),
                    row.at.clone(),
                    row.station.clone(),
                    text(&row.device),
                    text(&row.operator),
                    text(&row.workflow),
                    text(&row.verdict),
                    text(&row.reasons),
                    text(&row.gtin),
                    text(&row.lot),
                    text(&row.serial),
                    text(&row.sscc),
                    row.raw.as_ref().map(hex::encode).unwrap_or_default(),
                    text(&row.parsed),
                    text(&row.master_version),
                    text(&row.payload),
                    row.prev_hash.clone(),
                    row.hash.clone(),
                ])?;
                Ok(())
            })?;
            writer.flush()?;
            summary.written = summary.rows;
        }
        Format::Ndjson => {
            summary.rows = for_each_row(store, filter, |row| {
                serde_json::to_writer(&mut *out, &WireEvent::from(row))
                    .map_err(std::io::Error::from)?;
                out.write_all(b"\n")?;
                Ok(())
            })?;
            summary.written = summary.rows;
        }
        Format::Epcis => {
            let document = json!({
                "@context": [EPCIS_CONTEXT, {"scanstation": EXTENSION_NAMESPACE}],
                "type": "EPCISDocument",
                "schemaVersion": "2.0",
                "creationDate": crate::store::format_time(Utc::now()),
            });
            let head = serde_json::to_string(&document).map_err(std::io::Error::from)?;
            // Stream the event list: write the document without its closing brace, then the
            // body, so that a journal of millions of rows needs no more memory than one chunk.
            let open = head.strip_suffix('}').unwrap_or(&head);
            write!(out, "{open},\"epcisBody\":{{\"eventList\":[")?;
            let mut first = true;
            let mut written = 0;
            let mut skipped = 0;
            let rows = for_each_row(store, filter, |row| {
                match epcis_event(row) {
                    Some(event) => {
                        if !first {
                            out.write_all(b",\n")?;
                        }
                        first = false;
                        serde_json::to_writer(&mut *out, &event).map_err(std::io::Error::from)?;
                        written += 1;
                    }
                    None => skipped += 1,
                }
                Ok(())
            })?;
            out.write_all(b"]}}\n")?;
            summary = ExportSummary {
                rows,
                written,
                skipped,
            };
        }
    }
    out.flush()?;
    Ok(summary)
}

fn reason_codes(row: &JournalRow) -> Vec<String> {
    let Some(text) = &row.reasons else {
        return Vec::new();
    };
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Array(items)) => items
            .iter()
            .filter_map(|item| {
                item.get("code")
                    .and_then(Value::as_str)
                    .or_else(|| item.as_str())
            })
            .map(str::to_owned)
            .collect(),
        _ => Vec::new(),
    }
}

/// The identifiers a row names: `(epcList, quantityList)`.
fn identifiers(row: &JournalRow, serials: &[String]) -> (Vec<String>, Vec<Value>) {
    let mut epcs = Vec::new();
    let mut classes = Vec::new();
    let uri = |pairs: &[(&str, &str)]| digital_link_uri(pairs, DIGITAL_LINK_BASE).ok();
    if let Some(sscc) = &row.sscc {
        epcs.extend(uri(&[("00", sscc)]));
    }
    if let Some(gtin) = &row.gtin {
        if !serials.is_empty() {
            for serial in serials {
                epcs.extend(uri(&[("01", gtin), ("21", serial)]));
            }
        } else if let Some(lot) = &row.lot {
            classes
                .extend(uri(&[("01", gtin), ("10", lot)]).map(|class| json!({"epcClass": class})));
        } else {
            classes.extend(uri(&[("01", gtin)]).map(|class| json!({"epcClass": class})));
        }
    }
    (epcs, classes)
}

/// The EPCIS ObjectEvent of a row, when it identifies an object.
pub fn epcis_event(row: &JournalRow) -> Option<Value> {
    let (action, biz_step, disposition, serials) = match row.kind.as_str() {
        "scan" => {
            let receiving = row.workflow.as_deref() == Some("receiving");
            let verdict = row.verdict.as_deref().unwrap_or("");
            let codes = reason_codes(row);
            let disposition = match verdict {
                "reject" if codes.iter().any(|code| code == "recalled") => "recalled",
                "reject" if codes.iter().any(|code| code == "expired") => "expired",
                "reject" => "non_conformant",
                _ if receiving => "in_progress",
                _ => "conformant",
            };
            let biz_step = if receiving { "receiving" } else { "inspecting" };
            (
                "OBSERVE",
                biz_step,
                disposition,
                row.serial.iter().cloned().collect::<Vec<_>>(),
            )
        }
        "allocation" => {
            let serials: Vec<String> = row
                .payload
                .as_deref()
                .and_then(|text| serde_json::from_str::<Value>(text).ok())
                .and_then(|payload| payload.get("serials").cloned())
                .and_then(|serials| serde_json::from_value(serials).ok())
                .unwrap_or_default();
            if serials.is_empty() {
                return None;
            }
            ("ADD", "commissioning", "active", serials)
        }
        _ => return None,
    };
    let (epcs, classes) = identifiers(row, &serials);
    if epcs.is_empty() && classes.is_empty() {
        return None;
    }
    let at = crate::store::parse_time(&row.at)?;
    let mut event = Map::new();
    event.insert("type".into(), Value::from("ObjectEvent"));
    event.insert(
        "eventID".into(),
        Value::from(format!("urn:uuid:{}", row.event_id)),
    );
    event.insert(
        "eventTime".into(),
        Value::from(at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)),
    );
    event.insert("eventTimeZoneOffset".into(), Value::from("+00:00"));
    if !epcs.is_empty() {
        event.insert("epcList".into(), json!(epcs));
    }
    if !classes.is_empty() {
        event.insert("quantityList".into(), Value::Array(classes));
    }
    event.insert("action".into(), Value::from(action));
    event.insert("bizStep".into(), Value::from(biz_step));
    event.insert("disposition".into(), Value::from(disposition));
    let mut read_point = format!("urn:scanstation:station:{}", row.station);
    if let Some(device) = &row.device {
        let safe: String = device
            .chars()
            .map(|ch| {
                if ch.is_ascii_alphanumeric() || "-._".contains(ch) {
                    ch
                } else {
                    '_'
                }
            })
            .collect();
        read_point.push_str(&format!(":device:{safe}"));
    }
    event.insert("readPoint".into(), json!({"id": read_point}));
    event.insert("scanstation:seq".into(), Value::from(row.seq));
    if let Some(verdict) = &row.verdict {
        event.insert("scanstation:verdict".into(), Value::from(verdict.as_str()));
        event.insert("scanstation:reasons".into(), json!(reason_codes(row)));
    }
    Some(Value::Object(event))
}
