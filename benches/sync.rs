//! Sync benchmarks (issue 8): push a backlog of journal events to a local head office (target:
//! 1 M events < 30 s) and pull + apply serials from it (target: 1 M serials < 10 s).
//!
//! A plain timing harness rather than criterion: each measurement is one multi-second run, and
//! the figure that matters is its wall time. Sizes come from `SYNC_BENCH_EVENTS` and
//! `SYNC_BENCH_SERIALS` (default 1 000 000 each). Everything runs on 127.0.0.1 and temp files.
//! Run: `cargo bench --bench sync`. With `SYNC_BENCH_DATABASE_URL` set, head office runs on that
//! PostgreSQL database instead, each run in a new schema `sync_bench_<pid>_<n>` (dropped at the
//! end of the run).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use scanstation::hq::server::start;
use scanstation::hq::{open_storage, HqConfig, StationEntry};
use scanstation::station::{ScanInput, Station, StationSettings};
use scanstation::store::sync_state::MasterRecord;
use scanstation::store::{
    EventKind, IntegrityCheck, JournalEntry, OpenOptions, SerialRecord, SerialStatus, Store,
};
use scanstation::sync::protocol::decode_change;
use scanstation::sync::{sync_once_with_progress, Progress, SyncConfig};
use scanstation::verdict::Workflow;

const GTIN: &str = "09506000134352";

fn size(name: &str) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or(1_000_000)
}

/// The schema a PostgreSQL run uses, dropped when the run ends.
#[cfg(feature = "postgres")]
struct BenchSchema {
    url: String,
    name: String,
}

/// A build without the `postgres` feature runs head office on SQLite only.
#[cfg(not(feature = "postgres"))]
enum BenchSchema {}

#[cfg(feature = "postgres")]
impl Drop for BenchSchema {
    fn drop(&mut self) {
        if let Ok(mut client) = postgres::Client::connect(&self.url, postgres::NoTls) {
            let _ = client.batch_execute(&format!("DROP SCHEMA IF EXISTS {} CASCADE", self.name));
        }
    }
}

fn head_office(
    dir: &std::path::Path,
    run: usize,
) -> (
    scanstation::hq::server::RunningHq,
    HqConfig,
    Option<BenchSchema>,
) {
    let mut config = HqConfig {
        listen: "127.0.0.1:0".into(),
        threads: 2,
        ..HqConfig::default()
    };
    #[cfg(not(feature = "postgres"))]
    let schema: Option<BenchSchema> = {
        let _ = run;
        if std::env::var_os("SYNC_BENCH_DATABASE_URL").is_some() {
            println!("SYNC_BENCH_DATABASE_URL ignored: built without the postgres feature");
        }
        config.database = Some(dir.join("hq.db"));
        None
    };
    #[cfg(feature = "postgres")]
    let schema = match std::env::var("SYNC_BENCH_DATABASE_URL") {
        Ok(url) => {
            let name = format!("sync_bench_{}_{run}", std::process::id());
            config.database_url = Some(url.clone());
            config.database_schema = Some(name.clone());
            Some(BenchSchema { url, name })
        }
        Err(_) => {
            config.database = Some(dir.join("hq.db"));
            None
        }
    };
    config.stations.insert(
        "S1".into(),
        StationEntry {
            token: Some("t".into()),
            token_sha256: None,
        },
    );
    let running = start(&config, open_storage(&config).unwrap()).unwrap();
    (running, config, schema)
}

fn station(dir: &std::path::Path) -> Store {
    let options = OpenOptions {
        station_id: Some("S1".into()),
        ..OpenOptions::default()
    };
    Store::open(&dir.join("station.db"), &options).unwrap()
}

fn sync_config(url: String) -> SyncConfig {
    let push_batch = std::env::var("SYNC_BENCH_BATCH")
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or(1000);
    SyncConfig {
        url: Some(url),
        token: Some("t".into()),
        timeout_ms: 120_000,
        push_batch,
        ..SyncConfig::default()
    }
}

fn bench_push(events: usize) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = station(dir.path());
    let started = Instant::now();
    store
        .transaction(|tx| {
            let now = Utc::now();
            for index in 0..events {
                // One scan every 50 ms: a realistic backlog (event ids are UUIDv7 from the
                // scan time, so head office's event-id index grows at its end).
                let at = now + chrono::Duration::milliseconds(50 * index as i64);
                let mut entry = JournalEntry::new(EventKind::Scan, at);
                entry.device = Some("dock1".into());
                entry.workflow = Some("receiving".into());
                entry.raw = Some(format!("]d201{GTIN}10L{}21S{index}", index % 1000).into_bytes());
                entry.verdict = Some("accept".into());
                entry.reasons = Some("[]".into());
                entry.gtin = Some(GTIN.into());
                entry.lot = Some(format!("L{}", index % 1000));
                entry.serial = Some(format!("S{index}"));
                tx.append(&entry)?;
            }
            Ok(())
        })
        .unwrap();
    println!(
        "push: journal of {events} events written in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let (running, _config, _schema) = head_office(dir.path(), 1);
    let started = Instant::now();
    let mut next_report = 200_000;
    let mut progress = |step: Progress| {
        if let Progress::Pushed { sent, .. } = step {
            if sent >= next_report {
                println!(
                    "push:   {sent} events after {:.1} s",
                    started.elapsed().as_secs_f64()
                );
                next_report += 200_000;
            }
        }
    };
    let url = format!("http://{}", running.addr());
    let summary =
        sync_once_with_progress(&mut store, &sync_config(url), Utc::now(), &mut progress).unwrap();
    let seconds = started.elapsed().as_secs_f64();
    assert_eq!(summary.pushed, events as u64);
    println!(
        "push: {events} events to a local head office in {seconds:.1} s ({:.0} events/s; target 1 M < 30 s)",
        events as f64 / seconds
    );
}

