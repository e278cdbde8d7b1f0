//! The line workflow's control state, kept in the station database so that it is shared by
//! the daemon and the CLI and survives a restart: the station's active product and lot (one
//! row), and print requests (`scanstation line print-next`) waiting for the daemon.
//!
//! Why the database and not a control socket: the CLI already opens this file with the
//! station's permissions, a change is journaled (`line_set`) in the same transaction that
//! makes it, and the daemon only has to poll two integers on its tick to notice. A print
//! request is a command, not a fact: it is not journaled itself, but what it prints is
//! (allocation, print). A request the daemon does not take in time is cancelled by the CLI,
//! and the daemon refuses requests older than its limit, so a label never comes out long
//! after it was asked for.

use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension};
use serde_json::{json, Value};

use super::{
    classify, format_time, parse_time, Appended, EventKind, JournalEntry, Store, StoreError,
};

/// Store migration 5 (see `store::MIGRATIONS`).
pub const MIGRATION: &str = r#"
-- The line workflow's active product and lot: one row for the station. `gtin` NULL: none.
-- `revision` grows with every change, so a poller notices one without comparing values.
-- `config_gtin`/`config_lot`: the `[line] gtin`/`lot` last applied from the configuration,
-- so that an unchanged configuration does not undo a product set later by scan or CLI.
CREATE TABLE line_state (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    gtin        TEXT,
    lot         TEXT CHECK (lot IS NULL OR gtin IS NOT NULL),
    revision    INTEGER NOT NULL CHECK (revision > 0),
    source      TEXT NOT NULL CHECK (source IN ('scan', 'cli', 'config')),
    device      TEXT,
    operator    TEXT,
    updated_at  TEXT NOT NULL,
    config_gtin TEXT,
    config_lot  TEXT
);

-- Print requests for the daemon (`scanstation line print-next`). `taken_at` is set when the
-- daemon takes one (or refuses it as too old, or the CLI cancels it); `result` is a JSON
-- object: {"ok", "serials", "error"?}.
CREATE TABLE line_requests (
    id           INTEGER PRIMARY KEY,
    count        INTEGER NOT NULL CHECK (count BETWEEN 1 AND 100),
    scanner      TEXT,
    operator     TEXT,
    requested_at TEXT NOT NULL,
    taken_at     TEXT,
    finished_at  TEXT,
    result       TEXT
);
CREATE INDEX line_requests_open ON line_requests (id) WHERE taken_at IS NULL;
"#;

/// Most labels one request may ask for (the table's CHECK).
pub const MAX_REQUEST_COUNT: u32 = 100;

/// Who changed the active product.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineSource {
    /// A work-order barcode scanned in the line workflow.
    Scan,
    /// `scanstation line set` / `line clear`.
    Cli,
    /// `[line] gtin`/`lot` of the configuration (at start or on SIGHUP).
    Config,
}

impl LineSource {
    pub fn as_str(self) -> &'static str {
        match self {
            LineSource::Scan => "scan",
            LineSource::Cli => "cli",
            LineSource::Config => "config",
        }
    }

    fn parse(text: &str) -> LineSource {
        match text {
            "scan" => LineSource::Scan,
            "config" => LineSource::Config,
            _ => LineSource::Cli,
        }
    }
}

/// The stored line state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineControl {
    /// The active GTIN; `None` when cleared.
    pub gtin: Option<String>,
    pub lot: Option<String>,
    pub revision: i64,
    pub source: LineSource,
    pub device: Option<String>,
    pub operator: Option<String>,
    pub updated_at: Option<DateTime<Utc>>,
}

impl LineControl {
    /// `line show --json`: `{"gtin", "lot", "revision", "source", "device", "operator",
    /// "updated_at"}`.
    pub fn to_json(&self) -> Value {
        json!({
            "gtin": self.gtin,
            "lot": self.lot,
            "revision": self.revision,
            "source": self.source.as_str(),
            "device": self.device,
            "operator": self.operator,
            "updated_at": self.updated_at.map(format_time),
        })
    }
}

/// A change of the active product (`gtin` `None`: clear it).
#[derive(Debug, Clone, Copy)]
pub struct LineChange<'a> {
    pub gtin: Option<&'a str>,
    pub lot: Option<&'a str>,
    pub source: LineSource,
    pub device: Option<&'a str>,
    pub operator: Option<&'a str>,
    /// The journal row of the work-order scan that made the change.
    pub scan_seq: Option<i64>,
    pub at: DateTime<Utc>,
}

