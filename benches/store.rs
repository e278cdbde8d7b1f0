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
//! reused by later runs. Results are printed and written to `target/tmp/store-bench/results.json`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{FixedOffset, TimeZone, Utc};
use rusqlite::Connection;
use scanstation::station::{ScanInput, Station, StationSettings};
use scanstation::store::{ImportKind, IntegrityCheck, OpenOptions, Store};
use scanstation::verdict::Workflow;

const PRODUCTS: u64 = 1_000;
const LOTS_PER_PRODUCT: u64 = 1_000;
const SERIALS_PER_LOT: u64 = 10;
const CHUNK_SERIALS: u64 = 1_000_000;
const SCANS: usize = 5_000;
const WARM_UP: usize = 300;

fn with_check_digit(digits: &str) -> String {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(index, byte)| u32::from(byte - b'0') * if index % 2 == 0 { 3 } else { 1 })
        .sum();
    format!("{digits}{}", (10 - sum % 10) % 10)
}

fn gtin(product: u64) -> String {
    with_check_digit(&format!("0950600{product:06}"))
}

fn lot_code(lot: u64) -> String {
    format!("L{lot:04}")
}

fn serial_code(lot: u64, index: u64) -> String {
    format!("S{:06}", lot * SERIALS_PER_LOT + index)
}

fn bench_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("store-bench");
    std::fs::create_dir_all(&dir).expect("creating the bench directory");
    dir
}

/// Writes the CSV of serials for products `first..first + count` (sorted by key, as a head
/// office export would be) unless it exists.
fn serial_chunk(dir: &Path, chunk: u64) -> PathBuf {
    let path = dir.join(format!("serials-{chunk}.csv"));
    if path.exists() {
        return path;
    }
    let products_per_chunk = CHUNK_SERIALS / (LOTS_PER_PRODUCT * SERIALS_PER_LOT);
    let tmp = path.with_extension("tmp");
    let mut out = std::io::BufWriter::new(std::fs::File::create(&tmp).expect("creating a CSV"));
    writeln!(out, "gtin,serial,lot,status,warranty_until").expect("writing a CSV");
    for product in chunk * products_per_chunk..(chunk + 1) * products_per_chunk {
        let gtin = gtin(product);
        for lot in 0..LOTS_PER_PRODUCT {
            let lot_text = lot_code(lot);
            for index in 0..SERIALS_PER_LOT {
                writeln!(
                    out,
                    "{gtin},{},{lot_text},in_stock,2028-06-30",
                    serial_code(lot, index)
                )
                .expect("writing a CSV");
            }
        }
    }
    out.flush().expect("writing a CSV");
    drop(out);
    std::fs::rename(&tmp, &path).expect("renaming a CSV");
    path
}

fn master_files(dir: &Path) -> (PathBuf, PathBuf) {
    let products = dir.join("products.csv");
    let lots = dir.join("lots.csv");
    if !products.exists() || !lots.exists() {
        let mut out =
            std::io::BufWriter::new(std::fs::File::create(&products).expect("creating a CSV"));
        writeln!(
            out,
            "gtin,name,tracking,shelf_life_days,warranty_months,net_weight_kg"
        )
        .expect("writing");
        for product in 0..PRODUCTS {
            writeln!(out, "{},Product {product},serial,720,24,1.5", gtin(product))
                .expect("writing");
        }
        out.flush().expect("writing");
        let mut out =
            std::io::BufWriter::new(std::fs::File::create(&lots).expect("creating a CSV"));
        writeln!(
            out,
            "gtin,lot,status,reason,production_date,expiry_date,quantity"
        )
        .expect("writing");
        for product in 0..PRODUCTS {
            let gtin = gtin(product);
            for lot in 0..LOTS_PER_PRODUCT {
                // One lot in a hundred is recalled, so the verdict path sees rejections too.
                let status = if lot % 100 == 99 {
                    "recalled,bench recall"
                } else {
                    "released,"
                };
                writeln!(
                    out,
                    "{gtin},{},{status},2026-01-01,2028-06-30,10",
                    lot_code(lot)
                )
                .expect("writing");
            }
        }
        out.flush().expect("writing");
    }
    (products, lots)
}

