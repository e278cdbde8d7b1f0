//! Fixtures: an in-process head office on 127.0.0.1 (on SQLite or PostgreSQL), a
//! fault-injecting TCP proxy in front of it, station databases with a journal backlog, and the
//! exactly-once check every test ends with.
//!
//! A scenario that should hold on every storage is a `pub fn NAME(backend: Backend)`; the
//! module runs it on SQLite with [`backend_tests!`], `postgres.rs` runs it on PostgreSQL.

use std::collections::VecDeque;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use scanstation::hq::server::{start, RunningHq};
use scanstation::hq::{open_storage, HqConfig, HqStorage, StationEntry};
use scanstation::store::sync_state;
use scanstation::store::{EventKind, JournalEntry, OpenOptions, Store};
use scanstation::sync::SyncConfig;

use super::pg_cluster::PgSchema;

pub const STATION: &str = "S1";
pub const TOKEN: &str = "token-of-s1";
pub const GTIN: &str = "09506000134352";

pub fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap()
        .with_timezone(&Utc)
}

pub fn now() -> DateTime<Utc> {
    at("2026-03-01T06:00:00Z")
}

/// Declares one `#[test]` per scenario `module::name`, calling `module::name(backend)`.
macro_rules! backend_tests {
    ($backend:expr; $($module:ident :: $scenario:ident),+ $(,)?) => {
        $(
            #[test]
            fn $scenario() {
                crate::$module::$scenario($backend);
            }
        )+
    };
}

/// The storage a head office runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// A temporary SQLite file.
    Sqlite,
    /// A schema of its own in the tests' throwaway PostgreSQL cluster.
    #[cfg_attr(not(feature = "postgres"), allow(dead_code))]
    Postgres,
}

/// A head office on temporary storage.
pub struct Hq {
    pub dir: tempfile::TempDir,
    pub running: Option<RunningHq>,
    pub postgres: Option<PgSchema>,
}

impl Hq {
    /// The SQLite file (on SQLite).
    pub fn db_path(&self) -> PathBuf {
        self.dir.path().join("hq.db")
    }

    pub fn config(&self, listen: &str) -> HqConfig {
        let mut config = HqConfig {
            listen: listen.into(),
            threads: 2,
            ..HqConfig::default()
        };
        match &self.postgres {
            None => config.database = Some(self.db_path()),
            Some(postgres) => {
                config.database_url = Some(postgres.url());
                config.database_schema = Some(postgres.schema());
            }
        }
        config.stations.insert(
            STATION.into(),
            StationEntry {
                token: Some(TOKEN.into()),
                token_sha256: None,
            },
        );
        config
    }

    /// A head office on SQLite.
    pub fn start() -> Hq {
        Hq::start_on(Backend::Sqlite)
    }

    pub fn start_on(backend: Backend) -> Hq {
        let dir = tempfile::tempdir().unwrap();
        let postgres = match backend {
            Backend::Sqlite => None,
            #[cfg(feature = "postgres")]
            Backend::Postgres => Some(PgSchema::new()),
            #[cfg(not(feature = "postgres"))]
            Backend::Postgres => panic!("this test build has no postgres feature"),
        };
        let mut hq = Hq {
            dir,
            running: None,
            postgres,
        };
        hq.restart();
        hq
    }

    pub fn restart(&mut self) {
        self.running.take();
        let config = self.config("127.0.0.1:0");
        self.running = Some(start(&config, self.storage()).unwrap());
    }

    /// Runs SQL behind the storage's back (a broken head office, a restore from a backup);
    /// written in the SQL both storages speak.
    pub fn execute_sql(&self, sql: &str) {
        match &self.postgres {
            None => rusqlite::Connection::open(self.db_path())
                .unwrap()
                .execute_batch(sql)
                .unwrap(),
            Some(postgres) => postgres.execute(sql),
        }
    }

    pub fn addr(&self) -> SocketAddr {
        self.running.as_ref().unwrap().addr()
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr())
    }

    /// Another handle on the same storage (admin commands, checks).
    pub fn storage(&self) -> Box<dyn HqStorage> {
        open_storage(&self.config("127.0.0.1:0")).unwrap()
    }
}

pub fn sync_config(url: &str) -> SyncConfig {
    SyncConfig {
        url: Some(url.into()),
        token: Some(TOKEN.into()),
        timeout_ms: 2000,
        push_batch: 50,
        ..SyncConfig::default()
    }
}

