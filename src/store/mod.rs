//! The station store: one SQLite file holding the master-data cache (products, lots, serials,
//! service history, serial blocks), the append-only hash-chained journal of every station fact,
//! and the small amount of local state that verdicts need (what was received, pending lots,
//! allocated serials).
//!
//! This is the only module that writes SQL. It is shaped by three promises to the dock worker
//! and the supervisor: nothing that was acknowledged is ever lost (WAL, `synchronous=FULL`, the
//! journal row committed before a verdict is shown), no serial is ever handed out twice
//! (allocation and its journal row share one transaction; counters only move forward, enforced
//! by triggers), and a damaged file is reported, never silently recreated (`quick_check` at
//! open). Schema changes are an ordered list of embedded migrations tracked in
//! `PRAGMA user_version`, so that other modules append their own entries: the print queue
//! (version 3), sync state (version 4) and the line workflow's control state (version 5).

pub mod allocate;
pub mod import;
pub mod journal;
pub mod line_state;
pub mod master;
pub mod print_queue;
pub mod sync_state;
pub mod trace;

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OpenFlags, OptionalExtension, TransactionBehavior};
use serde::{Deserialize, Serialize};

pub use allocate::{PatternError, SerialPattern};
pub use import::{ImportError, ImportKind, ImportProblem, ImportSummary};
pub use journal::{Appended, EventKind, JournalEntry, JournalRow, VerifyReport};
pub use line_state::{LineChange, LineControl, LinePrintRequest, LineSource};
pub use master::{
    AllocatedSerial, Lot, LotStatus, PriorScan, Product, SerialRecord, SerialStatus, ServiceEvent,
    ServiceKind, Tracking,
};

/// The ordered schema migrations: `(user_version after applying, SQL)`. Never edit an entry
/// that has shipped; append a new one. Version numbers must be 1, 2, 3, ... in order.
/// 3 is the print queue (`print_queue`), 4 the head-office sync state (`sync_state`), 5 the
/// line workflow's control state (`line_state`).
pub const MIGRATIONS: &[(i64, &str)] = &[
    (1, SCHEMA_V1),
    (2, SCHEMA_V2),
    (3, print_queue::MIGRATION),
    (4, sync_state::MIGRATION),
    (5, line_state::MIGRATION),
];

/// Version 1: master data, the journal with its append-only triggers, and local station state.
pub const SCHEMA_V1: &str = include_str!("schema_v1.sql");

/// Version 2: indexes for recall traces, and local lot status changes (`origin`,
/// `status_changed_at`) so that a trace can flag what was accepted before a recall.
pub const SCHEMA_V2: &str = include_str!("schema_v2.sql");

/// Default busy timeout of every station connection, in milliseconds (see
/// [`StoreConfig::busy_timeout_ms`]).
pub const DEFAULT_BUSY_TIMEOUT_MS: u64 = 30_000;

/// The station id used when a database is created without one.
pub const DEFAULT_STATION_ID: &str = "local";

