//! The reference head office: receives stations' journals, serves master data, and gives a
//! supervisor the admin commands of issue 8 (import, lease serial blocks, recall / quarantine /
//! release a lot, re-evaluate pushed scans against the authoritative lot status).
//!
//! Storage sits behind [`HqStorage`] so that a single site can run on an embedded SQLite file
//! ([`sqlite::SqliteHq`], config key `database`) and a real head office with many stations on
//! PostgreSQL ([`postgres::PgHq`], config key `database_url`); [`open_storage`] picks one. The
//! rules every storage keeps are decided here, by the pure [`judge_event`] and
//! [`lot_with_status`]: a station's events are stored exactly once, in seq order, with their
//! hash chain checked; a batch is answered per event and a final answer is stored under its
//! idempotency key, so a replay gets the same answer (marked `replayed`, with the events the
//! first request stored answered `duplicate`; see [`replayed_answer`]). The HTTP side is
//! [`server`]; only `sync::protocol` defines the JSON both sides speak.

pub mod import;
#[cfg(feature = "postgres")]
pub mod postgres;
pub mod server;
pub mod sqlite;

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::store::journal::{row_hash, FORMAT_VERSION, GENESIS_HASH};
use crate::store::sync_state::{BlockLease, MasterRecord};
use crate::store::{ConfigProblem, LotStatus};
use crate::sync::protocol::{PushResponse, WireEvent};

/// One station's credentials in the head-office config.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StationEntry {
    /// The bearer token, in clear. Prefer `token_sha256`.
    #[serde(default)]
    pub token: Option<String>,
    /// SHA-256 of the bearer token, lowercase hex (`printf %s TOKEN | sha256sum`).
    #[serde(default)]
    pub token_sha256: Option<String>,
}

/// The head-office config file (`hq.toml`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct HqConfig {
    /// Address to listen on. Default: `127.0.0.1:8443`.
    pub listen: String,
    /// The head-office SQLite database file, for a single site and the demo, e.g. `hq.db`.
    /// Set this or `database_url`, not both. Default: none.
    pub database: Option<PathBuf>,
    /// The head-office PostgreSQL database, for a head office with many stations: a URL
    /// (`postgresql://hq@localhost/hq`) or key=value pairs (`host=/var/run/postgresql
    /// user=hq dbname=hq`). No TLS is built in: connect over a unix socket, to localhost or
    /// through a tunnel. Set this or `database`, not both. Default: none.
    pub database_url: Option<String>,
    /// The PostgreSQL schema that holds the head-office tables (created if missing); with
    /// `database_url` only. Default: the first schema of the connection's search_path
    /// (usually `public`).
    pub database_schema: Option<String>,
    /// PEM certificate chain for HTTPS; with `tls_key`. Default: none (plain HTTP, only
    /// allowed on a loopback address).
    pub tls_cert: Option<PathBuf>,
    /// PEM private key for HTTPS (PKCS#8 or RSA). Default: none.
    pub tls_key: Option<PathBuf>,
    /// Worker threads answering requests. Default: 4.
    pub threads: usize,
    /// Largest accepted request body in bytes. Default: 64 MiB.
    pub max_body_bytes: u64,
    /// Stations allowed to sync, by station id.
    pub stations: BTreeMap<String, StationEntry>,
}

impl Default for HqConfig {
    fn default() -> Self {
        HqConfig {
            listen: "127.0.0.1:8443".into(),
            database: None,
            database_url: None,
            database_schema: None,
            tls_cert: None,
            tls_key: None,
            threads: 4,
            max_body_bytes: 64 * 1024 * 1024,
            stations: BTreeMap::new(),
        }
    }
}

