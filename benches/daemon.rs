//! Daemon benchmark (issue 7), run with `cargo bench --bench daemon`: the real
//! `scanstation run --json` binary with a serial scanner on a pseudo-terminal and a station
//! database caching `SCANSTATION_BENCH_SERIALS` serials (default 10 M) plus the demo data.
//!
//! 1. Start-up (target < 300 ms): from spawning the process to its "device connected" event,
//!    and the daemon's own "started in N ms" log line; [`STARTS`] starts with the database in
//!    the page cache, and [`COLD_STARTS`] after evicting the database file from it (as after a
//!    reboot; the binary stays cached), median and max.
//! 2. Scan written to the PTY → verdict line on stdout (target p99 < 5 ms): one scan at a
//!    time, a mix of fresh cached serials, unknown serials, duplicates, recalled lots and
//!    malformed data; each verdict is checked against the one the mix expects. Two series:
//!    with the whole database in the page cache, then after evicting it (the daemon's own
//!    SQLite cache stays warm, but most leaf pages of a random serial come from the disk, as
//!    on a station whose memory cannot hold the database). The figure includes the journal
//!    commit (WAL, `synchronous=FULL`), so a bare small write + `fdatasync` and a bare fsync'd
//!    single-row SQLite insert in the same directory are measured between the scans as
//!    context; so is the daemon's own `process_scan` time (`latency_us` in its log).
//! 3. Idle RSS (target < 30 MB): `VmRSS`/`VmHWM` from `/proc/<pid>/status` after 2 s idle, both
//!    after start-up and after the scans.
//!
//! A plain `harness = false` program: percentiles need every sample. The database is built
//! once per size with the store's CSV import (`common::cached_station_db`, about 6 s per
//! million serials) under `target/tmp/daemon-bench/` and kept pristine; every run copies it,
//! so reruns are fast and see the same data. Results are printed and written to
//! `target/bench-daemon.json`. `SCANSTATION_BENCH_SCANS` sets the number of measured scans
//! per series (default 2 000); `SCANSTATION_BENCH_WORK_DIR` puts the working copy (and the
//! fsync baselines) on another file system, e.g. `/dev/shm` to see the daemon without the
//! disk. The working copy is removed at the end.

mod common;

use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use chrono::Utc;
use common::{
    cached_station_db, count_label, file_size, gtin, is_recalled, lot_code, ms, percentile,
    remove_database, serial_code, serial_place, FsyncBaseline,
};
use crossbeam_channel::{Receiver, RecvTimeoutError};
use scanstation::daemon::seed_demo_database;
use serde_json::{json, Value};
use serialport::{SerialPort, TTYPort};

const STATION_ID: &str = "BENCH";
/// Daemon starts measured for the start-up time (the last one also takes the scans).
const STARTS: usize = 10;
/// Daemon starts with the database evicted from the page cache first.
const COLD_STARTS: usize = 5;
/// Scans before the measured ones (page cache, prepared statements, allocator).
const WARM_UP: usize = 100;
const IDLE_WAIT: Duration = Duration::from_secs(2);
const ANSWER_TIMEOUT: Duration = Duration::from_secs(10);
const START_TIMEOUT: Duration = Duration::from_secs(30);

fn env_count(name: &str, default: u64) -> u64 {
    match std::env::var(name) {
        Ok(text) => text
            .replace('_', "")
            .parse()
            .unwrap_or_else(|_| panic!("{name}={text:?} is not a whole number")),
        Err(_) => default,
    }
}

/// One started `scanstation run`, with its stdout lines timestamped as they are read.
struct RunningDaemon {
    child: Child,
    spawned_at: Instant,
    stdout_lines: Receiver<(Instant, String)>,
    stderr_lines: Receiver<String>,
    pty_master: TTYPort,
    _pty_slave: TTYPort,
}