/// Everything that can go wrong in the store. Each message says what happened and what to do.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "database {path} is damaged ({detail}); the file was left untouched: restore it from a \
         backup, or move it aside and let the station sync a fresh copy from head office"
    )]
    Corrupt { path: PathBuf, detail: String },
    #[error(
        "database {path} is locked by another process (is the scanstation daemon running?): \
         wait a moment and retry, or stop the other process"
    )]
    Locked { path: PathBuf },
    #[error(
        "disk full while writing {path}: nothing was written; free space on that filesystem \
         (old logs, exports) and retry"
    )]
    DiskFull { path: PathBuf },
    #[error(
        "database {path} has schema version {found}, newer than this scanstation supports \
         ({supported}): upgrade scanstation before using this file"
    )]
    TooNew {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    #[error(
        "database {path} belongs to station {found:?}, not {requested:?}: check --db and \
         --station (a station id is fixed when its database is created)"
    )]
    StationMismatch {
        path: PathBuf,
        found: String,
        requested: String,
    },
    #[error(
        "cannot open database {path}: {source}; check that the directory exists and is writable"
    )]
    Open {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error("database {path}: {action} failed: {source}")]
    Sqlite {
        path: PathBuf,
        action: &'static str,
        source: rusqlite::Error,
    },
    #[error(
        "the serial block(s) for GTIN {gtin}{lot_text} are exhausted ({available} serial(s) \
         left, {needed} asked for): nothing was allocated; sync with head office to lease a \
         new block",
        lot_text = lot.as_ref().map(|lot| format!(" lot {lot}")).unwrap_or_default()
    )]
    BlockExhausted {
        gtin: String,
        lot: Option<String>,
        needed: u64,
        available: u64,
    },
    #[error(
        "no serial block is leased for GTIN {gtin}: sync with head office to lease one, or set \
         [store] standalone_serial_pattern for a standalone station"
    )]
    NoSerialSource { gtin: String },
    #[error(
        "the standalone serial pattern {pattern:?} has no serial left for GTIN {gtin} (the next \
         one, {next:?}, is longer than 20 characters): nothing was allocated; set a shorter \
         [store] standalone_serial_pattern (fewer date parts or literal characters)"
    )]
    StandaloneExhausted {
        gtin: String,
        pattern: String,
        next: String,
    },
    #[error(
        "this database has the default station id {DEFAULT_STATION_ID:?}, which every station \
         set up without one shares, so its standalone serials could collide with another \
         station's: nothing was allocated; create the station database with an id of its own \
         (`[station] id` in the config given with --config, or --station ID) and allocate from it"
    )]
    StandaloneWithDefaultStationId,
    #[error("{0}")]
    Invalid(String),
    #[error("{0}")]
    NotFound(String),
    #[error(transparent)]
    Import(#[from] ImportError),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl StoreError {
    /// The process exit code the CLI uses for this error (documented in README):
    /// 3 damaged database, 4 locked, 5 disk full, 6 bad input data, 7 no serial available
    /// (exhausted, not leased, standalone pattern unusable), 2 anything else.
    pub fn exit_code(&self) -> u8 {
        match self {
            StoreError::Corrupt { .. } => 3,
            StoreError::Locked { .. } => 4,
            StoreError::DiskFull { .. } => 5,
            StoreError::Import(_) | StoreError::Invalid(_) => 6,
            StoreError::BlockExhausted { .. }
            | StoreError::NoSerialSource { .. }
            | StoreError::StandaloneExhausted { .. }
            | StoreError::StandaloneWithDefaultStationId => 7,
            _ => 2,
        }
    }
}

/// Turns a rusqlite error into a [`StoreError`], recognising the conditions an operator can act
/// on (locked, full, damaged) so that they get a specific message.
pub(crate) fn classify(path: &Path, action: &'static str, source: rusqlite::Error) -> StoreError {
    use rusqlite::ErrorCode as Code;
    match source.sqlite_error_code() {
        Some(Code::DatabaseBusy | Code::DatabaseLocked) => StoreError::Locked {
            path: path.to_owned(),
        },
        Some(Code::DiskFull) => StoreError::DiskFull {
            path: path.to_owned(),
        },
        Some(Code::DatabaseCorrupt | Code::NotADatabase) => StoreError::Corrupt {
            path: path.to_owned(),
            detail: source.to_string(),
        },
        _ => StoreError::Sqlite {
            path: path.to_owned(),
            action,
            source,
        },
    }
}

/// The `[store]` section of `config/station.toml`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct StoreConfig {
    /// Path of the station database. Default: `/var/lib/scanstation/station.db`.
    pub path: PathBuf,
    /// How long a writer waits for another connection holding the database lock, in
    /// milliseconds. Default: 30000: comfortably above the longest write lock the station
    /// itself takes (applying a pull of a million serials in one transaction, a few seconds
    /// on the reference machine; README, Benchmarks), so that a scan during it waits for its
    /// verdict instead of failing "locked".
    pub busy_timeout_ms: u64,
    /// Serial pattern for a standalone station (no head-office blocks), e.g.
    /// `"{station}-{yy}{seq:6}"`. It must start with `{station}` followed by a character that
    /// cannot appear in a station id, so serials of two stations can never collide. Default:
    /// none (serials only from leased blocks).
    pub standalone_serial_pattern: Option<String>,
    /// Default pattern of `lot create`. Default: `"{yy}{mm}{dd}{seq:2}"`.
    pub lot_pattern: String,
}

impl Default for StoreConfig {
    fn default() -> Self {
        StoreConfig {
            path: PathBuf::from("/var/lib/scanstation/station.db"),
            busy_timeout_ms: DEFAULT_BUSY_TIMEOUT_MS,
            standalone_serial_pattern: None,
            lot_pattern: "{yy}{mm}{dd}{seq:2}".to_owned(),
        }
    }
}

