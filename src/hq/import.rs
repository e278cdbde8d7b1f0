//! Files a head-office supervisor loads: master data (CSV with a header row, or NDJSON, with the
//! station's import column names so that one export from the ERP serves both), and journals
//! hand-carried from a station (`scanstation export --format ndjson`).
//!
//! Master-data files are checked completely before anything is written; every problem names
//! its line and field. Unlike the station's import, a file must name every column: head
//! office keeps and sends whole records, so a missing column would reset it everywhere. Journals go through the same idempotent push path as the network, so a
//! file carried in while the station also syncs stores every event exactly once.

use std::io::{BufRead, BufReader};
use std::path::Path;

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

use super::{sha256_hex, HqError, HqStorage, PushReply};
use crate::store::sync_state::MasterRecord;
use crate::store::ImportKind;
use crate::sync::protocol::{decode_change, idempotency_key, EventStatus, WireEvent};

/// Numeric columns: sent as JSON numbers on the wire.
const NUMBER_COLUMNS: &[&str] = &["shelf_life_days", "warranty_months", "quantity"];

/// How many problems an error lists.
const MAX_REPORTED: usize = 50;

fn change_kind(kind: ImportKind) -> &'static str {
    match kind {
        ImportKind::Products => "product",
        ImportKind::Lots => "lot",
        ImportKind::Serials => "serial",
    }
}

fn to_record(
    kind: ImportKind,
    object: Map<String, Value>,
    line: u64,
    problems: &mut Vec<String>,
) -> Option<MasterRecord> {
    let columns = kind.columns();
    // Head office's records are whole (they go to every station as they are): a file without a
    // column would reset it on every record, e.g. put recalled lots back to released.
    let missing: Vec<&str> = columns
        .iter()
        .copied()
        .filter(|column| !object.contains_key(*column))
        .collect();
    if !missing.is_empty() {
        problems.push(format!(
            "line {line}: no {} column: head office replaces whole {} records, so its files \
             name every column ({}); leave a value empty (or null) where there is none",
            missing.join(", "),
            kind.as_str(),
            columns.join(", ")
        ));
        return None;
    }
    let mut clean = Map::new();
    for (key, value) in object {
        if !columns.contains(&key.as_str()) {
            problems.push(format!(
                "line {line}, field {key}: unknown column for {} (allowed: {})",
                kind.as_str(),
                columns.join(", ")
            ));
            return None;
        }
        let value = match value {
            Value::String(text) if text.trim().is_empty() => continue,
            Value::String(text) if NUMBER_COLUMNS.contains(&key.as_str()) => {
                match text.trim().parse::<i64>() {
                    Ok(number) => Value::from(number),
                    Err(_) => {
                        problems.push(format!(
                            "line {line}, field {key}: {text:?} is not a whole number"
                        ));
                        return None;
                    }
                }
            }
            Value::Null => continue,
            other => other,
        };
        clean.insert(key, value);
    }
    match decode_change(change_kind(kind), &Value::Object(clean).to_string()) {
        Ok(record) => Some(record),
        Err(message) => {
            problems.push(format!("line {line}: {message}"));
            None
        }
    }
}