/// A station database with `events` scan rows in its journal.
pub fn station_with_backlog(dir: &Path, events: usize) -> Store {
    let path = dir.join("station.db");
    let options = OpenOptions {
        station_id: Some(STATION.into()),
        ..OpenOptions::default()
    };
    let mut store = Store::open(&path, &options).unwrap();
    append_scans(&mut store, events);
    store
}

pub fn append_scans(store: &mut Store, events: usize) {
    store
        .transaction(|tx| {
            for index in 0..events {
                let mut entry = JournalEntry::new(
                    EventKind::Scan,
                    now() + chrono::Duration::milliseconds(index as i64),
                );
                entry.device = Some("dock1".into());
                entry.workflow = Some("receiving".into());
                entry.raw = Some(format!("]d2010950600013435210L{index}").into_bytes());
                entry.verdict = Some("accept".into());
                entry.reasons = Some("[]".into());
                entry.gtin = Some(GTIN.into());
                entry.lot = Some(format!("L{index}"));
                tx.append(&entry)?;
            }
            Ok(())
        })
        .unwrap();
}

pub fn push_cursor(store: &Store) -> i64 {
    store
        .with_sync_conn("test", sync_state::push_cursor)
        .unwrap()
}

/// Every journal row of `store` is at head office exactly once, in order, accepted, and the
/// station's push cursor is `expected_cursor`.
pub fn assert_exactly_once(hq: &Hq, store: &Store, expected_cursor: i64) {
    let journal = store.journal_rows_after(0, i64::MAX).unwrap();
    let stored = hq.storage().events(STATION).unwrap();
    let pushed: Vec<_> = journal
        .iter()
        .take_while(|row| row.seq <= expected_cursor)
        .collect();
    assert_eq!(
        stored.len(),
        pushed.len(),
        "head office holds {} events, expected {}",
        stored.len(),
        pushed.len()
    );
    for (row, event) in pushed.iter().zip(&stored) {
        assert_eq!(
            (row.seq, row.event_id.as_str()),
            (event.seq, event.event_id.as_str())
        );
        assert_eq!(
            event.status, "accepted",
            "seq {} was {:?}",
            event.seq, event.reason
        );
    }
    assert_eq!(push_cursor(store), expected_cursor);
    let report = store.verify_journal().unwrap();
    assert!(report.ok, "journal chain broken: {report:?}");
}

/// What the proxy does with the next request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Forward faithfully.
    Forward,
    /// Answer 500 without asking head office.
    Status500,
    /// Forward, then hold the answer back for this long (the station times out).
    Slow(Duration),
    /// Forward, then send half of the answer and close.
    CutMidResponse,
    /// Do not forward; answer with the previous forwarded answer to an event push.
    ReplayOld,
}

