//! Head-office sync: push the journal, pull master data, export the journal for hand-carry.
//!
//! One run ([`sync_once`]) pushes first, then pulls, so that head office has judged the
//! station's latest facts before it answers with master data. The push sends journal rows in
//! seq order in batches, each with an `Idempotency-Key`, and moves the push cursor only past
//! events head office answered for (accepted, duplicate, or a final rejection, which is kept in
//! `sync_rejections`); a network error, a 500, a timeout, a cut connection or a stale answer
//! leaves the cursor where it was and the next run sends the same rows again, which head office
//! answers as duplicates. The pull stages pages of changes durably and applies them all in one
//! transaction (see `store::sync_state`). Flaky Wi-Fi is the normal case here, not the exception:
//! every step can be interrupted anywhere and repeated.
//!
//! [`Backoff`] spaces out retries after failures; [`status`] is what the status page shows.

pub mod export;
pub mod protocol;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::store::sync_state::{self, StagedChange};
use crate::store::{ConfigProblem, Store, StoreError};
use protocol::{
    ChangesPage, ErrorBody, EventStatus, PushRequest, PushResponse, WireEvent, CHANGES_PATH,
    EVENTS_PATH, IDEMPOTENCY_HEADER, IDEMPOTENCY_KEY_REUSED, PROTOCOL_HEADER, PROTOCOL_MISMATCH,
    PROTOCOL_VERSION, STATION_HEADER,
};

/// The `[sync]` section of `config/station.toml`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SyncConfig {
    /// Head office base URL, e.g. `https://hq.example.com`. Plain `http://` is accepted only for
    /// a loopback address (tests, a head office on the same machine). Default: none (sync off).
    pub url: Option<String>,
    /// This station's bearer token. Prefer `token_file`. Default: none.
    pub token: Option<String>,
    /// File holding the bearer token (first line). Default: none.
    pub token_file: Option<PathBuf>,
    /// PEM file of the certificate authorities to trust instead of the public ones (a head
    /// office with its own CA). Default: none (the Mozilla roots built in).
    pub ca_file: Option<PathBuf>,
    /// Time limit of one HTTP request, in milliseconds. Default: 30000.
    pub timeout_ms: u64,
    /// Journal rows per push request. Default: 1000.
    pub push_batch: u32,
    /// Changes per pull page. Default: 10000.
    pub pull_page: u32,
    /// Seconds between syncs while online. Default: 300.
    pub interval_secs: u64,
    /// First retry delay after a failed sync, in seconds; doubles per failure. Default: 10.
    pub backoff_initial_secs: u64,
    /// Longest retry delay, in seconds. Default: 900.
    pub backoff_max_secs: u64,
}

impl Default for SyncConfig {
    fn default() -> Self {
        SyncConfig {
            url: None,
            token: None,
            token_file: None,
            ca_file: None,
            timeout_ms: 30_000,
            push_batch: 1000,
            pull_page: 10_000,
            interval_secs: 300,
            backoff_initial_secs: 10,
            backoff_max_secs: 900,
        }
    }
}

fn problem(key: &str, message: impl Into<String>, hint: &str) -> ConfigProblem {
    ConfigProblem {
        key: key.into(),
        message: message.into(),
        hint: hint.into(),
    }
}

fn is_loopback_url(url: &str) -> bool {
    let rest = url.trim_start_matches("http://");
    let host = if rest.starts_with('[') {
        rest.split(']')
            .next()
            .map(|host| format!("{host}]"))
            .unwrap_or_default()
    } else {
        rest.split(['/', ':']).next().unwrap_or("").to_owned()
    };
    matches!(host.as_str(), "localhost" | "[::1]") || host.starts_with("127.")
}

