//! The journal: an append-only, hash-chained table of every station fact (scan and verdict,
//! allocation, print, reprint, void, lot status change, import, sync run, line product set).
//!
//! A journal row is also the sync payload, so its encoding is versioned and defined here once.
//! The hash of a row is `SHA-256(canonical_encoding(row))`, hex, where the encoding includes the
//! previous row's hash; changing, removing or reordering any row breaks every hash after it.
//!
//! Canonical encoding, `format_version` 1: the ASCII magic `SSJ1`, then these fields in this
//! order: `format_version, seq, event_id, kind, at, station, device, operator, workflow, raw,
//! parsed, verdict, reasons, gtin, lot, serial, sscc, master_version, payload, prev_hash`. A
//! NULL field is the single byte `0x00`; a present field is `0x01`, its byte length as a 32-bit
//! big-endian integer, then its bytes (integers as decimal ASCII, text as UTF-8 exactly as
//! stored, `raw` as the scanned bytes). The first row's `prev_hash` is 64 zeros.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

/// The row encoding version written by this build.
pub const FORMAT_VERSION: i64 = 1;

/// `prev_hash` of the first row.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What kind of fact a row records. The strings are stable (head office reads them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EventKind {
    Scan,
    Allocation,
    Print,
    Reprint,
    Void,
    /// A lot status change decided by head office and applied here by sync.
    RecallApplied,
    /// A lot status change made at the station (`lot recall|quarantine|release`).
    LotStatus,
    LotCreate,
    SerialLease,
    ServiceEvent,
    Import,
    Sync,
    /// The line workflow's active product and lot set or cleared (scan, CLI, configuration).
    LineSet,
}

impl EventKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Scan => "scan",
            EventKind::Allocation => "allocation",
            EventKind::Print => "print",
            EventKind::Reprint => "reprint",
            EventKind::Void => "void",
            EventKind::RecallApplied => "recall_applied",
            EventKind::LotStatus => "lot_status",
            EventKind::LotCreate => "lot_create",
            EventKind::SerialLease => "serial_lease",
            EventKind::ServiceEvent => "service_event",
            EventKind::Import => "import",
            EventKind::Sync => "sync",
            EventKind::LineSet => "line_set",
        }
    }
}

/// A fact to append. `seq`, `event_id`, `station`, `master_version` and the hashes are filled
/// in by [`append`].
#[derive(Debug, Clone, PartialEq)]
pub struct JournalEntry {
    pub kind: EventKind,
    pub at: DateTime<Utc>,
    pub device: Option<String>,
    pub operator: Option<String>,
    pub workflow: Option<String>,
    pub raw: Option<Vec<u8>>,
    /// The parse result as JSON text (`Parsed::to_json`).
    pub parsed: Option<String>,
    pub verdict: Option<String>,
    /// The verdict reasons as a JSON array text.
    pub reasons: Option<String>,
    pub gtin: Option<String>,
    pub lot: Option<String>,
    pub serial: Option<String>,
    pub sscc: Option<String>,
    /// Kind-specific details as a JSON object text.
    pub payload: Option<String>,
}

impl JournalEntry {
    /// An entry of `kind` at `at` with every optional field empty.
    pub fn new(kind: EventKind, at: DateTime<Utc>) -> JournalEntry {
        JournalEntry {
            kind,
            at,
            device: None,
            operator: None,
            workflow: None,
            raw: None,
            parsed: None,
            verdict: None,
            reasons: None,
            gtin: None,
            lot: None,
            serial: None,
            sscc: None,
            payload: None,
        }
    }
}

/// A stored row, exactly as in the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JournalRow {
    pub seq: i64,
    pub event_id: String,
    pub format_version: i64,
    pub kind: String,
    pub at: String,
    pub station: String,
    pub device: Option<String>,
    pub operator: Option<String>,
    pub workflow: Option<String>,
    pub raw: Option<Vec<u8>>,
    pub parsed: Option<String>,
    pub verdict: Option<String>,
    pub reasons: Option<String>,
    pub gtin: Option<String>,
    pub lot: Option<String>,
    pub serial: Option<String>,
    pub sscc: Option<String>,
    pub master_version: Option<String>,
    pub payload: Option<String>,
    pub prev_hash: String,
    pub hash: String,
}