fn file_size(path: &Path) -> u64 {
    std::fs::metadata(path).map(|meta| meta.len()).unwrap_or(0)
}

fn checkpoint(path: &Path) {
    let conn = Connection::open(path).expect("opening for a checkpoint");
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .expect("checkpoint");
}

/// Import of 1 M serials into a fresh database: seconds and bytes per million serials.
fn bench_import(dir: &Path) -> (f64, u64) {
    let csv = serial_chunk(dir, 0);
    let path = dir.join("import-1M.db");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    let mut store = Store::open(&path, &OpenOptions::default()).expect("opening the import db");
    let started = Instant::now();
    let summary = store
        .import_file(ImportKind::Serials, &csv, Utc::now(), None)
        .expect("importing");
    let seconds = started.elapsed().as_secs_f64();
    assert_eq!(summary.rows, CHUNK_SERIALS);
    drop(store);
    checkpoint(&path);
    (seconds, file_size(&path))
}

/// The 10 M-serial, 1 M-lot station database, built once.
fn cached_station_db(dir: &Path) -> PathBuf {
    let path = dir.join("station-10M.db");
    let total_chunks = PRODUCTS * LOTS_PER_PRODUCT * SERIALS_PER_LOT / CHUNK_SERIALS;
    let marker = dir.join("station-10M.done");
    if marker.exists() && path.exists() {
        return path;
    }
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    let mut store = Store::open(
        &path,
        &OpenOptions {
            station_id: Some("BENCH".into()),
            ..OpenOptions::default()
        },
    )
    .expect("opening the station db");
    eprintln!("building the 10 M-serial station database once (a few minutes)...");
    let (products, lots) = master_files(dir);
    store
        .import_file(ImportKind::Products, &products, Utc::now(), None)
        .expect("importing products");
    let started = Instant::now();
    store
        .import_file(ImportKind::Lots, &lots, Utc::now(), None)
        .expect("importing lots");
    eprintln!(
        "  1 M lots imported in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    for chunk in 0..total_chunks {
        let csv = serial_chunk(dir, chunk);
        let started = Instant::now();
        store
            .import_file(ImportKind::Serials, &csv, Utc::now(), None)
            .expect("importing serials");
        eprintln!(
            "  serial chunk {chunk} imported in {:.1} s",
            started.elapsed().as_secs_f64()
        );
        let _ = std::fs::remove_file(&csv);
    }
    drop(store);
    checkpoint(&path);
    std::fs::write(&marker, format!("{total_chunks}\n")).expect("writing the marker");
    path
}

fn percentile(sorted: &[Duration], fraction: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * fraction).round() as usize;
    sorted[index.min(sorted.len() - 1)]
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` passes nothing and expects a quick run.
    if !std::env::args().any(|arg| arg == "--bench") {
        println!("store bench: run with `cargo bench --bench store`");
        return;
    }
    let dir = bench_dir();

    let (import_seconds, import_bytes) = bench_import(&dir);
    println!(
        "import of 1 M serials: {import_seconds:.2} s; database {:.1} MB per million serials",
        import_bytes as f64 / 1e6
    );

    let db = cached_station_db(&dir);
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

    let baseline_path = dir.join("baseline.db");
    let baseline = Connection::open(&baseline_path).expect("opening the baseline db");
    baseline
        .execute_batch(
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;
             CREATE TABLE IF NOT EXISTS rows (id INTEGER PRIMARY KEY, at TEXT NOT NULL, data BLOB NOT NULL);",
        )
        .expect("preparing the baseline db");

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

        let started = Instant::now();
        baseline
            .prepare_cached("INSERT INTO rows (at, data) VALUES (?1, ?2)")
            .and_then(|mut statement| {
                statement.execute(rusqlite::params![now.to_rfc3339(), payload])
            })
            .expect("baseline insert");
        let insert_time = started.elapsed();
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