impl SyncConfig {
    /// Every problem in this section, with its key path and a hint.
    pub fn validate(&self) -> Vec<ConfigProblem> {
        let mut problems = Vec::new();
        if let Some(url) = &self.url {
            if url.starts_with("http://") {
                if !is_loopback_url(url) {
                    problems.push(problem(
                        "sync.url",
                        format!("{url:?} is plain HTTP to another machine"),
                        "use https:// (plain http is only for a head office on this machine)",
                    ));
                }
            } else if !url.starts_with("https://") {
                problems.push(problem(
                    "sync.url",
                    format!("{url:?} is not an http(s) URL"),
                    "e.g. https://hq.example.com",
                ));
            }
            if self.token.is_none() && self.token_file.is_none() {
                problems.push(problem(
                    "sync.token_file",
                    "no token: head office will refuse the station",
                    "set token_file to the file holding this station's bearer token",
                ));
            }
        }
        if self.token.is_some() && self.token_file.is_some() {
            problems.push(problem(
                "sync.token",
                "both token and token_file are set",
                "keep one of them",
            ));
        }
        if !(100..=600_000).contains(&self.timeout_ms) {
            problems.push(problem(
                "sync.timeout_ms",
                format!("{} is out of range", self.timeout_ms),
                "100 to 600000; 30000 suits Wi-Fi",
            ));
        }
        if !(1..=10_000).contains(&self.push_batch) {
            problems.push(problem(
                "sync.push_batch",
                format!("{} is out of range", self.push_batch),
                "1 to 10000; 1000 is a good size",
            ));
        }
        if !(1..=100_000).contains(&self.pull_page) {
            problems.push(problem(
                "sync.pull_page",
                format!("{} is out of range", self.pull_page),
                "1 to 100000; 10000 is a good size",
            ));
        }
        if self.interval_secs == 0 {
            problems.push(problem(
                "sync.interval_secs",
                "is 0",
                "sync every few minutes, e.g. 300",
            ));
        }
        if self.backoff_initial_secs == 0 || self.backoff_initial_secs > self.backoff_max_secs {
            problems.push(problem(
                "sync.backoff_initial_secs",
                format!(
                    "{} must be at least 1 and at most backoff_max_secs ({})",
                    self.backoff_initial_secs, self.backoff_max_secs
                ),
                "e.g. 10 and 900",
            ));
        }
        problems
    }

    fn token_value(&self) -> Result<String, SyncError> {
        if let Some(token) = &self.token {
            return Ok(token.trim().to_owned());
        }
        let Some(path) = &self.token_file else {
            return Err(SyncError::NotConfigured(
                "no token (set [sync] token_file)".into(),
            ));
        };
        let text = std::fs::read_to_string(path).map_err(|source| SyncError::File {
            path: path.clone(),
            source,
        })?;
        let token = text.lines().next().unwrap_or("").trim().to_owned();
        if token.is_empty() {
            return Err(SyncError::NotConfigured(format!(
                "token file {} is empty",
                path.display()
            )));
        }
        Ok(token)
    }
}

/// Why a sync run failed. The cursors are where the last acknowledged step left them.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("sync is not configured: {0}; set [sync] url and token_file in the station config")]
    NotConfigured(String),
    #[error("cannot read {path}: {source}")]
    File {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("CA file {path} holds no usable PEM certificate: {detail}")]
    BadCaFile { path: PathBuf, detail: String },
    #[error("head office at {url} is not reachable ({detail}); the station keeps working offline and retries later")]
    Unreachable { url: String, detail: String },
    #[error("head office did not answer within {timeout_ms} ms; nothing is lost, the same events are sent again next time")]
    Timeout { timeout_ms: u64 },
    #[error("head office answered HTTP {status}: {message}; retrying later")]
    Server { status: u16, message: String },
    #[error("head office refused this station's token (HTTP {status}: {message}); check [sync] token_file and the station id")]
    Unauthorized { status: u16, message: String },
    #[error(
        "protocol version mismatch: this station speaks version {station}, head office {head_office}; \
         update scanstation (or head office) so that both speak the same version"
    )]
    ProtocolMismatch { station: u32, head_office: String },
    #[error("head office sent an answer this station cannot use ({0}); nothing was applied, retrying later")]
    BadResponse(String),
    #[error(
        "head office refused event seq {seq}: {reason}; the push stops there until it is resolved"
    )]
    Refused { seq: i64, reason: String },
    #[error(
        "head office refused push batch {key} (HTTP 409 idempotency_key_reused: {message}); \
         retrying cannot help: run `scanstation journal verify` on this database, and have head \
         office compare its events of this station with `scanstation export --format ndjson` \
         of this journal before syncing again"
    )]
    KeyReused { key: String, message: String },
    #[error(
        "a sync is already running on {path} (the daemon's, or another `scanstation sync`); \
         wait for it to finish (the status page shows its outcome) and try again"
    )]
    AlreadyRunning { path: PathBuf },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What one run did. `errors` counts rejected events plus bad master-data rows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncSummary {
    pub pushed: u64,
    pub duplicates: u64,
    pub rejected: u64,
    pub pulled: u64,
    pub bad_rows: u64,
    pub status_changes: u64,
    pub push_cursor: i64,
    pub pull_cursor: i64,
    pub unsent: i64,
    pub oldest_unsent_age_secs: Option<i64>,
    pub data_age_secs: Option<i64>,
}

