//! Head-office storage on PostgreSQL: for a real head office with many stations, where several
//! server workers (one connection each) and admin commands (`hq import`, `hq recall` while
//! `hq serve` runs) write at the same time.
//!
//! The tables, columns and rules are those of [`super::sqlite`], and every decision comes from
//! the same shared functions ([`judge_event`], [`lot_with_status`]), so both storages answer a
//! push identically. What SQLite gets from having a single writer is made explicit here, with
//! locks held until commit (READ COMMITTED transactions, no retries needed):
//! - a push locks its station's `hq_heads` row (`FOR UPDATE`) before it reads the idempotency
//!   key or the chain head, so two pushes of one station run one after the other and an event
//!   is never accepted twice; pushes of different stations run in parallel;
//! - writers of master data and of the change log (import, lease, lot status, re-evaluation)
//!   take the schema's master-data advisory lock exclusively, a push takes it shared: a recall
//!   never misses a scan pushed at the same moment (one of the two raises the alert), and
//!   change-log cursors become visible in cursor order, so a station pulling `after` a cursor
//!   can never skip a change committed later with a smaller cursor.
//!
//! Round trips, not rows, are what a server database costs: a push takes about ten whatever
//! its size (the batch is judged in memory against its ids read in one query, then its events
//! and its alerts are written with one `unnest` statement each), and an import one prepared
//! statement per product or serial (upsert and change-log row together), two per lot. A call that fails on a lost
//! connection (a database restart) marks it, and the next call reconnects.
//!
//! Times are TEXT in the SQLite format and every text column is `COLLATE "C"`, so comparisons
//! and orderings are bytewise as in SQLite, whatever the database's locale. The schema is
//! versioned in `hq_schema_version` and migrated at open under an advisory lock. No TLS
//! connector is built in (it would add a TLS stack for the database alone): connect over a
//! unix socket, to localhost or through a tunnel; `sslmode=require` is refused at config check.

use std::collections::{HashMap, HashSet};
use std::str::FromStr;
use std::time::Duration;

use ::postgres::config::{Host, SslMode};
use ::postgres::error::SqlState;
use ::postgres::{Client, Config, IsolationLevel, NoTls, Statement, Transaction};
use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

use super::{
    check_lease_is_disjoint, import_requires_product, is_replayable, judge_event, lot_with_status,
    replayed_answer, Alert, ChainHead, ChangeRows, Decision, HqError, HqStorage, LeasedBlock,
    PushReply, StoredEvent, StoredId,
};
use crate::store::format_time;
use crate::store::journal::GENESIS_HASH;
use crate::store::sync_state::{BlockLease, MasterRecord};
use crate::store::LotStatus;
use crate::sync::protocol::{encode_record, EventResult, EventStatus, PushResponse, WireEvent};

/// How `database_url` may be written.
pub const URL_HINT: &str = "a URL like postgresql://hq@localhost/hq, or key=value pairs like \
     host=/var/run/postgresql user=hq dbname=hq; no sslmode=require (no TLS is built in)";

/// How long connecting may take when `database_url` sets no `connect_timeout`.
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// How long the probe after a failed call may take before the connection counts as lost.
const PROBE_TIMEOUT: Duration = Duration::from_secs(5);

/// Version 1: the SQLite schema in PostgreSQL types (BIGINT for every integer, BYTEA for raw
/// scan bytes, an identity column for the change-log cursor), plus the version table.
const SCHEMA_V1: &str = r#"
CREATE TABLE hq_heads (
    station   TEXT COLLATE "C" PRIMARY KEY,
    last_seq  BIGINT NOT NULL,
    last_hash TEXT COLLATE "C" NOT NULL,
    pushed_at TEXT COLLATE "C" NOT NULL
);
CREATE TABLE hq_events (
    station        TEXT COLLATE "C" NOT NULL,
    seq            BIGINT NOT NULL,
    event_id       TEXT COLLATE "C" NOT NULL,
    format_version BIGINT NOT NULL,
    kind           TEXT COLLATE "C" NOT NULL,
    at             TEXT COLLATE "C" NOT NULL,
    device         TEXT COLLATE "C",
    operator       TEXT COLLATE "C",
    workflow       TEXT COLLATE "C",
    raw            BYTEA,
    parsed         TEXT COLLATE "C",
    verdict        TEXT COLLATE "C",
    reasons        TEXT COLLATE "C",
    gtin           TEXT COLLATE "C",
    lot            TEXT COLLATE "C",
    serial         TEXT COLLATE "C",
    sscc           TEXT COLLATE "C",
    master_version TEXT COLLATE "C",
    payload        TEXT COLLATE "C",
    prev_hash      TEXT COLLATE "C" NOT NULL,
    hash           TEXT COLLATE "C" NOT NULL,
    status         TEXT COLLATE "C" NOT NULL CHECK (status IN ('accepted', 'rejected')),
    reason         TEXT COLLATE "C",
    received_at    TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (station, seq)
);
CREATE UNIQUE INDEX hq_events_by_id ON hq_events (station, event_id);
CREATE INDEX hq_events_by_lot ON hq_events (gtin, lot) WHERE lot IS NOT NULL;
CREATE TABLE hq_idempotency (
    station        TEXT COLLATE "C" NOT NULL,
    key            TEXT COLLATE "C" NOT NULL,
    request_sha256 TEXT COLLATE "C" NOT NULL,
    response       TEXT COLLATE "C" NOT NULL,
    at             TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (station, key)
);
CREATE TABLE hq_products (
    gtin TEXT COLLATE "C" PRIMARY KEY,
    data TEXT COLLATE "C" NOT NULL
);
CREATE TABLE hq_lots (
    gtin              TEXT COLLATE "C" NOT NULL,
    lot               TEXT COLLATE "C" NOT NULL,
    status            TEXT COLLATE "C" NOT NULL,
    status_changed_at TEXT COLLATE "C",
    data              TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (gtin, lot)
);
CREATE TABLE hq_serials (
    gtin   TEXT COLLATE "C" NOT NULL,
    serial TEXT COLLATE "C" NOT NULL,
    data   TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (gtin, serial)
);
CREATE TABLE hq_blocks (
    reference   TEXT COLLATE "C" PRIMARY KEY,
    station     TEXT COLLATE "C" NOT NULL,
    gtin        TEXT COLLATE "C" NOT NULL,
    lot         TEXT COLLATE "C",
    pattern     TEXT COLLATE "C" NOT NULL,
    first_value BIGINT NOT NULL,
    last_value  BIGINT NOT NULL,
    leased_at   TEXT COLLATE "C" NOT NULL
);
CREATE TABLE hq_changes (
    cursor  BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind    TEXT COLLATE "C" NOT NULL,
    station TEXT COLLATE "C",
    data    TEXT COLLATE "C" NOT NULL,
    at      TEXT COLLATE "C" NOT NULL
);
CREATE TABLE hq_alerts (
    station           TEXT COLLATE "C" NOT NULL,
    seq               BIGINT NOT NULL,
    kind              TEXT COLLATE "C" NOT NULL,
    gtin              TEXT COLLATE "C" NOT NULL,
    lot               TEXT COLLATE "C" NOT NULL,
    lot_status        TEXT COLLATE "C" NOT NULL,
    verdict           TEXT COLLATE "C" NOT NULL,
    scanned_at        TEXT COLLATE "C" NOT NULL,
    status_changed_at TEXT COLLATE "C",
    created_at        TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (station, seq, lot_status)
);
"#;