/// Reads and checks a master-data file; nothing is returned unless every row is good.
pub fn read_master_file(path: &Path, kind: ImportKind) -> Result<Vec<MasterRecord>, HqError> {
    let io = |source| HqError::Io {
        path: path.to_owned(),
        source,
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let mut reader = BufReader::new(file);
    let first = reader
        .fill_buf()
        .map_err(io)?
        .iter()
        .copied()
        .find(|byte| !byte.is_ascii_whitespace());
    let ndjson = matches!(
        path.extension().and_then(|ext| ext.to_str()),
        Some("ndjson" | "jsonl" | "json")
    ) || first == Some(b'{');
    let mut problems = Vec::new();
    let mut records = Vec::new();
    if ndjson {
        for (index, line) in reader.lines().enumerate() {
            let line_number = index as u64 + 1;
            let text = line.map_err(io)?;
            if text.trim().is_empty() {
                continue;
            }
            match serde_json::from_str::<Value>(&text) {
                Ok(Value::Object(object)) => {
                    records.extend(to_record(kind, object, line_number, &mut problems))
                }
                _ => problems.push(format!("line {line_number}: is not a JSON object")),
            }
        }
    } else {
        let mut csv_reader = csv::Reader::from_reader(reader);
        let header: Vec<String> = csv_reader
            .headers()
            .map_err(|err| {
                HqError::Invalid(format!(
                    "{}: cannot read the header row: {err}",
                    path.display()
                ))
            })?
            .iter()
            .map(|name| name.trim_start_matches('\u{feff}').trim().to_owned())
            .collect();
        for result in csv_reader.records() {
            match result {
                Ok(row) => {
                    let line = row.position().map_or(0, |position| position.line());
                    let object: Map<String, Value> = header
                        .iter()
                        .cloned()
                        .zip(row.iter().map(|value| Value::from(value.to_owned())))
                        .collect();
                    records.extend(to_record(kind, object, line, &mut problems));
                }
                Err(err) => problems.push(format!("{err}")),
            }
        }
    }
    if records.is_empty() && problems.is_empty() {
        problems.push("the file holds no rows".into());
    }
    if !problems.is_empty() {
        let total = problems.len();
        problems.truncate(MAX_REPORTED);
        return Err(HqError::Invalid(format!(
            "{}: {total} problem(s), nothing was imported; fix the file and import it again:\n  {}",
            path.display(),
            problems.join("\n  ")
        )));
    }
    Ok(records)
}

/// What loading a hand-carried journal did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct JournalImport {
    pub accepted: u64,
    pub duplicates: u64,
    pub rejected: u64,
}

/// Loads a station journal exported as NDJSON, through the push path, in batches.
pub fn import_journal(
    storage: &mut dyn HqStorage,
    path: &Path,
    now: DateTime<Utc>,
) -> Result<JournalImport, HqError> {
    let io = |source| HqError::Io {
        path: path.to_owned(),
        source,
    };
    let reader = BufReader::new(std::fs::File::open(path).map_err(io)?);
    let mut events: Vec<WireEvent> = Vec::new();
    for (index, line) in reader.lines().enumerate() {
        let text = line.map_err(io)?;
        if text.trim().is_empty() {
            continue;
        }
        let event: WireEvent = serde_json::from_str(&text).map_err(|err| {
            HqError::Invalid(format!(
                "{} line {}: not a journal event: {err}",
                path.display(),
                index + 1
            ))
        })?;
        events.push(event);
    }
    events.sort_by(|a, b| a.station.cmp(&b.station).then(a.seq.cmp(&b.seq)));
    let mut summary = JournalImport::default();
    for station_events in events.chunk_by(|a, b| a.station == b.station) {
        for batch in station_events.chunks(1000) {
            let station = batch[0].station.as_str();
            let key = format!("handcarry:{}", idempotency_key(station, batch));
            let body =
                serde_json::to_vec(batch).map_err(|err| HqError::Invalid(err.to_string()))?;
            let reply = storage.push(station, &key, &sha256_hex(&body), batch, now)?;
            let response = match reply {
                PushReply::Fresh(response) | PushReply::Replay(response) => response,
                PushReply::KeyReused => {
                    return Err(HqError::Invalid(format!(
                        "batch {key} was loaded before with other content"
                    )))
                }
            };
            for result in &response.results {
                match (result.status, result.retry) {
                    (_, true) => {
                        return Err(HqError::Invalid(format!(
                            "station {station}: event seq {} cannot be stored yet ({}); the file must hold the events \
                             from seq {} on",
                            result.seq,
                            result.reason.clone().unwrap_or_default(),
                            response.expected_seq
                        )))
                    }
                    (EventStatus::Accepted, false) => summary.accepted += 1,
                    (EventStatus::Duplicate, false) => summary.duplicates += 1,
                    (EventStatus::Rejected, false) => summary.rejected += 1,
                }
            }
        }
    }
    Ok(summary)
}
