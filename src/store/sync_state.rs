//! Sync state kept in the station database: the push and pull cursors, the staging area for
//! pulled master data, rows that head office sent but the station could not use, events head
//! office refused, and the outcome of each sync run (for the status page).
//!
//! Sync itself (`crate::sync`) talks to head office; this file is its SQL. The rules it enforces:
//! the push cursor only names events head office answered for (cursors only move forward; the
//! push cursor moves back only through [`rewind_push`], when head office asks for events it
//! lost, and never past the journal's end); staged changes are applied
//! in dependency order (products → lots → serials → serial blocks) inside ONE transaction that
//! also moves the pull cursor, records bad rows and journals what changed. A crash anywhere
//! leaves either the old state or the new one. The wire format of a change is unknown here: the
//! caller passes a decoder, so that only `sync` knows the head-office JSON.

use chrono::{DateTime, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde_json::json;

use super::allocate::SerialPattern;
use super::{
    classify, format_time, parse_time, EventKind, JournalEntry, Lot, Product, SerialRecord, Store,
    StoreError, StoreTx,
};

/// The sync tables: store migration 4 (after the print queue's 3; see `store::MIGRATIONS`).
/// Written with `IF NOT EXISTS` so that applying it to a database that already has the tables
/// (one created while this was numbered 3 on the sync branch) is harmless.
pub const MIGRATION: &str = r#"
-- Sync state: cursors, staging of pulled changes, bad rows, refused events, runs.
CREATE TABLE IF NOT EXISTS sync_cursors (
    name       TEXT PRIMARY KEY CHECK (name IN ('push', 'pull', 'pull_staged')),
    value      INTEGER NOT NULL CHECK (value >= 0),
    updated_at TEXT NOT NULL
) WITHOUT ROWID;

-- Changes fetched from head office and not applied yet (cursor = head office's change cursor).
-- Keyed by (dependency rank, cursor) so that applying reads it in order without sorting.
CREATE TABLE IF NOT EXISTS sync_staging (
    rank   INTEGER NOT NULL,
    cursor INTEGER NOT NULL,
    kind   TEXT NOT NULL,
    data   TEXT NOT NULL,
    PRIMARY KEY (rank, cursor)
) WITHOUT ROWID;

-- Changes that could not be applied: kept with the reason, skipped.
CREATE TABLE IF NOT EXISTS sync_bad_rows (
    id     INTEGER PRIMARY KEY,
    cursor INTEGER NOT NULL,
    kind   TEXT NOT NULL,
    data   TEXT NOT NULL,
    reason TEXT NOT NULL,
    at     TEXT NOT NULL
);

-- Journal rows head office answered `rejected` (kept there, flagged): for the supervisor.
CREATE TABLE IF NOT EXISTS sync_rejections (
    seq      INTEGER PRIMARY KEY,
    event_id TEXT NOT NULL,
    reason   TEXT NOT NULL,
    at       TEXT NOT NULL
);

-- One row per sync run: its outcome and summary (JSON), for the status page.
CREATE TABLE IF NOT EXISTS sync_runs (
    id          INTEGER PRIMARY KEY,
    started_at  TEXT NOT NULL,
    finished_at TEXT NOT NULL,
    ok          INTEGER NOT NULL,
    summary     TEXT NOT NULL
);
"#;

/// A master-data record decoded from a staged change, ready to apply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MasterRecord {
    Product(Product),
    Lot(Lot),
    Serial(SerialRecord),
    Block(BlockLease),
}

/// A serial block head office leased to this station.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlockLease {
    /// Head office's unique name of the block; leasing the same reference twice is a no-op.
    pub reference: String,
    pub gtin: String,
    pub lot: Option<String>,
    pub pattern: String,
    pub first_value: i64,
    pub last_value: i64,
}