/// The migrations, in order: entry `i` takes the schema from version `i` to `i + 1`.
const MIGRATIONS: &[&str] = &[SCHEMA_V1];

/// Scans that let goods through (accept or warn) of lots head office now holds back; the
/// caller appends further conditions, then [`ALERT_INSERT_END`].
const ALERT_INSERT: &str = r#"INSERT INTO hq_alerts
    (station, seq, kind, gtin, lot, lot_status, verdict, scanned_at, status_changed_at, created_at)
    SELECT e.station, e.seq,
           CASE WHEN l.status_changed_at IS NOT NULL AND e.at >= l.status_changed_at
                THEN 'accepted_while_recalled' ELSE 'accepted_before_recall' END,
           e.gtin, e.lot, l.status, e.verdict, e.at, l.status_changed_at, $1::text
    FROM hq_events e JOIN hq_lots l ON l.gtin = e.gtin AND l.lot = e.lot
    WHERE e.kind = 'scan' AND e.status = 'accepted' AND e.verdict IN ('accept', 'warn')
      AND l.status <> 'released'"#;

const ALERT_INSERT_END: &str = " ON CONFLICT DO NOTHING";

/// The statements run per batch or per record, prepared once per connection: one round trip
/// each instead of two.
struct Prepared {
    /// A push's stored events, all in one statement (`unnest` of one array per column).
    insert_events: Statement,
    /// The alerts of a push's accepted scans of held-back lots, in one statement.
    alerts_for_events: Statement,
    product_exists: Statement,
    lot_status: Statement,
    /// Upsert a product and log its change: `(gtin, data, at)`.
    write_product: Statement,
    /// Upsert a lot and log its change: `(gtin, lot, status, status_changed_at, data, at)`.
    write_lot: Statement,
    /// Upsert a serial and log its change: `(gtin, serial, data, at)`.
    write_serial: Statement,
    /// Log a change: `(kind, station, data, at)`.
    log_change: Statement,
}

/// The PostgreSQL head office: one connection.
pub struct PgHq {
    client: Client,
    config: Config,
    /// The configured schema (`database_schema`), if any.
    schema: Option<String>,
    /// Where, for messages: no password.
    target: String,
    /// The advisory lock key of this schema's master data (see the module doc).
    master_lock: i64,
    prepared: Prepared,
    /// A call failed and the connection did not answer a probe: reconnect on the next call.
    broken: bool,
}

impl std::fmt::Debug for PgHq {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgHq")
            .field("target", &self.target)
            .finish()
    }
}

pub use super::is_valid_schema_name;

/// Parses `database_url`; `Err` says what is wrong. Refuses `sslmode=require`: no TLS
/// connector is built in, and silently connecting in clear would be worse.
pub fn check_url(url: &str) -> Result<Config, String> {
    let config = Config::from_str(url).map_err(|err| describe(&err))?;
    if config.get_ssl_mode() == SslMode::Require {
        return Err(
            "asks for sslmode=require, but this build has no TLS for PostgreSQL".to_owned(),
        );
    }
    if config.get_hosts().is_empty() {
        return Err("names no host".to_owned());
    }
    Ok(config)
}

/// `PostgreSQL user@host:port/dbname, schema s`: where a connection goes, without password.
pub fn describe_target(config: &Config, schema: Option<&str>) -> String {
    let hosts: Vec<String> = config
        .get_hosts()
        .iter()
        .enumerate()
        .map(|(index, host)| {
            let name = match host {
                Host::Tcp(name) => name.clone(),
                Host::Unix(path) => path.display().to_string(),
            };
            let port = config
                .get_ports()
                .get(index)
                .or_else(|| config.get_ports().first())
                .copied()
                .unwrap_or(5432);
            format!("{name}:{port}")
        })
        .collect();
    let user = config
        .get_user()
        .map_or_else(String::new, |user| format!("{user}@"));
    let dbname = config.get_dbname().or(config.get_user()).unwrap_or("");
    let mut text = format!("PostgreSQL {user}{}/{dbname}", hosts.join(","));
    if let Some(schema) = schema {
        text.push_str(&format!(", schema {schema}"));
    }
    text
}

