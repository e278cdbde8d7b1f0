//! The station's status page: what the daemon knows about itself, shown read-only over HTTP
//! to the people and the monitoring that look after the station.
//!
//! The daemon keeps one [`SharedStatus`] (a [`Status`] behind a lock) and writes to it as
//! things happen: a scan and its verdict, a scanner or printer changing state, a printer
//! error, dropped input, the sync and line gauges. [`StatusServer`] (in `http`) is a small
//! tiny_http server on one thread that only reads it: `/` is an HTML page, `/status.json`
//! the same data as JSON, `/metrics` Prometheus text, `/healthz` a liveness probe.
//!
//! The renderers (`page`, `metrics`) are pure: they take a copy of the status and `now`
//! and return text, so they are tested without sockets or a clock. `[status]` in the station
//! config is [`StatusConfig`]; a bind address other than loopback needs a token.

mod http;
mod metrics;
mod page;

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::config::Problem;
use crate::verdict::Level;

pub use http::StatusServer;
pub use metrics::{Metrics, LATENCY_BUCKETS_SECONDS};
pub use page::{human_age, render_page};

/// How many recent scans the board keeps (newest first).
pub const RECENT_SCANS: usize = 20;

/// How many recent lookups the board keeps (newest first).
pub const RECENT_LOOKUPS: usize = 10;

/// Shortest token accepted for `status.token`.
pub const MIN_TOKEN_LEN: usize = 16;

/// The status the daemon writes and the server reads.
pub type SharedStatus = Arc<RwLock<Status>>;

/// One scanner as the status page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeviceStatus {
    /// `[[scanner]] id`.
    pub id: String,
    /// The source kind: `serial`, `hid`, `stdin`, `image_dir`, ...
    pub kind: String,
    /// The workflow its scans go to: `receiving`, `line`, ...
    pub workflow: String,
    /// `ready`, `lost`, `reconnecting`, ... (ready/ok/online show green, lost/offline/error red).
    pub state: String,
    /// A sentence for the operator when something is wrong.
    pub message: Option<String>,
    /// When the scanner last sent something.
    pub last_seen: Option<DateTime<Utc>>,
}

/// One printer as the status page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PrinterStatus {
    /// `[[printer]] name`.
    pub name: String,
    /// `tcp`, `usb`, `serial` or `file`.
    pub transport: String,
    /// `PrinterState::as_str`: `ready`, `no_media`, `head_open`, ..., `offline`.
    pub state: String,
    /// `PrinterState::advice` when it is not ready.
    pub message: Option<String>,
    /// Labels waiting for this printer.
    pub queued: u64,
}

/// One scan and its verdict, for the "recent scans" table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecentScan {
    pub at: DateTime<Utc>,
    /// The scanner id.
    pub device: String,
    pub workflow: String,
    /// `accept`, `warn` or `reject` ([`Status::record_scan`] sets it from the verdict level).
    pub level: String,
    /// The scanned data in human-readable form, as the device sent it (untrusted text).
    pub hri: String,
    /// The verdict's reason messages.
    pub reasons: Vec<String>,
    /// Scan received → verdict decided, in microseconds ([`Status::record_scan`] sets it).
    pub latency_us: u64,
}

/// The line workflow's active product and lot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LineStatus {
    pub gtin: String,
    pub lot: Option<String>,
    pub product_name: Option<String>,
    /// Labels printed since the product or lot was chosen.
    pub printed: u64,
}

/// One serial looked up in the lookup workflow: its status, warranty and service history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LookupStatus {
    pub at: DateTime<Utc>,
    /// The scanner id.
    pub device: String,
    pub gtin: String,
    pub serial: String,
    /// The serial's status (`in_stock`, `sold`, `allocated`, ...; `unknown` when the station
    /// has no record of it).
    pub status: String,
    pub product_name: Option<String>,
    pub lot: Option<String>,
    /// `under_warranty`, `expired` or `unknown`.
    pub warranty: String,
    /// The last day covered, `YYYY-MM-DD`.
    pub warranty_until: Option<String>,
    /// Service events, oldest first: `2026-01-10 repair: new motor`.
    pub service_history: Vec<String>,
    /// Why nothing is known, for people.
    pub message: Option<String>,
}