/// Dependency rank of a change kind: products first, serial blocks last. `None` for a kind
/// this station does not know (recorded as a bad row).
pub fn kind_rank(kind: &str) -> Option<u8> {
    match kind {
        "product" => Some(0),
        "lot" => Some(1),
        "serial" => Some(2),
        "serial_block" => Some(3),
        _ => None,
    }
}

/// Staging rank of a kind this station does not know: after all others.
const UNKNOWN_RANK: u8 = 9;

/// One change as fetched: head office's cursor, its kind and its data (JSON text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StagedChange {
    pub cursor: i64,
    pub kind: String,
    pub data: String,
}

/// What applying the staged changes did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ApplySummary {
    pub products: u64,
    pub lots: u64,
    pub serials: u64,
    pub blocks: u64,
    pub bad_rows: u64,
    /// Lots whose status changed (a recall, quarantine, block or release from head office).
    pub status_changes: u64,
    /// The pull cursor after the apply.
    pub cursor: i64,
}

impl ApplySummary {
    /// Changes applied (bad rows excluded).
    pub fn applied(&self) -> u64 {
        self.products + self.lots + self.serials + self.blocks
    }
}

fn read_cursor(conn: &Connection, name: &str) -> Result<i64, rusqlite::Error> {
    conn.prepare_cached("SELECT value FROM sync_cursors WHERE name = ?1")?
        .query_row([name], |row| row.get(0))
        .optional()
        .map(|value| value.unwrap_or(0))
}

/// Moves cursor `name` forward to `value`; a cursor never moves back here (a sync that read
/// an older state, or a stale answer, cannot undo what a newer one recorded). Only
/// [`rewind_push`] moves a cursor back, on head office's explicit request.
fn write_cursor(
    conn: &Connection,
    name: &str,
    value: i64,
    at: DateTime<Utc>,
) -> Result<(), rusqlite::Error> {
    conn.prepare_cached(
        "INSERT INTO sync_cursors (name, value, updated_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
         WHERE excluded.value > sync_cursors.value",
    )?
    .execute(params![name, value, format_time(at)])
    .map(|_| ())
}

/// The last journal seq head office answered for (0: nothing pushed yet).
pub fn push_cursor(conn: &Connection) -> Result<i64, rusqlite::Error> {
    read_cursor(conn, "push")
}

/// Head office's change cursor up to which master data is applied.
pub fn pull_cursor(conn: &Connection) -> Result<i64, rusqlite::Error> {
    read_cursor(conn, "pull")
}

/// Head office's change cursor up to which changes are staged (>= the pull cursor).
pub fn staged_cursor(conn: &Connection) -> Result<i64, rusqlite::Error> {
    Ok(read_cursor(conn, "pull_staged")?.max(pull_cursor(conn)?))
}

/// Moves the push cursor forward to `seq` (never back: a cursor already past `seq` stays) and
/// records the events head office refused, atomically. `seq` must not be past the journal's
/// last row.
pub fn advance_push(
    conn: &Connection,
    seq: i64,
    rejections: &[(i64, String, String)],
    at: DateTime<Utc>,
) -> Result<(), rusqlite::Error> {
    let last: i64 = conn.query_row("SELECT IFNULL(MAX(seq), 0) FROM journal", [], |row| {
        row.get(0)
    })?;
    if seq > last || seq < 0 {
        return Err(rusqlite::Error::InvalidParameterName(format!(
            "push cursor {seq} is outside the journal (last seq {last})"
        )));
    }
    let mut insert = conn.prepare_cached(
        "INSERT INTO sync_rejections (seq, event_id, reason, at) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (seq) DO UPDATE SET reason = excluded.reason, at = excluded.at",
    )?;
    for (rejected_seq, event_id, reason) in rejections {
        insert.execute(params![rejected_seq, event_id, reason, format_time(at)])?;
    }
    write_cursor(conn, "push", seq, at)
}