/// The server's message with its detail and hint, or the client's error with its cause.
fn describe(err: &::postgres::Error) -> String {
    if let Some(db) = err.as_db_error() {
        let mut text = format!("{}: {}", db.severity(), db.message());
        if let Some(detail) = db.detail() {
            text.push_str(&format!(" (detail: {detail})"));
        }
        if let Some(hint) = db.hint() {
            text.push_str(&format!(" (hint: {hint})"));
        }
        return text;
    }
    match std::error::Error::source(err) {
        Some(cause) => format!("{err}: {cause}"),
        None => err.to_string(),
    }
}

fn pg_err<'a>(target: &'a str, action: &'static str) -> impl Fn(::postgres::Error) -> HqError + 'a {
    move |err| HqError::Postgres {
        target: target.to_owned(),
        action,
        detail: describe(&err),
    }
}

/// A signed 64-bit advisory lock key for `purpose` in `schema`: the first 8 bytes of a SHA-256,
/// so that head offices in different schemas of one database do not share locks.
fn lock_key(purpose: &str, schema: &str) -> i64 {
    let digest = Sha256::digest(format!("scanstation.hq/{purpose}/{schema}").as_bytes());
    let mut bytes = [0u8; 8];
    bytes.copy_from_slice(&digest[..8]);
    i64::from_be_bytes(bytes)
}

impl PgHq {
    /// Connects to `url`, creates the schema (when `schema` names one) and the tables, or
    /// migrates them to this version.
    pub fn open(url: &str, schema: Option<&str>) -> Result<PgHq, HqError> {
        let mut config = check_url(url)
            .map_err(|message| HqError::Invalid(format!("database_url {message}: {URL_HINT}")))?;
        if let Some(schema) = schema {
            if !is_valid_schema_name(schema) {
                return Err(HqError::Invalid(format!(
                    "database_schema {schema:?} is not a plain schema name"
                )));
            }
        }
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(DEFAULT_CONNECT_TIMEOUT);
        }
        if config.get_application_name().is_none() {
            config.application_name("scanstation-hq");
        }
        // "relation already exists, skipping" and the like are not news.
        config.notice_callback(|notice| {
            log::debug!(severity = notice.severity(); "head-office database: {}", notice.message());
        });
        let target = describe_target(&config, schema);
        let mut client = connect(&config, schema, &target)?;
        migrate(&mut client, schema, &target)?;
        PgHq::finish(client, config, schema.map(str::to_owned), target)
    }

    fn finish(
        mut client: Client,
        config: Config,
        schema: Option<String>,
        target: String,
    ) -> Result<PgHq, HqError> {
        let err = |action| pg_err(&target, action);
        let current: Option<String> = client
            .query_one("SELECT current_schema()::text", &[])
            .and_then(|row| row.try_get(0))
            .map_err(err("reading the current schema"))?;
        let Some(current) = current else {
            return Err(HqError::Invalid(format!(
                "head-office database {target}: no schema of the search_path exists: set database_schema"
            )));
        };
        let prepared = prepare(&mut client).map_err(err("preparing statements"))?;
        Ok(PgHq {
            client,
            config,
            schema,
            master_lock: lock_key("master_data", &current),
            target,
            prepared,
            broken: false,
        })
    }

    /// Reconnects when the server closed the connection (a restart): the next call works
    /// again without restarting `hq serve`.
    fn ensure_connected(&mut self) -> Result<(), HqError> {
        if !self.broken && !self.client.is_closed() {
            return Ok(());
        }
        log::warn!(target_db = self.target.as_str(); "head-office database connection lost: reconnecting");
        let mut client = connect(&self.config, self.schema.as_deref(), &self.target)?;
        self.prepared =
            prepare(&mut client).map_err(pg_err(&self.target, "preparing statements"))?;
        self.client = client;
        self.broken = false;
        Ok(())
    }

    /// After a failed call, probes the connection: a server restart or a killed backend
    /// shows only as errors, and the next call must reconnect rather than fail again.
    fn after<T>(&mut self, result: Result<T, HqError>) -> Result<T, HqError> {
        if result.is_err()
            && (self.client.is_closed() || self.client.is_valid(PROBE_TIMEOUT).is_err())
        {
            self.broken = true;
        }
        result
    }

    /// A write transaction holding the master-data lock: `exclusive` for writers of master
    /// data and of the change log, shared for pushes.
    fn write_tx(&mut self, exclusive: bool) -> Result<(Transaction<'_>, &Prepared, &str), HqError> {
        self.ensure_connected()?;
        let target = self.target.as_str();
        let mut tx = self
            .client
            .transaction()
            .map_err(pg_err(target, "starting a transaction"))?;
        let lock = if exclusive {
            "SELECT pg_advisory_xact_lock($1)"
        } else {
            "SELECT pg_advisory_xact_lock_shared($1)"
        };
        tx.execute(lock, &[&self.master_lock])
            .map_err(pg_err(target, "taking the master-data lock"))?;
        Ok((tx, &self.prepared, target))
    }
}

fn connect(config: &Config, schema: Option<&str>, target: &str) -> Result<Client, HqError> {
    let mut client = config.connect(NoTls).map_err(|err| HqError::Postgres {
        target: target.to_owned(),
        action: "connecting (check that PostgreSQL runs and database_url)",
        detail: describe(&err),
    })?;
    if let Some(schema) = schema {
        // The name was checked by is_valid_schema_name: quoting it is enough.
        client
            .batch_execute(&format!("SET search_path TO \"{schema}\""))
            .map_err(pg_err(target, "setting the search_path"))?;
    }
    Ok(client)
}