/// One problem in a config section: the key path, what is wrong and a hint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigProblem {
    pub key: String,
    pub message: String,
    pub hint: String,
}

impl std::fmt::Display for ConfigProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {} ({})", self.key, self.message, self.hint)
    }
}

impl StoreConfig {
    /// Every problem in this section, with its key path and a hint.
    pub fn validate(&self) -> Vec<ConfigProblem> {
        let mut problems = Vec::new();
        if self.path.as_os_str().is_empty() {
            problems.push(ConfigProblem {
                key: "store.path".into(),
                message: "is empty".into(),
                hint: "give the database file, e.g. /var/lib/scanstation/station.db".into(),
            });
        }
        if self.busy_timeout_ms > 600_000 {
            problems.push(ConfigProblem {
                key: "store.busy_timeout_ms".into(),
                message: format!("{} ms is more than 10 minutes", self.busy_timeout_ms),
                hint: "30000 (the default) covers a large pull; a scan must not wait minutes"
                    .into(),
            });
        }
        if let Some(pattern) = &self.standalone_serial_pattern {
            if let Err(err) = SerialPattern::parse_standalone(pattern) {
                problems.push(ConfigProblem {
                    key: "store.standalone_serial_pattern".into(),
                    message: err.to_string(),
                    hint: "e.g. \"{station}-{yy}{seq:6}\"".into(),
                });
            }
        }
        if let Err(err) = SerialPattern::parse(&self.lot_pattern) {
            problems.push(ConfigProblem {
                key: "store.lot_pattern".into(),
                message: err.to_string(),
                hint: "e.g. \"{yy}{mm}{dd}{seq:2}\"".into(),
            });
        }
        problems
    }
}

/// How much of the database `quick_check` reads when it is opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum IntegrityCheck {
    /// The whole file (the daemon's start; about 6 s for 10 M cached serials on the
    /// reference machine).
    Full,
    /// Only what the station cannot get back from head office: the journal and the local
    /// state of allocation and receipts (milliseconds). Master data is re-synced anyway.
    Essential,
}

/// The tables [`IntegrityCheck::Essential`] checks: everything that exists only here.
pub const ESSENTIAL_TABLES: &[&str] = &[
    "meta",
    "journal",
    "serial_blocks",
    "serial_counters",
    "allocated_serials",
    "seen",
    "pending_lots",
    "line_state",
    "line_requests",
];

/// How to open the database.
#[derive(Debug, Clone)]
pub struct OpenOptions {
    /// Station id recorded in a new database; checked against an existing one when given.
    pub station_id: Option<String>,
    pub busy_timeout: Duration,
    /// How much of the file `PRAGMA quick_check` reads before anything else (default: all).
    pub integrity_check: IntegrityCheck,
    /// Create the file when it does not exist (default on).
    pub create: bool,
    /// SQLite page cache of this connection in KiB (default 16000: the verdict lookups'
    /// working set). Background connections use less to keep the daemon's memory small.
    pub cache_kib: u32,
}

impl Default for OpenOptions {
    fn default() -> Self {
        OpenOptions {
            station_id: None,
            busy_timeout: Duration::from_millis(DEFAULT_BUSY_TIMEOUT_MS),
            integrity_check: IntegrityCheck::Full,
            create: true,
            cache_kib: 16000,
        }
    }
}

/// An open station database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    station_id: String,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("path", &self.path)
            .field("station_id", &self.station_id)
            .finish()
    }
}

/// True when `id` is a valid station id: 1 to 12 ASCII letters or digits. Station ids appear
/// in standalone serials, so they must not contain the separator that follows them there.
pub fn is_valid_station_id(id: &str) -> bool {
    (1..=12).contains(&id.len()) && id.bytes().all(|byte| byte.is_ascii_alphanumeric())
}

impl Store {
    /// Opens (or creates) the database at `path`: checks its integrity, sets WAL,
    /// `synchronous=FULL` and the busy timeout, applies pending migrations and checks the
    /// station id. A damaged file is an error and is never recreated.
    pub fn open(path: &Path, options: &OpenOptions) -> Result<Store, StoreError> {
        Store::open_with_migrations(path, options, MIGRATIONS)
    }