/// Moves the push cursor back to `seq` (never forward), because head office lost the events
/// after it (a restore from a backup) and asks for them again. The journal keeps every row,
/// so they are simply sent again.
pub fn rewind_push(conn: &Connection, seq: i64, at: DateTime<Utc>) -> Result<(), rusqlite::Error> {
    if seq < 0 {
        return Err(rusqlite::Error::InvalidParameterName(format!(
            "push cursor {seq} is negative"
        )));
    }
    conn.prepare_cached(
        "UPDATE sync_cursors SET value = ?1, updated_at = ?2 WHERE name = 'push' AND value > ?1",
    )?
    .execute(params![seq, format_time(at)])
    .map(|_| ())
}

/// Stores one fetched page and moves the staged cursor to `next_cursor`, atomically.
pub fn stage_page(
    conn: &Connection,
    changes: &[StagedChange],
    next_cursor: i64,
    at: DateTime<Utc>,
) -> Result<(), rusqlite::Error> {
    let mut insert = conn.prepare_cached(
        "INSERT INTO sync_staging (rank, cursor, kind, data) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (rank, cursor) DO UPDATE SET kind = excluded.kind, data = excluded.data",
    )?;
    for change in changes {
        let rank = kind_rank(&change.kind).unwrap_or(UNKNOWN_RANK);
        insert.execute(params![rank, change.cursor, change.kind, change.data])?;
    }
    write_cursor(conn, "pull_staged", next_cursor, at)
}

/// The oldest journal row head office has not answered for: `(seq, at)`.
pub fn oldest_unsent(conn: &Connection) -> Result<Option<(i64, DateTime<Utc>)>, rusqlite::Error> {
    let cursor = push_cursor(conn)?;
    conn.query_row(
        "SELECT seq, at FROM journal WHERE seq > ?1 ORDER BY seq LIMIT 1",
        [cursor],
        |row| Ok((row.get::<_, i64>(0)?, row.get::<_, String>(1)?)),
    )
    .optional()
    .map(|found| found.map(|(seq, at)| (seq, parse_time(&at).unwrap_or_default())))
}

/// Number of journal rows after the push cursor.
pub fn unsent_count(conn: &Connection) -> Result<i64, rusqlite::Error> {
    let cursor = push_cursor(conn)?;
    conn.query_row(
        "SELECT COUNT(*) FROM journal WHERE seq > ?1",
        [cursor],
        |row| row.get(0),
    )
}

/// Records the outcome of a sync run (the summary is JSON text).
pub fn record_run(
    conn: &Connection,
    started_at: DateTime<Utc>,
    finished_at: DateTime<Utc>,
    ok: bool,
    summary: &str,
) -> Result<(), rusqlite::Error> {
    conn.execute(
        "INSERT INTO sync_runs (started_at, finished_at, ok, summary) VALUES (?1, ?2, ?3, ?4)",
        params![
            format_time(started_at),
            format_time(finished_at),
            ok,
            summary
        ],
    )?;
    // Keep the last thousand runs: enough history for a supervisor, bounded on a small card.
    conn.execute(
        "DELETE FROM sync_runs WHERE id <= (SELECT MAX(id) FROM sync_runs) - 1000",
        [],
    )?;
    Ok(())
}

/// The last sync run: `(finished_at, ok, summary JSON text)`.
pub fn last_run(
    conn: &Connection,
) -> Result<Option<(DateTime<Utc>, bool, String)>, rusqlite::Error> {
    conn.query_row(
        "SELECT finished_at, ok, summary FROM sync_runs ORDER BY id DESC LIMIT 1",
        [],
        |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, bool>(1)?,
                row.get::<_, String>(2)?,
            ))
        },
    )
    .optional()
    .map(|found| found.map(|(at, ok, summary)| (parse_time(&at).unwrap_or_default(), ok, summary)))
}

