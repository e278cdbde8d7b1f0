//! Store subcommands: `scan`, `journal verify`, `serial allocate|show|event|lease`,
//! `lot create|recall|quarantine|release|show|trace` and `import`.
//!
//! Each one opens the station database, makes one library call and prints the result, as JSON
//! for scripts (shapes documented in README) or as text for a person. Store errors are printed
//! here with their own exit code (3 damaged database, 4 locked, 5 disk full, 6 bad input, 7
//! serials exhausted or not leased) so that scripts can tell them apart.

use std::io::{self, BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use chrono::Utc;
use clap::{Args, Subcommand};

use crate::station::{ScanInput, Station, StationSettings};
use crate::store::allocate::AllocationRequest;
use crate::store::{
    ImportKind, IntegrityCheck, LotStatus, OpenOptions, SerialPattern, ServiceKind, Store,
    StoreConfig, StoreError,
};
use crate::verdict::{Policy, Workflow};

/// Where the database is, and the config that shapes verdicts and allocation.
#[derive(Debug, Args)]
pub struct DbArgs {
    /// The station database (created when missing).
    #[arg(long, value_name = "PATH")]
    pub db: PathBuf,
    /// Station id for a new database (1-12 letters or digits); checked against an existing one.
    #[arg(long, value_name = "ID")]
    pub station: Option<String>,
    /// Station config file: its [policy] and [store] sections (and [station] id) are used.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Integrity check at open: `full` reads the whole file; `essential` only the journal and
    /// local allocation/receipt state (fast on a large master-data cache).
    #[arg(long, default_value = "full", value_parser = clap::builder::ValueParser::new(parse_integrity))]
    pub integrity: IntegrityCheck,
}

fn parse_integrity(text: &str) -> Result<IntegrityCheck, String> {
    match text {
        "full" => Ok(IntegrityCheck::Full),
        "essential" => Ok(IntegrityCheck::Essential),
        _ => Err(format!("{text:?} is not full or essential")),
    }
}

/// The parts of `config/station.toml` these commands use: the same `[policy]`, `[store]` and
/// `[station]` id and `utc_offset` as the daemon, so that a command judges and dates exactly
/// as the daemon of that config would.
struct LoadedConfig {
    policy: Policy,
    store: StoreConfig,
    station_id: Option<String>,
    /// `[station] utc_offset`; `None`: the system's local time zone.
    utc_offset: Option<chrono::FixedOffset>,
}

impl LoadedConfig {
    /// The station's calendar date now (expiry, warranty, date parts of patterns).
    fn today(&self) -> chrono::NaiveDate {
        match self.utc_offset {
            Some(offset) => Utc::now().with_timezone(&offset).date_naive(),
            None => chrono::Local::now().date_naive(),
        }
    }
}

fn load_config(path: Option<&Path>) -> anyhow::Result<LoadedConfig> {
    let Some(path) = path else {
        return Ok(LoadedConfig {
            policy: Policy::default(),
            store: StoreConfig::default(),
            station_id: None,
            utc_offset: None,
        });
    };
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("reading config {}", path.display()))?;
    let table: toml::Table =
        toml::from_str(&text).with_context(|| format!("parsing config {}", path.display()))?;
    let section = |name: &str| {
        table
            .get(name)
            .cloned()
            .unwrap_or_else(|| toml::Value::Table(toml::Table::new()))
    };
    let policy: Policy = section("policy")
        .try_into()
        .with_context(|| format!("{}: [policy]", path.display()))?;
    let store: StoreConfig = section("store")
        .try_into()
        .with_context(|| format!("{}: [store]", path.display()))?;
    let problems: Vec<String> = policy
        .validate()
        .into_iter()
        .chain(store.validate())
        .map(|problem| problem.to_string())
        .collect();
    if !problems.is_empty() {
        anyhow::bail!("{}: {}", path.display(), problems.join("; "));
    }
    let station = table.get("station");
    let station_id = station
        .and_then(|station| station.get("id"))
        .and_then(|id| id.as_str())
        .map(str::to_owned);
    let utc_offset = match station.and_then(|station| station.get("utc_offset")) {
        None => None,
        Some(value) => {
            let text = value.as_str().unwrap_or_default();
            Some(crate::config::parse_utc_offset(text).ok_or_else(|| {
                anyhow::anyhow!(
                    "{}: station.utc_offset: {value} is not a UTC offset: write e.g. \"+01:00\"",
                    path.display()
                )
            })?)
        }
    };
    Ok(LoadedConfig {
        policy,
        store,
        station_id,
        utc_offset,
    })
}