/// Creates the schema and tables, or brings them to the newest version, in one transaction
/// under an advisory lock (server workers and admin commands may open at the same moment).
fn migrate(client: &mut Client, schema: Option<&str>, target: &str) -> Result<(), HqError> {
    let err = |action| pg_err(target, action);
    let mut tx = client.transaction().map_err(err("starting a migration"))?;
    tx.execute(
        "SELECT pg_advisory_xact_lock($1)",
        &[&lock_key("migrate", schema.unwrap_or(""))],
    )
    .map_err(err("taking the migration lock"))?;
    if let Some(schema) = schema {
        // Checked before creating: CREATE SCHEMA IF NOT EXISTS needs the CREATE privilege on
        // the database even when the schema exists.
        let exists = tx
            .query_opt("SELECT 1 FROM pg_namespace WHERE nspname = $1", &[&schema])
            .map_err(err("looking for the schema"))?
            .is_some();
        if !exists {
            tx.batch_execute(&format!("CREATE SCHEMA \"{schema}\""))
                .map_err(err(
                    "creating the schema (grant CREATE on the database, or create the schema)",
                ))?;
        }
    }
    tx.batch_execute(
        "CREATE TABLE IF NOT EXISTS hq_schema_version (
             version    INTEGER PRIMARY KEY,
             applied_at TEXT NOT NULL
         )",
    )
    .map_err(err("creating the version table"))?;
    let version: i32 = tx
        .query_one(
            "SELECT COALESCE(MAX(version), 0) FROM hq_schema_version",
            &[],
        )
        .and_then(|row| row.try_get(0))
        .map_err(err("reading the schema version"))?;
    let known = MIGRATIONS.len();
    let current = usize::try_from(version).unwrap_or(usize::MAX);
    if current > known {
        return Err(HqError::Invalid(format!(
            "head-office database {target} has schema version {version}, newer than this scanstation knows ({known}): upgrade scanstation"
        )));
    }
    for (index, migration) in MIGRATIONS.iter().enumerate().skip(current) {
        let next = i32::try_from(index + 1).unwrap_or(i32::MAX);
        tx.batch_execute(migration)
            .map_err(err("migrating the schema"))?;
        tx.execute(
            "INSERT INTO hq_schema_version (version, applied_at) VALUES ($1, $2)",
            &[&next, &format_time(Utc::now())],
        )
        .map_err(err("recording the schema version"))?;
        log::info!(target_db = target, version = next; "head-office database schema migrated");
    }
    tx.commit().map_err(err("committing the migration"))
}

fn prepare(client: &mut Client) -> Result<Prepared, ::postgres::Error> {
    Ok(Prepared {
        insert_events: client.prepare(
            "INSERT INTO hq_events (station, seq, event_id, format_version, kind, at, device, operator,
                workflow, raw, parsed, verdict, reasons, gtin, lot, serial, sscc, master_version, payload,
                prev_hash, hash, status, reason, received_at)
             SELECT $1::text, u.*, $24::text
             FROM unnest($2::bigint[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::text[],
                         $8::text[], $9::text[], $10::bytea[], $11::text[], $12::text[], $13::text[],
                         $14::text[], $15::text[], $16::text[], $17::text[], $18::text[], $19::text[],
                         $20::text[], $21::text[], $22::text[], $23::text[])
                  AS u(seq, event_id, format_version, kind, at, device, operator, workflow, raw,
                       parsed, verdict, reasons, gtin, lot, serial, sscc, master_version, payload,
                       prev_hash, hash, status, reason)",
        )?,
        alerts_for_events: client.prepare(
            r#"INSERT INTO hq_alerts
                 (station, seq, kind, gtin, lot, lot_status, verdict, scanned_at, status_changed_at, created_at)
               SELECT $1::text, u.seq,
                      CASE WHEN l.status_changed_at IS NOT NULL AND u.at COLLATE "C" >= l.status_changed_at
                           THEN 'accepted_while_recalled' ELSE 'accepted_before_recall' END,
                      l.gtin, l.lot, l.status, u.verdict, u.at, l.status_changed_at, $7::text
               FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[])
                    AS u(seq, gtin, lot, verdict, at)
               JOIN hq_lots l ON l.gtin = u.gtin AND l.lot = u.lot
               WHERE l.status <> 'released'
               ON CONFLICT DO NOTHING"#,
        )?,
        product_exists: client.prepare("SELECT 1 FROM hq_products WHERE gtin = $1")?,
        lot_status: client.prepare("SELECT status FROM hq_lots WHERE gtin = $1 AND lot = $2")?,
        write_product: client.prepare(
            "WITH written AS (
                 INSERT INTO hq_products (gtin, data) VALUES ($1, $2)
                 ON CONFLICT (gtin) DO UPDATE SET data = excluded.data)
             INSERT INTO hq_changes (kind, station, data, at) VALUES ('product', NULL, $2, $3)",
        )?,
        write_lot: client.prepare(
            "WITH written AS (
                 INSERT INTO hq_lots (gtin, lot, status, status_changed_at, data) VALUES ($1, $2, $3, $4, $5)
                 ON CONFLICT (gtin, lot) DO UPDATE SET status = excluded.status, data = excluded.data,
                   status_changed_at = CASE WHEN hq_lots.status <> excluded.status
                                            THEN excluded.status_changed_at ELSE hq_lots.status_changed_at END)
             INSERT INTO hq_changes (kind, station, data, at) VALUES ('lot', NULL, $5, $6)",
        )?,
        write_serial: client.prepare(
            "WITH written AS (
                 INSERT INTO hq_serials (gtin, serial, data) VALUES ($1, $2, $3)
                 ON CONFLICT (gtin, serial) DO UPDATE SET data = excluded.data)
             INSERT INTO hq_changes (kind, station, data, at) VALUES ('serial', NULL, $3, $4)",
        )?,
        log_change: client
            .prepare("INSERT INTO hq_changes (kind, station, data, at) VALUES ($1, $2, $3, $4)")?,
    })
}