    /// Opens an existing database for reading only (`serial show`, `lot show|trace`,
    /// `journal verify`): never creates the file, never migrates it (an older schema is read
    /// as it is; migrations only add), never writes. `options.create` is ignored.
    pub fn open_read_only(path: &Path, options: &OpenOptions) -> Result<Store, StoreError> {
        Store::open_inner(path, options, MIGRATIONS, true)
    }

    /// [`Store::open`] with an explicit migration list (tests open old schema versions).
    pub fn open_with_migrations(
        path: &Path,
        options: &OpenOptions,
        migrations: &[(i64, &str)],
    ) -> Result<Store, StoreError> {
        Store::open_inner(path, options, migrations, false)
    }

    fn open_inner(
        path: &Path,
        options: &OpenOptions,
        migrations: &[(i64, &str)],
        read_only: bool,
    ) -> Result<Store, StoreError> {
        if let Some(station_id) = &options.station_id {
            if !is_valid_station_id(station_id) {
                return Err(StoreError::Invalid(format!(
                    "station id {station_id:?} is not valid: use 1 to 12 letters or digits"
                )));
            }
        }
        let mut flags = if read_only {
            OpenFlags::SQLITE_OPEN_READ_ONLY
        } else {
            OpenFlags::SQLITE_OPEN_READ_WRITE
        } | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        if options.create && !read_only {
            flags |= OpenFlags::SQLITE_OPEN_CREATE;
        } else if !path.exists() {
            return Err(StoreError::NotFound(format!(
                "database {} does not exist: check --db",
                path.display()
            )));
        }
        let conn = Connection::open_with_flags(path, flags).map_err(|source| StoreError::Open {
            path: path.to_owned(),
            source,
        })?;
        conn.busy_timeout(options.busy_timeout)
            .map_err(|err| classify(path, "setting the busy timeout", err))?;
        match options.integrity_check {
            IntegrityCheck::Full => quick_check(&conn, path, None)?,
            IntegrityCheck::Essential => {
                let existing: Vec<String> = conn
                    .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
                    .and_then(|mut statement| {
                        statement
                            .query_map([], |row| row.get(0))?
                            .collect::<Result<Vec<String>, _>>()
                    })
                    .map_err(|err| classify(path, "reading the schema", err))?;
                for table in ESSENTIAL_TABLES
                    .iter()
                    .filter(|table| existing.iter().any(|name| name == *table))
                {
                    quick_check(&conn, path, Some(table))?;
                }
            }
        }
        let mode: String = if read_only {
            // Reading changes nothing, the journal mode included; a file the station wrote
            // is in WAL mode already.
            "wal".to_owned()
        } else {
            conn.query_row("PRAGMA journal_mode=WAL", [], |row| row.get(0))
                .map_err(|err| classify(path, "switching to WAL", err))?
        };
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::Invalid(format!(
                "database {}: cannot use write-ahead logging (journal mode is {mode}); put the \
                 file on a local filesystem",
                path.display()
            )));
        }
        conn.execute_batch(&format!(
            "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA cache_size=-{};",
            options.cache_kib.max(100)
        ))
        .map_err(|err| classify(path, "setting pragmas", err))?;
        let mut store = Store {
            conn,
            path: path.to_owned(),
            station_id: String::new(),
        };
        if read_only {
            store.check_readable(migrations)?;
            store.station_id = match (store.meta("station_id")?, &options.station_id) {
                (Some(found), Some(requested)) if &found != requested => {
                    return Err(StoreError::StationMismatch {
                        path: path.to_owned(),
                        found,
                        requested: requested.clone(),
                    })
                }
                (Some(found), _) => found,
                (None, _) => DEFAULT_STATION_ID.to_owned(),
            };
            return Ok(store);
        }
        store.migrate(migrations)?;
        store.station_id = store.settle_station_id(options.station_id.as_deref())?;
        Ok(store)
    }

    /// A read-only open takes the schema as it is: newer than this build is refused, older is
    /// read without migrating (migrations only add).
    fn check_readable(&self, migrations: &[(i64, &str)]) -> Result<(), StoreError> {
        let supported = migrations.last().map_or(0, |(version, _)| *version);
        let current = self.schema_version()?;
        if current > supported {
            return Err(StoreError::TooNew {
                path: self.path.clone(),
                found: current,
                supported,
            });
        }
        if current < supported {
            log::info!(path:% = self.path.display(), version = current;
                       "reading a database of an older schema version without migrating it");
        }
        Ok(())
    }

    fn migrate(&mut self, migrations: &[(i64, &str)]) -> Result<(), StoreError> {
        let supported = migrations.last().map_or(0, |(version, _)| *version);
        let path = self.path.clone();
        // Up to date (the usual case): no write lock, so read-only commands work while the
        // daemon is writing.
        if self.schema_version()? == supported {
            return Ok(());
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|err| classify(&path, "starting the migration", err))?;
        let current: i64 = tx
            .query_row("PRAGMA user_version", [], |row| row.get(0))
            .map_err(|err| classify(&path, "reading the schema version", err))?;
        if current > supported {
            return Err(StoreError::TooNew {
                path,
                found: current,
                supported,
            });
        }
        for (version, sql) in migrations {
            if *version <= current {
                continue;
            }
            log::info!(path:% = path.display(), version = *version; "applying database migration");
            tx.execute_batch(sql)
                .map_err(|err| classify(&path, "applying a migration", err))?;
            tx.pragma_update(None, "user_version", version)
                .map_err(|err| classify(&path, "recording the schema version", err))?;
        }
        tx.commit()
            .map_err(|err| classify(&path, "committing the migration", err))
    }

    fn settle_station_id(&mut self, requested: Option<&str>) -> Result<String, StoreError> {
        let found = self.meta("station_id")?;
        match (found, requested) {
            (Some(found), Some(requested)) if found != requested => {
                Err(StoreError::StationMismatch {
                    path: self.path.clone(),
                    found,
                    requested: requested.to_owned(),
                })
            }
            (Some(found), _) => Ok(found),
            (None, requested) => {
                let station_id = requested.unwrap_or(DEFAULT_STATION_ID).to_owned();
                self.set_meta("station_id", &station_id)?;
                Ok(station_id)
            }
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn station_id(&self) -> &str {
        &self.station_id
    }

    /// The schema version of the open file.
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        self.conn
            .query_row("PRAGMA user_version", [], |row| row.get(0))
            .map_err(|err| classify(&self.path, "reading the schema version", err))
    }

    /// Caps the database file at `pages` pages (of 4096 bytes), for stations on tiny storage
    /// and for tests that need a full disk. Applies to this connection only.
    pub fn set_max_page_count(&self, pages: u32) -> Result<(), StoreError> {
        self.conn
            .query_row(&format!("PRAGMA max_page_count={pages}"), [], |_| Ok(()))
            .map_err(|err| classify(&self.path, "setting max_page_count", err))
    }

    /// Size of the database file in bytes (pages in use times page size; the WAL excluded).
    pub fn size_bytes(&self) -> Result<i64, StoreError> {
        self.conn
            .query_row(
                "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()",
                [],
                |row| row.get(0),
            )
            .map_err(|err| classify(&self.path, "measuring the database", err))
    }

    /// A key of the `meta` table.
    pub fn meta(&self, key: &str) -> Result<Option<String>, StoreError> {
        self.conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |row| {
                row.get(0)
            })
            .optional()
            .map_err(|err| classify(&self.path, "reading meta", err))
    }

    fn set_meta(&self, key: &str, value: &str) -> Result<(), StoreError> {
        self.conn
            .execute(
                "INSERT INTO meta (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [key, value],
            )
            .map(|_| ())
            .map_err(|err| classify(&self.path, "writing meta", err))
    }

    /// The master-data version (head-office cursor or import marker) and when it was last
    /// updated.
    pub fn master_data_version(
        &self,
    ) -> Result<(Option<String>, Option<DateTime<Utc>>), StoreError> {
        let version = self.meta("master_version")?;
        let updated_at = self
            .meta("master_updated_at")?
            .and_then(|text| parse_time(&text));
        Ok((version, updated_at))
    }

    /// Runs `body` in one IMMEDIATE transaction: everything it writes (journal rows included)
    /// is committed together, durably, or not at all.
    pub fn transaction<T>(
        &mut self,
        body: impl FnOnce(&mut StoreTx<'_>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|err| classify(&self.path, "starting a transaction", err))?;
        let mut store_tx = StoreTx {
            tx,
            path: &self.path,
            station_id: &self.station_id,
        };
        let value = body(&mut store_tx)?;
        store_tx
            .tx
            .commit()
            .map_err(|err| classify(&self.path, "committing", err))?;
        Ok(value)
    }

    /// A second connection to the same file, for a thread that works beside the scan path
    /// (a printer's queue worker): same busy timeout, `synchronous=FULL`. The schema is the
    /// one this `Store` migrated.
    pub fn side_connection(&self, busy_timeout: Duration) -> Result<Connection, StoreError> {
        let conn = Connection::open_with_flags(
            &self.path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|source| StoreError::Open {
            path: self.path.clone(),
            source,
        })?;
        conn.busy_timeout(busy_timeout)
            .map_err(|err| classify(&self.path, "setting the busy timeout", err))?;
        conn.execute_batch("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;")
            .map_err(|err| classify(&self.path, "setting pragmas", err))?;
        Ok(conn)
    }

    /// Read-only access for the query helpers of this module.
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Up to `limit` journal rows after `after_seq`, in order (the sync push reads these).
    pub fn journal_rows_after(
        &self,
        after_seq: i64,
        limit: i64,
    ) -> Result<Vec<JournalRow>, StoreError> {
        journal::rows_after(&self.conn, after_seq, limit)
            .map_err(|err| classify(&self.path, "reading the journal", err))
    }

    /// Checks the whole journal chain.
    pub fn verify_journal(&self) -> Result<VerifyReport, StoreError> {
        journal::verify(&self.conn).map_err(|err| classify(&self.path, "reading the journal", err))
    }
}