impl SyncSummary {
    pub fn errors(&self) -> u64 {
        self.rejected + self.bad_rows
    }

    /// The `sync --json` object.
    pub fn to_json(&self) -> Value {
        json!({
            "ok": true,
            "pushed": self.pushed,
            "duplicates": self.duplicates,
            "rejected": self.rejected,
            "pulled": self.pulled,
            "bad_rows": self.bad_rows,
            "errors": self.errors(),
            "lot_status_changes": self.status_changes,
            "push_cursor": self.push_cursor,
            "pull_cursor": self.pull_cursor,
            "unsent": self.unsent,
            "oldest_unsent_age_secs": self.oldest_unsent_age_secs,
            "data_age_secs": self.data_age_secs,
        })
    }
}

/// Progress of a run, for a terminal or a log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Progress {
    /// `sent` of `total` events pushed in this run.
    Pushed { sent: u64, total: u64 },
    /// `changes` staged so far.
    Pulled { changes: u64 },
    /// Applying the staged changes.
    Applying { changes: u64 },
}

/// An HTTP client for one head office.
pub struct HeadOffice {
    agent: ureq::Agent,
    base: String,
    station: String,
    token: String,
    timeout_ms: u64,
}

impl std::fmt::Debug for HeadOffice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HeadOffice")
            .field("base", &self.base)
            .field("station", &self.station)
            .finish()
    }
}

/// Largest answer accepted: a pull page of 100 000 changes stays well below it.
const MAX_BODY_BYTES: u64 = 512 * 1024 * 1024;

fn read_ca_file(path: &std::path::Path) -> Result<Vec<ureq::tls::Certificate<'static>>, SyncError> {
    let pem = std::fs::read(path).map_err(|source| SyncError::File {
        path: path.to_owned(),
        source,
    })?;
    let mut certificates = Vec::new();
    for item in ureq::tls::parse_pem(&pem) {
        match item {
            Ok(ureq::tls::PemItem::Certificate(certificate)) => certificates.push(certificate),
            Ok(_) => {}
            Err(err) => {
                return Err(SyncError::BadCaFile {
                    path: path.to_owned(),
                    detail: err.to_string(),
                })
            }
        }
    }
    if certificates.is_empty() {
        return Err(SyncError::BadCaFile {
            path: path.to_owned(),
            detail: "no CERTIFICATE block".into(),
        });
    }
    Ok(certificates)
}