/// How a command opens the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Access {
    /// Records something: creates the file when missing, migrates it.
    Record,
    /// Changes an existing database only (`migrate`): never creates one.
    Existing,
    /// Reads only (`show`, `trace`, `journal verify`): never creates, migrates or writes.
    Read,
}

impl DbArgs {
    /// Opens the database as `access` allows.
    fn open(&self, access: Access) -> anyhow::Result<Result<(Store, LoadedConfig), StoreError>> {
        let config = load_config(self.config.as_deref())?;
        let create = access == Access::Record;
        let options = OpenOptions {
            station_id: self.station.clone().or_else(|| config.station_id.clone()),
            busy_timeout: std::time::Duration::from_millis(config.store.busy_timeout_ms),
            integrity_check: self.integrity,
            create,
            ..OpenOptions::default()
        };
        if create && !self.db.exists() {
            log::info!(path:% = self.db.display(); "creating a new station database");
        }
        let opened = if access == Access::Read {
            Store::open_read_only(&self.db, &options)
        } else {
            Store::open(&self.db, &options)
        };
        Ok(opened.map(|store| (store, config)))
    }
}

/// Prints a store error and returns its exit code.
fn fail(err: StoreError) -> ExitCode {
    eprintln!("error: {err}");
    ExitCode::from(err.exit_code())
}

macro_rules! open_or_fail {
    ($db:expr) => {
        open_or_fail!($db, Access::Record)
    };
    ($db:expr, $access:expr) => {
        match $db.open($access)? {
            Ok(opened) => opened,
            Err(err) => return Ok(fail(err)),
        }
    };
}

macro_rules! try_store {
    ($result:expr) => {
        match $result {
            Ok(value) => value,
            Err(err) => return Ok(fail(err)),
        }
    };
}

// ---------------------------------------------------------------------------------------------
// scan

#[derive(Debug, Args)]
pub struct ScanArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// The workflow: receiving, line or lookup.
    #[arg(long, value_parser = clap::builder::ValueParser::new(|text: &str| text.parse::<Workflow>()))]
    pub workflow: Workflow,
    /// Device name recorded with each scan.
    #[arg(long, default_value = "cli")]
    pub device: String,
    /// Operator recorded with each scan.
    /// Operator recorded with the event.
    #[arg(long)]
    pub operator: Option<String>,
    /// Print one JSON object per scan.
    #[arg(long)]
    pub json: bool,
    /// Scans (a literal `\x1d` stands for GS). Without any, one scan per stdin line.
    pub data: Vec<std::ffi::OsString>,
}