impl RunningDaemon {
    fn start(exe: &Path, dir: &Path, db: &Path) -> RunningDaemon {
        let (pty_master, pty_slave) = TTYPort::pair().expect("opening a pseudo-terminal pair");
        let config = dir.join("station.toml");
        std::fs::write(
            &config,
            format!(
                "[station]\nid = \"{STATION_ID}\"\n[store]\npath = {db:?}\nstandalone_serial_pattern = \"{{station}}-{{seq:5}}\"\n[[scanner]]\nid = \"pty1\"\nkind = \"serial\"\npath = {:?}\nterminator = \"cr\"\ndebounce_ms = 0\nworkflow = \"receiving\"\n",
                pty_slave.name().expect("the pseudo-terminal has a name")
            ),
        )
        .expect("writing the configuration");
        let spawned_at = Instant::now();
        let mut child = Command::new(exe)
            .args(["run", "--json", "--config"])
            .arg(&config)
            // The production default level: one log line per scan is part of the work.
            .env("RUST_LOG", "info")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|err| panic!("starting {}: {err}", exe.display()));
        let stdout = child.stdout.take().expect("piped stdout");
        let (stdout_tx, stdout_lines) = crossbeam_channel::unbounded();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            let mut line = String::new();
            while matches!(reader.read_line(&mut line), Ok(count) if count > 0) {
                let read_at = Instant::now();
                if stdout_tx
                    .send((read_at, std::mem::take(&mut line)))
                    .is_err()
                {
                    break;
                }
            }
        });
        let stderr = child.stderr.take().expect("piped stderr");
        let (stderr_tx, stderr_lines) = crossbeam_channel::unbounded();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                if stderr_tx.send(line).is_err() {
                    break;
                }
            }
        });
        RunningDaemon {
            child,
            spawned_at,
            stdout_lines,
            stderr_lines,
            pty_master,
            _pty_slave: pty_slave,
        }
    }

    fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The next stdout line matching `wanted`, with the time it was read.
    fn next_where(
        &mut self,
        timeout: Duration,
        wanted: impl Fn(&Value) -> bool,
    ) -> (Instant, Value) {
        let deadline = Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.stdout_lines.recv_timeout(left) {
                Ok((read_at, line)) => {
                    let value: Value = serde_json::from_str(&line).unwrap_or_else(|err| {
                        panic!("the daemon printed non-JSON ({err}): {line}")
                    });
                    if wanted(&value) {
                        return (read_at, value);
                    }
                }
                Err(RecvTimeoutError::Timeout) => self.fail(&format!(
                    "the daemon printed nothing expected within {} s",
                    timeout.as_secs()
                )),
                Err(RecvTimeoutError::Disconnected) => self.fail("the daemon closed its stdout"),
            }
        }
    }

    fn fail(&mut self, message: &str) -> ! {
        let _ = self.child.kill();
        let status = self.child.wait();
        let log: Vec<String> = self.stderr_lines.try_iter().collect();
        let tail = &log[log.len().saturating_sub(30)..];
        panic!(
            "{message} (exit: {status:?}); last log lines:\n{}",
            tail.join("\n")
        );
    }

    /// Waits for the scanner's "connected" event: the daemon is ready for scans.
    fn wait_connected(&mut self) -> Duration {
        let (read_at, _) = self.next_where(START_TIMEOUT, |value| {
            value["event"] == "device" && value["state"] == "connected"
        });
        read_at - self.spawned_at
    }

    /// Writes one scan with the scanner's CR terminator and waits for its verdict.
    fn scan(&mut self, data: &str) -> (Duration, Value) {
        let framed = format!("{data}\r");
        let written_at = Instant::now();
        self.pty_master
            .write_all(framed.as_bytes())
            .and_then(|()| self.pty_master.flush())
            .expect("writing to the pseudo-terminal");
        let (read_at, verdict) =
            self.next_where(ANSWER_TIMEOUT, |value| value.get("verdict").is_some());
        (read_at - written_at, verdict)
    }

    /// SIGTERM, then waits for a clean exit. Returns the log lines not read yet.
    fn stop(mut self) -> Vec<String> {
        // SAFETY: kill(2) with the pid of our own child, which has not been waited for.
        let status = unsafe { libc::kill(self.pid() as libc::pid_t, libc::SIGTERM) };
        assert_eq!(status, 0, "sending SIGTERM to the daemon");
        let deadline = Instant::now() + START_TIMEOUT;
        loop {
            match self.child.try_wait().expect("waiting for the daemon") {
                Some(exit) if exit.success() => break,
                Some(exit) => self.fail(&format!("the daemon exited with {exit} on SIGTERM")),
                None if Instant::now() > deadline => {
                    self.fail("the daemon did not stop within 30 s of SIGTERM")
                }
                None => std::thread::sleep(Duration::from_millis(10)),
            }
        }
        // The reader thread ends at end of file; collect what it has.
        let mut log = Vec::new();
        while let Ok(line) = self.stderr_lines.recv_timeout(Duration::from_secs(2)) {
            log.push(line);
        }
        log
    }
}