impl HeadOffice {
    /// A client for `config`'s head office, as station `station`.
    pub fn new(config: &SyncConfig, station: &str) -> Result<HeadOffice, SyncError> {
        let Some(url) = &config.url else {
            return Err(SyncError::NotConfigured("no head-office url".into()));
        };
        let token = config.token_value()?;
        let mut builder = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_millis(config.timeout_ms)))
            .user_agent(format!("scanstation/{}", env!("CARGO_PKG_VERSION")));
        if let Some(ca_file) = &config.ca_file {
            let certificates = read_ca_file(ca_file)?;
            let tls = ureq::tls::TlsConfig::builder()
                .root_certs(ureq::tls::RootCerts::Specific(Arc::new(certificates)))
                .build();
            builder = builder.tls_config(tls);
        }
        Ok(HeadOffice {
            agent: builder.build().into(),
            base: url.trim_end_matches('/').to_owned(),
            station: station.to_owned(),
            token,
            timeout_ms: config.timeout_ms,
        })
    }

    fn transport_error(&self, err: ureq::Error) -> SyncError {
        match err {
            ureq::Error::Timeout(_) => SyncError::Timeout {
                timeout_ms: self.timeout_ms,
            },
            ureq::Error::Io(io)
                if io.kind() == std::io::ErrorKind::TimedOut
                    || io.kind() == std::io::ErrorKind::WouldBlock =>
            {
                SyncError::Timeout {
                    timeout_ms: self.timeout_ms,
                }
            }
            other => SyncError::Unreachable {
                url: self.base.clone(),
                detail: other.to_string(),
            },
        }
    }

    /// Checks the status and protocol header of an answer and returns its body.
    fn read_answer(
        &self,
        mut response: ureq::http::Response<ureq::Body>,
    ) -> Result<Vec<u8>, SyncError> {
        let status = response.status().as_u16();
        let header_version = response
            .headers()
            .get(PROTOCOL_HEADER)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned);
        let body = response
            .body_mut()
            .with_config()
            .limit(MAX_BODY_BYTES)
            .read_to_vec()
            .map_err(|err| self.transport_error(err))?;
        if let Some(version) = &header_version {
            if version.trim() != PROTOCOL_VERSION.to_string() {
                return Err(SyncError::ProtocolMismatch {
                    station: PROTOCOL_VERSION,
                    head_office: version.clone(),
                });
            }
        }
        if status == 200 {
            return Ok(body);
        }
        let error: Option<ErrorBody> = serde_json::from_slice(&body).ok();
        let message = error
            .as_ref()
            .map(|error| error.message.clone())
            .unwrap_or_else(|| String::from_utf8_lossy(&body).chars().take(200).collect());
        if error
            .as_ref()
            .is_some_and(|error| error.error == PROTOCOL_MISMATCH)
        {
            let head_office = error
                .and_then(|error| error.supported_protocol)
                .map_or_else(|| "unknown".to_owned(), |version| version.to_string());
            return Err(SyncError::ProtocolMismatch {
                station: PROTOCOL_VERSION,
                head_office,
            });
        }
        if error
            .as_ref()
            .is_some_and(|error| error.error == IDEMPOTENCY_KEY_REUSED)
        {
            return Err(SyncError::KeyReused {
                key: String::new(),
                message,
            });
        }
        match status {
            401 | 403 => Err(SyncError::Unauthorized { status, message }),
            _ => Err(SyncError::Server { status, message }),
        }
    }

    /// Sends one push batch.
    pub fn push(&self, events: &[WireEvent], key: &str) -> Result<PushResponse, SyncError> {
        let request = PushRequest {
            station: self.station.clone(),
            events: events.to_vec(),
        };
        let body =
            serde_json::to_vec(&request).map_err(|err| SyncError::BadResponse(err.to_string()))?;
        let response = self
            .agent
            .post(format!("{}{EVENTS_PATH}", self.base))
            .header("Authorization", format!("Bearer {}", self.token))
            .header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string())
            .header(STATION_HEADER, self.station.as_str())
            .header(IDEMPOTENCY_HEADER, key)
            .content_type("application/json")
            .send(&body[..])
            .map_err(|err| self.transport_error(err))?;
        let body = self.read_answer(response).map_err(|err| match err {
            SyncError::KeyReused { message, .. } => SyncError::KeyReused {
                key: key.to_owned(),
                message,
            },
            other => other,
        })?;
        serde_json::from_slice(&body)
            .map_err(|err| SyncError::BadResponse(format!("push answer: {err}")))
    }

    /// Fetches one page of changes after `after`.
    pub fn changes(&self, after: i64, limit: u32) -> Result<ChangesPage, SyncError> {
        let response = self
            .agent
            .get(format!("{}{CHANGES_PATH}", self.base))
            .query("after", after.to_string())
            .query("limit", limit.to_string())
            .header("Authorization", format!("Bearer {}", self.token))
            .header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string())
            .header(STATION_HEADER, self.station.as_str())
            .call()
            .map_err(|err| self.transport_error(err))?;
        let body = self.read_answer(response)?;
        serde_json::from_slice(&body)
            .map_err(|err| SyncError::BadResponse(format!("changes page: {err}")))
    }
}