impl HqConfig {
    /// Every problem in the file, with its key and a hint.
    pub fn validate(&self) -> Vec<ConfigProblem> {
        let mut problems = Vec::new();
        let mut push = |key: String, message: String, hint: &str| {
            problems.push(ConfigProblem {
                key,
                message,
                hint: hint.into(),
            });
        };
        match self.listen.parse::<std::net::SocketAddr>() {
            Err(_) => push(
                "listen".into(),
                format!("{:?} is not an address:port", self.listen),
                "e.g. 0.0.0.0:8443",
            ),
            Ok(addr) if !addr.ip().is_loopback() && self.tls_cert.is_none() => push(
                "tls_cert".into(),
                format!("listening on {addr} without TLS"),
                "set tls_cert and tls_key, or listen on 127.0.0.1 only",
            ),
            Ok(_) => {}
        }
        if self.tls_cert.is_some() != self.tls_key.is_some() {
            push(
                "tls_key".into(),
                "tls_cert and tls_key must be set together".into(),
                "give both PEM files",
            );
        }
        match (&self.database, &self.database_url) {
            (None, None) => push(
                "database".into(),
                "no head-office database is configured".into(),
                DATABASE_HINT,
            ),
            (Some(_), Some(_)) => push(
                "database_url".into(),
                "database and database_url are both set".into(),
                "keep one: database (SQLite, one site) or database_url (PostgreSQL)",
            ),
            (Some(path), None) if path.as_os_str().is_empty() => push(
                "database".into(),
                "is empty".into(),
                "give the SQLite file, e.g. /var/lib/scanstation/hq.db",
            ),
            #[cfg(feature = "postgres")]
            (None, Some(url)) => {
                if let Err(message) = postgres::check_url(url) {
                    push("database_url".into(), message, postgres::URL_HINT);
                }
            }
            #[cfg(not(feature = "postgres"))]
            (None, Some(_)) => push(
                "database_url".into(),
                "this build of scanstation has no PostgreSQL support".into(),
                NO_POSTGRES_HINT,
            ),
            (Some(_), None) => {}
        }
        if let Some(schema) = &self.database_schema {
            if self.database_url.is_none() {
                push(
                    "database_schema".into(),
                    "is set without database_url".into(),
                    "a schema is a PostgreSQL setting: remove it, or set database_url",
                );
            } else if !is_valid_schema_name(schema) {
                push(
                    "database_schema".into(),
                    format!("{schema:?} is not a plain schema name"),
                    "1 to 63 lowercase letters, digits or _, not starting with a digit",
                );
            }
        }
        if !(1..=64).contains(&self.threads) {
            push(
                "threads".into(),
                format!("{} is out of range", self.threads),
                "1 to 64",
            );
        }
        for (station, entry) in &self.stations {
            let key = format!("stations.{station}");
            if !crate::store::is_valid_station_id(station) {
                push(
                    key.clone(),
                    "is not a valid station id".into(),
                    "1 to 12 letters or digits",
                );
            }
            match (&entry.token, &entry.token_sha256) {
                (None, None) => push(key, "has no token".into(), "set token_sha256 (or token)"),
                (Some(_), Some(_)) => {
                    push(key, "has both token and token_sha256".into(), "keep one")
                }
                (None, Some(hash))
                    if hash.len() != 64 || !hash.bytes().all(|byte| byte.is_ascii_hexdigit()) =>
                {
                    push(
                        format!("{key}.token_sha256"),
                        "is not 64 hex digits".into(),
                        "printf %s TOKEN | sha256sum",
                    )
                }
                _ => {}
            }
        }
        problems
    }

    /// `sha256(token) → station` for the server.
    pub fn token_index(&self) -> BTreeMap<String, String> {
        self.stations
            .iter()
            .filter_map(|(station, entry)| {
                let hash = match (&entry.token, &entry.token_sha256) {
                    (Some(token), _) => sha256_hex(token.as_bytes()),
                    (None, Some(hash)) => hash.to_ascii_lowercase(),
                    (None, None) => return None,
                };
                Some((hash, station.clone()))
            })
            .collect()
    }
}

/// Where PostgreSQL support went in a build without it (the Pi package).
#[cfg(not(feature = "postgres"))]
const NO_POSTGRES_HINT: &str =
    "the station package for the Pi leaves it out: run the head office from a \
     build with the default features (`cargo build --release`), or use database = \"hq.db\"";

/// A PostgreSQL schema name the head office accepts: 1 to 63 lowercase letters, digits or `_`,
/// not starting with a digit.
pub fn is_valid_schema_name(name: &str) -> bool {
    (1..=63).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        && !name.as_bytes()[0].is_ascii_digit()
}