/// Evicts a database (and its WAL) from the page cache: written back first, then dropped
/// with `posix_fadvise(POSIX_FADV_DONTNEED)`, which touches only this file's pages.
fn evict_from_page_cache(db: &Path) {
    use std::os::fd::AsRawFd;
    for suffix in ["", "-wal"] {
        let Ok(file) = std::fs::File::open(format!("{}{suffix}", db.display())) else {
            continue;
        };
        file.sync_all()
            .expect("flushing the database before evicting it");
        // SAFETY: advice on a descriptor we own for the duration of the call.
        let status =
            unsafe { libc::posix_fadvise(file.as_raw_fd(), 0, 0, libc::POSIX_FADV_DONTNEED) };
        assert_eq!(status, 0, "posix_fadvise(DONTNEED) on {}", db.display());
    }
}

/// Median and max of start-up samples.
fn median_max(samples: &[Duration]) -> (Duration, Duration) {
    let mut sorted = samples.to_vec();
    sorted.sort();
    (
        percentile(&sorted, 0.5),
        sorted.last().copied().unwrap_or_default(),
    )
}

/// `VmRSS`, `VmHWM`, `RssAnon` and `RssFile` of a process, in kB.
fn memory_kb(pid: u32) -> BTreeMap<&'static str, u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_else(|err| panic!("reading /proc/{pid}/status: {err}"));
    let mut fields = BTreeMap::new();
    for key in ["VmRSS", "VmHWM", "RssAnon", "RssFile"] {
        let value = status
            .lines()
            .find_map(|line| line.strip_prefix(key)?.strip_prefix(':'))
            .and_then(|rest| rest.split_whitespace().next()?.parse().ok())
            .unwrap_or_else(|| panic!("/proc/{pid}/status has no {key}"));
        fields.insert(key, value);
    }
    fields
}

/// The 1-minute load average: other work on the machine shows in the latency.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|text| text.split_whitespace().next().map(str::to_owned))
        .unwrap_or_default()
}

/// This process's nice value (the daemon inherits it).
fn niceness() -> i32 {
    // SAFETY: getpriority(2) on our own process has no preconditions.
    unsafe { libc::getpriority(libc::PRIO_PROCESS, 0) }
}

fn mib(kb: u64) -> f64 {
    kb as f64 / 1024.0
}