/// Stores a push's events (`rejected`: the reason an event is kept flagged) in one statement.
fn insert_events(
    tx: &mut Transaction<'_>,
    prepared: &Prepared,
    station: &str,
    events: &[(&WireEvent, Option<String>)],
    now: &str,
) -> Result<(), ::postgres::Error> {
    if events.is_empty() {
        return Ok(());
    }
    fn column<'a, T>(
        events: &'a [(&WireEvent, Option<String>)],
        value: impl Fn(&'a WireEvent) -> T,
    ) -> Vec<T> {
        events.iter().map(|(event, _)| value(event)).collect()
    }
    let raw: Vec<Option<Vec<u8>>> = column(events, |event| {
        event
            .raw_hex
            .as_ref()
            .and_then(|text| hex::decode(text).ok())
    });
    let status: Vec<&str> = events
        .iter()
        .map(|(_, rejected)| {
            if rejected.is_some() {
                "rejected"
            } else {
                "accepted"
            }
        })
        .collect();
    let reason: Vec<Option<&str>> = events
        .iter()
        .map(|(_, rejected)| rejected.as_deref())
        .collect();
    tx.execute(
        &prepared.insert_events,
        &[
            &station,
            &column(events, |event| event.seq),
            &column(events, |event| event.event_id.as_str()),
            &column(events, |event| event.format_version),
            &column(events, |event| event.kind.as_str()),
            &column(events, |event| event.at.as_str()),
            &column(events, |event| event.device.as_deref()),
            &column(events, |event| event.operator.as_deref()),
            &column(events, |event| event.workflow.as_deref()),
            &raw,
            &column(events, |event| event.parsed.as_deref()),
            &column(events, |event| event.verdict.as_deref()),
            &column(events, |event| event.reasons.as_deref()),
            &column(events, |event| event.gtin.as_deref()),
            &column(events, |event| event.lot.as_deref()),
            &column(events, |event| event.serial.as_deref()),
            &column(events, |event| event.sscc.as_deref()),
            &column(events, |event| event.master_version.as_deref()),
            &column(events, |event| event.payload.as_deref()),
            &column(events, |event| event.prev_hash.as_str()),
            &column(events, |event| event.hash.as_str()),
            &status,
            &reason,
            &now,
        ],
    )
    .map(|_| ())
}

/// Raises an alert for each accepted scan that let goods through (accept or warn) of a lot
/// head office holds back: one statement for the whole push, skipped when no event can alert.
fn alerts_for_events(
    tx: &mut Transaction<'_>,
    prepared: &Prepared,
    station: &str,
    events: &[&WireEvent],
    now: &str,
) -> Result<(), ::postgres::Error> {
    let scans: Vec<(i64, &str, &str, &str, &str)> = events
        .iter()
        .filter_map(|event| {
            let (Some(gtin), Some(lot), Some(verdict)) = (&event.gtin, &event.lot, &event.verdict)
            else {
                return None;
            };
            (event.kind == "scan" && (verdict == "accept" || verdict == "warn")).then_some((
                event.seq,
                gtin.as_str(),
                lot.as_str(),
                verdict.as_str(),
                event.at.as_str(),
            ))
        })
        .collect();
    if scans.is_empty() {
        return Ok(());
    }
    tx.execute(
        &prepared.alerts_for_events,
        &[
            &station,
            &scans.iter().map(|scan| scan.0).collect::<Vec<_>>(),
            &scans.iter().map(|scan| scan.1).collect::<Vec<_>>(),
            &scans.iter().map(|scan| scan.2).collect::<Vec<_>>(),
            &scans.iter().map(|scan| scan.3).collect::<Vec<_>>(),
            &scans.iter().map(|scan| scan.4).collect::<Vec<_>>(),
            &now,
        ],
    )
    .map(|_| ())
}

/// Writes a master record and logs its change (a serial block is only logged: `lease_block`
/// stores it). Returns the lot when its status changed to one that holds goods back.
fn write_record(
    tx: &mut Transaction<'_>,
    prepared: &Prepared,
    record: &MasterRecord,
    station: Option<&str>,
    now: &str,
) -> Result<Option<(String, String)>, ::postgres::Error> {
    let (kind, data) = encode_record(record);
    let data = data.to_string();
    match record {
        MasterRecord::Product(product) => {
            tx.execute(&prepared.write_product, &[&product.gtin, &data, &now])?;
        }
        MasterRecord::Lot(lot) => {
            let before: Option<String> = tx
                .query_opt(&prepared.lot_status, &[&lot.gtin, &lot.lot])?
                .map(|row| row.try_get(0))
                .transpose()?;
            let status = lot.status.as_str();
            let changed = before.as_deref() != Some(status);
            tx.execute(
                &prepared.write_lot,
                &[
                    &lot.gtin,
                    &lot.lot,
                    &status,
                    &changed.then_some(now),
                    &data,
                    &now,
                ],
            )?;
            if changed && lot.status != LotStatus::Released {
                return Ok(Some((lot.gtin.clone(), lot.lot.clone())));
            }
        }
        MasterRecord::Serial(serial) => {
            tx.execute(
                &prepared.write_serial,
                &[&serial.gtin, &serial.serial, &data, &now],
            )?;
        }
        MasterRecord::Block(_) => {
            tx.execute(&prepared.log_change, &[&kind, &station, &data, &now])?;
        }
    }
    Ok(None)
}

fn alerts_for_lot(
    tx: &mut Transaction<'_>,
    gtin: &str,
    lot: &str,
    now: &str,
) -> Result<u64, ::postgres::Error> {
    tx.execute(
        &format!("{ALERT_INSERT} AND e.gtin = $2 AND e.lot = $3{ALERT_INSERT_END}"),
        &[&now, &gtin, &lot],
    )
}