/// An open write transaction. Journal rows appended through it commit with everything else.
pub struct StoreTx<'a> {
    tx: rusqlite::Transaction<'a>,
    path: &'a Path,
    station_id: &'a str,
}

impl StoreTx<'_> {
    /// Appends one journal row (seq, event id and hash are assigned here).
    pub fn append(&mut self, entry: &JournalEntry) -> Result<Appended, StoreError> {
        journal::append(&self.tx, self.station_id, entry)
            .map_err(|err| classify(self.path, "appending to the journal", err))
    }

    /// The SQL connection inside the transaction, for the store's own submodules.
    pub(crate) fn sql(&self) -> &Connection {
        &self.tx
    }

    pub fn path(&self) -> &Path {
        self.path
    }

    pub fn station_id(&self) -> &str {
        self.station_id
    }

    pub(crate) fn err(&self, action: &'static str) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
        move |source| classify(self.path, action, source)
    }

    pub(crate) fn set_meta(&self, key: &str, value: &str) -> Result<(), StoreError> {
        self.tx
            .execute(
                "INSERT INTO meta (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [key, value],
            )
            .map(|_| ())
            .map_err(self.err("writing meta"))
    }

    /// Records a new master-data version (a head-office pull or an import) and its time.
    pub fn set_master_data_version(
        &self,
        version: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.set_meta("master_version", version)?;
        self.set_meta("master_updated_at", &format_time(at))
    }
}