impl LookupStatus {
    /// From the `serial show --json` object (`Store::serial_details`), or from
    /// `{"gtin", "serial", "status": "unknown", "error"}` when the serial is not known.
    pub fn from_details(
        at: DateTime<Utc>,
        device: &str,
        details: &serde_json::Value,
    ) -> LookupStatus {
        let text = |value: &serde_json::Value| value.as_str().map(str::to_owned);
        let history = details["service_history"]
            .as_array()
            .map(|events| {
                events
                    .iter()
                    .map(|event| {
                        let mut line = format!(
                            "{} {}",
                            event["date"].as_str().unwrap_or(""),
                            event["kind"].as_str().unwrap_or("")
                        );
                        if let Some(note) = event["note"].as_str().filter(|note| !note.is_empty()) {
                            line.push_str(": ");
                            line.push_str(note);
                        }
                        line
                    })
                    .collect()
            })
            .unwrap_or_default();
        LookupStatus {
            at,
            device: device.to_owned(),
            gtin: text(&details["gtin"]).unwrap_or_default(),
            serial: text(&details["serial"]).unwrap_or_default(),
            status: text(&details["status"]).unwrap_or_else(|| "unknown".into()),
            product_name: text(&details["product"]["name"]),
            lot: text(&details["lot"]),
            warranty: text(&details["warranty"]["status"]).unwrap_or_else(|| "unknown".into()),
            warranty_until: text(&details["warranty"]["until"]),
            service_history: history,
            message: text(&details["error"]),
        }
    }
}

/// How the last head-office sync ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SyncOutcome {
    pub finished_at: DateTime<Utc>,
    pub ok: bool,
    /// `pushed 12, pulled 3` or the error, for people.
    pub message: String,
}

/// Everything the status page shows, as plain data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatusBoard {
    pub station_id: String,
    pub location: String,
    pub version: String,
    pub started_at: DateTime<Utc>,
    pub scanners: Vec<DeviceStatus>,
    pub printers: Vec<PrinterStatus>,
    /// The last [`RECENT_SCANS`] scans, newest first.
    pub recent: VecDeque<RecentScan>,
    /// The last [`RECENT_LOOKUPS`] lookups, newest first.
    pub lookups: VecDeque<LookupStatus>,
    pub line: Option<LineStatus>,
    /// When master data was last pulled from head office successfully; `None`: never.
    /// A time rather than an age, so the age shown is always current (`master_data_age_secs`
    /// in JSON and metrics is computed when they are rendered).
    pub master_data_pulled_at: Option<DateTime<Utc>>,
    /// Journal events not yet pushed to head office; `None` when sync is off.
    pub journal_unsynced: Option<i64>,
    /// When the oldest event not yet pushed was journaled; `None` when all are pushed.
    pub oldest_unsent_at: Option<DateTime<Utc>>,
    /// The outcome of the last sync run; `None` before the first.
    pub last_sync: Option<SyncOutcome>,
    /// Serials left in the allocated block; `None` when there is no block.
    pub serials_remaining: Option<i64>,
    /// Labels waiting in the print queue, all printers.
    pub print_queue_depth: i64,
}

impl StatusBoard {
    /// An empty board for a station started at `started_at`, with this crate's version.
    pub fn new(
        station_id: impl Into<String>,
        location: impl Into<String>,
        started_at: DateTime<Utc>,
    ) -> StatusBoard {
        StatusBoard {
            station_id: station_id.into(),
            location: location.into(),
            version: env!("CARGO_PKG_VERSION").to_owned(),
            started_at,
            scanners: Vec::new(),
            printers: Vec::new(),
            recent: VecDeque::new(),
            lookups: VecDeque::new(),
            line: None,
            master_data_pulled_at: None,
            journal_unsynced: None,
            oldest_unsent_at: None,
            last_sync: None,
            serials_remaining: None,
            print_queue_depth: 0,
        }
    }