fn product_exists(
    tx: &mut Transaction<'_>,
    prepared: &Prepared,
    gtin: &str,
) -> Result<bool, ::postgres::Error> {
    Ok(tx.query_opt(&prepared.product_exists, &[&gtin])?.is_some())
}

/// The storage calls, each one transaction; [`HqStorage`] wraps them to notice a lost
/// connection.
impl PgHq {
    fn push_once(
        &mut self,
        station: &str,
        key: &str,
        request_sha256: &str,
        events: &[WireEvent],
        now: DateTime<Utc>,
    ) -> Result<PushReply, HqError> {
        let now_text = format_time(now);
        let (mut tx, prepared, target) = self.write_tx(false)?;
        let err = |action| pg_err(target, action);
        // The station's lock: a head row exists from its first push on, then is locked until
        // commit, before anything else of the station is read.
        tx.execute(
            "INSERT INTO hq_heads (station, last_seq, last_hash, pushed_at) VALUES ($1, 0, $2, $3)
             ON CONFLICT (station) DO NOTHING",
            &[&station, &GENESIS_HASH, &now_text],
        )
        .map_err(err("creating the chain head"))?;
        let mut chain = tx
            .query_one(
                "SELECT last_seq, last_hash FROM hq_heads WHERE station = $1 FOR UPDATE",
                &[&station],
            )
            .and_then(|row| {
                Ok(ChainHead {
                    last_seq: row.try_get(0)?,
                    last_hash: row.try_get(1)?,
                })
            })
            .map_err(err("locking the chain head"))?;
        let stored = tx
            .query_opt(
                "SELECT request_sha256, response FROM hq_idempotency WHERE station = $1 AND key = $2",
                &[&station, &key],
            )
            .map_err(err("reading idempotency keys"))?;
        if let Some(row) = stored {
            let hash: String = row.try_get(0).map_err(err("reading idempotency keys"))?;
            let response: String = row.try_get(1).map_err(err("reading idempotency keys"))?;
            let reply = if hash != request_sha256 {
                Some(PushReply::KeyReused)
            } else {
                replayed_answer(&response, &chain).map(PushReply::Replay)
            };
            if let Some(reply) = reply {
                tx.rollback().map_err(err("ending a replay"))?;
                return Ok(reply);
            }
            // A stored answer head office can no longer stand by: judged afresh below.
        }
        // Every id of the batch in one query; ids stored by this batch are added as it goes,
        // so a batch that repeats an event sees it as SQLite does.
        let ids: Vec<&str> = events.iter().map(|event| event.event_id.as_str()).collect();
        let mut stored_ids: HashMap<String, StoredId> = tx
            .query(
                "SELECT event_id, seq, hash FROM hq_events WHERE station = $1 AND event_id = ANY($2)",
                &[&station, &ids],
            )
            .map_err(err("reading events"))?
            .iter()
            .map(|row| {
                Ok((
                    row.try_get(0)?,
                    StoredId {
                        seq: row.try_get(1)?,
                        hash: row.try_get(2)?,
                    },
                ))
            })
            .collect::<Result<_, ::postgres::Error>>()
            .map_err(err("reading events"))?;
        let mut results = Vec::with_capacity(events.len());
        let mut to_store: Vec<(&WireEvent, Option<String>)> = Vec::new();
        let mut gap: Option<i64> = None;
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
            let stored = stored_ids.get(&event.event_id);
            let (status, reason, retry) = match judge_event(station, &chain, event, stored) {
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
                    // Stored below, all at once: the judgement needs only the chain head
                    // and the ids, both kept here.
                    to_store.push((event, rejected.clone()));
                    stored_ids.insert(
                        event.event_id.clone(),
                        StoredId {
                            seq: event.seq,
                            hash: event.hash.clone(),
                        },
                    );
                    chain = ChainHead {
                        last_seq: event.seq,
                        last_hash: event.hash.clone(),
                    };
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
        insert_events(&mut tx, prepared, station, &to_store, &now_text)
            .map_err(err("storing events"))?;
        let accepted: Vec<&WireEvent> = to_store
            .iter()
            .filter(|(_, rejected)| rejected.is_none())
            .map(|(event, _)| *event)
            .collect();
        alerts_for_events(&mut tx, prepared, station, &accepted, &now_text)
            .map_err(err("checking scans against lot status"))?;
        tx.execute(
            "UPDATE hq_heads SET last_seq = $2, last_hash = $3, pushed_at = $4 WHERE station = $1",
            &[&station, &chain.last_seq, &chain.last_hash, &now_text],
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
                "INSERT INTO hq_idempotency (station, key, request_sha256, response, at) VALUES ($1, $2, $3, $4, $5)
                 ON CONFLICT (station, key) DO UPDATE SET request_sha256 = excluded.request_sha256,
                   response = excluded.response, at = excluded.at",
                &[&station, &key, &request_sha256, &text, &now_text],
            )
            .map_err(err("storing the answer"))?;
        }
        tx.commit().map_err(err("committing a push"))?;
        Ok(PushReply::Fresh(response))
    }