/// A TCP proxy that plays a script of faults, then forwards faithfully.
pub struct Proxy {
    pub addr: SocketAddr,
    pub script: Arc<Mutex<VecDeque<Fault>>>,
    /// Connections accepted so far.
    pub requests: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Proxy {
    pub fn start(upstream: SocketAddr, faults: &[Fault]) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let addr = listener.local_addr().unwrap();
        let script = Arc::new(Mutex::new(faults.iter().copied().collect::<VecDeque<_>>()));
        let requests = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let thread = {
            let script = Arc::clone(&script);
            let requests = Arc::clone(&requests);
            let stop = Arc::clone(&stop);
            std::thread::spawn(move || {
                let last_push_answer: Arc<Mutex<Option<Vec<u8>>>> = Arc::new(Mutex::new(None));
                let started = Instant::now();
                // Bounded: a proxy never outlives a test by more than two minutes.
                while !stop.load(Ordering::SeqCst) && started.elapsed() < Duration::from_secs(120) {
                    match listener.accept() {
                        Ok((client, _)) => {
                            client.set_nonblocking(false).unwrap();
                            let fault = script.lock().unwrap().pop_front();
                            requests.fetch_add(1, Ordering::SeqCst);
                            let last = Arc::clone(&last_push_answer);
                            std::thread::spawn(move || serve(client, upstream, fault, &last));
                        }
                        Err(_) => std::thread::sleep(Duration::from_millis(5)),
                    }
                }
            })
        };
        Proxy {
            addr,
            script,
            requests,
            stop,
            thread: Some(thread),
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

fn content_length(head: &[u8]) -> usize {
    let text = String::from_utf8_lossy(head).to_ascii_lowercase();
    text.lines()
        .find_map(|line| {
            line.strip_prefix("content-length:")
                .map(|value| value.trim().parse().unwrap_or(0))
        })
        .unwrap_or(0)
}

/// Reads one HTTP message (head + Content-Length body).
fn read_message(stream: &mut TcpStream) -> Option<Vec<u8>> {
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .ok()?;
    let mut data = Vec::new();
    let mut buffer = [0u8; 65536];
    loop {
        if let Some(end) = find(&data, b"\r\n\r\n") {
            let total = end + 4 + content_length(&data[..end]);
            while data.len() < total {
                let count = stream.read(&mut buffer).ok()?;
                if count == 0 {
                    return None;
                }
                data.extend_from_slice(&buffer[..count]);
            }
            return Some(data);
        }
        let count = stream.read(&mut buffer).ok()?;
        if count == 0 {
            return None;
        }
        data.extend_from_slice(&buffer[..count]);
    }
}

/// Makes the answer close its connection, so that every request gets a fresh one.
fn with_close(answer: &[u8]) -> Vec<u8> {
    let Some(line_end) = find(answer, b"\r\n") else {
        return answer.to_vec();
    };
    let mut out = answer[..line_end + 2].to_vec();
    out.extend_from_slice(b"Connection: close\r\n");
    let rest = &answer[line_end + 2..];
    // Drop head office's own Connection header, if any.
    let text = String::from_utf8_lossy(rest);
    if let Some(head_end) = find(rest, b"\r\n\r\n") {
        let head: String = String::from_utf8_lossy(&rest[..head_end])
            .lines()
            .filter(|line| !line.to_ascii_lowercase().starts_with("connection:"))
            .map(|line| format!("{line}\r\n"))
            .collect();
        out.extend_from_slice(head.as_bytes());
        out.extend_from_slice(b"\r\n");
        out.extend_from_slice(&rest[head_end + 4..]);
        return out;
    }
    out.extend_from_slice(text.as_bytes());
    out
}

fn serve(
    mut client: TcpStream,
    upstream: SocketAddr,
    fault: Option<Fault>,
    last: &Mutex<Option<Vec<u8>>>,
) {
    let Some(request) = read_message(&mut client) else {
        return;
    };
    let is_push = request.starts_with(b"POST");
    if fault == Some(Fault::Status500) {
        let _ = client.write_all(b"HTTP/1.1 500 Internal Server Error\r\nContent-Length: 5\r\nConnection: close\r\n\r\noops!");
        return;
    }
    if fault == Some(Fault::ReplayOld) {
        if let Some(old) = last.lock().unwrap().clone() {
            let _ = client.write_all(&old);
            return;
        }
    }
    let Ok(mut server) = TcpStream::connect(upstream) else {
        return;
    };
    if server.write_all(&request).is_err() {
        return;
    }
    let Some(answer) = read_message(&mut server) else {
        return;
    };
    let answer = with_close(&answer);
    if is_push {
        *last.lock().unwrap() = Some(answer.clone());
    }
    match fault {
        Some(Fault::Slow(delay)) => {
            std::thread::sleep(delay);
            let _ = client.write_all(&answer);
        }
        Some(Fault::CutMidResponse) => {
            let _ = client.write_all(&answer[..answer.len() / 2]);
            let _ = client.flush();
        }
        _ => {
            let _ = client.write_all(&answer);
        }
    }
}

/// A port with nothing listening on it.
pub fn dead_url() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    format!("http://{addr}")
}

/// Imports a product and lots into head office.
pub fn seed_master_data(storage: &mut dyn HqStorage, lots: &[&str]) {
    use scanstation::store::sync_state::MasterRecord;
    use scanstation::sync::protocol::decode_change;
    let mut records = vec![decode_change(
        "product",
        &format!(r#"{{"gtin":"{GTIN}","name":"Tea","tracking":"lot"}}"#),
    )
    .unwrap()];
    for lot in lots {
        records.push(
            decode_change(
                "lot",
                &format!(r#"{{"gtin":"{GTIN}","lot":"{lot}","expiry_date":"2030-01-31"}}"#),
            )
            .unwrap(),
        );
    }
    let _: &[MasterRecord] = &records;
    storage.import(&records, now()).unwrap();
}