fn quick_check(conn: &Connection, path: &Path, table: Option<&str>) -> Result<(), StoreError> {
    // `PRAGMA quick_check(TABLE)` limits the check to one table and its indexes (SQLite
    // 3.33+); table names come from ESSENTIAL_TABLES, never from input.
    let sql = match table {
        Some(table) => format!("PRAGMA quick_check({table})"),
        None => "PRAGMA quick_check".to_owned(),
    };
    let mut statement = conn
        .prepare(&sql)
        .map_err(|err| classify(path, "checking integrity", err))?;
    let lines: Vec<String> = statement
        .query_map([], |row| row.get(0))
        .and_then(|rows| rows.collect())
        .map_err(|err| classify(path, "checking integrity", err))?;
    if lines.len() == 1 && lines[0] == "ok" {
        return Ok(());
    }
    let detail = lines.iter().take(3).cloned().collect::<Vec<_>>().join("; ");
    Err(StoreError::Corrupt {
        path: path.to_owned(),
        detail: format!("quick_check: {detail}"),
    })
}

/// The journal's time format: RFC 3339, UTC, microseconds (`2026-03-01T06:00:00.123456Z`).
pub fn format_time(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}

/// Reads a time written by [`format_time`] (or any RFC 3339 time).
pub fn parse_time(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|at| at.with_timezone(&Utc))
}