/// What [`append`] assigned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Appended {
    pub seq: i64,
    pub event_id: String,
    pub hash: String,
}

const COLUMNS: &str = "seq, event_id, format_version, kind, at, station, device, operator, \
                       workflow, raw, parsed, verdict, reasons, gtin, lot, serial, sscc, \
                       master_version, payload, prev_hash, hash";

fn push_field(out: &mut Vec<u8>, field: Option<&[u8]>) {
    match field {
        None => out.push(0),
        Some(bytes) => {
            out.push(1);
            // A field longer than 4 GiB cannot be stored in SQLite (its limit is 1 GB), so the
            // length always fits; saturate rather than wrap if that ever changed.
            let length = u32::try_from(bytes.len()).unwrap_or(u32::MAX);
            out.extend_from_slice(&length.to_be_bytes());
            out.extend_from_slice(bytes);
        }
    }
}

/// The canonical encoding of `row` (its `hash` field excluded), format version 1.
pub fn canonical_encoding(row: &JournalRow) -> Vec<u8> {
    let mut out = Vec::with_capacity(512);
    out.extend_from_slice(b"SSJ1");
    fn text(value: &Option<String>) -> Option<&[u8]> {
        value.as_deref().map(str::as_bytes)
    }
    push_field(&mut out, Some(row.format_version.to_string().as_bytes()));
    push_field(&mut out, Some(row.seq.to_string().as_bytes()));
    push_field(&mut out, Some(row.event_id.as_bytes()));
    push_field(&mut out, Some(row.kind.as_bytes()));
    push_field(&mut out, Some(row.at.as_bytes()));
    push_field(&mut out, Some(row.station.as_bytes()));
    push_field(&mut out, text(&row.device));
    push_field(&mut out, text(&row.operator));
    push_field(&mut out, text(&row.workflow));
    push_field(&mut out, row.raw.as_deref());
    push_field(&mut out, text(&row.parsed));
    push_field(&mut out, text(&row.verdict));
    push_field(&mut out, text(&row.reasons));
    push_field(&mut out, text(&row.gtin));
    push_field(&mut out, text(&row.lot));
    push_field(&mut out, text(&row.serial));
    push_field(&mut out, text(&row.sscc));
    push_field(&mut out, text(&row.master_version));
    push_field(&mut out, text(&row.payload));
    push_field(&mut out, Some(row.prev_hash.as_bytes()));
    out
}

/// The hash a row must carry.
pub fn row_hash(row: &JournalRow) -> String {
    hex::encode(Sha256::digest(canonical_encoding(row)))
}