/// The number after `key=` in a log line (`env_logger`'s key-value fields).
fn log_field(line: &str, key: &str) -> Option<u64> {
    let start = line.find(&format!(" {key}="))? + key.len() + 2;
    let digits: String = line[start..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

/// "started in N ms" from the daemon's start-up log line.
fn started_in_ms(log: &[String]) -> Option<u64> {
    log.iter().find_map(|line| {
        let rest = &line[line.find(" started in ")? + " started in ".len()..];
        rest.split_whitespace().next()?.parse().ok()
    })
}

/// What one scan of the mix is and the verdict it must get.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    /// A cached, in-stock serial of a released lot, not received yet.
    Fresh,
    /// A known product and lot, a serial the cache does not hold.
    UnknownSerial,
    /// A serial this run has already received.
    Duplicate,
    /// A cached serial of a recalled lot, or the demo's recalled yoghurt lot.
    RecalledLot,
    /// A wrong GTIN check digit or an impossible date.
    Malformed,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Fresh => "fresh serial",
            Kind::UnknownSerial => "unknown serial",
            Kind::Duplicate => "duplicate",
            Kind::RecalledLot => "recalled lot",
            Kind::Malformed => "malformed",
        }
    }

    /// The verdict and the reason code it must carry.
    fn expected(self) -> (&'static str, Option<&'static str>) {
        match self {
            Kind::Fresh => ("accept", None),
            Kind::UnknownSerial => ("warn", Some("unknown_serial")),
            Kind::Duplicate => ("reject", Some("already_received")),
            Kind::RecalledLot => ("reject", Some("recalled")),
            Kind::Malformed => ("reject", Some("malformed")),
        }
    }
}

/// Makes the scans: 70 % fresh, 10 % unknown serial, 8 % duplicate, 7 % recalled lot, 5 %
/// malformed, from a seeded 64-bit LCG (Knuth's MMIX constants). Every run works on a fresh
/// copy of the database, so the same sequence gets the same verdicts.
struct ScanMix {
    state: u64,
    serials: u64,
    received: Vec<String>,
    used: std::collections::HashSet<u64>,
}

impl ScanMix {
    fn new(serials: u64) -> ScanMix {
        ScanMix {
            state: 0x5eed_1234_abcd_0042,
            serials,
            received: Vec::new(),
            used: std::collections::HashSet::new(),
        }
    }

    fn next(&mut self, bound: u64) -> u64 {
        self.state = self
            .state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.state >> 33) % bound
    }

    fn element_string(serial_idx: u64) -> String {
        let (product, lot, index) = serial_place(serial_idx);
        format!(
            "]d201{}1728063010{}\u{1d}21{}",
            gtin(product),
            lot_code(lot),
            serial_code(lot, index)
        )
    }

    /// A cached serial not scanned yet whose lot is (or is not) recalled.
    fn cached_serial(&mut self, recalled: bool) -> u64 {
        loop {
            let serial_idx = self.next(self.serials);
            let (_, lot, _) = serial_place(serial_idx);
            if is_recalled(lot) == recalled && self.used.insert(serial_idx) {
                return serial_idx;
            }
        }
    }

    fn scan(&mut self) -> (Kind, String) {
        let roll = self.next(100);
        match roll {
            80..=87 if !self.received.is_empty() => {
                let pick = self.next(self.received.len() as u64) as usize;
                (Kind::Duplicate, self.received[pick].clone())
            }
            70..=79 => {
                let (product, lot, _) = serial_place(self.next(self.serials));
                let lot = if is_recalled(lot) { lot - 1 } else { lot };
                let data = format!(
                    "]d201{}1728063010{}\u{1d}21X{:07}",
                    gtin(product),
                    lot_code(lot),
                    self.next(10_000_000)
                );
                (Kind::UnknownSerial, data)
            }
            88..=94 if roll % 2 == 0 => {
                let serial_idx = self.cached_serial(true);
                (Kind::RecalledLot, Self::element_string(serial_idx))
            }
            // The demo's Y2610B (Listeria recall), a lot-tracked product: GTIN, expiry, lot.
            88..=94 => (
                Kind::RecalledLot,
                "]d2010950600013436917270430\u{1d}10Y2610B".to_owned(),
            ),
            // The demo drill's GTIN with its check digit off by one.
            95..=97 => (Kind::Malformed, "]d20109506000134353".to_owned()),
            // A cached serial with 31 June as its expiry date.
            98..=99 => {
                let serial_idx = self.cached_serial(false);
                let (product, lot, index) = serial_place(serial_idx);
                let data = format!(
                    "]d201{}1728063110{}\u{1d}21{}",
                    gtin(product),
                    lot_code(lot),
                    serial_code(lot, index)
                );
                (Kind::Malformed, data)
            }
            _ => {
                let data = Self::element_string(self.cached_serial(false));
                self.received.push(data.clone());
                (Kind::Fresh, data)
            }
        }
    }
}

