//! Store benchmarks (issue 4), run with `cargo bench --bench store`:
//!
//! 1. Import of 1 M serials from CSV into a fresh database (target < 10 s), and the database
//!    size per million serials.
//! 2. Scan → verdict → durable journal on a station caching 10 M serials and 1 M lots: p50 and
//!    p99 of `Station::process_scan` (target p99 ≤ 2 ms), interleaved with a bare fsync'd
//!    single-row SQLite insert (WAL, `synchronous=FULL`) in the same run (target: within 1.5×).
//!
//! Latency percentiles need every sample, which criterion does not expose, so this is a plain
//! `harness = false` program. The 10 M-serial database takes a few minutes to build; it is
//! built once (by importing ten 1 M-serial CSV files) under `target/tmp/store-bench/` and
//! reused by later runs (see `common`). Results are printed and written to `target/tmp/store-bench/results.json`.

mod common;

use std::time::{Duration, Instant};

use chrono::{FixedOffset, TimeZone, Utc};
use common::{
    cached_station_db, file_size, gtin, lot_code, ms, percentile, remove_database, serial_code,
    serial_csv, FsyncBaseline, CHUNK_SERIALS, LOTS_PER_PRODUCT, SERIALS_PER_LOT,
};
use scanstation::station::{ScanInput, Station, StationSettings};
use scanstation::store::{ImportKind, IntegrityCheck, OpenOptions, Store};
use scanstation::verdict::Workflow;

const PRODUCTS: u64 = 1_000;
const SCANS: usize = 5_000;
const WARM_UP: usize = 300;

/// Import of 1 M serials into a fresh database: seconds and bytes per million serials.
fn bench_import(dir: &std::path::Path) -> (f64, u64) {
    let csv = serial_csv(dir, 0..CHUNK_SERIALS);
    let path = dir.join("import-1M.db");
    remove_database(&path);
    let mut store = Store::open(&path, &OpenOptions::default()).expect("opening the import db");
    let started = Instant::now();
    let summary = store
        .import_file(ImportKind::Serials, &csv, Utc::now(), None)
        .expect("importing");
    let seconds = started.elapsed().as_secs_f64();
    assert_eq!(summary.rows, CHUNK_SERIALS);
    drop(store);
    common::checkpoint(&path);
    (seconds, file_size(&path))
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` passes nothing and expects a quick run.
    if !std::env::args().any(|arg| arg == "--bench") {
        println!("store bench: run with `cargo bench --bench store`");
        return;
    }
    let dir = common::bench_dir("store-bench");

    let (import_seconds, import_bytes) = bench_import(&dir);
    println!(
        "import of 1 M serials: {import_seconds:.2} s; database {:.1} MB per million serials",
        import_bytes as f64 / 1e6
    );

    let db = cached_station_db(
        &dir,
        PRODUCTS * LOTS_PER_PRODUCT * SERIALS_PER_LOT,
        "BENCH",
        |_| {},
    )
    .path;
    let started = Instant::now();
    let store = Store::open(&db, &OpenOptions::default()).expect("opening the station db");
    let open_seconds = started.elapsed().as_secs_f64();
    let db_bytes = file_size(&db);
    println!(
        "10 M-serial database: {:.0} MB ({:.1} MB per million serials); open with quick_check {open_seconds:.2} s",
        db_bytes as f64 / 1e6,
        db_bytes as f64 / 1e6 / 10.0
    );
    drop(store);
    let started = Instant::now();
    let store = Store::open(
        &db,
        &OpenOptions {
            integrity_check: IntegrityCheck::Essential,
            ..OpenOptions::default()
        },
    )
    .expect("opening the station db");
    let open_essential_seconds = started.elapsed().as_secs_f64();
    println!("open with the essential check (journal and local state only): {open_essential_seconds:.3} s");
    let settings = StationSettings {
        local_offset: FixedOffset::east_opt(0),
        ..StationSettings::default()
    };
    let mut station = Station::new(store, settings);

    let baseline = FsyncBaseline::open(&dir);

    // A pseudo-random sequence (64-bit LCG, Knuth's MMIX constants) picks the serials. It is
    // seeded with the journal length so that a rerun on the cached database scans serials
    // not received yet, rather than measuring only `already_received` rejections.
    let runs_before = u64::try_from(
        station
            .store()
            .verify_journal()
            .map(|report| report.last_seq)
            .unwrap_or(0),
    )
    .unwrap_or(0);
    let mut state: u64 = 0x5eed_1234_abcd_0042 ^ runs_before.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    let mut next = move |bound: u64| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) % bound
    };
    let now = Utc
        .with_ymd_and_hms(2026, 3, 1, 6, 0, 0)
        .single()
        .unwrap_or_else(Utc::now);
    let mut scan_times = Vec::with_capacity(SCANS);
    let mut insert_times = Vec::with_capacity(SCANS);
    let mut verdicts = std::collections::BTreeMap::new();
    for round in 0..SCANS + WARM_UP {
        let product = next(PRODUCTS);
        let lot = next(LOTS_PER_PRODUCT);
        let serial = serial_code(lot, next(SERIALS_PER_LOT));
        let bytes = format!(
            "]d201{}1728063010{}\u{1d}21{serial}",
            gtin(product),
            lot_code(lot)
        )
        .into_bytes();
        let payload = bytes.clone();
        let input = ScanInput {
            bytes,
            symbology: None,
            device: "bench".into(),
            operator: None,
            workflow: Workflow::Receiving,
            at: now + chrono::Duration::milliseconds(round as i64),
        };
        let started = Instant::now();
        let outcome = station.process_scan(input).expect("scanning");
        let scan_time = started.elapsed();

        let insert_time = baseline.sqlite_insert(now, &payload);
        if round >= WARM_UP {
            scan_times.push(scan_time);
            insert_times.push(insert_time);
            *verdicts.entry(outcome.verdict.level.as_str()).or_insert(0) += 1;
        }
    }
    scan_times.sort();
    insert_times.sort();
    let (scan_p50, scan_p99) = (percentile(&scan_times, 0.5), percentile(&scan_times, 0.99));
    let (insert_p50, insert_p99) = (
        percentile(&insert_times, 0.5),
        percentile(&insert_times, 0.99),
    );
    println!("scan -> verdict -> durable journal ({SCANS} scans, 10 M serials, 1 M lots): p50 {:.3} ms, p99 {:.3} ms, max {:.3} ms", ms(scan_p50), ms(scan_p99), ms(*scan_times.last().unwrap_or(&Duration::ZERO)));
    println!("bare fsync'd single-row insert (same run, interleaved):          p50 {:.3} ms, p99 {:.3} ms", ms(insert_p50), ms(insert_p99));
    println!(
        "ratio scan/insert: p50 {:.2}x, p99 {:.2}x; verdicts {verdicts:?}",
        scan_p50.as_secs_f64() / insert_p50.as_secs_f64(),
        scan_p99.as_secs_f64() / insert_p99.as_secs_f64()
    );
    let results = serde_json::json!({
        "import_1m_serials_s": import_seconds,
        "db_bytes_per_million_serials_fresh": import_bytes,
        "db_bytes_10m": db_bytes,
        "open_with_quick_check_10m_s": open_seconds,
        "open_with_essential_check_10m_s": open_essential_seconds,
        "scans": SCANS,
        "scan_p50_ms": ms(scan_p50),
        "scan_p99_ms": ms(scan_p99),
        "insert_p50_ms": ms(insert_p50),
        "insert_p99_ms": ms(insert_p99),
        "verdicts": verdicts,
    });
    let _ = std::fs::write(dir.join("results.json"), format!("{results:#}\n"));
}