/// What to write when no head-office database is configured.
pub const DATABASE_HINT: &str = "set database = \"hq.db\" (SQLite, one site) or \
     database_url = \"postgresql://hq@localhost/hq\" (PostgreSQL, many stations)";

/// Opens the storage `config` names: the SQLite file of `database` or the PostgreSQL database
/// of `database_url` (creating or migrating its tables). Every `hq` command opens its storage
/// here.
pub fn open_storage(config: &HqConfig) -> Result<Box<dyn HqStorage>, HqError> {
    match (&config.database, &config.database_url) {
        (Some(path), None) => Ok(Box::new(sqlite::SqliteHq::open(path)?)),
        #[cfg(feature = "postgres")]
        (None, Some(url)) => Ok(Box::new(postgres::PgHq::open(
            url,
            config.database_schema.as_deref(),
        )?)),
        #[cfg(not(feature = "postgres"))]
        (None, Some(_)) => Err(HqError::Invalid(format!(
            "database_url: this build of scanstation has no PostgreSQL support; {NO_POSTGRES_HINT}"
        ))),
        (Some(_), Some(_)) => Err(HqError::Invalid(
            "database and database_url are both set: keep one".into(),
        )),
        (None, None) => Err(HqError::Invalid(format!(
            "no head-office database is configured: {DATABASE_HINT}"
        ))),
    }
}

/// Lowercase hex SHA-256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Everything that can go wrong at head office.
#[derive(Debug, thiserror::Error)]
pub enum HqError {
    #[error("head-office database {path}: {action} failed: {source}")]
    Sqlite {
        path: PathBuf,
        action: &'static str,
        source: rusqlite::Error,
    },
    #[error("head-office database {target}: {action} failed: {detail}")]
    Postgres {
        /// Where, without the password: `PostgreSQL hq@localhost:5432/hq, schema hq`.
        target: String,
        action: &'static str,
        /// The server's message with its detail and hint, or the client's error.
        detail: String,
    },
    #[error("{0}")]
    Invalid(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot start the head-office server on {listen}: {detail}")]
    Listen { listen: String, detail: String },
}

/// The chain state of one station at head office.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainHead {
    pub last_seq: i64,
    pub last_hash: String,
}

impl Default for ChainHead {
    fn default() -> Self {
        ChainHead {
            last_seq: 0,
            last_hash: GENESIS_HASH.to_owned(),
        }
    }
}

/// What to do with one pushed event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Already stored (same station, same event id at the same seq, same content hash).
    Duplicate,
    /// Store it; `Some(reason)` stores it flagged `rejected` (kept, not trusted).
    Store { rejected: Option<String> },
    /// Refuse, final: head office already holds a different event at this seq, or this event
    /// id with other content.
    Conflict(String),
    /// Refuse for now: earlier events are missing; the station must send from `expected`.
    Gap { expected: i64 },
}

/// What head office holds under a pushed event's id: its seq and content hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredId {
    pub seq: i64,
    pub hash: String,
}

/// Decides one event of `station` given the chain head and what is stored already:
/// `stored` is what is stored under this event id (if anything).
pub fn judge_event(
    station: &str,
    head: &ChainHead,
    event: &WireEvent,
    stored: Option<&StoredId>,
) -> Decision {
    if let Some(stored) = stored {
        return if stored.seq != event.seq {
            Decision::Conflict(format!(
                "event id {} is stored at seq {}, not {}",
                event.event_id, stored.seq, event.seq
            ))
        } else if stored.hash != event.hash {
            Decision::Conflict(format!(
                "event id {} at seq {} is stored with other content (hash {}, this one {}): \
                 was the station's journal changed after it was pushed?",
                event.event_id,
                event.seq,
                stored.hash.get(..16).unwrap_or(&stored.hash),
                event.hash.get(..16).unwrap_or(&event.hash)
            ))
        } else {
            Decision::Duplicate
        };
    }
    if event.seq <= head.last_seq {
        return Decision::Conflict(format!(
            "head office already holds a different event at seq {} for station {station} (was the station database replaced?)",
            event.seq
        ));
    }
    if event.seq > head.last_seq + 1 {
        return Decision::Gap {
            expected: head.last_seq + 1,
        };
    }
    let rejected = if event.station != station {
        Some(format!(
            "event names station {:?}, the token is station {station:?}",
            event.station
        ))
    } else if event.format_version != FORMAT_VERSION {
        Some(format!(
            "unknown journal format_version {}",
            event.format_version
        ))
    } else if event.prev_hash != head.last_hash {
        Some("broken_chain: prev_hash does not match the previous event's hash".to_owned())
    } else {
        match event.to_row() {
            Err(message) => Some(message),
            Ok(row) if row_hash(&row) != event.hash => {
                Some("hash_mismatch: the event's content does not match its hash".to_owned())
            }
            Ok(_) => None,
        }
    };
    Decision::Store { rejected }
}