fn reason_codes(verdict: &Value) -> Vec<String> {
    verdict["reasons"]
        .as_array()
        .map(|reasons| {
            reasons
                .iter()
                .filter_map(|reason| reason["code"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

struct Stats {
    p50: Duration,
    p90: Duration,
    p99: Duration,
    max: Duration,
}

impl Stats {
    fn of(samples: &mut [Duration]) -> Stats {
        samples.sort();
        Stats {
            p50: percentile(samples, 0.50),
            p90: percentile(samples, 0.90),
            p99: percentile(samples, 0.99),
            max: samples.last().copied().unwrap_or_default(),
        }
    }

    fn json(&self) -> Value {
        json!({"p50_ms": ms(self.p50), "p90_ms": ms(self.p90), "p99_ms": ms(self.p99), "max_ms": ms(self.max)})
    }

    fn row(&self, what: &str, target: &str) -> String {
        format!(
            "| {what:<44} | {:>8.3} | {:>8.3} | {:>8.3} | {:>8.3} | {target:<10} |",
            ms(self.p50),
            ms(self.p90),
            ms(self.p99),
            ms(self.max)
        )
    }
}

/// Copies the pristine cached database to `work.db` and flushes the copy, so that the run
/// does not start with hundreds of MB of dirty pages for the journal's fsyncs to wait on.
fn fresh_work_copy(dir: &Path, pristine: &Path) -> PathBuf {
    let work = dir.join("work.db");
    remove_database(&work);
    std::fs::copy(pristine, &work).expect("copying the cached database");
    std::fs::File::open(&work)
        .and_then(|file| file.sync_all())
        .expect("flushing the copy");
    work
}

/// The samples of one series of scans.
#[derive(Default)]
struct Phase {
    end_to_end: Vec<Duration>,
    by_kind: BTreeMap<Kind, Vec<Duration>>,
    fdatasync: Vec<Duration>,
    sqlite_insert: Vec<Duration>,
    /// Journal seq → end-to-end latency, to pair with the daemon's logged `process_scan` time.
    latency_by_seq: HashMap<u64, Duration>,
    verdicts: BTreeMap<String, u64>,
    seconds: f64,
    load_before: String,
    load_after: String,
}

/// Scans `warm_up + count` scans of the mix one at a time, checking every verdict; measures
/// the fsync baselines between them. Keeps the samples of the last `count`.
fn run_phase(
    daemon: &mut RunningDaemon,
    mix: &mut ScanMix,
    baseline: &mut FsyncBaseline,
    warm_up: usize,
    count: usize,
) -> Phase {
    let mut phase = Phase {
        load_before: load_average(),
        ..Phase::default()
    };
    let mut mismatches = Vec::new();
    let started = Instant::now();
    for round in 0..warm_up + count {
        let (kind, data) = mix.scan();
        let (latency, verdict) = daemon.scan(&data);
        let (want_level, want_code) = kind.expected();
        let codes = reason_codes(&verdict);
        let level = verdict["verdict"].as_str().unwrap_or("").to_owned();
        if level != want_level || want_code.is_some_and(|code| !codes.iter().any(|c| c == code)) {
            mismatches.push(format!(
                "{} {data:?}: got {level} {codes:?}, expected {want_level} {want_code:?}",
                kind.name()
            ));
        }
        let fdatasync_time = baseline.bare_fdatasync();
        let insert_time = baseline.sqlite_insert(Utc::now(), data.as_bytes());
        if round >= warm_up {
            phase.end_to_end.push(latency);
            phase.by_kind.entry(kind).or_default().push(latency);
            phase.fdatasync.push(fdatasync_time);
            phase.sqlite_insert.push(insert_time);
            *phase.verdicts.entry(level).or_default() += 1;
            if let Some(seq) = verdict["seq"].as_u64() {
                phase.latency_by_seq.insert(seq, latency);
            }
        }
    }
    phase.seconds = started.elapsed().as_secs_f64();
    phase.load_after = load_average();
    assert!(
        mismatches.is_empty(),
        "{} scan(s) got another verdict than the mix expects, e.g.:\n{}",
        mismatches.len(),
        mismatches[..mismatches.len().min(10)].join("\n")
    );
    phase
}

/// A phase's percentiles, with the daemon's own `process_scan` time taken from its log.
struct PhaseStats {
    end_to_end: Stats,
    by_kind: Vec<(Kind, usize, Stats)>,
    in_daemon: Stats,
    in_daemon_count: usize,
    outside: Stats,
    fdatasync: Stats,
    sqlite_insert: Stats,
}

impl PhaseStats {
    fn of(phase: &mut Phase, log: &[String]) -> PhaseStats {
        let mut in_daemon = Vec::new();
        let mut outside = Vec::new();
        for line in log {
            if let (Some(seq), Some(micros)) =
                (log_field(line, "seq"), log_field(line, "latency_us"))
            {
                if let Some(total) = phase.latency_by_seq.get(&seq) {
                    let inside = Duration::from_micros(micros);
                    in_daemon.push(inside);
                    outside.push(total.saturating_sub(inside));
                }
            }
        }
        PhaseStats {
            end_to_end: Stats::of(&mut phase.end_to_end),
            by_kind: phase
                .by_kind
                .iter_mut()
                .map(|(kind, samples)| (*kind, samples.len(), Stats::of(samples)))
                .collect(),
            in_daemon: Stats::of(&mut in_daemon),
            in_daemon_count: in_daemon.len(),
            outside: Stats::of(&mut outside),
            fdatasync: Stats::of(&mut phase.fdatasync),
            sqlite_insert: Stats::of(&mut phase.sqlite_insert),
        }
    }

    fn print(&self, title: &str, target: &str) {
        println!("{}", self.end_to_end.row(title, target));
        for (kind, count, stats) in &self.by_kind {
            println!("{}", stats.row(&format!("  {} ({count})", kind.name()), ""));
        }
        println!(
            "{}",
            self.in_daemon.row(
                &format!("  in-daemon process_scan ({} logged)", self.in_daemon_count),
                ""
            )
        );
        println!(
            "{}",
            self.outside
                .row("  the rest: PTY, framing, threads, log, JSON", "")
        );
        println!(
            "{}",
            self.fdatasync.row("  context: 64 B write + fdatasync", "")
        );
        println!(
            "{}",
            self.sqlite_insert
                .row("  context: fsync'd 1-row SQLite insert", "")
        );
    }

    fn json(&self, phase: &Phase) -> Value {
        json!({
            "scan_to_verdict": self.end_to_end.json(),
            "by_kind": self.by_kind
                .iter()
                .map(|(kind, count, stats)| (kind.name().to_owned(), json!({"count": count, "latency": stats.json()})))
                .collect::<serde_json::Map<_, _>>(),
            "in_daemon_process_scan": self.in_daemon.json(),
            "outside_process_scan": self.outside.json(),
            "context_fdatasync_64b": self.fdatasync.json(),
            "context_sqlite_fsync_insert": self.sqlite_insert.json(),
            "verdicts": phase.verdicts,
            "seconds": phase.seconds,
            "load_average_before": phase.load_before,
            "load_average_after": phase.load_after,
        })
    }
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` passes nothing and expects a quick run.
    if !std::env::args().any(|arg| arg == "--bench") {
        println!("daemon bench: run with `cargo bench --bench daemon`");
        return;
    }
    let serials = env_count("SCANSTATION_BENCH_SERIALS", 10_000_000);
    let scans = env_count("SCANSTATION_BENCH_SCANS", 2_000) as usize;
    assert!(
        serials >= 10_000,
        "SCANSTATION_BENCH_SERIALS must be at least 10000"
    );
    let exe = PathBuf::from(env!("CARGO_BIN_EXE_scanstation"));
    assert!(
        exe.exists(),
        "{} is missing: run `cargo build --release --bin scanstation` (or `cargo bench --bench daemon`, which builds it)",
        exe.display()
    );
    let dir = common::bench_dir("daemon-bench");
    let own_work_dir = std::env::var_os("SCANSTATION_BENCH_WORK_DIR")
        .map(|parent| PathBuf::from(parent).join("scanstation-daemon-bench"));
    let work_dir = own_work_dir.clone().unwrap_or_else(|| dir.clone());
    std::fs::create_dir_all(&work_dir)
        .unwrap_or_else(|err| panic!("creating {}: {err}", work_dir.display()));

    let prepare_started = Instant::now();
    let cached = cached_station_db(&dir, serials, STATION_ID, |store| {
        seed_demo_database(store, Utc::now()).expect("seeding the demo data");
    });
    let db_bytes = file_size(&cached.path);
    let work = fresh_work_copy(&work_dir, &cached.path);
    let prepare_seconds = prepare_started.elapsed().as_secs_f64();
    eprintln!(
        "database {} ({:.0} MB){}; copied and ready after {prepare_seconds:.1} s",
        cached.path.display(),
        db_bytes as f64 / 1e6,
        match (cached.built_now, cached.build_seconds) {
            (true, Some(seconds)) => format!(", built in {seconds:.1} s"),
            (false, Some(seconds)) => format!(", cached (built in {seconds:.1} s)"),
            _ => ", cached".to_owned(),
        }
    );

    // 1. Start-up with the database in the page cache (the copy just wrote it); the last
    // daemon stays up for the scans.
    let mut spawn_to_connected = Vec::new();
    let mut started_in = Vec::new();
    let mut daemon = None;
    for start in 0..STARTS {
        let mut running = RunningDaemon::start(&exe, &work_dir, &work);
        spawn_to_connected.push(running.wait_connected());
        if start + 1 < STARTS {
            started_in.extend(started_in_ms(&running.stop()));
        } else {
            daemon = Some(running);
        }
    }
    let mut daemon = daemon.expect("the last daemon started");
    std::thread::sleep(IDLE_WAIT);
    let memory_after_start = memory_kb(daemon.pid());

    // 2. Latency, first with the whole database in the page cache, then after evicting it:
    // the daemon's SQLite cache keeps the B-tree's upper pages, but most leaves of a random
    // serial come from the disk, as on a station whose memory cannot hold the database.
    let mut baseline = FsyncBaseline::open(&work_dir);
    let mut mix = ScanMix::new(serials);
    let mut warm = run_phase(&mut daemon, &mut mix, &mut baseline, WARM_UP, scans);
    evict_from_page_cache(&work);
    let mut cold = run_phase(&mut daemon, &mut mix, &mut baseline, 0, scans);

    // 3. Idle memory after the scans.
    std::thread::sleep(IDLE_WAIT);
    let memory_after_scans = memory_kb(daemon.pid());
    let log = daemon.stop();
    started_in.extend(started_in_ms(&log));
    let warm_stats = PhaseStats::of(&mut warm, &log);
    let cold_stats = PhaseStats::of(&mut cold, &log);

    // 4. Start-up after evicting the database from the page cache before each start.
    let mut cold_spawn_to_connected = Vec::new();
    let mut cold_started_in = Vec::new();
    for _ in 0..COLD_STARTS {
        evict_from_page_cache(&work);
        let mut running = RunningDaemon::start(&exe, &work_dir, &work);
        cold_spawn_to_connected.push(running.wait_connected());
        cold_started_in.extend(started_in_ms(&running.stop()));
    }

    drop(baseline);
    remove_database(&work);
    if let Some(own_work_dir) = &own_work_dir {
        let _ = std::fs::remove_dir_all(own_work_dir);
    }

    // Report.
    let (startup_median, startup_max) = median_max(&spawn_to_connected);
    let (cold_startup_median, cold_startup_max) = median_max(&cold_spawn_to_connected);
    cold_started_in.sort();
    started_in.sort();
    let started_in_median = started_in.get(started_in.len() / 2).copied();
    let started_in_max = started_in.last().copied();

    println!();
    println!(
        "daemon bench: {} serials cached, database {:.0} MB (working copy in {}); {scans} scans per series, one at a time",
        count_label(serials),
        db_bytes as f64 / 1e6,
        work_dir.display()
    );
    println!(
        "| {:<44} | {:>8} | {:>8} | {:>8} | {:>8} | {:<10} |",
        "scan on PTY -> verdict on stdout (ms)", "p50", "p90", "p99", "max", "target"
    );
    println!(
        "|{:-<46}|{:-<10}|{:-<10}|{:-<10}|{:-<10}|{:-<12}|",
        "", "", "", "", "", ""
    );
    warm_stats.print(
        &format!("database in page cache ({WARM_UP} warm-up)"),
        "p99 < 5",
    );
    cold_stats.print("database evicted from page cache first", "p99 < 5");
    println!(
        "start-up, spawn -> scanner connected ({STARTS} starts): median {:.1} ms, max {:.1} ms (target < 300 ms); daemon's own \"started in\": median {} ms, max {} ms",
        ms(startup_median),
        ms(startup_max),
        started_in_median.map_or("?".to_owned(), |value| value.to_string()),
        started_in_max.map_or("?".to_owned(), |value| value.to_string()),
    );
    println!(
        "start-up with the database evicted from the page cache ({COLD_STARTS} starts): median {:.1} ms, max {:.1} ms; \"started in\": {cold_started_in:?} ms",
        ms(cold_startup_median),
        ms(cold_startup_max),
    );
    for (when, memory) in [
        ("after start-up", &memory_after_start),
        ("after the scans", &memory_after_scans),
    ] {
        println!(
            "idle RSS {when}: VmRSS {:.1} MiB = {:.1} MB (anon {:.1} MiB, file {:.1} MiB), VmHWM {:.1} MiB (target < 30 MB)",
            mib(memory["VmRSS"]),
            memory["VmRSS"] as f64 * 1024.0 / 1e6,
            mib(memory["RssAnon"]),
            mib(memory["RssFile"]),
            mib(memory["VmHWM"])
        );
    }
    println!(
        "verdicts per series: {:?}; machine: {} CPU(s), load average {} -> {}, bench and daemon at nice {}",
        warm.verdicts,
        std::thread::available_parallelism().map_or(0, usize::from),
        warm.load_before,
        cold.load_after,
        niceness()
    );

    let results = json!({
        "serials_cached": serials,
        "db_bytes": db_bytes,
        "db_build_s": cached.build_seconds,
        "db_built_this_run": cached.built_now,
        "prepare_s": prepare_seconds,
        "starts": STARTS,
        "startup_spawn_to_connected_ms": {
            "median": ms(startup_median),
            "max": ms(startup_max),
            "samples": spawn_to_connected.iter().map(|sample| ms(*sample)).collect::<Vec<_>>(),
        },
        "startup_logged_started_in_ms": {"median": started_in_median, "max": started_in_max, "samples": started_in},
        "cold_starts": COLD_STARTS,
        "cold_startup_spawn_to_connected_ms": {
            "median": ms(cold_startup_median),
            "max": ms(cold_startup_max),
            "samples": cold_spawn_to_connected.iter().map(|sample| ms(*sample)).collect::<Vec<_>>(),
        },
        "cold_startup_logged_started_in_ms": cold_started_in,
        "scans_per_series": scans,
        "warm_up_scans": WARM_UP,
        "page_cache_warm": warm_stats.json(&warm),
        "page_cache_evicted": cold_stats.json(&cold),
        "work_dir": work_dir.display().to_string(),
        "nice": niceness(),
        "idle_memory_kb_after_start": memory_after_start,
        "idle_memory_kb_after_scans": memory_after_scans,
    });
    let out = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .map_or_else(|| dir.clone(), Path::to_path_buf)
        .join("bench-daemon.json");
    std::fs::write(&out, format!("{results:#}\n")).expect("writing the results");
    println!("results written to {}", out.display());
}