    /// Seconds since start (0 if the clock went back).
    pub fn uptime_secs(&self, now: DateTime<Utc>) -> i64 {
        (now - self.started_at).num_seconds().max(0)
    }

    /// Seconds since the last successful master-data pull; `None`: never pulled.
    pub fn master_data_age_secs(&self, now: DateTime<Utc>) -> Option<i64> {
        self.master_data_pulled_at
            .map(|pulled_at| (now - pulled_at).num_seconds().max(0))
    }
}

/// The board and the counters, behind one lock ([`SharedStatus`]).
#[derive(Debug, Clone)]
pub struct Status {
    pub board: StatusBoard,
    pub metrics: Metrics,
}

impl Status {
    pub fn new(board: StatusBoard) -> Status {
        Status {
            board,
            metrics: Metrics::default(),
        }
    }

    /// A new status, ready to share between the daemon and the server.
    pub fn shared(board: StatusBoard) -> SharedStatus {
        Arc::new(RwLock::new(Status::new(board)))
    }

    /// Counts a scan and puts it on top of the recent scans (keeping [`RECENT_SCANS`]).
    /// `scan.level` and `scan.latency_us` are overwritten from `level` and `latency`, so the
    /// table and the counters always agree.
    pub fn record_scan(&mut self, mut scan: RecentScan, level: Level, latency: Duration) {
        self.metrics.record_scan(level, latency);
        scan.level = level.as_str().to_owned();
        scan.latency_us = u64::try_from(latency.as_micros()).unwrap_or(u64::MAX);
        self.board.recent.push_front(scan);
        self.board.recent.truncate(RECENT_SCANS);
    }

    /// Puts a lookup on top of the recent lookups (keeping [`RECENT_LOOKUPS`]).
    pub fn record_lookup(&mut self, lookup: LookupStatus) {
        self.board.lookups.push_front(lookup);
        self.board.lookups.truncate(RECENT_LOOKUPS);
    }

    /// Adds the scanner, or replaces the one with the same id.
    pub fn set_scanner(&mut self, scanner: DeviceStatus) {
        match self
            .board
            .scanners
            .iter_mut()
            .find(|known| known.id == scanner.id)
        {
            Some(known) => *known = scanner,
            None => self.board.scanners.push(scanner),
        }
    }

    /// Adds the printer, or replaces the one with the same name.
    pub fn set_printer(&mut self, printer: PrinterStatus) {
        match self
            .board
            .printers
            .iter_mut()
            .find(|known| known.name == printer.name)
        {
            Some(known) => *known = printer,
            None => self.board.printers.push(printer),
        }
    }

    /// Counts a failed print on printer `name`.
    pub fn printer_error(&mut self, name: &str) {
        self.metrics.printer_error(name);
    }

    /// Counts input dropped for `reason` (`overlong`, `garbled`, `rate_limited`, ...).
    pub fn dropped(&mut self, reason: &str) {
        self.metrics.dropped(reason);
    }

    pub fn set_line(&mut self, line: Option<LineStatus>) {
        self.board.line = line;
    }

    /// Records a successful master-data pull at `at`.
    pub fn set_master_data_pulled(&mut self, at: DateTime<Utc>) {
        self.board.master_data_pulled_at = Some(at);
    }

    pub fn set_oldest_unsent(&mut self, at: Option<DateTime<Utc>>) {
        self.board.oldest_unsent_at = at;
    }

    pub fn set_last_sync(&mut self, outcome: SyncOutcome) {
        self.board.last_sync = Some(outcome);
    }

    pub fn set_journal_unsynced(&mut self, unsynced: Option<i64>) {
        self.board.journal_unsynced = unsynced;
    }

