//! Shared by the store and daemon benchmarks: the synthetic master data (products with a
//! thousand lots of ten serials each, written as CSV sorted by key, as a head-office export
//! would be), a station database built once from it with the store's CSV import and cached
//! under `target/tmp/`, the fsync baselines a durable scan is compared with, and percentiles.
//!
//! Serial number `serial_idx` (0-based) belongs to product `serial_idx / 10 000`, lot
//! `(serial_idx / 10) % 1 000` of that product; one lot in a hundred is recalled.

#![allow(dead_code)]

use std::fs::File;
use std::io::Write;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use rusqlite::Connection;
use scanstation::store::{ImportKind, OpenOptions, Store};

pub const LOTS_PER_PRODUCT: u64 = 1_000;
pub const SERIALS_PER_LOT: u64 = 10;
pub const SERIALS_PER_PRODUCT: u64 = LOTS_PER_PRODUCT * SERIALS_PER_LOT;
/// Serials per imported CSV file (one transaction each).
pub const CHUNK_SERIALS: u64 = 1_000_000;

/// Appends the GS1 mod-10 check digit (GS1 General Specifications 7.9.1).
pub fn with_check_digit(digits: &str) -> String {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(index, byte)| u32::from(byte - b'0') * if index % 2 == 0 { 3 } else { 1 })
        .sum();
    format!("{digits}{}", (10 - sum % 10) % 10)
}

pub fn gtin(product: u64) -> String {
    with_check_digit(&format!("0950600{product:06}"))
}

pub fn lot_code(lot: u64) -> String {
    format!("L{lot:04}")
}

pub fn serial_code(lot: u64, index: u64) -> String {
    format!("S{:06}", lot * SERIALS_PER_LOT + index)
}

/// Whether the master data marks this lot (of any product) as recalled.
pub fn is_recalled(lot: u64) -> bool {
    lot % 100 == 99
}

/// Where cached serial `serial_idx` lives: (product, lot, index within the lot).
pub fn serial_place(serial_idx: u64) -> (u64, u64, u64) {
    (
        serial_idx / SERIALS_PER_PRODUCT,
        (serial_idx / SERIALS_PER_LOT) % LOTS_PER_PRODUCT,
        serial_idx % SERIALS_PER_LOT,
    )
}

/// How many products hold `serials` serials.
pub fn products_for(serials: u64) -> u64 {
    serials.div_ceil(SERIALS_PER_PRODUCT).max(1)
}

/// A short name for a count: `10M`, `200k`, `12345`.
pub fn count_label(count: u64) -> String {
    if count >= 1_000_000 && count % 1_000_000 == 0 {
        format!("{}M", count / 1_000_000)
    } else if count >= 1_000 && count % 1_000 == 0 {
        format!("{}k", count / 1_000)
    } else {
        count.to_string()
    }
}

/// `target/tmp/<name>/`, created if needed.
pub fn bench_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::create_dir_all(&dir).expect("creating the bench directory");
    dir
}

/// Writes the CSV of serials `range` (sorted by key) unless it exists.
pub fn serial_csv(dir: &Path, range: Range<u64>) -> PathBuf {
    let path = dir.join(format!("serials-{}-{}.csv", range.start, range.end));
    if path.exists() {
        return path;
    }
    let tmp = path.with_extension("tmp");
    let mut out = std::io::BufWriter::new(File::create(&tmp).expect("creating a CSV"));
    writeln!(out, "gtin,serial,lot,status,warranty_until").expect("writing a CSV");
    let mut current_product = None;
    let mut gtin_text = String::new();
    for serial_idx in range {
        let (product, lot, index) = serial_place(serial_idx);
        if current_product != Some(product) {
            current_product = Some(product);
            gtin_text = gtin(product);
        }
        writeln!(
            out,
            "{gtin_text},{},{},in_stock,2028-06-30",
            serial_code(lot, index),
            lot_code(lot)
        )
        .expect("writing a CSV");
    }
    out.flush().expect("writing a CSV");
    drop(out);
    std::fs::rename(&tmp, &path).expect("renaming a CSV");
    path
}