    fn changes_once(
        &mut self,
        station: &str,
        after: i64,
        limit: i64,
    ) -> Result<ChangeRows, HqError> {
        self.ensure_connected()?;
        let target = self.target.as_str();
        let err = |action| pg_err(target, action);
        // One snapshot for the page and the newest cursor.
        let mut tx = self
            .client
            .build_transaction()
            .isolation_level(IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()
            .map_err(err("starting a read"))?;
        let changes: Vec<(i64, String, String)> = tx
            .query(
                "SELECT cursor, kind, data FROM hq_changes
                 WHERE cursor > $1 AND (station IS NULL OR station = $2) ORDER BY cursor LIMIT $3",
                &[&after, &station, &limit],
            )
            .map_err(err("reading changes"))?
            .iter()
            .map(|row| Ok((row.try_get(0)?, row.try_get(1)?, row.try_get(2)?)))
            .collect::<Result<_, ::postgres::Error>>()
            .map_err(err("reading changes"))?;
        let more = i64::try_from(changes.len()).unwrap_or(i64::MAX) >= limit;
        let next_cursor = if more {
            changes.last().map_or(after, |(cursor, _, _)| *cursor)
        } else {
            let newest: i64 = tx
                .query_one("SELECT COALESCE(MAX(cursor), 0) FROM hq_changes", &[])
                .and_then(|row| row.try_get(0))
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

    fn import_once(
        &mut self,
        records: &[MasterRecord],
        now: DateTime<Utc>,
    ) -> Result<u64, HqError> {
        let (mut tx, prepared, target) = self.write_tx(true)?;
        let err = |action| pg_err(target, action);
        let now_text = format_time(now);
        let mut held_back = Vec::new();
        // Products are never deleted, and nobody else writes while the lock is held.
        let mut known_products: HashSet<&str> = HashSet::new();
        for (index, record) in records.iter().enumerate() {
            if let MasterRecord::Product(product) = record {
                known_products.insert(&product.gtin);
            }
            if let Some(gtin) = import_requires_product(record)? {
                if !known_products.contains(gtin)
                    && !product_exists(&mut tx, prepared, gtin).map_err(err("reading products"))?
                {
                    return Err(HqError::Invalid(format!(
                        "record {}: GTIN {gtin} is not a known product: import products first; nothing was imported",
                        index + 1
                    )));
                }
                known_products.insert(gtin);
            }
            if let Some(lot) = write_record(&mut tx, prepared, record, None, &now_text)
                .map_err(err("writing master data"))?
            {
                held_back.push(lot);
            }
        }
        let mut alerts = 0;
        for (gtin, lot) in held_back {
            alerts +=
                alerts_for_lot(&mut tx, &gtin, &lot, &now_text).map_err(err("checking scans"))?;
        }
        tx.commit().map_err(err("committing an import"))?;
        Ok(alerts)
    }

    fn lease_block_once(
        &mut self,
        station: &str,
        block: &BlockLease,
        now: DateTime<Utc>,
    ) -> Result<(), HqError> {
        let (mut tx, prepared, target) = self.write_tx(true)?;
        let err = |action| pg_err(target, action);
        if !product_exists(&mut tx, prepared, &block.gtin).map_err(err("reading products"))? {
            return Err(HqError::Invalid(format!(
                "GTIN {} is not a known product: import it first",
                block.gtin
            )));
        }
        // The master-data lock is held: no other lease can slip in between.
        let leased: Vec<LeasedBlock> = tx
            .query(
                "SELECT reference, station, pattern, first_value, last_value FROM hq_blocks
                 WHERE gtin = $1",
                &[&block.gtin],
            )
            .map_err(err("reading serial blocks"))?
            .iter()
            .map(|row| {
                Ok(LeasedBlock {
                    reference: row.try_get(0)?,
                    station: row.try_get(1)?,
                    pattern: row.try_get(2)?,
                    first_value: row.try_get(3)?,
                    last_value: row.try_get(4)?,
                })
            })
            .collect::<Result<_, ::postgres::Error>>()
            .map_err(err("reading serial blocks"))?;
        check_lease_is_disjoint(station, block, &leased)?;
        let now_text = format_time(now);
        tx.execute(
            "INSERT INTO hq_blocks (reference, station, gtin, lot, pattern, first_value, last_value, leased_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            &[
                &block.reference,
                &station,
                &block.gtin,
                &block.lot,
                &block.pattern,
                &block.first_value,
                &block.last_value,
                &now_text,
            ],
        )
        .map_err(|source| match source.code() {
            Some(code) if *code == SqlState::UNIQUE_VIOLATION => HqError::Invalid(format!(
                "block reference {} is already used: choose another",
                block.reference
            )),
            _ => err("leasing a block")(source),
        })?;
        write_record(
            &mut tx,
            prepared,
            &MasterRecord::Block(block.clone()),
            Some(station),
            &now_text,
        )
        .map_err(err("logging a change"))?;
        tx.commit().map_err(err("committing a lease"))
    }

    fn set_lot_status_once(
        &mut self,
        gtin: &str,
        lot: &str,
        status: LotStatus,
        reason: &str,
        reference: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<u64, HqError> {
        let (mut tx, prepared, target) = self.write_tx(true)?;
        let err = |action| pg_err(target, action);
        if !product_exists(&mut tx, prepared, gtin).map_err(err("reading products"))? {
            return Err(HqError::NotFound(format!(
                "GTIN {gtin} is not a known product: import it first"
            )));
        }
        let data: Option<String> = tx
            .query_opt(
                "SELECT data FROM hq_lots WHERE gtin = $1 AND lot = $2",
                &[&gtin, &lot],
            )
            .and_then(|row| row.map(|row| row.try_get(0)).transpose())
            .map_err(err("reading lots"))?;
        let record = lot_with_status(data.as_deref(), gtin, lot, status, reason, reference)?;
        let now_text = format_time(now);
        write_record(&mut tx, prepared, &record, None, &now_text).map_err(err("writing a lot"))?;
        let alerts =
            alerts_for_lot(&mut tx, gtin, lot, &now_text).map_err(err("checking scans"))?;
        tx.commit().map_err(err("committing a lot status"))?;
        Ok(alerts)
    }

    fn reevaluate_once(&mut self, now: DateTime<Utc>) -> Result<u64, HqError> {
        let (mut tx, _, target) = self.write_tx(true)?;
        let err = |action| pg_err(target, action);
        let count = tx
            .execute(
                &format!("{ALERT_INSERT}{ALERT_INSERT_END}"),
                &[&format_time(now)],
            )
            .map_err(err("re-evaluating scans"))?;
        tx.commit().map_err(err("committing alerts"))?;
        Ok(count)
    }

    fn alerts_once(&mut self) -> Result<Vec<Alert>, HqError> {
        self.ensure_connected()?;
        let err = pg_err(&self.target, "reading alerts");
        self.client
            .query(
                "SELECT station, seq, kind, gtin, lot, lot_status, verdict, scanned_at, status_changed_at
                 FROM hq_alerts ORDER BY created_at, station, seq",
                &[],
            )
            .map_err(&err)?
            .iter()
            .map(|row| {
                Ok(Alert {
                    station: row.try_get(0)?,
                    seq: row.try_get(1)?,
                    kind: row.try_get(2)?,
                    gtin: row.try_get(3)?,
                    lot: row.try_get(4)?,
                    lot_status: row.try_get(5)?,
                    verdict: row.try_get(6)?,
                    scanned_at: row.try_get(7)?,
                    status_changed_at: row.try_get(8)?,
                })
            })
            .collect::<Result<_, ::postgres::Error>>()
            .map_err(&err)
    }

    fn events_once(&mut self, station: &str) -> Result<Vec<StoredEvent>, HqError> {
        self.ensure_connected()?;
        let err = pg_err(&self.target, "reading events");
        self.client
            .query(
                "SELECT seq, event_id, status, reason FROM hq_events WHERE station = $1 ORDER BY seq",
                &[&station],
            )
            .map_err(&err)?
            .iter()
            .map(|row| {
                Ok(StoredEvent {
                    seq: row.try_get(0)?,
                    event_id: row.try_get(1)?,
                    status: row.try_get(2)?,
                    reason: row.try_get(3)?,
                })
            })
            .collect::<Result<_, ::postgres::Error>>()
            .map_err(&err)
    }
}

impl HqStorage for PgHq {
    fn push(
        &mut self,
        station: &str,
        key: &str,
        request_sha256: &str,
        events: &[WireEvent],
        now: DateTime<Utc>,
    ) -> Result<PushReply, HqError> {
        let result = self.push_once(station, key, request_sha256, events, now);
        self.after(result)
    }

    fn changes(&mut self, station: &str, after: i64, limit: i64) -> Result<ChangeRows, HqError> {
        let result = self.changes_once(station, after, limit);
        self.after(result)
    }

    fn import(&mut self, records: &[MasterRecord], now: DateTime<Utc>) -> Result<u64, HqError> {
        let result = self.import_once(records, now);
        self.after(result)
    }

    fn lease_block(
        &mut self,
        station: &str,
        block: &BlockLease,
        now: DateTime<Utc>,
    ) -> Result<(), HqError> {
        let result = self.lease_block_once(station, block, now);
        self.after(result)
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
        let result = self.set_lot_status_once(gtin, lot, status, reason, reference, now);
        self.after(result)
    }

    fn reevaluate(&mut self, now: DateTime<Utc>) -> Result<u64, HqError> {
        let result = self.reevaluate_once(now);
        self.after(result)
    }

    fn alerts(&mut self) -> Result<Vec<Alert>, HqError> {
        let result = self.alerts_once();
        self.after(result)
    }

    fn events(&mut self, station: &str) -> Result<Vec<StoredEvent>, HqError> {
        let result = self.events_once(station);
        self.after(result)
    }

    fn open_another(&self) -> Result<Option<Box<dyn HqStorage>>, HqError> {
        let client = connect(&self.config, self.schema.as_deref(), &self.target)?;
        let another = PgHq::finish(
            client,
            self.config.clone(),
            self.schema.clone(),
            self.target.clone(),
        )?;
        Ok(Some(Box::new(another)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_names_are_plain_identifiers() {
        for (name, valid) in [
            ("hq", true),
            ("_hq_2", true),
            ("scanstation_hq", true),
            (&"a".repeat(63), true),
            (&"a".repeat(64), false),
            ("", false),
            ("2hq", false),
            ("Hq", false),
            ("hq-prod", false),
            ("hq\"; DROP", false),
        ] {
            assert_eq!(is_valid_schema_name(name), valid, "{name:?}");
        }
    }

    #[test]
    fn urls_are_checked_and_shown_without_password() {
        let config = check_url("postgresql://hq:secret@db.example:5433/hqdb").unwrap();
        let shown = describe_target(&config, Some("hq"));
        assert_eq!(shown, "PostgreSQL hq@db.example:5433/hqdb, schema hq");
        let config = check_url("host=/var/run/postgresql user=hq dbname=hq").unwrap();
        assert_eq!(
            describe_target(&config, None),
            "PostgreSQL hq@/var/run/postgresql:5432/hq"
        );
        let config = check_url("postgresql://hq@localhost").unwrap();
        assert_eq!(
            describe_target(&config, None),
            "PostgreSQL hq@localhost:5432/hq"
        );
        for (url, wanted) in [
            (
                "postgresql://hq@localhost/hq?sslmode=require",
                "sslmode=require",
            ),
            (
                "postgresql://hq@localhost/hq?frobnicate=1",
                "invalid connection string",
            ),
            ("user=hq dbname=hq", "names no host"),
        ] {
            let message = check_url(url).unwrap_err();
            assert!(message.contains(wanted), "{url}: {message}");
        }
    }

    #[test]
    fn lock_keys_differ_by_purpose_and_schema() {
        let keys = [
            lock_key("master_data", "public"),
            lock_key("master_data", "hq"),
            lock_key("migrate", "public"),
        ];
        assert_ne!(keys[0], keys[1]);
        assert_ne!(keys[0], keys[2]);
        assert_eq!(keys[0], lock_key("master_data", "public"));
    }
}