    pub fn set_serials_remaining(&mut self, remaining: Option<i64>) {
        self.board.serials_remaining = remaining;
    }

    pub fn set_print_queue_depth(&mut self, depth: i64) {
        self.board.print_queue_depth = depth;
    }
}

/// Whether a scanner or printer state is one shown red (gone or broken).
pub fn state_is_bad(state: &str) -> bool {
    state_class(state) == StateClass::Bad
}

/// How a scanner or printer state is shown: green, amber or red.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StateClass {
    Good,
    Warn,
    Bad,
}

/// Green for working states, red for gone or broken ones, amber for everything that needs a
/// hand but not a technician (`no_media`, `head_open`, `paused`, `reconnecting`, ...).
pub(crate) fn state_class(state: &str) -> StateClass {
    match state {
        "ready" | "ok" | "online" | "connected" | "idle" | "printing" => StateClass::Good,
        "lost" | "offline" | "error" | "fault" | "failed" | "disconnected" => StateClass::Bad,
        _ => StateClass::Warn,
    }
}

/// `[status]`: the read-only status page and metrics.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct StatusConfig {
    /// Serve the status page. Default: true.
    pub enabled: bool,
    /// Address and port to listen on. Default: `127.0.0.1:8080` (this computer only). Any
    /// other address, such as `0.0.0.0:8080`, needs `token`.
    pub bind: String,
    /// Shared secret, at least 16 letters, digits or `-._~`. When set, every request except
    /// `/healthz` needs `Authorization: Bearer <token>` or `?token=<token>`.
    pub token: Option<String>,
    /// Seconds between automatic reloads of the HTML page; 0: no reload. Default: 2.
    pub refresh_secs: u32,
}

impl Default for StatusConfig {
    fn default() -> StatusConfig {
        StatusConfig {
            enabled: true,
            bind: "127.0.0.1:8080".into(),
            token: None,
            refresh_secs: 2,
        }
    }
}

impl StatusConfig {
    /// Every problem in the section, keyed `status.<key>`. A disabled section is not checked.
    pub fn validate(&self) -> Vec<Problem> {
        let mut problems = Vec::new();
        if !self.enabled {
            return problems;
        }
        match self.bind.parse::<SocketAddr>() {
            Err(_) => problems.push(Problem {
                key: "status.bind".into(),
                message: format!(
                    "{:?} is not an address and port: write e.g. \"127.0.0.1:8080\" or \"0.0.0.0:8080\"",
                    self.bind
                ),
            }),
            Ok(addr) if !addr.ip().is_loopback() && self.token.is_none() => {
                problems.push(Problem {
                    key: "status.bind".into(),
                    message: format!(
                        "{} is not loopback: set status.token (at least {MIN_TOKEN_LEN} characters) so only people with the token can read the station's status, or bind 127.0.0.1",
                        self.bind
                    ),
                });
            }
            Ok(_) => {}
        }
        if let Some(token) = &self.token {
            if token.len() < MIN_TOKEN_LEN {
                problems.push(Problem {
                    key: "status.token".into(),
                    message: format!(
                        "is {} characters: use at least {MIN_TOKEN_LEN}, e.g. from `openssl rand -hex 16`",
                        token.len()
                    ),
                });
            }
            if !token.bytes().all(is_token_byte) {
                problems.push(Problem {
                    key: "status.token".into(),
                    message: "may hold only letters, digits and - . _ ~ (so it fits a URL and a header unchanged), e.g. from `openssl rand -hex 16`".into(),
                });
            }
        }
        if self.refresh_secs > 3600 {
            problems.push(Problem {
                key: "status.refresh_secs".into(),
                message: format!(
                    "{} s is more than an hour: use 1 to 3600, or 0 for no automatic reload",
                    self.refresh_secs
                ),
            });
        }
        problems
    }
}

/// URL "unreserved" characters (RFC 3986 section 2.3): they need no percent-encoding.
fn is_token_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~')
}