/// Appends `entry` as the next row. Must run inside a write transaction so that reading the
/// chain head and inserting are atomic.
pub(crate) fn append(
    conn: &Connection,
    station: &str,
    entry: &JournalEntry,
) -> Result<Appended, rusqlite::Error> {
    let head: Option<(i64, String)> = conn
        .prepare_cached("SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1")?
        .query_row([], |row| Ok((row.get(0)?, row.get(1)?)))
        .optional()?;
    let (last_seq, prev_hash) = head.unwrap_or((0, GENESIS_HASH.to_owned()));
    let master_version: Option<String> = conn
        .prepare_cached("SELECT value FROM meta WHERE key = 'master_version'")?
        .query_row([], |row| row.get(0))
        .optional()?;
    let at = entry.at;
    let seconds = u64::try_from(at.timestamp()).unwrap_or(0);
    let event_id = uuid::Uuid::new_v7(uuid::Timestamp::from_unix(
        uuid::NoContext,
        seconds,
        at.timestamp_subsec_nanos(),
    ))
    .to_string();
    let mut row = JournalRow {
        seq: last_seq + 1,
        event_id,
        format_version: FORMAT_VERSION,
        kind: entry.kind.as_str().to_owned(),
        at: super::format_time(at),
        station: station.to_owned(),
        device: entry.device.clone(),
        operator: entry.operator.clone(),
        workflow: entry.workflow.clone(),
        raw: entry.raw.clone(),
        parsed: entry.parsed.clone(),
        verdict: entry.verdict.clone(),
        reasons: entry.reasons.clone(),
        gtin: entry.gtin.clone(),
        lot: entry.lot.clone(),
        serial: entry.serial.clone(),
        sscc: entry.sscc.clone(),
        master_version,
        payload: entry.payload.clone(),
        prev_hash,
        hash: String::new(),
    };
    row.hash = row_hash(&row);
    conn.prepare_cached(&format!(
        "INSERT INTO journal ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, \
         ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21)"
    ))?
    .execute(params![
        row.seq,
        row.event_id,
        row.format_version,
        row.kind,
        row.at,
        row.station,
        row.device,
        row.operator,
        row.workflow,
        row.raw,
        row.parsed,
        row.verdict,
        row.reasons,
        row.gtin,
        row.lot,
        row.serial,
        row.sscc,
        row.master_version,
        row.payload,
        row.prev_hash,
        row.hash,
    ])?;
    Ok(Appended {
        seq: row.seq,
        event_id: row.event_id,
        hash: row.hash,
    })
}

fn read_row(row: &Row<'_>) -> Result<JournalRow, rusqlite::Error> {
    Ok(JournalRow {
        seq: row.get(0)?,
        event_id: row.get(1)?,
        format_version: row.get(2)?,
        kind: row.get(3)?,
        at: row.get(4)?,
        station: row.get(5)?,
        device: row.get(6)?,
        operator: row.get(7)?,
        workflow: row.get(8)?,
        raw: row.get(9)?,
        parsed: row.get(10)?,
        verdict: row.get(11)?,
        reasons: row.get(12)?,
        gtin: row.get(13)?,
        lot: row.get(14)?,
        serial: row.get(15)?,
        sscc: row.get(16)?,
        master_version: row.get(17)?,
        payload: row.get(18)?,
        prev_hash: row.get(19)?,
        hash: row.get(20)?,
    })
}

/// Up to `limit` rows with `seq > after_seq`, in order (the sync push reads these).
pub fn rows_after(
    conn: &Connection,
    after_seq: i64,
    limit: i64,
) -> Result<Vec<JournalRow>, rusqlite::Error> {
    let mut statement = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM journal WHERE seq > ?1 ORDER BY seq LIMIT ?2"
    ))?;
    let rows = statement.query_map(params![after_seq, limit], read_row)?;
    rows.collect()
}

/// Rows selected by an SQL condition on the journal (for traces), in seq order.
pub(crate) fn rows_where(
    conn: &Connection,
    condition: &str,
    parameters: &[&dyn rusqlite::ToSql],
) -> Result<Vec<JournalRow>, rusqlite::Error> {
    let mut statement = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM journal WHERE {condition} ORDER BY seq"
    ))?;
    let rows = statement.query_map(parameters, read_row)?;
    rows.collect()
}

/// The result of checking the chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyReport {
    pub ok: bool,
    pub events: i64,
    pub last_seq: i64,
    pub first_bad_seq: Option<i64>,
    /// What is wrong with the first bad row, for a person.
    pub problem: Option<String>,
}

impl VerifyReport {
    /// The `journal verify --json` object: `{"ok", "events", "last_seq", "first_bad_seq"}`.
    pub fn to_json(&self) -> Value {
        json!({
            "ok": self.ok,
            "events": self.events,
            "last_seq": self.last_seq,
            "first_bad_seq": self.first_bad_seq,
        })
    }
}