pub fn run_scan(args: ScanArgs) -> anyhow::Result<ExitCode> {
    let (store, config) = open_or_fail!(args.db);
    let settings = StationSettings {
        policy: config.policy,
        local_offset: config.utc_offset,
        ..StationSettings::default()
    };
    let mut station = Station::new(store, settings);
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let mut handle =
        |raw: &[u8], out: &mut io::StdoutLock<'_>| -> anyhow::Result<Option<StoreError>> {
            let input = ScanInput {
                bytes: super::parse::unescape_gs(raw),
                symbology: None,
                device: args.device.clone(),
                operator: args.operator.clone(),
                workflow: args.workflow,
                at: Utc::now(),
            };
            let outcome = match station.process_scan(input) {
                Ok(outcome) => outcome,
                Err(err) => return Ok(Some(err)),
            };
            // The journal row is committed: only now is the verdict shown.
            if args.json {
                writeln!(out, "{}", outcome.to_json())?;
            } else {
                let reasons: Vec<String> = outcome
                    .verdict
                    .reasons
                    .iter()
                    .map(|reason| format!("{}: {}", reason.code.as_str(), reason.message))
                    .collect();
                writeln!(
                    out,
                    "{:<6} #{} {}{}{}",
                    outcome.verdict.level.as_str().to_uppercase(),
                    outcome.seq,
                    if outcome.parsed.elements.is_empty() {
                        format!("{:?}", outcome.parsed.input)
                    } else {
                        outcome.parsed.hri()
                    },
                    if reasons.is_empty() { "" } else { "\n       " },
                    reasons.join("\n       ")
                )?;
            }
            out.flush()?;
            Ok(None)
        };
    if args.data.is_empty() {
        let stdin = io::stdin();
        for line in stdin.lock().split(b'\n') {
            let mut line = line.context("reading scans from stdin")?;
            if line.last() == Some(&b'\r') {
                line.pop();
            }
            if line.is_empty() {
                continue;
            }
            if let Some(err) = handle(&line, &mut out)? {
                return Ok(fail(err));
            }
        }
    } else {
        for data in &args.data {
            if let Some(err) = handle(data.as_encoded_bytes(), &mut out)? {
                return Ok(fail(err));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

// ---------------------------------------------------------------------------------------------
// journal

#[derive(Debug, Subcommand)]
pub enum JournalCommand {
    /// Check the journal's hash chain; report the first broken row.
    Verify {
        #[command(flatten)]
        db: DbArgs,
        /// Print `{"ok", "events", "last_seq", "first_bad_seq"}`.
        #[arg(long)]
        json: bool,
    },
}

pub fn run_journal(command: JournalCommand) -> anyhow::Result<ExitCode> {
    match command {
        JournalCommand::Verify { db, json } => {
            let (store, _) = open_or_fail!(db, Access::Read);
            let report = try_store!(store.verify_journal());
            if json {
                println!("{}", report.to_json());
            } else if report.ok {
                println!(
                    "journal ok: {} events, last seq {}",
                    report.events, report.last_seq
                );
            } else {
                println!(
                    "journal BROKEN at seq {}: {} ({} events, last seq {}); keep this file for \
                     investigation and report it to head office",
                    report.first_bad_seq.unwrap_or_default(),
                    report.problem.as_deref().unwrap_or("unknown problem"),
                    report.events,
                    report.last_seq
                );
            }
            Ok(if report.ok {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
    }
}

// ---------------------------------------------------------------------------------------------
// serial

#[derive(Debug, Subcommand)]
pub enum SerialCommand {
    /// Hand out new serials from a leased block (or the standalone pattern).
    Allocate {
        #[command(flatten)]
        db: DbArgs,
        #[arg(long)]
        /// GTIN (8, 12, 13 or 14 digits).
        gtin: String,
        /// Lot the serials belong to (blocks leased for that lot are used first).
        #[arg(long)]
        lot: Option<String>,
        /// How many serials (1 to 10000).
        #[arg(long, default_value_t = 1)]
        count: u64,
        /// Operator recorded with the event.
        #[arg(long)]
        operator: Option<String>,
        /// Print `{"serials": [...]}`.
        #[arg(long)]
        json: bool,
    },
    /// Status, lot, warranty and service history of one serial.
    Show {
        #[command(flatten)]
        db: DbArgs,
        /// GTIN (8, 12, 13 or 14 digits).
        gtin: String,
        /// Serial number (AI 21).
        serial: String,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Record a repair, return, replacement or scrapping.
    Event {
        #[command(flatten)]
        db: DbArgs,
        /// GTIN (8, 12, 13 or 14 digits).
        gtin: String,
        /// Serial number (AI 21).
        serial: String,
        #[arg(long, value_parser = clap::builder::ValueParser::new(|text: &str| text.parse::<ServiceKind>()))]
        kind: ServiceKind,
        #[arg(long)]
        note: Option<String>,
        /// Operator recorded with the event.
        #[arg(long)]
        operator: Option<String>,
    },
    /// Record a serial block leased by head office (normally done by sync).
    Lease {
        #[command(flatten)]
        db: DbArgs,
        #[arg(long)]
        /// GTIN (8, 12, 13 or 14 digits).
        gtin: String,
        #[arg(long)]
        lot: Option<String>,
        /// Pattern, e.g. `SN{seq:8}` (see README).
        #[arg(long)]
        pattern: String,
        #[arg(long)]
        first: i64,
        #[arg(long)]
        last: i64,
        /// Head office's id of the block (leasing it again changes nothing).
        #[arg(long)]
        reference: Option<String>,
    },
}

pub fn run_serial(command: SerialCommand) -> anyhow::Result<ExitCode> {
    match command {
        SerialCommand::Allocate {
            db,
            gtin,
            lot,
            count,
            operator,
            json,
        } => {
            let (mut store, config) = open_or_fail!(db);
            let standalone = match &config.store.standalone_serial_pattern {
                Some(text) => {
                    Some(SerialPattern::parse_standalone(text).map_err(anyhow::Error::from)?)
                }
                None => None,
            };
            let request = AllocationRequest {
                gtin: &gtin,
                lot: lot.as_deref(),
                count,
                device: None,
                operator: operator.as_deref(),
                at: Utc::now(),
                today: config.today(),
                standalone: standalone.as_ref(),
            };
            let allocation = try_store!(store.allocate_serials(&request));
            if json {
                println!("{}", serde_json::json!({"serials": allocation.serials}));
            } else {
                for serial in &allocation.serials {
                    println!("{serial}");
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        SerialCommand::Show {
            db,
            gtin,
            serial,
            json,
        } => {
            let (store, config) = open_or_fail!(db, Access::Read);
            let details = try_store!(store.serial_details(&gtin, &serial, config.today()));
            if json {
                println!("{details}");
            } else {
                print_serial(&details);
            }
            Ok(ExitCode::SUCCESS)
        }
        SerialCommand::Event {
            db,
            gtin,
            serial,
            kind,
            note,
            operator,
        } => {
            let (mut store, config) = open_or_fail!(db);
            let seq = try_store!(store.record_service_event(
                &gtin,
                &serial,
                kind,
                note.as_deref(),
                operator.as_deref(),
                Utc::now(),
                config.today()
            ));
            println!(
                "recorded {} for serial {serial} (event {seq})",
                kind.as_str()
            );
            Ok(ExitCode::SUCCESS)
        }
        SerialCommand::Lease {
            db,
            gtin,
            lot,
            pattern,
            first,
            last,
            reference,
        } => {
            let (mut store, _) = open_or_fail!(db);
            let id = try_store!(store.lease_serial_block(
                &gtin,
                lot.as_deref(),
                &pattern,
                first,
                last,
                reference.as_deref(),
                Utc::now()
            ));
            println!("serial block {id} recorded");
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn print_serial(details: &serde_json::Value) {
    let text = |key: &str| {
        details
            .get(key)
            .and_then(|value| value.as_str())
            .unwrap_or("-")
            .to_owned()
    };
    println!("serial {} of GTIN {}", text("serial"), text("gtin"));
    println!("  status:   {}", text("status"));
    println!("  lot:      {}", text("lot"));
    let warranty = &details["warranty"];
    println!(
        "  warranty: {} (until {}, from the {})",
        warranty["status"].as_str().unwrap_or("-"),
        warranty["until"].as_str().unwrap_or("-"),
        warranty["source"].as_str().unwrap_or("-")
    );
    let history = details["service_history"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    if history.is_empty() {
        println!("  no service history");
    }
    for event in history {
        println!(
            "  {} {}{}",
            event["date"].as_str().unwrap_or("-"),
            event["kind"].as_str().unwrap_or("-"),
            event["note"]
                .as_str()
                .map(|note| format!(": {note}"))
                .unwrap_or_default()
        );
    }
}

// ---------------------------------------------------------------------------------------------
// lot

#[derive(Debug, Args)]
pub struct LotStatusArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// GTIN (8, 12, 13 or 14 digits).
    pub gtin: String,
    /// Lot code (AI 10).
    pub lot: String,
    /// Why (recorded, and shown to operators who scan the lot).
    #[arg(long)]
    pub reason: String,
    /// A recall notice or ticket number.
    #[arg(long)]
    pub reference: Option<String>,
    /// Operator recorded with the event.
    #[arg(long)]
    pub operator: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum LotCommand {
    /// Create a new production lot (number from a date-based pattern).
    Create {
        #[command(flatten)]
        db: DbArgs,
        #[arg(long)]
        /// GTIN (8, 12, 13 or 14 digits).
        gtin: String,
        /// Lot pattern, e.g. `{yy}{mm}{dd}{seq:2}` (default: [store] lot_pattern).
        #[arg(long)]
        pattern: Option<String>,
        /// Operator recorded with the event.
        #[arg(long)]
        operator: Option<String>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Mark a lot recalled at this station (head office decides; this is recorded for it).
    Recall(LotStatusArgs),
    /// Put a lot in quarantine at this station.
    Quarantine(LotStatusArgs),
    /// Release a lot at this station.
    Release(LotStatusArgs),
    /// The lot and what happened to it here.
    Show {
        #[command(flatten)]
        db: DbArgs,
        /// GTIN (8, 12, 13 or 14 digits).
        gtin: String,
        /// Lot code (AI 10).
        lot: String,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Every receipt and scan of the lot here, serials allocated under it, and what was
    /// accepted before a recall.
    Trace {
        #[command(flatten)]
        db: DbArgs,
        /// GTIN (8, 12, 13 or 14 digits).
        gtin: String,
        /// Lot code (AI 10).
        lot: String,
        #[arg(long, conflicts_with = "csv")]
        json: bool,
        /// Print CSV (one row per event; an allocation gives one row per serial).
        #[arg(long)]
        csv: bool,
    },
}

pub fn run_lot(command: LotCommand) -> anyhow::Result<ExitCode> {
    let status_change = |args: LotStatusArgs, status: LotStatus| -> anyhow::Result<ExitCode> {
        let (mut store, _) = open_or_fail!(args.db);
        let seq = try_store!(store.set_lot_status(
            &args.gtin,
            &args.lot,
            status,
            &args.reason,
            args.reference.as_deref(),
            args.operator.as_deref(),
            Utc::now()
        ));
        println!(
            "lot {} of GTIN {} is now {} at this station (event {seq})",
            args.lot,
            args.gtin,
            status.as_str()
        );
        Ok(ExitCode::SUCCESS)
    };
    match command {
        LotCommand::Create {
            db,
            gtin,
            pattern,
            operator,
            json,
        } => {
            // A bad --pattern is bad input (exit 6), checked before the database is opened.
            let pattern = match &pattern {
                Some(text) => match SerialPattern::parse(text) {
                    Ok(pattern) => Some(pattern),
                    Err(err) => return Ok(fail(StoreError::Invalid(format!("--pattern: {err}")))),
                },
                None => None,
            };
            let (mut store, config) = open_or_fail!(db);
            let pattern = match pattern {
                Some(pattern) => pattern,
                None => {
                    SerialPattern::parse(&config.store.lot_pattern).map_err(anyhow::Error::from)?
                }
            };
            let today = config.today();
            let lot = try_store!(store.create_lot(
                &gtin,
                &pattern,
                operator.as_deref(),
                Utc::now(),
                today
            ));
            if json {
                println!("{}", lot.to_json());
            } else {
                println!("{}", lot.lot);
            }
            Ok(ExitCode::SUCCESS)
        }
        LotCommand::Recall(args) => status_change(args, LotStatus::Recalled),
        LotCommand::Quarantine(args) => status_change(args, LotStatus::Quarantined),
        LotCommand::Release(args) => status_change(args, LotStatus::Released),
        LotCommand::Show {
            db,
            gtin,
            lot,
            json,
        } => {
            let (store, _) = open_or_fail!(db, Access::Read);
            let summary = try_store!(store.lot_summary(&gtin, &lot));
            if json {
                println!("{summary}");
            } else {
                println!("{}", serde_json::to_string_pretty(&summary)?);
            }
            Ok(ExitCode::SUCCESS)
        }
        LotCommand::Trace {
            db,
            gtin,
            lot,
            json,
            csv,
        } => {
            let (store, _) = open_or_fail!(db, Access::Read);
            let trace = try_store!(store.lot_trace(&gtin, &lot));
            if json {
                println!("{}", trace.to_json());
            } else if csv {
                let mut writer = csv::Writer::from_writer(io::stdout().lock());
                for row in trace.csv_rows() {
                    writer.write_record(&row)?;
                }
                writer.flush()?;
            } else {
                println!(
                    "lot {} of GTIN {}: {} event(s){}",
                    trace.lot,
                    trace.gtin,
                    trace.events.len(),
                    trace
                        .recalled_at
                        .map(|at| format!(", recalled {}", crate::store::format_time(at)))
                        .unwrap_or_default()
                );
                for row in trace.csv_rows().into_iter().skip(1) {
                    let flag = if row[10] == "yes" {
                        "  <- accepted before recall"
                    } else {
                        ""
                    };
                    println!(
                        "  #{:<6} {} {:<12} {:<9} {:<6} {} {}{flag}",
                        row[0], row[1], row[2], row[3], row[6], row[8], row[9]
                    );
                }
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

// ---------------------------------------------------------------------------------------------
// import

#[derive(Debug, Args)]
pub struct ImportArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// What the file holds: products, lots or serials.
    #[arg(long, value_parser = clap::builder::ValueParser::new(|text: &str| text.parse::<ImportKind>()))]
    pub kind: ImportKind,
    /// CSV with a header row, or NDJSON (`.ndjson`/`.jsonl`) with the same keys.
    pub file: PathBuf,
    #[arg(long)]
    pub json: bool,
}

pub fn run_import(args: ImportArgs) -> anyhow::Result<ExitCode> {
    let (mut store, _) = open_or_fail!(args.db);
    let terminal = io::stderr().is_terminal();
    let mut draw = |done: u64, total: u64| {
        let fraction = if total == 0 {
            1.0
        } else {
            done as f64 / total as f64
        };
        let filled = (fraction * 30.0).round() as usize;
        eprint!(
            "\r[{}{}] {:>3.0}% {} / {} bytes",
            "=".repeat(filled.min(30)),
            " ".repeat(30 - filled.min(30)),
            fraction * 100.0,
            done,
            total
        );
    };
    let progress: Option<&mut dyn FnMut(u64, u64)> = if terminal { Some(&mut draw) } else { None };
    let result = store.import_file(args.kind, &args.file, Utc::now(), progress);
    if terminal {
        eprintln!();
    }
    let summary = try_store!(result);
    if args.json {
        println!("{}", summary.to_json());
    } else {
        println!(
            "imported {} {} from {} (event {})",
            summary.rows,
            args.kind.as_str(),
            args.file.display(),
            summary.seq
        );
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Debug, Args)]
pub struct MigrateArgs {
    #[command(flatten)]
    pub db: DbArgs,
}

/// Brings an existing database to this build's schema (the package's upgrade step; the
/// daemon does the same at start). Never creates a database.
pub fn run_migrate(args: MigrateArgs) -> anyhow::Result<ExitCode> {
    let (store, _) = open_or_fail!(args.db, Access::Existing);
    let version = try_store!(store.schema_version());
    println!(
        "{}: schema version {version}, integrity check ok",
        store.path().display()
    );
    Ok(ExitCode::SUCCESS)
}