/// Why the status server could not start.
#[derive(Debug, Error)]
pub enum StatusError {
    #[error("[status] is not usable:\n{}", .0.iter().map(|problem| format!("  - {problem}")).collect::<Vec<_>>().join("\n"))]
    Invalid(Vec<Problem>),
    #[error("cannot listen on {bind} for the status page: {detail} (is another program using the port? change status.bind)")]
    Bind { bind: String, detail: String },
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(toml_text: &str) -> Vec<String> {
        let config: StatusConfig = match toml::from_str(toml_text) {
            Ok(config) => config,
            Err(err) => return vec![format!("syntax: {err}")],
        };
        config.validate().iter().map(ToString::to_string).collect()
    }

    fn check(toml_text: &str, expected: &[&str]) {
        let found = problems(toml_text);
        assert_eq!(found.len(), expected.len(), "{toml_text}: {found:#?}");
        for (found, expected) in found.iter().zip(expected) {
            assert!(
                found.contains(expected),
                "{toml_text}: {found:?} should contain {expected:?}"
            );
        }
    }

    #[test]
    fn config_checks() {
        check("", &[]);
        check(r#"bind = "[::1]:9000""#, &[]);
        check(
            r#"bind = "localhost:8080""#,
            &["status.bind: \"localhost:8080\" is not an address"],
        );
        check(
            r#"bind = "0.0.0.0:8080""#,
            &["status.bind: 0.0.0.0:8080 is not loopback: set status.token"],
        );
        check(
            r#"bind = "0.0.0.0:8080"
token = "0123456789abcdef""#,
            &[],
        );
        check(r#"token = "short""#, &["status.token: is 5 characters"]);
        check(
            r#"token = "0123456789 abcdef/""#,
            &["status.token: may hold only"],
        );
        check("refresh_secs = 7200", &["status.refresh_secs: 7200 s"]);
        check(
            r#"enabled = false
bind = "nonsense""#,
            &[],
        );
        check("colour = \"red\"", &["unknown field `colour`"]);
    }

    fn scan(hri: &str) -> RecentScan {
        RecentScan {
            at: DateTime::UNIX_EPOCH,
            device: "dock1".into(),
            workflow: "receiving".into(),
            level: String::new(),
            hri: hri.into(),
            reasons: Vec::new(),
            latency_us: 0,
        }
    }

    #[test]
    fn recent_scans_keep_the_newest_twenty_and_agree_with_the_counters() {
        let mut status = Status::new(StatusBoard::new("dock1", "", DateTime::UNIX_EPOCH));
        for n in 0..25 {
            status.record_scan(
                scan(&format!("scan {n}")),
                Level::Warn,
                Duration::from_micros(1500),
            );
        }
        assert_eq!(status.board.recent.len(), RECENT_SCANS);
        assert_eq!(status.board.recent[0].hri, "scan 24");
        assert_eq!(status.board.recent[19].hri, "scan 5");
        assert_eq!(status.board.recent[0].level, "warn");
        assert_eq!(status.board.recent[0].latency_us, 1500);
        assert_eq!(status.metrics.scans(Level::Warn), 25);
    }

    #[test]
    fn scanners_and_printers_are_replaced_by_id() {
        let mut status = Status::new(StatusBoard::new("dock1", "", DateTime::UNIX_EPOCH));
        let scanner = |state: &str| DeviceStatus {
            id: "dock1".into(),
            kind: "serial".into(),
            workflow: "receiving".into(),
            state: state.into(),
            message: None,
            last_seen: None,
        };
        status.set_scanner(scanner("ready"));
        status.set_scanner(scanner("lost"));
        assert_eq!(status.board.scanners, vec![scanner("lost")]);
        let printer = |queued| PrinterStatus {
            name: "zebra".into(),
            transport: "tcp".into(),
            state: "ready".into(),
            message: None,
            queued,
        };
        status.set_printer(printer(1));
        status.set_printer(printer(3));
        assert_eq!(status.board.printers, vec![printer(3)]);
    }
}