/// A print request from `scanstation line print-next`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinePrintRequest {
    pub id: i64,
    pub count: u32,
    /// The scanner whose printer and operator the labels use; `None`: the line printer.
    pub scanner: Option<String>,
    pub operator: Option<String>,
    pub requested_at: DateTime<Utc>,
    pub taken_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
    /// `{"ok", "serials", "error"?}` once finished.
    pub result: Option<Value>,
}

impl LinePrintRequest {
    pub fn to_json(&self) -> Value {
        json!({
            "id": self.id,
            "count": self.count,
            "scanner": self.scanner,
            "operator": self.operator,
            "requested_at": format_time(self.requested_at),
            "taken_at": self.taken_at.map(format_time),
            "finished_at": self.finished_at.map(format_time),
            "result": self.result,
        })
    }
}

const REQUEST_COLUMNS: &str =
    "id, count, scanner, operator, requested_at, taken_at, finished_at, result";

fn request_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<LinePrintRequest> {
    let time = |text: Option<String>| text.as_deref().and_then(parse_time);
    Ok(LinePrintRequest {
        id: row.get(0)?,
        count: row.get(1)?,
        scanner: row.get(2)?,
        operator: row.get(3)?,
        requested_at: time(row.get(4)?).unwrap_or_default(),
        taken_at: time(row.get(5)?),
        finished_at: time(row.get(6)?),
        result: row
            .get::<_, Option<String>>(7)?
            .and_then(|text| serde_json::from_str(&text).ok()),
    })
}

impl Store {
    /// The stored line state; `None` before anything was ever set.
    pub fn line_control(&self) -> Result<Option<LineControl>, StoreError> {
        self.conn()
            .query_row(
                "SELECT gtin, lot, revision, source, device, operator, updated_at
                 FROM line_state WHERE id = 1",
                [],
                |row| {
                    Ok(LineControl {
                        gtin: row.get(0)?,
                        lot: row.get(1)?,
                        revision: row.get(2)?,
                        source: LineSource::parse(&row.get::<_, String>(3)?),
                        device: row.get(4)?,
                        operator: row.get(5)?,
                        updated_at: parse_time(&row.get::<_, String>(6)?),
                    })
                },
            )
            .optional()
            .map_err(|err| classify(self.path(), "reading the line state", err))
    }

