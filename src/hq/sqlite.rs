//! Head-office storage in one embedded SQLite file: for a single site and the demo.
//!
//! Tables: `hq_events` (every station's journal, primary key `(station, seq)`, unique
//! `(station, event_id)`), `hq_heads` (each station's chain head), `hq_idempotency` (push
//! answers by key), the authoritative master data (`hq_products`, `hq_lots`, `hq_serials`,
//! `hq_blocks`, each record kept as its wire JSON plus the columns queries need), the change
//! log `hq_changes` whose AUTOINCREMENT cursor only grows, and `hq_alerts`. WAL and
//! `synchronous=FULL`: an answer is sent only after its transaction is durable.

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension, Transaction, TransactionBehavior};

use super::{
    check_lease_is_disjoint, import_requires_product, is_replayable, judge_event, lot_with_status,
    replayed_answer, Alert, ChainHead, ChangeRows, Decision, HqError, HqStorage, LeasedBlock,
    PushReply, StoredEvent, StoredId,
};
use crate::store::format_time;
use crate::store::sync_state::{BlockLease, MasterRecord};
use crate::store::LotStatus;
use crate::sync::protocol::{encode_record, EventResult, EventStatus, PushResponse, WireEvent};

const SCHEMA: &str = r#"
CREATE TABLE IF NOT EXISTS hq_heads (
    station   TEXT PRIMARY KEY,
    last_seq  INTEGER NOT NULL,
    last_hash TEXT NOT NULL,
    pushed_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS hq_events (
    station        TEXT NOT NULL,
    seq            INTEGER NOT NULL,
    event_id       TEXT NOT NULL,
    format_version INTEGER NOT NULL,
    kind           TEXT NOT NULL,
    at             TEXT NOT NULL,
    device         TEXT,
    operator       TEXT,
    workflow       TEXT,
    raw            BLOB,
    parsed         TEXT,
    verdict        TEXT,
    reasons        TEXT,
    gtin           TEXT,
    lot            TEXT,
    serial         TEXT,
    sscc           TEXT,
    master_version TEXT,
    payload        TEXT,
    prev_hash      TEXT NOT NULL,
    hash           TEXT NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('accepted', 'rejected')),
    reason         TEXT,
    received_at    TEXT NOT NULL,
    PRIMARY KEY (station, seq)
) WITHOUT ROWID;
CREATE UNIQUE INDEX IF NOT EXISTS hq_events_by_id ON hq_events (station, event_id);
CREATE INDEX IF NOT EXISTS hq_events_by_lot ON hq_events (gtin, lot) WHERE lot IS NOT NULL;
CREATE TABLE IF NOT EXISTS hq_idempotency (
    station        TEXT NOT NULL,
    key            TEXT NOT NULL,
    request_sha256 TEXT NOT NULL,
    response       TEXT NOT NULL,
    at             TEXT NOT NULL,
    PRIMARY KEY (station, key)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS hq_products (
    gtin TEXT PRIMARY KEY,
    data TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS hq_lots (
    gtin              TEXT NOT NULL,
    lot               TEXT NOT NULL,
    status            TEXT NOT NULL,
    status_changed_at TEXT,
    data              TEXT NOT NULL,
    PRIMARY KEY (gtin, lot)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS hq_serials (
    gtin   TEXT NOT NULL,
    serial TEXT NOT NULL,
    data   TEXT NOT NULL,
    PRIMARY KEY (gtin, serial)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS hq_blocks (
    reference   TEXT PRIMARY KEY,
    station     TEXT NOT NULL,
    gtin        TEXT NOT NULL,
    lot         TEXT,
    pattern     TEXT NOT NULL,
    first_value INTEGER NOT NULL,
    last_value  INTEGER NOT NULL,
    leased_at   TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS hq_changes (
    cursor  INTEGER PRIMARY KEY AUTOINCREMENT,
    kind    TEXT NOT NULL,
    station TEXT,
    data    TEXT NOT NULL,
    at      TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS hq_alerts (
    station           TEXT NOT NULL,
    seq               INTEGER NOT NULL,
    kind              TEXT NOT NULL,
    gtin              TEXT NOT NULL,
    lot               TEXT NOT NULL,
    lot_status        TEXT NOT NULL,
    verdict           TEXT NOT NULL,
    scanned_at        TEXT NOT NULL,
    status_changed_at TEXT,
    created_at        TEXT NOT NULL,
    PRIMARY KEY (station, seq, lot_status)
) WITHOUT ROWID;
"#;

/// Scans that let goods through (accept or warn) of lots head office now holds back.
const ALERT_INSERT: &str = "INSERT OR IGNORE INTO hq_alerts
    (station, seq, kind, gtin, lot, lot_status, verdict, scanned_at, status_changed_at, created_at)
    SELECT e.station, e.seq,
           CASE WHEN l.status_changed_at IS NOT NULL AND e.at >= l.status_changed_at
                THEN 'accepted_while_recalled' ELSE 'accepted_before_recall' END,
           e.gtin, e.lot, l.status, e.verdict, e.at, l.status_changed_at, ?1
    FROM hq_events e JOIN hq_lots l ON l.gtin = e.gtin AND l.lot = e.lot
    WHERE e.kind = 'scan' AND e.status = 'accepted' AND e.verdict IN ('accept', 'warn')
      AND l.status <> 'released'";

/// The SQLite head office.
pub struct SqliteHq {
    conn: Connection,
    path: PathBuf,
}

impl std::fmt::Debug for SqliteHq {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteHq")
            .field("path", &self.path)
            .finish()
    }
}

fn sql_err<'a>(path: &'a Path, action: &'static str) -> impl Fn(rusqlite::Error) -> HqError + 'a {
    move |source| HqError::Sqlite {
        path: path.to_owned(),
        action,
        source,
    }
}

impl SqliteHq {
    /// Opens (or creates) the head-office database.
    pub fn open(path: &Path) -> Result<SqliteHq, HqError> {
        let err = |action| sql_err(path, action);
        let conn = Connection::open(path).map_err(err("opening"))?;
        conn.busy_timeout(Duration::from_secs(10))
            .map_err(err("setting the busy timeout"))?;
        conn.query_row("PRAGMA journal_mode=WAL", [], |_| Ok(()))
            .map_err(err("switching to WAL"))?;
        conn.execute_batch("PRAGMA synchronous=FULL; PRAGMA cache_size=-64000;")
            .map_err(err("setting pragmas"))?;
        conn.execute_batch(SCHEMA)
            .map_err(err("creating the schema"))?;
        Ok(SqliteHq {
            conn,
            path: path.to_owned(),
        })
    }

    fn write_tx(&mut self) -> Result<(Transaction<'_>, &Path), HqError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|source| HqError::Sqlite {
                path: self.path.clone(),
                action: "starting a transaction",
                source,
            })?;
        Ok((tx, &self.path))
    }
}

fn head(tx: &Connection, station: &str) -> Result<ChainHead, rusqlite::Error> {
    Ok(tx
        .prepare_cached("SELECT last_seq, last_hash FROM hq_heads WHERE station = ?1")?
        .query_row([station], |row| {
            Ok(ChainHead {
                last_seq: row.get(0)?,
                last_hash: row.get(1)?,
            })
        })
        .optional()?
        .unwrap_or_default())
}

fn insert_event(
    tx: &Connection,
    station: &str,
    event: &WireEvent,
    rejected: Option<&str>,
    now: &str,
) -> Result<(), rusqlite::Error> {
    let raw = event
        .raw_hex
        .as_ref()
        .and_then(|text| hex::decode(text).ok());
    tx.prepare_cached(
        "INSERT INTO hq_events (station, seq, event_id, format_version, kind, at, device, operator, workflow,
            raw, parsed, verdict, reasons, gtin, lot, serial, sscc, master_version, payload, prev_hash, hash,
            status, reason, received_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20,
                 ?21, ?22, ?23, ?24)",
    )?
    .execute(params![
        station,
        event.seq,
        event.event_id,
        event.format_version,
        event.kind,
        event.at,
        event.device,
        event.operator,
        event.workflow,
        raw,
        event.parsed,
        event.verdict,
        event.reasons,
        event.gtin,
        event.lot,
        event.serial,
        event.sscc,
        event.master_version,
        event.payload,
        event.prev_hash,
        event.hash,
        if rejected.is_some() { "rejected" } else { "accepted" },
        rejected,
        now,
    ])
    .map(|_| ())
}

fn log_change(
    tx: &Connection,
    record: &MasterRecord,
    station: Option<&str>,
    now: &str,
) -> Result<(), rusqlite::Error> {
    let (kind, data) = encode_record(record);
    tx.prepare_cached("INSERT INTO hq_changes (kind, station, data, at) VALUES (?1, ?2, ?3, ?4)")?
        .execute(params![kind, station, data.to_string(), now])
        .map(|_| ())
}

fn upsert_record(
    tx: &Connection,
    record: &MasterRecord,
    now: &str,
) -> Result<Option<(String, String)>, rusqlite::Error> {
    let (_, data) = encode_record(record);
    let data = data.to_string();
    match record {
        MasterRecord::Product(product) => {
            tx.prepare_cached(
                "INSERT INTO hq_products (gtin, data) VALUES (?1, ?2)
                 ON CONFLICT (gtin) DO UPDATE SET data = excluded.data",
            )?
            .execute(params![product.gtin, data])?;
        }
        MasterRecord::Lot(lot) => {
            let before: Option<String> = tx
                .prepare_cached("SELECT status FROM hq_lots WHERE gtin = ?1 AND lot = ?2")?
                .query_row([&lot.gtin, &lot.lot], |row| row.get(0))
                .optional()?;
            let status = lot.status.as_str();
            let changed = before.as_deref() != Some(status);
            tx.prepare_cached(
                "INSERT INTO hq_lots (gtin, lot, status, status_changed_at, data) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (gtin, lot) DO UPDATE SET status = excluded.status, data = excluded.data,
                   status_changed_at = CASE WHEN hq_lots.status <> excluded.status
                                            THEN excluded.status_changed_at ELSE hq_lots.status_changed_at END",
            )?
            .execute(params![lot.gtin, lot.lot, status, changed.then_some(now), data])?;
            if changed && lot.status != LotStatus::Released {
                return Ok(Some((lot.gtin.clone(), lot.lot.clone())));
            }
        }
        MasterRecord::Serial(serial) => {
            tx.prepare_cached(
                "INSERT INTO hq_serials (gtin, serial, data) VALUES (?1, ?2, ?3)
                 ON CONFLICT (gtin, serial) DO UPDATE SET data = excluded.data",
            )?
            .execute(params![serial.gtin, serial.serial, data])?;
        }
        MasterRecord::Block(_) => {}
    }
    Ok(None)
}

fn alerts_for_lot(
    tx: &Connection,
    gtin: &str,
    lot: &str,
    now: &str,
) -> Result<u64, rusqlite::Error> {
    let count = tx.execute(
        &format!("{ALERT_INSERT} AND e.gtin = ?2 AND e.lot = ?3"),
        params![now, gtin, lot],
    )?;
    Ok(count as u64)
}

/// Raises an alert when `event` is a scan that let goods through of a lot head office holds
/// back. One primary-key lookup: cheap enough for every pushed event.
fn alert_for_event(
    tx: &Connection,
    station: &str,
    event: &WireEvent,
    now: &str,
) -> Result<(), rusqlite::Error> {
    let (Some(gtin), Some(lot), Some(verdict)) = (&event.gtin, &event.lot, &event.verdict) else {
        return Ok(());
    };
    if event.kind != "scan" || !(verdict == "accept" || verdict == "warn") {
        return Ok(());
    }
    tx.prepare_cached(
        "INSERT OR IGNORE INTO hq_alerts
           (station, seq, kind, gtin, lot, lot_status, verdict, scanned_at, status_changed_at, created_at)
         SELECT ?1, ?2,
                CASE WHEN l.status_changed_at IS NOT NULL AND ?6 >= l.status_changed_at
                     THEN 'accepted_while_recalled' ELSE 'accepted_before_recall' END,
                l.gtin, l.lot, l.status, ?5, ?6, l.status_changed_at, ?7
         FROM hq_lots l WHERE l.gtin = ?3 AND l.lot = ?4 AND l.status <> 'released'",
    )?
    .execute(params![station, event.seq, gtin, lot, verdict, event.at, now])
    .map(|_| ())
}

fn product_exists(tx: &Connection, gtin: &str) -> Result<bool, rusqlite::Error> {
    tx.prepare_cached("SELECT 1 FROM hq_products WHERE gtin = ?1")?
        .exists([gtin])
}

impl HqStorage for SqliteHq {
    fn push(
        &mut self,
        station: &str,
        key: &str,
        request_sha256: &str,
        events: &[WireEvent],
        now: DateTime<Utc>,
    ) -> Result<PushReply, HqError> {
        let (tx, path) = self.write_tx()?;
        let err = |action| sql_err(path, action);
        let stored: Option<(String, String)> = tx
            .query_row(
                "SELECT request_sha256, response FROM hq_idempotency WHERE station = ?1 AND key = ?2",
                [station, key],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()
            .map_err(err("reading idempotency keys"))?;
        let mut chain = head(&tx, station).map_err(err("reading the chain head"))?;
        if let Some((hash, response)) = stored {
            if hash != request_sha256 {
                return Ok(PushReply::KeyReused);
            }
            if let Some(answer) = replayed_answer(&response, &chain) {
                return Ok(PushReply::Replay(answer));
            }
            // A stored answer head office can no longer stand by: judged afresh below.
        }
        let now_text = format_time(now);
        let mut results = Vec::with_capacity(events.len());
        let mut gap: Option<i64> = None;
        {
            let mut by_id = tx
                .prepare_cached(
                    "SELECT seq, hash FROM hq_events WHERE station = ?1 AND event_id = ?2",
                )
                .map_err(err("reading events"))?;
            for event in events {
                if let Some(expected) = gap {
                    results.push(EventResult {
                        seq: event.seq,
                        event_id: event.event_id.clone(),
                        status: EventStatus::Rejected,
                        reason: Some(format!("gap: head office expects seq {expected} first")),
                        retry: true,
                    });
                    continue;
                }
                let stored: Option<StoredId> = by_id
                    .query_row([station, &event.event_id], |row| {
                        Ok(StoredId {
                            seq: row.get(0)?,
                            hash: row.get(1)?,
                        })
                    })
                    .optional()
                    .map_err(err("reading events"))?;
                let (status, reason, retry) =
                    match judge_event(station, &chain, event, stored.as_ref()) {
                        Decision::Duplicate => (EventStatus::Duplicate, None, false),
                        Decision::Conflict(reason) => (EventStatus::Rejected, Some(reason), false),
                        Decision::Gap { expected } => {
                            gap = Some(expected);
                            (
                                EventStatus::Rejected,
                                Some(format!("gap: head office expects seq {expected} first")),
                                true,
                            )
                        }
                        Decision::Store { rejected } => {
                            insert_event(&tx, station, event, rejected.as_deref(), &now_text)
                                .map_err(err("storing an event"))?;
                            chain = ChainHead {
                                last_seq: event.seq,
                                last_hash: event.hash.clone(),
                            };
                            if rejected.is_none() {
                                alert_for_event(&tx, station, event, &now_text)
                                    .map_err(err("checking a scan against lot status"))?;
                            }
                            match rejected {
                                None => (EventStatus::Accepted, None, false),
                                Some(reason) => (EventStatus::Rejected, Some(reason), false),
                            }
                        }
                    };
                results.push(EventResult {
                    seq: event.seq,
                    event_id: event.event_id.clone(),
                    status,
                    reason,
                    retry,
                });
            }
        }
        tx.execute(
            "INSERT INTO hq_heads (station, last_seq, last_hash, pushed_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (station) DO UPDATE SET last_seq = excluded.last_seq, last_hash = excluded.last_hash,
               pushed_at = excluded.pushed_at",
            params![station, chain.last_seq, chain.last_hash, now_text],
        )
        .map_err(err("moving the chain head"))?;
        let response = PushResponse {
            idempotency_key: key.to_owned(),
            results,
            expected_seq: chain.last_seq + 1,
            replayed: false,
        };
        if is_replayable(&response) {
            let text = serde_json::to_string(&response)
                .map_err(|err| HqError::Invalid(err.to_string()))?;
            tx.execute(
                "INSERT INTO hq_idempotency (station, key, request_sha256, response, at) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (station, key) DO UPDATE SET request_sha256 = excluded.request_sha256,
                   response = excluded.response, at = excluded.at",
                params![station, key, request_sha256, text, now_text],
            )
            .map_err(err("storing the answer"))?;
        }
        tx.commit().map_err(err("committing a push"))?;
        Ok(PushReply::Fresh(response))
    }

    fn changes(&mut self, station: &str, after: i64, limit: i64) -> Result<ChangeRows, HqError> {
        let path = self.path.clone();
        let err = |action| sql_err(&path, action);
        let tx = self.conn.transaction().map_err(err("starting a read"))?;
        let changes: Vec<(i64, String, String)> = {
            let mut statement = tx
                .prepare_cached(
                    "SELECT cursor, kind, data FROM hq_changes
                     WHERE cursor > ?1 AND (station IS NULL OR station = ?2) ORDER BY cursor LIMIT ?3",
                )
                .map_err(err("reading changes"))?;
            let rows = statement
                .query_map(params![after, station, limit], |row| {
                    Ok((row.get(0)?, row.get(1)?, row.get(2)?))
                })
                .map_err(err("reading changes"))?;
            rows.collect::<Result<_, _>>()
                .map_err(err("reading changes"))?
        };
        let more = i64::try_from(changes.len()).unwrap_or(i64::MAX) >= limit;
        let next_cursor = if more {
            changes.last().map_or(after, |(cursor, _, _)| *cursor)
        } else {
            let newest: i64 = tx
                .query_row("SELECT IFNULL(MAX(cursor), 0) FROM hq_changes", [], |row| {
                    row.get(0)
                })
                .map_err(err("reading changes"))?;
            newest.max(after)
        };
        tx.commit().map_err(err("ending a read"))?;
        Ok(ChangeRows {
            changes,
            next_cursor,
            more,
        })
    }

    fn import(&mut self, records: &[MasterRecord], now: DateTime<Utc>) -> Result<u64, HqError> {
        let (tx, path) = self.write_tx()?;
        let err = |action| sql_err(path, action);
        let now_text = format_time(now);
        let mut held_back = Vec::new();
        for (index, record) in records.iter().enumerate() {
            if let Some(gtin) = import_requires_product(record)? {
                if !product_exists(&tx, gtin).map_err(err("reading products"))? {
                    return Err(HqError::Invalid(format!(
                        "record {}: GTIN {gtin} is not a known product: import products first; nothing was imported",
                        index + 1
                    )));
                }
            }
            if let Some(lot) =
                upsert_record(&tx, record, &now_text).map_err(err("writing master data"))?
            {
                held_back.push(lot);
            }
            log_change(&tx, record, None, &now_text).map_err(err("logging a change"))?;
        }
        let mut alerts = 0;
        for (gtin, lot) in held_back {
            alerts += alerts_for_lot(&tx, &gtin, &lot, &now_text).map_err(err("checking scans"))?;
        }
        tx.commit().map_err(err("committing an import"))?;
        Ok(alerts)
    }

    fn lease_block(
        &mut self,
        station: &str,
        block: &BlockLease,
        now: DateTime<Utc>,
    ) -> Result<(), HqError> {
        let (tx, path) = self.write_tx()?;
        let err = |action| sql_err(path, action);
        if !product_exists(&tx, &block.gtin).map_err(err("reading products"))? {
            return Err(HqError::Invalid(format!(
                "GTIN {} is not a known product: import it first",
                block.gtin
            )));
        }
        let leased: Vec<LeasedBlock> = {
            let mut statement = tx
                .prepare_cached(
                    "SELECT reference, station, pattern, first_value, last_value FROM hq_blocks
                     WHERE gtin = ?1",
                )
                .map_err(err("reading serial blocks"))?;
            let rows = statement
                .query_map([&block.gtin], |row| {
                    Ok(LeasedBlock {
                        reference: row.get(0)?,
                        station: row.get(1)?,
                        pattern: row.get(2)?,
                        first_value: row.get(3)?,
                        last_value: row.get(4)?,
                    })
                })
                .map_err(err("reading serial blocks"))?;
            rows.collect::<Result<_, _>>()
                .map_err(err("reading serial blocks"))?
        };
        check_lease_is_disjoint(station, block, &leased)?;
        let now_text = format_time(now);
        tx.execute(
            "INSERT INTO hq_blocks (reference, station, gtin, lot, pattern, first_value, last_value, leased_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![block.reference, station, block.gtin, block.lot, block.pattern, block.first_value, block.last_value, now_text],
        )
        .map_err(|source| match source.sqlite_error_code() {
            Some(rusqlite::ErrorCode::ConstraintViolation) => {
                HqError::Invalid(format!("block reference {} is already used: choose another", block.reference))
            }
            _ => HqError::Sqlite { path: path.to_owned(), action: "leasing a block", source },
        })?;
        log_change(
            &tx,
            &MasterRecord::Block(block.clone()),
            Some(station),
            &now_text,
        )
        .map_err(err("logging a change"))?;
        tx.commit().map_err(err("committing a lease"))
    }

    fn set_lot_status(
        &mut self,
        gtin: &str,
        lot: &str,
        status: LotStatus,
        reason: &str,
        reference: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<u64, HqError> {
        let (tx, path) = self.write_tx()?;
        let err = |action| sql_err(path, action);
        if !product_exists(&tx, gtin).map_err(err("reading products"))? {
            return Err(HqError::NotFound(format!(
                "GTIN {gtin} is not a known product: import it first"
            )));
        }
        let data: Option<String> = tx
            .query_row(
                "SELECT data FROM hq_lots WHERE gtin = ?1 AND lot = ?2",
                [gtin, lot],
                |row| row.get(0),
            )
            .optional()
            .map_err(err("reading lots"))?;
        let record = lot_with_status(data.as_deref(), gtin, lot, status, reason, reference)?;
        let now_text = format_time(now);
        upsert_record(&tx, &record, &now_text).map_err(err("writing a lot"))?;
        log_change(&tx, &record, None, &now_text).map_err(err("logging a change"))?;
        let alerts = alerts_for_lot(&tx, gtin, lot, &now_text).map_err(err("checking scans"))?;
        tx.commit().map_err(err("committing a lot status"))?;
        Ok(alerts)
    }

    fn reevaluate(&mut self, now: DateTime<Utc>) -> Result<u64, HqError> {
        let (tx, path) = self.write_tx()?;
        let err = |action| sql_err(path, action);
        let count = tx
            .execute(ALERT_INSERT, [format_time(now)])
            .map_err(err("re-evaluating scans"))?;
        tx.commit().map_err(err("committing alerts"))?;
        Ok(count as u64)
    }

    fn alerts(&mut self) -> Result<Vec<Alert>, HqError> {
        let err = sql_err(&self.path, "reading alerts");
        let mut statement = self
            .conn
            .prepare(
                "SELECT station, seq, kind, gtin, lot, lot_status, verdict, scanned_at, status_changed_at
                 FROM hq_alerts ORDER BY created_at, station, seq",
            )
            .map_err(&err)?;
        let rows = statement
            .query_map([], |row| {
                Ok(Alert {
                    station: row.get(0)?,
                    seq: row.get(1)?,
                    kind: row.get(2)?,
                    gtin: row.get(3)?,
                    lot: row.get(4)?,
                    lot_status: row.get(5)?,
                    verdict: row.get(6)?,
                    scanned_at: row.get(7)?,
                    status_changed_at: row.get(8)?,
                })
            })
            .map_err(&err)?;
        rows.collect::<Result<_, _>>().map_err(&err)
    }

    fn events(&mut self, station: &str) -> Result<Vec<StoredEvent>, HqError> {
        let err = sql_err(&self.path, "reading events");
        let mut statement = self
            .conn
            .prepare("SELECT seq, event_id, status, reason FROM hq_events WHERE station = ?1 ORDER BY seq")
            .map_err(&err)?;
        let rows = statement
            .query_map([station], |row| {
                Ok(StoredEvent {
                    seq: row.get(0)?,
                    event_id: row.get(1)?,
                    status: row.get(2)?,
                    reason: row.get(3)?,
                })
            })
            .map_err(&err)?;
        rows.collect::<Result<_, _>>().map_err(&err)
    }
}