/// Writes the products and lots CSV files for `products` products unless they exist.
pub fn master_files(dir: &Path, products: u64) -> (PathBuf, PathBuf) {
    let products_path = dir.join(format!("products-{products}.csv"));
    let lots_path = dir.join(format!("lots-{products}.csv"));
    if products_path.exists() && lots_path.exists() {
        return (products_path, lots_path);
    }
    let mut out = std::io::BufWriter::new(File::create(&products_path).expect("creating a CSV"));
    writeln!(
        out,
        "gtin,name,tracking,shelf_life_days,warranty_months,net_weight_kg"
    )
    .expect("writing");
    for product in 0..products {
        writeln!(out, "{},Product {product},serial,720,24,1.5", gtin(product)).expect("writing");
    }
    out.flush().expect("writing");
    let mut out = std::io::BufWriter::new(File::create(&lots_path).expect("creating a CSV"));
    writeln!(
        out,
        "gtin,lot,status,reason,production_date,expiry_date,quantity"
    )
    .expect("writing");
    for product in 0..products {
        let gtin = gtin(product);
        for lot in 0..LOTS_PER_PRODUCT {
            // One lot in a hundred is recalled, so the verdict path sees rejections too.
            let status = if is_recalled(lot) {
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
    (products_path, lots_path)
}

pub fn file_size(path: &Path) -> u64 {
    std::fs::metadata(path).map(|meta| meta.len()).unwrap_or(0)
}

/// Moves the WAL into the database file, so that its size is the whole database.
pub fn checkpoint(path: &Path) {
    let conn = Connection::open(path).expect("opening for a checkpoint");
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .expect("checkpoint");
}

/// Removes a database file with its WAL and shared-memory files.
pub fn remove_database(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
}

/// A station database caching `serials` serials (and their products and lots), built once
/// in `dir` as `station-<count>.db` and reused by later runs. `finish` runs on the new
/// database before it is marked complete (to add more master data).
pub struct CachedDb {
    pub path: PathBuf,
    /// How long building it took (when this run or an earlier one built it).
    pub build_seconds: Option<f64>,
    /// Whether this run built it.
    pub built_now: bool,
}

pub fn cached_station_db(
    dir: &Path,
    serials: u64,
    station_id: &str,
    finish: impl FnOnce(&mut Store),
) -> CachedDb {
    let name = format!("station-{}", count_label(serials));
    let path = dir.join(format!("{name}.db"));
    let marker = dir.join(format!("{name}.done"));
    if marker.exists() && path.exists() {
        // The marker holds "<chunks>" (older runs) or "<chunks> <build seconds>".
        let build_seconds = std::fs::read_to_string(&marker)
            .ok()
            .and_then(|text| text.split_whitespace().nth(1)?.parse().ok());
        return CachedDb {
            path,
            build_seconds,
            built_now: false,
        };
    }
    remove_database(&path);
    let started = Instant::now();
    let mut store = Store::open(
        &path,
        &OpenOptions {
            station_id: Some(station_id.into()),
            ..OpenOptions::default()
        },
    )
    .expect("opening the station db");
    let products = products_for(serials);
    eprintln!(
        "building the {}-serial station database once in {} (about 6 s per million serials)...",
        count_label(serials),
        dir.display()
    );
    let (products_csv, lots_csv) = master_files(dir, products);
    store
        .import_file(ImportKind::Products, &products_csv, Utc::now(), None)
        .expect("importing products");
    let lots_started = Instant::now();
    store
        .import_file(ImportKind::Lots, &lots_csv, Utc::now(), None)
        .expect("importing lots");
    eprintln!(
        "  {} lots imported in {:.1} s",
        products * LOTS_PER_PRODUCT,
        lots_started.elapsed().as_secs_f64()
    );
    let chunks = serials.div_ceil(CHUNK_SERIALS);
    for chunk in 0..chunks {
        let range = chunk * CHUNK_SERIALS..((chunk + 1) * CHUNK_SERIALS).min(serials);
        let csv = serial_csv(dir, range.clone());
        let chunk_started = Instant::now();
        store
            .import_file(ImportKind::Serials, &csv, Utc::now(), None)
            .expect("importing serials");
        eprintln!(
            "  serials {}..{} imported in {:.1} s",
            range.start,
            range.end,
            chunk_started.elapsed().as_secs_f64()
        );
        let _ = std::fs::remove_file(&csv);
    }
    finish(&mut store);
    drop(store);
    checkpoint(&path);
    let build_seconds = started.elapsed().as_secs_f64();
    std::fs::write(&marker, format!("{chunks} {build_seconds:.1}\n")).expect("writing the marker");
    CachedDb {
        path,
        build_seconds: Some(build_seconds),
        built_now: true,
    }
}

/// What a durable scan is compared with, measured in the bench directory: a bare small write
/// plus `fdatasync(2)`, and a single-row insert into a WAL database with `synchronous=FULL`
/// (the journal's settings, without its work).
pub struct FsyncBaseline {
    file: File,
    conn: Connection,
}

impl FsyncBaseline {
    pub fn open(dir: &Path) -> FsyncBaseline {
        let file = File::create(dir.join("fsync-baseline.bin")).expect("creating the fsync file");
        let conn = Connection::open(dir.join("baseline.db")).expect("opening the baseline db");
        conn.execute_batch(
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;
             CREATE TABLE IF NOT EXISTS rows (id INTEGER PRIMARY KEY, at TEXT NOT NULL, data BLOB NOT NULL);",
        )
        .expect("preparing the baseline db");
        FsyncBaseline { file, conn }
    }

    /// Appends 64 bytes to a plain file and waits for `fdatasync`.
    pub fn bare_fdatasync(&mut self) -> Duration {
        let started = Instant::now();
        self.file.write_all(&[b'x'; 64]).expect("writing");
        self.file.sync_data().expect("fdatasync");
        started.elapsed()
    }

    /// One committed single-row insert.
    pub fn sqlite_insert(&self, at: DateTime<Utc>, payload: &[u8]) -> Duration {
        let started = Instant::now();
        self.conn
            .prepare_cached("INSERT INTO rows (at, data) VALUES (?1, ?2)")
            .and_then(|mut statement| {
                statement.execute(rusqlite::params![at.to_rfc3339(), payload])
            })
            .expect("baseline insert");
        started.elapsed()
    }
}

/// The nearest-rank percentile of sorted samples.
pub fn percentile(sorted: &[Duration], fraction: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let index = ((sorted.len() as f64 - 1.0) * fraction).round() as usize;
    sorted[index.min(sorted.len() - 1)]
}

pub fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}