    /// What a poller compares: the line state's revision (0: never set) and how many print
    /// requests wait. Two indexed reads.
    pub fn line_control_marker(&self) -> Result<(i64, i64), StoreError> {
        self.conn()
            .query_row(
                "SELECT (SELECT COALESCE(MAX(revision), 0) FROM line_state),
                        (SELECT COUNT(*) FROM line_requests WHERE taken_at IS NULL)",
                [],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .map_err(|err| classify(self.path(), "reading the line state", err))
    }

    /// Sets (or clears) the active product and journals it (`line_set`: gtin, lot, device,
    /// operator; payload `{"source", "revision", "scan_seq"?, "cleared"?}`) in one
    /// transaction. Returns the new revision and the journal row.
    pub fn set_line_product(
        &mut self,
        change: &LineChange<'_>,
    ) -> Result<(i64, Appended), StoreError> {
        self.transaction(|tx| set_in(tx, change, None))
    }

    /// Applies `[line] gtin`/`lot` from the configuration when they differ from what was last
    /// applied from it (so an unchanged file does not undo a product set since by scan or
    /// CLI). Returns the new revision when it changed anything.
    pub fn apply_line_config(
        &mut self,
        gtin: &str,
        lot: Option<&str>,
        at: DateTime<Utc>,
    ) -> Result<Option<i64>, StoreError> {
        self.transaction(|tx| {
            let applied: Option<(Option<String>, Option<String>)> = tx
                .sql()
                .query_row(
                    "SELECT config_gtin, config_lot FROM line_state WHERE id = 1",
                    [],
                    |row| Ok((row.get(0)?, row.get(1)?)),
                )
                .optional()
                .map_err(tx.err("reading the line state"))?;
            if let Some((Some(applied_gtin), applied_lot)) = &applied {
                if applied_gtin == gtin && applied_lot.as_deref() == lot {
                    return Ok(None);
                }
            }
            let change = LineChange {
                gtin: Some(gtin),
                lot,
                source: LineSource::Config,
                device: None,
                operator: None,
                scan_seq: None,
                at,
            };
            let (revision, _) = set_in(tx, &change, Some((gtin, lot)))?;
            Ok(Some(revision))
        })
    }

    /// Queues a print request for the daemon. Returns its id.
    pub fn request_line_print(
        &mut self,
        count: u32,
        scanner: Option<&str>,
        operator: Option<&str>,
        at: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        if count == 0 || count > MAX_REQUEST_COUNT {
            return Err(StoreError::Invalid(format!(
                "--count {count}: ask for 1 to {MAX_REQUEST_COUNT} labels"
            )));
        }
        self.transaction(|tx| {
            tx.sql()
                .execute(
                    "INSERT INTO line_requests (count, scanner, operator, requested_at)
                     VALUES (?1, ?2, ?3, ?4)",
                    params![count, scanner, operator, format_time(at)],
                )
                .map_err(tx.err("queueing a print request"))?;
            Ok(tx.sql().last_insert_rowid())
        })
    }

    /// Takes every waiting print request (marks it taken). Requests asked for before
    /// `oldest` are not returned: they are finished as refused, too old to print now.
    pub fn take_line_requests(
        &mut self,
        oldest: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<Vec<LinePrintRequest>, StoreError> {
        self.transaction(|tx| {
            let waiting: Vec<LinePrintRequest> = tx
                .sql()
                .prepare(&format!(
                    "SELECT {REQUEST_COLUMNS} FROM line_requests WHERE taken_at IS NULL ORDER BY id"
                ))
                .and_then(|mut statement| {
                    statement
                        .query_map([], request_from_row)?
                        .collect::<Result<Vec<_>, _>>()
                })
                .map_err(tx.err("reading print requests"))?;
            let mut taken = Vec::new();
            for mut request in waiting {
                if request.requested_at < oldest {
                    let result = json!({"ok": false, "serials": [], "error": "the request is too old: the daemon was not running or busy when it was made; ask again"});
                    tx.sql()
                        .execute(
                            "UPDATE line_requests SET taken_at = ?1, finished_at = ?1, result = ?2 WHERE id = ?3",
                            params![format_time(now), result.to_string(), request.id],
                        )
                        .map_err(tx.err("refusing a print request"))?;
                    continue;
                }
                tx.sql()
                    .execute(
                        "UPDATE line_requests SET taken_at = ?1 WHERE id = ?2",
                        params![format_time(now), request.id],
                    )
                    .map_err(tx.err("taking a print request"))?;
                request.taken_at = Some(now);
                taken.push(request);
            }
            Ok(taken)
        })
    }

    /// Records what a taken request printed (`{"ok", "serials", "error"?}`).
    pub fn finish_line_request(
        &mut self,
        id: i64,
        result: &Value,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.transaction(|tx| {
            tx.sql()
                .execute(
                    "UPDATE line_requests SET finished_at = ?1, result = ?2 WHERE id = ?3",
                    params![format_time(at), result.to_string(), id],
                )
                .map(|_| ())
                .map_err(tx.err("finishing a print request"))
        })
    }

    /// Cancels a request the daemon has not taken. Returns false when it was taken meanwhile
    /// (it is being printed; wait for its result).
    pub fn cancel_line_request(&mut self, id: i64, at: DateTime<Utc>) -> Result<bool, StoreError> {
        self.transaction(|tx| {
            let result = json!({"ok": false, "serials": [], "error": "cancelled: no daemon took the request in time"});
            tx.sql()
                .execute(
                    "UPDATE line_requests SET taken_at = ?1, finished_at = ?1, result = ?2
                     WHERE id = ?3 AND taken_at IS NULL",
                    params![format_time(at), result.to_string(), id],
                )
                .map(|changed| changed == 1)
                .map_err(tx.err("cancelling a print request"))
        })
    }

    /// One print request.
    pub fn line_request(&self, id: i64) -> Result<LinePrintRequest, StoreError> {
        self.conn()
            .query_row(
                &format!("SELECT {REQUEST_COLUMNS} FROM line_requests WHERE id = ?1"),
                [id],
                request_from_row,
            )
            .optional()
            .map_err(|err| classify(self.path(), "reading a print request", err))?
            .ok_or_else(|| StoreError::NotFound(format!("print request {id} does not exist")))
    }

    /// Forgets that a serial was seen on the line, when journal row `scan_seq` recorded it:
    /// the verification scan of a label that was then voided. The reprint carries the same
    /// serial and must not be judged a duplicate of the voided label. Returns whether a
    /// sighting was forgotten.
    pub fn forget_line_sighting(
        &mut self,
        gtin: &str,
        serial: &str,
        scan_seq: i64,
    ) -> Result<bool, StoreError> {
        let key = super::master::serial_key(gtin, serial);
        self.transaction(|tx| {
            tx.sql()
                .execute(
                    "DELETE FROM seen WHERE workflow = 'line' AND key = ?1 AND journal_seq = ?2",
                    params![key, scan_seq],
                )
                .map(|deleted| deleted > 0)
                .map_err(tx.err("forgetting a line scan"))
        })
    }

    /// Requests no daemon has taken yet.
    pub fn waiting_line_requests(&self) -> Result<Vec<LinePrintRequest>, StoreError> {
        self.conn()
            .prepare(&format!(
                "SELECT {REQUEST_COLUMNS} FROM line_requests WHERE taken_at IS NULL ORDER BY id"
            ))
            .and_then(|mut statement| {
                statement
                    .query_map([], request_from_row)?
                    .collect::<Result<Vec<_>, _>>()
            })
            .map_err(|err| classify(self.path(), "reading print requests", err))
    }
}

/// Writes the line state row and its journal row. `config`: the `[line]` values being
/// applied (recorded so the same configuration is not applied twice).
fn set_in(
    tx: &mut super::StoreTx<'_>,
    change: &LineChange<'_>,
    config: Option<(&str, Option<&str>)>,
) -> Result<(i64, Appended), StoreError> {
    if change.gtin.is_none() && change.lot.is_some() {
        return Err(StoreError::Invalid(
            "a lot needs its GTIN: give --gtin with --lot".into(),
        ));
    }
    let previous: Option<(i64, Option<String>, Option<String>)> = tx
        .sql()
        .query_row(
            "SELECT revision, config_gtin, config_lot FROM line_state WHERE id = 1",
            [],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
        )
        .optional()
        .map_err(tx.err("reading the line state"))?;
    let revision = previous.as_ref().map_or(0, |(revision, _, _)| *revision) + 1;
    let (config_gtin, config_lot) = match config {
        Some((gtin, lot)) => (Some(gtin.to_owned()), lot.map(str::to_owned)),
        None => previous
            .map(|(_, gtin, lot)| (gtin, lot))
            .unwrap_or_default(),
    };
    tx.sql()
        .execute(
            "INSERT INTO line_state (id, gtin, lot, revision, source, device, operator, updated_at, config_gtin, config_lot)
             VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
             ON CONFLICT (id) DO UPDATE SET gtin = excluded.gtin, lot = excluded.lot,
                 revision = excluded.revision, source = excluded.source, device = excluded.device,
                 operator = excluded.operator, updated_at = excluded.updated_at,
                 config_gtin = excluded.config_gtin, config_lot = excluded.config_lot",
            params![
                change.gtin,
                change.lot,
                revision,
                change.source.as_str(),
                change.device,
                change.operator,
                format_time(change.at),
                config_gtin,
                config_lot
            ],
        )
        .map_err(tx.err("writing the line state"))?;
    let mut entry = JournalEntry::new(EventKind::LineSet, change.at);
    entry.device = change.device.map(str::to_owned);
    entry.operator = change.operator.map(str::to_owned);
    entry.workflow = Some("line".into());
    entry.gtin = change.gtin.map(str::to_owned);
    entry.lot = change.lot.map(str::to_owned);
    let mut payload = json!({"source": change.source.as_str(), "revision": revision});
    if let Some(seq) = change.scan_seq {
        payload["scan_seq"] = json!(seq);
    }
    if change.gtin.is_none() {
        payload["cleared"] = json!(true);
    }
    entry.payload = Some(payload.to_string());
    let appended = tx.append(&entry)?;
    Ok((revision, appended))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(
            &dir.path().join("s.db"),
            &super::super::OpenOptions::default(),
        )
        .unwrap();
        (dir, store)
    }

    fn at(seconds: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_770_000_000 + seconds, 0).unwrap()
    }