/// Checks that an answer belongs to the batch that was sent (a stale or replayed answer from a
/// proxy or a confused server must never move the cursor).
fn check_push_answer(
    events: &[WireEvent],
    key: &str,
    answer: &PushResponse,
) -> Result<(), SyncError> {
    if answer.idempotency_key != key {
        return Err(SyncError::BadResponse(format!(
            "answer is for batch {:?}, not {key:?} (a stale or replayed answer)",
            answer.idempotency_key
        )));
    }
    if answer.results.len() != events.len() {
        return Err(SyncError::BadResponse(format!(
            "{} results for {} events",
            answer.results.len(),
            events.len()
        )));
    }
    for (event, result) in events.iter().zip(&answer.results) {
        if event.seq != result.seq || event.event_id != result.event_id {
            return Err(SyncError::BadResponse(format!(
                "result for seq {} ({}) where seq {} ({}) was sent",
                result.seq, result.event_id, event.seq, event.event_id
            )));
        }
    }
    Ok(())
}

/// How many times one run follows head office back to an earlier seq (after head office lost
/// events, e.g. restored from a backup) before giving up until the next run.
const MAX_REWINDS: u32 = 3;

fn push_all(
    store: &mut Store,
    client: &HeadOffice,
    config: &SyncConfig,
    now: DateTime<Utc>,
    summary: &mut SyncSummary,
    progress: &mut dyn FnMut(Progress),
) -> Result<(), SyncError> {
    let last_seq = store.with_sync_conn("reading the journal", |conn| {
        conn.query_row("SELECT IFNULL(MAX(seq), 0) FROM journal", [], |row| {
            row.get::<_, i64>(0)
        })
    })?;
    let start = store.with_sync_conn("reading the sync cursors", sync_state::push_cursor)?;
    // Events to send in this call: grows when head office asks for events again (a rewind),
    // so that `sent` never passes `total`.
    let mut total = u64::try_from(last_seq - start).unwrap_or(0);
    let mut sent = 0u64;
    let mut rewinds = 0;
    loop {
        let cursor = store.with_sync_conn("reading the sync cursors", sync_state::push_cursor)?;
        if cursor >= last_seq {
            return Ok(());
        }
        let limit = i64::from(config.push_batch).min(last_seq - cursor);
        let rows = store.journal_rows_after(cursor, limit)?;
        if rows.is_empty() {
            return Ok(());
        }
        let events: Vec<WireEvent> = rows.iter().map(WireEvent::from).collect();
        let key = protocol::idempotency_key(store.station_id(), &events);
        let answer = client.push(&events, &key)?;
        check_push_answer(&events, &key, &answer)?;
        let mut acknowledged = cursor;
        let mut rejections = Vec::new();
        let mut stop: Option<(i64, String)> = None;
        for result in &answer.results {
            if result.retry {
                stop = Some((
                    result.seq,
                    result
                        .reason
                        .clone()
                        .unwrap_or_else(|| "no reason given".into()),
                ));
                break;
            }
            match result.status {
                // A replayed answer's events were stored by the request whose answer was
                // lost: they are duplicates now, whatever an older head office says.
                EventStatus::Accepted if !answer.replayed => summary.pushed += 1,
                EventStatus::Accepted | EventStatus::Duplicate => summary.duplicates += 1,
                EventStatus::Rejected => {
                    let reason = result
                        .reason
                        .clone()
                        .unwrap_or_else(|| "no reason given".into());
                    log::warn!(seq = result.seq, reason = reason.as_str(); "head office rejected an event");
                    summary.rejected += 1;
                    rejections.push((result.seq, result.event_id.clone(), reason));
                }
            }
            acknowledged = result.seq;
        }
        if acknowledged > cursor {
            store.with_sync_tx("moving the push cursor", |conn| {
                sync_state::advance_push(conn, acknowledged, &rejections, now)
            })?;
            sent += u64::try_from(acknowledged - cursor).unwrap_or(0);
            progress(Progress::Pushed { sent, total });
        }
        if let Some((seq, reason)) = stop {
            if acknowledged > cursor {
                continue;
            }
            // Head office lost events this station already pushed: send them again.
            if answer.expected_seq >= 1 && answer.expected_seq <= cursor && rewinds < MAX_REWINDS {
                rewinds += 1;
                let to = answer.expected_seq - 1;
                log::warn!(from = cursor, to = to;
                           "head office asks for earlier events again; rewinding the push cursor");
                store.with_sync_tx("rewinding the push cursor", |conn| {
                    sync_state::rewind_push(conn, to, now)
                })?;
                total += u64::try_from(cursor - to).unwrap_or(0);
                continue;
            }
            return Err(SyncError::Refused { seq, reason });
        }
    }
}