/// Walks the whole journal in seq order and checks that seqs are 1, 2, 3, ..., that every row
/// links to the previous row's hash, that its format version is known and that its hash is
/// right. Reports the first row that fails.
pub fn verify(conn: &Connection) -> Result<VerifyReport, rusqlite::Error> {
    let mut statement = conn.prepare(&format!("SELECT {COLUMNS} FROM journal ORDER BY seq"))?;
    let mut rows = statement.query([])?;
    let mut events = 0;
    let mut last_seq = 0;
    let mut prev_hash = GENESIS_HASH.to_owned();
    let mut first_bad: Option<(i64, String)> = None;
    while let Some(sql_row) = rows.next()? {
        let row = read_row(sql_row)?;
        events += 1;
        last_seq = row.seq;
        if first_bad.is_some() {
            continue;
        }
        let expected_seq = events;
        let problem = if row.seq != expected_seq {
            Some(format!(
                "seq {} found where {expected_seq} was expected (rows missing)",
                row.seq
            ))
        } else if row.format_version != FORMAT_VERSION {
            Some(format!("unknown format_version {}", row.format_version))
        } else if row.prev_hash != prev_hash {
            Some(
                "prev_hash does not match the previous row's hash (a row was removed or changed)"
                    .to_owned(),
            )
        } else if row_hash(&row) != row.hash {
            Some("hash does not match the row's content (the row was changed)".to_owned())
        } else {
            None
        };
        if let Some(problem) = problem {
            first_bad = Some((row.seq, problem));
        }
        prev_hash = row.hash;
    }
    Ok(VerifyReport {
        ok: first_bad.is_none(),
        events,
        last_seq,
        first_bad_seq: first_bad.as_ref().map(|(seq, _)| *seq),
        problem: first_bad.map(|(_, problem)| problem),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample_row() -> JournalRow {
        JournalRow {
            seq: 1,
            event_id: "0190c4c0-0000-7000-8000-000000000000".into(),
            format_version: 1,
            kind: "scan".into(),
            at: "2026-03-01T06:00:00.000000Z".into(),
            station: "S1".into(),
            device: Some("dock1".into()),
            operator: None,
            workflow: Some("receiving".into()),
            raw: Some(b"]d2010950600013435210ABC".to_vec()),
            parsed: Some("{}".into()),
            verdict: Some("accept".into()),
            reasons: Some("[]".into()),
            gtin: Some("09506000134352".into()),
            lot: Some("ABC".into()),
            serial: None,
            sscc: None,
            master_version: None,
            payload: None,
            prev_hash: GENESIS_HASH.into(),
            hash: String::new(),
        }
    }

    #[test]
    fn encoding_distinguishes_null_from_empty_and_field_boundaries() {
        let mut a = sample_row();
        let mut b = sample_row();
        a.operator = None;
        b.operator = Some(String::new());
        assert_ne!(row_hash(&a), row_hash(&b));
        // Moving a byte from one field to the next must change the hash.
        let mut c = sample_row();
        let mut d = sample_row();
        c.gtin = Some("0950600013435".into());
        c.lot = Some("2ABC".into());
        d.gtin = Some("09506000134352".into());
        d.lot = Some("ABC".into());
        assert_ne!(row_hash(&c), row_hash(&d));
    }

    #[test]
    fn hash_of_a_fixed_row_is_stable() {
        // Pinned so that a change to the encoding (which would break every stored chain and
        // head office's verification) cannot go unnoticed: bump FORMAT_VERSION instead.
        let row = sample_row();
        let encoding = canonical_encoding(&row);
        assert_eq!(&encoding[..4], b"SSJ1");
        assert_eq!(row_hash(&row), hex::encode(Sha256::digest(&encoding)));
        assert_eq!(row_hash(&row), PINNED_HASH);
    }

    const PINNED_HASH: &str = "33d7be6d4e84c899e5367754fd832df4e94f1c3d0869f234eb3817ddb1deb51f";
}