/// Bad rows recorded by pulls, newest first: `(cursor, kind, reason)`.
pub fn bad_rows(
    conn: &Connection,
    limit: i64,
) -> Result<Vec<(i64, String, String)>, rusqlite::Error> {
    let mut statement =
        conn.prepare("SELECT cursor, kind, reason FROM sync_bad_rows ORDER BY id DESC LIMIT ?1")?;
    let rows = statement.query_map([limit], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?;
    rows.collect()
}

/// Events head office refused: `(seq, event_id, reason)`, in seq order.
pub fn rejections(conn: &Connection) -> Result<Vec<(i64, String, String)>, rusqlite::Error> {
    let mut statement =
        conn.prepare("SELECT seq, event_id, reason FROM sync_rejections ORDER BY seq")?;
    let rows = statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?;
    rows.collect()
}

fn product_known(conn: &Connection, gtin: &str) -> Result<bool, rusqlite::Error> {
    conn.prepare_cached("SELECT 1 FROM products WHERE gtin = ?1")?
        .exists([gtin])
}

fn lot_known(conn: &Connection, gtin: &str, lot: &str) -> Result<bool, rusqlite::Error> {
    conn.prepare_cached("SELECT 1 FROM lots WHERE gtin = ?1 AND lot = ?2")?
        .exists([gtin, lot])
}

/// Products and lots already found during one apply (rows are never deleted, so what was
/// found stays true for the rest of the transaction).
#[derive(Default)]
struct Known {
    products: std::collections::HashSet<String>,
    lots: std::collections::HashSet<(String, String)>,
}

/// Why a decoded record cannot be applied, checked against what is already in the store
/// (earlier kinds of the same pull included, since they are applied first).
fn dependency_problem(
    conn: &Connection,
    record: &MasterRecord,
    known: &mut Known,
) -> Result<Option<String>, rusqlite::Error> {
    let (gtin, lot) = match record {
        MasterRecord::Product(_) => return Ok(None),
        MasterRecord::Lot(lot) => (&lot.gtin, None),
        MasterRecord::Serial(serial) => (&serial.gtin, serial.lot.as_ref()),
        MasterRecord::Block(block) => (&block.gtin, block.lot.as_ref()),
    };
    if !known.products.contains(gtin.as_str()) {
        if !product_known(conn, gtin)? {
            return Ok(Some(format!(
                "GTIN {gtin} is not a known product (head office sent no product row for it)"
            )));
        }
        known.products.insert(gtin.clone());
    }
    if let Some(lot) = lot {
        let key = (gtin.clone(), lot.clone());
        if !known.lots.contains(&key) {
            if !lot_known(conn, gtin, lot)? {
                return Ok(Some(format!("lot {lot} of GTIN {gtin} is not a known lot")));
            }
            known.lots.insert(key);
        }
    }
    Ok(None)
}

fn apply_block(
    tx: &StoreTx<'_>,
    block: &BlockLease,
    at: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let conn = tx.sql();
    let exists = conn
        .prepare_cached("SELECT 1 FROM serial_blocks WHERE reference = ?1")
        .and_then(|mut statement| statement.exists([&block.reference]))
        .map_err(tx.err("reading serial blocks"))?;
    if exists {
        return Ok(false);
    }
    conn.prepare_cached(
        "INSERT INTO serial_blocks (gtin, lot, pattern, first_value, last_value, next_value, reference, leased_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?4, ?6, ?7)",
    )
    .and_then(|mut statement| {
        statement.execute(params![
            block.gtin,
            block.lot,
            block.pattern,
            block.first_value,
            block.last_value,
            block.reference,
            format_time(at)
        ])
    })
    .map_err(tx.err("recording a serial block"))?;
    let id = conn.last_insert_rowid();
    let mut entry = JournalEntry::new(EventKind::SerialLease, at);
    entry.gtin = Some(block.gtin.clone());
    entry.lot = block.lot.clone();
    entry.payload = Some(
        json!({"block": id, "pattern": block.pattern, "first": block.first_value,
               "last": block.last_value, "reference": block.reference, "origin": "sync"})
        .to_string(),
    );
    append_row(tx, &entry)?;
    Ok(true)
}

/// Appends a journal row through a shared reference (the staged rows are still being read).
fn append_row(tx: &StoreTx<'_>, entry: &JournalEntry) -> Result<(), StoreError> {
    super::journal::append(tx.sql(), tx.station_id(), entry)
        .map(|_| ())
        .map_err(tx.err("appending to the journal"))
}

/// Checks a block lease beyond what the wire decoder can: the pattern must parse.
pub fn check_block_pattern(pattern: &str) -> Result<(), String> {
    SerialPattern::parse(pattern)
        .map(|_| ())
        .map_err(|err| err.to_string())
}

impl Store {
    /// Runs `body` with the raw connection, for the sync state functions of this file.
    pub fn with_sync_conn<T>(
        &self,
        action: &'static str,
        body: impl FnOnce(&Connection) -> Result<T, rusqlite::Error>,
    ) -> Result<T, StoreError> {
        body(self.conn()).map_err(|err| classify(self.path(), action, err))
    }

    /// Runs `body` in one IMMEDIATE transaction with the raw connection.
    pub fn with_sync_tx<T>(
        &mut self,
        action: &'static str,
        body: impl FnOnce(&Connection) -> Result<T, rusqlite::Error>,
    ) -> Result<T, StoreError> {
        self.transaction(|tx| body(tx.sql()).map_err(tx.err(action)))
    }

    /// Applies every staged change in dependency order (products → lots → serials → serial
    /// blocks; within a kind in head-office order) in ONE transaction: bad rows (undecodable,
    /// unknown kind, missing product or lot) are recorded and skipped, lot status changes are
    /// journaled (`recall_applied`), the pull cursor moves to the staged cursor, the
    /// master-data version is set and the staging area emptied. Nothing is written when any
    /// step fails.
    pub fn apply_staged(
        &mut self,
        decode: &dyn Fn(&str, &str) -> Result<MasterRecord, String>,
        at: DateTime<Utc>,
    ) -> Result<ApplySummary, StoreError> {
        self.transaction(|tx| {
            let conn = tx.sql();
            let staged = staged_cursor(conn).map_err(tx.err("reading the sync cursors"))?;
            let before = pull_cursor(conn).map_err(tx.err("reading the sync cursors"))?;
            let mut summary = ApplySummary { cursor: staged, ..ApplySummary::default() };
            let mut statement = conn
                .prepare(
                    "SELECT cursor, kind, data FROM sync_staging ORDER BY rank, cursor",
                )
                .map_err(tx.err("reading staged changes"))?;
            let mut rows = statement.query([]).map_err(tx.err("reading staged changes"))?;
            let mut bad_insert = conn
                .prepare(
                    "INSERT INTO sync_bad_rows (cursor, kind, data, reason, at) VALUES (?1, ?2, ?3, ?4, ?5)",
                )
                .map_err(tx.err("recording bad rows"))?;
            let at_text = format_time(at);
            let mut known = Known::default();
            while let Some(row) = rows.next().map_err(tx.err("reading staged changes"))? {
                let cursor: i64 = row.get(0).map_err(tx.err("reading staged changes"))?;
                let kind: String = row.get(1).map_err(tx.err("reading staged changes"))?;
                let data: String = row.get(2).map_err(tx.err("reading staged changes"))?;
                let decoded = if kind_rank(&kind).is_none() {
                    Err(format!("unknown change kind {kind:?} (a newer head office?)"))
                } else {
                    decode(&kind, &data)
                };
                let problem = match &decoded {
                    Err(reason) => Some(reason.clone()),
                    Ok(record) => dependency_problem(conn, record, &mut known).map_err(tx.err("checking a change"))?,
                };
                if let Some(reason) = problem {
                    log::warn!(cursor = cursor, kind = kind.as_str(), reason = reason.as_str();
                               "head-office change skipped");
                    bad_insert
                        .execute(params![cursor, kind, data, reason, at_text])
                        .map_err(tx.err("recording bad rows"))?;
                    summary.bad_rows += 1;
                    continue;
                }
                let Ok(record) = decoded else { continue };
                match record {
                    MasterRecord::Product(product) => {
                        tx.upsert_product(&product)?;
                        summary.products += 1;
                    }
                    MasterRecord::Lot(lot) => {
                        let previous = tx.lot(&lot.gtin, &lot.lot)?;
                        tx.upsert_lot(&lot, at)?;
                        summary.lots += 1;
                        let changed = previous.as_ref().is_some_and(|old| old.status != lot.status)
                            || (previous.is_none() && lot.status != super::LotStatus::Released);
                        if changed {
                            summary.status_changes += 1;
                            let mut entry = JournalEntry::new(EventKind::RecallApplied, at);
                            entry.gtin = Some(lot.gtin.clone());
                            entry.lot = Some(lot.lot.clone());
                            entry.payload = Some(
                                json!({"status": lot.status.as_str(),
                                       "previous_status": previous.as_ref().map(|old| old.status.as_str()),
                                       "reason": lot.reason, "reference": lot.reference,
                                       "head_office_cursor": cursor})
                                .to_string(),
                            );
                            append_row(tx, &entry)?;
                        }
                    }
                    MasterRecord::Serial(serial) => {
                        tx.upsert_serial(&serial)?;
                        summary.serials += 1;
                    }
                    MasterRecord::Block(block) => {
                        apply_block(tx, &block, at)?;
                        summary.blocks += 1;
                    }
                }
            }
            drop(rows);
            drop(statement);
            drop(bad_insert);
            conn.execute("DELETE FROM sync_staging", []).map_err(tx.err("emptying the staging area"))?;
            write_cursor(conn, "pull", staged, at).map_err(tx.err("moving the pull cursor"))?;
            write_cursor(conn, "pull_staged", staged, at).map_err(tx.err("moving the pull cursor"))?;
            // A successful pull, even an empty one, means the data is current as of now.
            tx.set_master_data_version(&format!("hq:{staged}"), at)?;
            if summary.applied() + summary.bad_rows > 0 {
                let mut entry = JournalEntry::new(EventKind::Sync, at);
                entry.payload = Some(
                    json!({"pull_cursor_from": before, "pull_cursor_to": staged,
                           "products": summary.products, "lots": summary.lots,
                           "serials": summary.serials, "serial_blocks": summary.blocks,
                           "bad_rows": summary.bad_rows, "status_changes": summary.status_changes})
                    .to_string(),
                );
                append_row(tx, &entry)?;
            }
            Ok(summary)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-03-01T06:00:00Z")
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn cursors_only_move_forward_and_the_push_cursor_back_only_by_rewind() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE journal (seq INTEGER PRIMARY KEY);
             WITH RECURSIVE n(seq) AS (SELECT 1 UNION ALL SELECT seq + 1 FROM n WHERE seq < 20)
             INSERT INTO journal SELECT seq FROM n;",
        )
        .unwrap();
        conn.execute_batch(MIGRATION).unwrap();
        // (step, push cursor after it)
        let steps: &[(&str, i64)] = &[
            ("advance 10", 10),
            ("advance 5", 10),
            ("advance 12", 12),
            ("rewind 15", 12),
            ("rewind 3", 3),
            ("advance 3", 3),
            ("advance 20", 20),
        ];
        for (step, expected) in steps {
            let (verb, value) = step.split_once(' ').unwrap();
            let value: i64 = value.parse().unwrap();
            match verb {
                "advance" => advance_push(&conn, value, &[], now()).unwrap(),
                _ => rewind_push(&conn, value, now()).unwrap(),
            }
            assert_eq!(push_cursor(&conn).unwrap(), *expected, "after {step}");
        }
        assert!(advance_push(&conn, 21, &[], now()).is_err());
        stage_page(&conn, &[], 30, now()).unwrap();
        stage_page(&conn, &[], 25, now()).unwrap();
        assert_eq!(staged_cursor(&conn).unwrap(), 30);
    }
}