fn pull_all(
    store: &mut Store,
    client: &HeadOffice,
    config: &SyncConfig,
    now: DateTime<Utc>,
    summary: &mut SyncSummary,
    progress: &mut dyn FnMut(Progress),
) -> Result<(), SyncError> {
    let mut after = store.with_sync_conn("reading the sync cursors", sync_state::staged_cursor)?;
    let mut staged = 0u64;
    loop {
        let page = client.changes(after, config.pull_page)?;
        let mut previous = after;
        let mut changes = Vec::with_capacity(page.changes.len());
        for change in &page.changes {
            if change.cursor <= previous {
                return Err(SyncError::BadResponse(format!(
                    "change cursor {} does not follow {previous}",
                    change.cursor
                )));
            }
            previous = change.cursor;
            changes.push(StagedChange {
                cursor: change.cursor,
                kind: change.kind.clone(),
                data: change.data.get().to_owned(),
            });
        }
        if page.next_cursor < previous || (page.more && page.changes.is_empty()) {
            return Err(SyncError::BadResponse(format!(
                "next_cursor {} is behind the page (last change {previous})",
                page.next_cursor
            )));
        }
        store.with_sync_tx("staging pulled changes", |conn| {
            sync_state::stage_page(conn, &changes, page.next_cursor, now)
        })?;
        staged += changes.len() as u64;
        progress(Progress::Pulled { changes: staged });
        after = page.next_cursor;
        if !page.more {
            break;
        }
    }
    progress(Progress::Applying { changes: staged });
    let applied = store.apply_staged(&protocol::decode_change, now)?;
    summary.pulled = applied.applied();
    summary.bad_rows = applied.bad_rows;
    summary.status_changes = applied.status_changes;
    Ok(())
}

/// One sync run: push, then pull. The daemon calls this on a timer (see [`Backoff`]); the CLI
/// on demand. The outcome is recorded in `sync_runs` either way.
pub fn sync_once(
    store: &mut Store,
    config: &SyncConfig,
    now: DateTime<Utc>,
) -> Result<SyncSummary, SyncError> {
    sync_once_with_progress(store, config, now, &mut |_| {})
}

/// Held while a sync runs on one station database, so that two syncs (the daemon's thread and
/// a supervisor's `scanstation sync`, or two of those) never interleave their pushes and
/// pulls: an exclusive `flock(2)` on `<database>.sync-lock` beside the database. The kernel
/// drops the lock when its process dies, even by SIGKILL, so a crashed sync never blocks the
/// next one; the file itself stays (it is empty).
#[derive(Debug)]
pub struct SyncLock {
    _file: std::fs::File,
}

impl SyncLock {
    /// The lock file of the database at `db_path`.
    pub fn path_for(db_path: &std::path::Path) -> PathBuf {
        let mut name = db_path.as_os_str().to_owned();
        name.push(".sync-lock");
        PathBuf::from(name)
    }