/// The GTIN a master record to import must already know as a product (`None` for a product);
/// serial blocks are refused: they are leased, not imported.
pub fn import_requires_product(record: &MasterRecord) -> Result<Option<&str>, HqError> {
    match record {
        MasterRecord::Product(_) => Ok(None),
        MasterRecord::Lot(lot) => Ok(Some(&lot.gtin)),
        MasterRecord::Serial(serial) => Ok(Some(&serial.gtin)),
        MasterRecord::Block(_) => Err(HqError::Invalid(
            "serial blocks are leased with `hq lease`, not imported".into(),
        )),
    }
}

/// A block head office already leased, as the lease check needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeasedBlock {
    pub reference: String,
    pub station: String,
    pub pattern: String,
    pub first_value: i64,
    pub last_value: i64,
}

/// Refuses to lease `block` to `station` when one of the blocks already leased for its GTIN
/// (`leased`) could render a serial `block` can render too, whatever the patterns, stations
/// and days (see [`crate::store::allocate::blocks_may_collide`]): same pattern with
/// overlapping ranges, but also `A1{seq:5}` against `A{seq:6}`, or `{station}{seq:3}` at
/// stations `A1` and `A`.
pub fn check_lease_is_disjoint(
    station: &str,
    block: &BlockLease,
    leased: &[LeasedBlock],
) -> Result<(), HqError> {
    use crate::store::allocate::{blocks_may_collide, BlockRange};
    use crate::store::SerialPattern;
    let pattern =
        SerialPattern::parse(&block.pattern).map_err(|err| HqError::Invalid(err.to_string()))?;
    let range = |first: i64, last: i64| {
        (
            u64::try_from(first).unwrap_or(0),
            u64::try_from(last).unwrap_or(0),
        )
    };
    let (first, last) = range(block.first_value, block.last_value);
    let new = BlockRange {
        pattern: &pattern,
        station,
        first,
        last,
    };
    for other in leased {
        let collides = match SerialPattern::parse(&other.pattern) {
            Ok(other_pattern) => {
                let (other_first, other_last) = range(other.first_value, other.last_value);
                blocks_may_collide(
                    &new,
                    &BlockRange {
                        pattern: &other_pattern,
                        station: &other.station,
                        first: other_first,
                        last: other_last,
                    },
                )
            }
            // A stored pattern that no longer parses: only an identical one is comparable.
            Err(_) => other.pattern == block.pattern,
        };
        if collides {
            return Err(HqError::Invalid(format!(
                "serials {}..={} of GTIN {} with pattern {} at station {station} could equal \
                 serials of block {} (pattern {}, {}..={}, station {}): choose a range or a \
                 pattern prefix that cannot produce the same serial",
                block.first_value,
                block.last_value,
                block.gtin,
                block.pattern,
                other.reference,
                other.pattern,
                other.first_value,
                other.last_value,
                other.station
            )));
        }
    }
    Ok(())
}

/// The lot record after a status change: the stored record (`stored`, its wire JSON) with
/// the new status, reason and reference, or a new head-office lot when none is stored.
pub fn lot_with_status(
    stored: Option<&str>,
    gtin: &str,
    lot: &str,
    status: LotStatus,
    reason: &str,
    reference: Option<&str>,
) -> Result<MasterRecord, HqError> {
    let mut record = match stored {
        Some(text) => match crate::sync::protocol::decode_change("lot", text) {
            Ok(MasterRecord::Lot(record)) => record,
            _ => {
                return Err(HqError::Invalid(format!(
                    "stored lot {gtin}/{lot} cannot be read"
                )))
            }
        },
        None => crate::store::Lot {
            gtin: gtin.to_owned(),
            lot: lot.to_owned(),
            status: LotStatus::Released,
            reason: None,
            reference: None,
            production_date: None,
            expiry_date: None,
            quantity: None,
            origin: "head_office".into(),
            status_changed_at: None,
        },
    };
    record.status = status;
    record.reason = Some(reason.to_owned());
    if let Some(reference) = reference {
        record.reference = Some(reference.to_owned());
    }
    Ok(MasterRecord::Lot(record))
}