    fn change(
        gtin: Option<&'static str>,
        lot: Option<&'static str>,
        source: LineSource,
    ) -> LineChange<'static> {
        LineChange {
            gtin,
            lot,
            source,
            device: Some("cli"),
            operator: Some("ann"),
            scan_seq: None,
            at: at(0),
        }
    }

    #[test]
    fn a_change_is_stored_journaled_and_counted() {
        let (_dir, mut store) = store();
        assert_eq!(store.line_control().unwrap(), None);
        assert_eq!(store.line_control_marker().unwrap(), (0, 0));
        let (revision, appended) = store
            .set_line_product(&change(Some("09506000134352"), Some("L1"), LineSource::Cli))
            .unwrap();
        assert_eq!(revision, 1);
        let control = store.line_control().unwrap().unwrap();
        assert_eq!(control.gtin.as_deref(), Some("09506000134352"));
        assert_eq!(control.lot.as_deref(), Some("L1"));
        assert_eq!(control.source, LineSource::Cli);
        let row = store
            .journal_rows_after(appended.seq - 1, 1)
            .unwrap()
            .remove(0);
        assert_eq!(row.kind, "line_set");
        assert_eq!(row.lot.as_deref(), Some("L1"));
        let (revision, appended) = store
            .set_line_product(&change(None, None, LineSource::Cli))
            .unwrap();
        assert_eq!(revision, 2);
        assert_eq!(store.line_control().unwrap().unwrap().gtin, None);
        let row = store
            .journal_rows_after(appended.seq - 1, 1)
            .unwrap()
            .remove(0);
        assert!(row.payload.unwrap().contains("\"cleared\":true"));
        assert!(store
            .set_line_product(&change(None, Some("L1"), LineSource::Cli))
            .is_err());
        assert!(store.verify_journal().unwrap().ok);
    }

    #[test]
    fn the_same_configuration_is_applied_once() {
        let (_dir, mut store) = store();
        assert_eq!(
            store
                .apply_line_config("09506000134352", Some("L1"), at(0))
                .unwrap(),
            Some(1)
        );
        assert_eq!(
            store
                .apply_line_config("09506000134352", Some("L1"), at(1))
                .unwrap(),
            None
        );
        // A scan changes the product; the unchanged configuration leaves it.
        store
            .set_line_product(&change(
                Some("09506000134376"),
                Some("P1"),
                LineSource::Scan,
            ))
            .unwrap();
        assert_eq!(
            store
                .apply_line_config("09506000134352", Some("L1"), at(2))
                .unwrap(),
            None
        );
        assert_eq!(
            store.line_control().unwrap().unwrap().lot.as_deref(),
            Some("P1")
        );
        // A changed configuration is applied.
        assert_eq!(
            store
                .apply_line_config("09506000134352", Some("L2"), at(3))
                .unwrap(),
            Some(3)
        );
        assert_eq!(
            store.line_control().unwrap().unwrap().lot.as_deref(),
            Some("L2")
        );
    }

    #[test]
    fn requests_are_taken_once_and_old_ones_refused() {
        let (_dir, mut store) = store();
        let old = store.request_line_print(2, None, None, at(0)).unwrap();
        let fresh = store
            .request_line_print(3, Some("pty1"), Some("ann"), at(100))
            .unwrap();
        assert!(store.request_line_print(0, None, None, at(100)).is_err());
        assert!(store.request_line_print(101, None, None, at(100)).is_err());
        assert_eq!(store.line_control_marker().unwrap(), (0, 2));
        let taken = store.take_line_requests(at(50), at(101)).unwrap();
        assert_eq!(taken.len(), 1);
        assert_eq!((taken[0].id, taken[0].count), (fresh, 3));
        assert_eq!(taken[0].scanner.as_deref(), Some("pty1"));
        assert_eq!(
            store.line_request(old).unwrap().result.unwrap()["ok"],
            false
        );
        assert!(store
            .take_line_requests(at(50), at(102))
            .unwrap()
            .is_empty());
        assert!(
            !store.cancel_line_request(fresh, at(103)).unwrap(),
            "already taken"
        );
        store
            .finish_line_request(
                fresh,
                &json!({"ok": true, "serials": ["a", "b", "c"]}),
                at(104),
            )
            .unwrap();
        let done = store.line_request(fresh).unwrap();
        assert_eq!(done.result.unwrap()["serials"][2], "c");
        let cancelled = store.request_line_print(1, None, None, at(105)).unwrap();
        assert!(store.cancel_line_request(cancelled, at(106)).unwrap());
        assert_eq!(store.line_control_marker().unwrap(), (0, 0));
    }
}