    /// Takes the lock of the database at `db_path`, or says that a sync is already running.
    pub fn acquire(db_path: &std::path::Path) -> Result<SyncLock, SyncError> {
        use std::os::fd::AsRawFd;
        let path = SyncLock::path_for(db_path);
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|source| SyncError::File {
                path: path.clone(),
                source,
            })?;
        // SAFETY: flock on a file descriptor this function owns; no memory is involved.
        let result = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
        if result != 0 {
            let err = std::io::Error::last_os_error();
            return Err(if err.kind() == std::io::ErrorKind::WouldBlock {
                SyncError::AlreadyRunning {
                    path: db_path.to_owned(),
                }
            } else {
                SyncError::File { path, source: err }
            });
        }
        Ok(SyncLock { _file: file })
    }
}

/// [`sync_once`] reporting progress. Refused with [`SyncError::AlreadyRunning`] (and not
/// recorded as a run) while another sync holds the database's [`SyncLock`].
pub fn sync_once_with_progress(
    store: &mut Store,
    config: &SyncConfig,
    now: DateTime<Utc>,
    progress: &mut dyn FnMut(Progress),
) -> Result<SyncSummary, SyncError> {
    let _lock = SyncLock::acquire(store.path())?;
    let mut summary = SyncSummary::default();
    let result = HeadOffice::new(config, store.station_id()).and_then(|client| {
        push_all(store, &client, config, now, &mut summary, progress)?;
        pull_all(store, &client, config, now, &mut summary, progress)?;
        if summary.pulled + summary.bad_rows > 0 {
            // Applying the pull journaled what changed (recalls applied, the sync itself):
            // send those rows too, so that head office sees them now, not a run later.
            push_all(store, &client, config, now, &mut summary, progress)?;
        }
        Ok(())
    });
    let finished = Utc::now().max(now);
    let status = status(store, now)?;
    summary.push_cursor = status.push_cursor;
    summary.pull_cursor = status.pull_cursor;
    summary.unsent = status.unsent;
    summary.oldest_unsent_age_secs = status.oldest_unsent_age_secs;
    summary.data_age_secs = status.data_age_secs;
    let (ok, record) = match &result {
        Ok(()) => (true, summary.to_json()),
        Err(err) => {
            let mut partial = summary.to_json();
            partial["ok"] = Value::Bool(false);
            partial["error"] = Value::from(err.to_string());
            (false, partial)
        }
    };
    match &result {
        Ok(()) => {
            log::info!(pushed = summary.pushed, duplicates = summary.duplicates, pulled = summary.pulled,
                             errors = summary.errors(); "sync finished")
        }
        Err(err) => log::warn!(error:% = err; "sync failed"),
    }
    store.with_sync_tx("recording the sync run", |conn| {
        sync_state::record_run(conn, now, finished, ok, &record.to_string())
    })?;
    result.map(|()| summary)
}

/// What the status page shows about sync.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncStatus {
    pub push_cursor: i64,
    pub pull_cursor: i64,
    pub unsent: i64,
    pub oldest_unsent_age_secs: Option<i64>,
    pub data_age_secs: Option<i64>,
    /// `(finished_at, ok, summary JSON)` of the last run.
    pub last_run: Option<(DateTime<Utc>, bool, Value)>,
}

impl SyncStatus {
    pub fn to_json(&self) -> Value {
        json!({
            "push_cursor": self.push_cursor,
            "pull_cursor": self.pull_cursor,
            "unsent": self.unsent,
            "oldest_unsent_age_secs": self.oldest_unsent_age_secs,
            "data_age_secs": self.data_age_secs,
            "last_run": self.last_run.as_ref().map(|(at, ok, summary)| json!({
                "finished_at": crate::store::format_time(*at), "ok": ok, "summary": summary,
            })),
        })
    }
}

/// The sync state of `store` as of `now`.
pub fn status(store: &Store, now: DateTime<Utc>) -> Result<SyncStatus, StoreError> {
    let (push_cursor, pull_cursor, unsent, oldest, last_run) =
        store.with_sync_conn("reading the sync state", |conn| {
            Ok((
                sync_state::push_cursor(conn)?,
                sync_state::pull_cursor(conn)?,
                sync_state::unsent_count(conn)?,
                sync_state::oldest_unsent(conn)?,
                sync_state::last_run(conn)?,
            ))
        })?;
    let (_, master_updated_at) = store.master_data_version()?;
    Ok(SyncStatus {
        push_cursor,
        pull_cursor,
        unsent,
        oldest_unsent_age_secs: oldest.map(|(_, at)| (now - at).num_seconds().max(0)),
        data_age_secs: master_updated_at.map(|at| (now - at).num_seconds().max(0)),
        last_run: last_run
            .map(|(at, ok, text)| (at, ok, serde_json::from_str(&text).unwrap_or(Value::Null))),
    })
}