/// The answer of a storage to a push.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PushReply {
    /// A fresh answer (stored under the key unless it asks the station to retry).
    Fresh(PushResponse),
    /// The stored answer of an earlier request with the same key and body, as
    /// [`replayed_answer`] turns it: `replayed` set, its `accepted` events now `duplicate`.
    Replay(PushResponse),
    /// The key was used before with a different body.
    KeyReused,
}

/// True when an answer may be stored under its idempotency key and replayed: only final
/// answers. An answer with a `retry` result (a gap: head office lost events) describes a
/// moment, not the batch; replaying it after the station has sent the missing events would
/// stall the push for good (the station would rewind again and again).
pub fn is_replayable(answer: &PushResponse) -> bool {
    !answer.results.iter().any(|result| result.retry)
}

/// The answer to replay for a request whose key and body match a stored answer (`stored`, its
/// JSON text), given the station's chain head now; `None` when the stored answer must not be
/// replayed and the batch is judged afresh: it asks for a retry (stored before retries were
/// left out), cannot be read, or head office has lost events since it was given (the chain
/// head is behind the answer's `expected_seq`, e.g. after a restore from a backup), so that its
/// `accepted` would no longer be true.
///
/// A replayed answer is marked `replayed`, and the events it accepted are answered
/// `duplicate`: they were stored by the first request, and a station that never heard that
/// answer must not count them as pushed twice.
pub fn replayed_answer(stored: &str, head: &ChainHead) -> Option<PushResponse> {
    let mut answer: PushResponse = serde_json::from_str(stored).ok()?;
    if !is_replayable(&answer) || head.last_seq < answer.expected_seq - 1 {
        return None;
    }
    answer.replayed = true;
    for result in &mut answer.results {
        if result.status == crate::sync::protocol::EventStatus::Accepted {
            result.status = crate::sync::protocol::EventStatus::Duplicate;
        }
    }
    Some(answer)
}

/// One page of the change log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeRows {
    /// `(cursor, kind, data JSON text)`.
    pub changes: Vec<(i64, String, String)>,
    pub next_cursor: i64,
    pub more: bool,
}

/// An event as stored at head office (admin views and tests).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredEvent {
    pub seq: i64,
    pub event_id: String,
    pub status: String,
    pub reason: Option<String>,
}

/// A pushed scan that let goods through although head office's lot status says otherwise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alert {
    pub station: String,
    pub seq: i64,
    /// `accepted_while_recalled` (scanned after head office changed the status) or
    /// `accepted_before_recall` (scanned before: goods on hand to recover).
    pub kind: String,
    pub gtin: String,
    pub lot: String,
    /// The lot's status at head office: recalled, quarantined or blocked.
    pub lot_status: String,
    pub verdict: String,
    pub scanned_at: String,
    pub status_changed_at: Option<String>,
}

impl Alert {
    pub fn to_json(&self) -> Value {
        json!({
            "station": self.station, "seq": self.seq, "kind": self.kind, "gtin": self.gtin,
            "lot": self.lot, "lot_status": self.lot_status, "verdict": self.verdict,
            "scanned_at": self.scanned_at, "status_changed_at": self.status_changed_at,
        })
    }
}