fn bench_pull(serials: usize) {
    let dir = tempfile::tempdir().unwrap();
    let (running, config, _schema) = head_office(dir.path(), 2);
    let mut storage = open_storage(&config).unwrap();
    let started = Instant::now();
    let mut records = vec![
        decode_change(
            "product",
            &format!(r#"{{"gtin":"{GTIN}","name":"Drill","tracking":"serial"}}"#),
        )
        .unwrap(),
        decode_change("lot", &format!(r#"{{"gtin":"{GTIN}","lot":"L1"}}"#)).unwrap(),
    ];
    records.extend((0..serials).map(|index| {
        MasterRecord::Serial(SerialRecord {
            gtin: GTIN.into(),
            serial: format!("SN{index:09}"),
            lot: Some("L1".into()),
            status: SerialStatus::InStock,
            warranty_until: None,
        })
    }));
    storage.import(&records, Utc::now()).unwrap();
    println!(
        "pull: head office loaded {serials} serials in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let mut store = station(dir.path());
    // A scan path beside the sync, as the daemon has: its own connection with the default
    // busy timeout, one scan every 50 ms while the pull is applied (one write transaction).
    let applying = Arc::new(AtomicBool::new(false));
    let done = Arc::new(AtomicBool::new(false));
    let scanner = {
        let (applying, done) = (Arc::clone(&applying), Arc::clone(&done));
        let path = dir.path().join("station.db");
        std::thread::spawn(move || {
            let options = OpenOptions {
                station_id: Some("S1".into()),
                integrity_check: IntegrityCheck::Essential,
                ..OpenOptions::default()
            };
            let mut station = Station::new(
                Store::open(&path, &options).unwrap(),
                StationSettings::default(),
            );
            let (mut scans, mut failures, mut longest) = (0u32, 0u32, Duration::ZERO);
            while !done.load(Ordering::SeqCst) {
                if !applying.load(Ordering::SeqCst) {
                    std::thread::sleep(Duration::from_millis(5));
                    continue;
                }
                let input = ScanInput {
                    bytes: format!("]d201{GTIN}21SN000000007").into_bytes(),
                    symbology: None,
                    device: "dock1".into(),
                    operator: None,
                    workflow: Workflow::Lookup,
                    at: Utc::now(),
                };
                let started = Instant::now();
                scans += 1;
                if station.process_scan(input).is_err() {
                    failures += 1;
                }
                longest = longest.max(started.elapsed());
                std::thread::sleep(Duration::from_millis(50));
            }
            (scans, failures, longest)
        })
    };
    let started = Instant::now();
    let mut apply_started = None;
    let summary = sync_once_with_progress(
        &mut store,
        &sync_config(format!("http://{}", running.addr())),
        Utc::now(),
        &mut |step| {
            if let Progress::Applying { .. } = step {
                apply_started = Some(Instant::now());
                applying.store(true, Ordering::SeqCst);
            }
        },
    )
    .unwrap();
    let seconds = started.elapsed().as_secs_f64();
    let apply_seconds = apply_started.map_or(0.0, |at| at.elapsed().as_secs_f64());
    done.store(true, Ordering::SeqCst);
    let (scans, failures, longest) = scanner.join().unwrap();
    assert_eq!(summary.pulled, serials as u64 + 2);
    assert!(store
        .serial(GTIN, &format!("SN{:09}", serials - 1))
        .unwrap()
        .is_some());
    println!(
        "pull: {serials} serials pulled, staged and applied in {seconds:.1} s ({:.0} serials/s; target 1 M < 10 s)",
        serials as f64 / seconds
    );
    println!(
        "pull: the apply (one write transaction) took {apply_seconds:.1} s; {scans} scans beside \
         it, {failures} without a verdict, longest wait {:.2} s (busy timeout {} s)",
        longest.as_secs_f64(),
        scanstation::store::DEFAULT_BUSY_TIMEOUT_MS / 1000
    );
    assert_eq!(failures, 0, "scans during the apply must wait, not fail");
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` runs this too, with small sizes.
    let quick = std::env::args().any(|arg| arg == "--test")
        || !std::env::args().any(|arg| arg == "--bench");
    let (events, serials) = if quick {
        (2000, 2000)
    } else {
        (size("SYNC_BENCH_EVENTS"), size("SYNC_BENCH_SERIALS"))
    };
    bench_push(events);
    bench_pull(serials);
}