/// When to sync next: every `interval` while things work; after failures, waits that double
/// from `initial` up to `max`. Pure: the caller passes the time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Backoff {
    initial: Duration,
    max: Duration,
    interval: Duration,
    failures: u32,
    next_at: Option<DateTime<Utc>>,
}

impl Backoff {
    pub fn new(config: &SyncConfig) -> Backoff {
        Backoff {
            initial: Duration::from_secs(config.backoff_initial_secs.max(1)),
            max: Duration::from_secs(
                config
                    .backoff_max_secs
                    .max(config.backoff_initial_secs)
                    .max(1),
            ),
            interval: Duration::from_secs(config.interval_secs.max(1)),
            failures: 0,
            next_at: None,
        }
    }

    /// True when a sync should run now (always true before the first run).
    pub fn due(&self, now: DateTime<Utc>) -> bool {
        self.next_at.is_none_or(|next_at| now >= next_at)
    }

    /// When the next run is due.
    pub fn next_at(&self) -> Option<DateTime<Utc>> {
        self.next_at
    }

    /// Failures in a row.
    pub fn failures(&self) -> u32 {
        self.failures
    }

    /// Records a successful run at `now`; the next one is an interval later.
    pub fn succeeded(&mut self, now: DateTime<Utc>) {
        self.failures = 0;
        self.next_at =
            Some(now + chrono::Duration::from_std(self.interval).unwrap_or(chrono::Duration::MAX));
    }

    /// Records a failed run at `now` and returns the wait before the next try.
    pub fn failed(&mut self, now: DateTime<Utc>) -> Duration {
        self.failures = self.failures.saturating_add(1);
        let factor = 2u32.saturating_pow(self.failures.saturating_sub(1).min(20));
        let delay = self.initial.saturating_mul(factor).min(self.max);
        self.next_at =
            Some(now + chrono::Duration::from_std(delay).unwrap_or(chrono::Duration::MAX));
        delay
    }

    /// Makes the next run due at once (a supervisor pressed "sync now").
    pub fn trigger(&mut self) {
        self.next_at = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_the_maximum_and_resets_on_success() {
        let config = SyncConfig {
            backoff_initial_secs: 10,
            backoff_max_secs: 60,
            interval_secs: 300,
            ..SyncConfig::default()
        };
        let mut backoff = Backoff::new(&config);
        let start = DateTime::parse_from_rfc3339("2026-03-01T06:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert!(backoff.due(start));
        let delays: Vec<u64> = (0..5).map(|_| backoff.failed(start).as_secs()).collect();
        assert_eq!(delays, [10, 20, 40, 60, 60]);
        assert!(!backoff.due(start + chrono::Duration::seconds(59)));
        assert!(backoff.due(start + chrono::Duration::seconds(60)));
        backoff.succeeded(start);
        assert_eq!(backoff.failures(), 0);
        assert_eq!(
            backoff.next_at(),
            Some(start + chrono::Duration::seconds(300))
        );
        backoff.trigger();
        assert!(backoff.due(start));
    }

    #[test]
    fn config_validation_names_keys() {
        let config = SyncConfig {
            url: Some("http://hq.example.com".into()),
            push_batch: 0,
            ..SyncConfig::default()
        };
        let keys: Vec<String> = config
            .validate()
            .into_iter()
            .map(|problem| problem.key)
            .collect();
        assert_eq!(keys, ["sync.url", "sync.token_file", "sync.push_batch"]);
        let local = SyncConfig {
            url: Some("http://127.0.0.1:8080".into()),
            token: Some("t".into()),
            ..SyncConfig::default()
        };
        assert!(local.validate().is_empty());
        assert!(SyncConfig::default().validate().is_empty());
    }
}