/// Head-office storage. Every method is one transaction.
pub trait HqStorage: Send {
    /// Stores a batch of `station`'s events (see [`judge_event`]) and its answer under
    /// `(station, key)`; `request_sha256` tells a true replay from a reused key.
    fn push(
        &mut self,
        station: &str,
        key: &str,
        request_sha256: &str,
        events: &[WireEvent],
        now: DateTime<Utc>,
    ) -> Result<PushReply, HqError>;
    /// Up to `limit` changes after `after` that concern `station`.
    fn changes(&mut self, station: &str, after: i64, limit: i64) -> Result<ChangeRows, HqError>;
    /// Writes master data (all or nothing) and logs a change per record. Returns new alerts.
    fn import(&mut self, records: &[MasterRecord], now: DateTime<Utc>) -> Result<u64, HqError>;
    /// Leases a serial block to `station`.
    fn lease_block(
        &mut self,
        station: &str,
        block: &BlockLease,
        now: DateTime<Utc>,
    ) -> Result<(), HqError>;
    /// Changes a lot's status (recall, quarantine, block, release). Returns new alerts.
    fn set_lot_status(
        &mut self,
        gtin: &str,
        lot: &str,
        status: LotStatus,
        reason: &str,
        reference: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<u64, HqError>;
    /// Re-checks every stored scan against the current lot status. Returns new alerts.
    fn reevaluate(&mut self, now: DateTime<Utc>) -> Result<u64, HqError>;
    /// All alerts, oldest first.
    fn alerts(&mut self) -> Result<Vec<Alert>, HqError>;
    /// `station`'s stored events in seq order.
    fn events(&mut self, station: &str) -> Result<Vec<StoredEvent>, HqError>;
    /// Another handle on the same storage, for one more server worker, when the storage takes
    /// concurrent writers (PostgreSQL: one connection per worker). `None`: the workers share
    /// this handle behind a mutex (SQLite has one writer anyway).
    fn open_another(&self) -> Result<Option<Box<dyn HqStorage>>, HqError> {
        Ok(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(feature = "postgres")]
    fn problems(text: &str) -> Vec<String> {
        let config: HqConfig = toml::from_str(text).unwrap();
        config.validate().iter().map(ToString::to_string).collect()
    }

    #[test]
    #[cfg(feature = "postgres")]
    fn the_example_config_is_valid_both_ways() {
        let text = include_str!("../../config/hq.example.toml");
        assert_eq!(problems(text), Vec::<String>::new());
        let postgres = text
            .replace("database = ", "# database = ")
            .replace(
                "# database_url = \"postgresql",
                "database_url = \"postgresql",
            )
            .replace("# database_schema", "database_schema");
        let config: HqConfig = toml::from_str(&postgres).unwrap();
        assert_eq!(config.database, None);
        assert_eq!(
            config.database_url.as_deref(),
            Some("postgresql://hq@localhost/hq")
        );
        assert_eq!(config.database_schema.as_deref(), Some("scanstation"));
        assert!(config.validate().is_empty(), "{:?}", config.validate());
    }

    #[test]
    #[cfg(feature = "postgres")]
    fn exactly_one_database_is_configured() {
        let cases = [
            (r#"database = "hq.db""#, ""),
            (r#"database_url = "postgresql://hq@localhost/hq""#, ""),
            (
                "database_url = \"host=/var/run/postgresql dbname=hq\"\ndatabase_schema = \"hq\"",
                "",
            ),
            ("", "database: no head-office database is configured"),
            (
                "database = \"hq.db\"\ndatabase_url = \"postgresql://hq@localhost/hq\"",
                "database_url: database and database_url are both set",
            ),
            (r#"database = """#, "database: is empty"),
            (
                r#"database_url = "postgresql://hq@localhost/hq?sslmode=require""#,
                "database_url: asks for sslmode=require",
            ),
            (
                r#"database_url = "postgresql://hq@localhost/hq?nonsense=1""#,
                "database_url: invalid connection string",
            ),
            (
                "database = \"hq.db\"\ndatabase_schema = \"hq\"",
                "database_schema: is set without database_url",
            ),
            (
                "database_url = \"postgresql://hq@localhost/hq\"\ndatabase_schema = \"Hq-1\"",
                "database_schema: \"Hq-1\" is not a plain schema name",
            ),
        ];
        for (text, wanted) in cases {
            let found = problems(text);
            if wanted.is_empty() {
                assert!(found.is_empty(), "{text}: {found:?}");
            } else {
                assert_eq!(found.len(), 1, "{text}: {found:?}");
                assert!(found[0].starts_with(wanted), "{text}: {found:?}");
            }
        }
    }

    fn event(seq: i64, hash: &str) -> WireEvent {
        WireEvent {
            seq,
            event_id: format!("e{seq}"),
            format_version: FORMAT_VERSION,
            kind: "scan".into(),
            at: "2026-03-01T06:00:00.000000Z".into(),
            station: "S1".into(),
            device: None,
            operator: None,
            workflow: None,
            raw_hex: None,
            parsed: None,
            verdict: None,
            reasons: None,
            gtin: None,
            lot: None,
            serial: None,
            sscc: None,
            master_version: None,
            payload: None,
            prev_hash: GENESIS_HASH.into(),
            hash: hash.into(),
        }
    }

    #[test]
    fn an_event_id_already_stored_is_a_duplicate_only_with_the_same_seq_and_hash() {
        let head = ChainHead {
            last_seq: 5,
            last_hash: "h5".into(),
        };
        let stored = |seq: i64, hash: &str| StoredId {
            seq,
            hash: hash.into(),
        };
        // (stored under the id, the pushed event's seq and hash, expected decision prefix)
        let cases = [
            (Some(stored(3, "h3")), 3, "h3", "Duplicate"),
            (
                Some(stored(3, "h3")),
                3,
                "x3",
                "Conflict(\"event id e3 at seq 3 is stored with other content",
            ),
            (
                Some(stored(2, "h3")),
                3,
                "h3",
                "Conflict(\"event id e3 is stored at seq 2, not 3",
            ),
            (
                None,
                4,
                "h4",
                "Conflict(\"head office already holds a different event at seq 4",
            ),
            (None, 8, "h8", "Gap { expected: 6 }"),
        ];
        for (stored, seq, hash, expected) in cases {
            let decision = judge_event("S1", &head, &event(seq, hash), stored.as_ref());
            let text = format!("{decision:?}");
            assert!(text.starts_with(expected), "seq {seq} {hash}: {text}");
        }
    }

    #[test]
    fn only_final_answers_still_true_are_replayed_and_as_duplicates() {
        use crate::sync::protocol::{EventResult, EventStatus};
        let result = |seq: i64, status: EventStatus, retry: bool| EventResult {
            seq,
            event_id: format!("e{seq}"),
            status,
            reason: None,
            retry,
        };
        let answer = |results: Vec<EventResult>, expected_seq: i64| {
            serde_json::to_string(&PushResponse {
                idempotency_key: "S1:1-2:aa".into(),
                results,
                expected_seq,
                replayed: false,
            })
            .unwrap()
        };
        let head = |last_seq: i64| ChainHead {
            last_seq,
            last_hash: "h".into(),
        };
        let accepted = answer(
            vec![
                result(1, EventStatus::Accepted, false),
                result(2, EventStatus::Rejected, false),
            ],
            3,
        );
        let replay = replayed_answer(&accepted, &head(2)).unwrap();
        assert!(replay.replayed);
        let statuses: Vec<_> = replay.results.iter().map(|r| r.status).collect();
        assert_eq!(statuses, [EventStatus::Duplicate, EventStatus::Rejected]);
        assert!(replayed_answer(&accepted, &head(9)).is_some());
        // Head office lost events since: the answer is not true any more.
        assert_eq!(replayed_answer(&accepted, &head(1)), None);
        let gap = answer(vec![result(7, EventStatus::Rejected, true)], 3);
        assert_eq!(replayed_answer(&gap, &head(2)), None);
        assert_eq!(replayed_answer("not json", &head(2)), None);
    }

    #[test]
    fn open_storage_refuses_an_unchosen_database() {
        let Err(err) = open_storage(&HqConfig::default()) else {
            panic!("opened a storage without a database");
        };
        assert!(err.to_string().contains("database_url = "), "{err}");
    }

    #[test]
    #[cfg(not(feature = "postgres"))]
    fn a_build_without_postgres_says_so_for_database_url() {
        let config: HqConfig =
            toml::from_str("database_url = \"postgresql://hq@localhost/hq\"").unwrap();
        let problems = config.validate();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].key, "database_url");
        assert!(problems[0].message.contains("no PostgreSQL support"));
        let err = open_storage(&config).err().unwrap();
        assert!(err.to_string().contains("no PostgreSQL support"), "{err}");
    }
}
