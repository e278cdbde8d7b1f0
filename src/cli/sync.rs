//! Sync subcommands: `sync` (push then pull, with progress and a summary), `export` (the journal
//! as CSV, NDJSON or EPCIS 2.0 for hand-carry) and `hq …` (the reference head office: serve,
//! import, lease, recall / quarantine / release, alerts).
//!
//! `sync --json` prints one object: `{"ok", "pushed", "duplicates", "rejected", "pulled",
//! "bad_rows", "errors", "lot_status_changes", "push_cursor", "pull_cursor", "unsent",
//! "oldest_unsent_age_secs", "data_age_secs"}` (with `"error"` when `ok` is false); progress
//! goes to stderr (`--progress auto|json|none`). Exit codes: 0 done, 4 another sync is
//! running on the database, 8 head office unreachable / failing (retry later), 9 refused
//! (token, protocol version, rejected events, a reused idempotency key), 2 anything else.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context};
use chrono::{NaiveDate, Utc};
use clap::{Args, Subcommand};
use serde_json::json;

use crate::hq::{self, HqConfig, HqStorage};
use crate::store::master::normalize_gtin;
use crate::store::sync_state::BlockLease;
use crate::store::{ImportKind, LotStatus, OpenOptions, Store};
use crate::sync::export::{self, Filter, Format};
use crate::sync::{self, Progress, SyncConfig, SyncError};

#[derive(Debug, Args)]
pub struct SyncArgs {
    /// The station database.
    #[arg(long, value_name = "PATH")]
    pub db: PathBuf,
    /// Station config file: its [sync] section is used.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Head office URL (overrides [sync] url).
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// File holding the bearer token (overrides [sync] token_file).
    #[arg(long, value_name = "FILE")]
    pub token_file: Option<PathBuf>,
    /// PEM file of the CA to trust (overrides [sync] ca_file).
    #[arg(long, value_name = "FILE")]
    pub ca_file: Option<PathBuf>,
    /// Print the summary as one JSON object (stdout holds nothing else).
    #[arg(long)]
    pub json: bool,
    /// Progress on standard error: `auto` (one line updating itself, only when stderr is a
    /// terminal), `json` (one JSON object per line and step, for scripts: `{"step": "push",
    /// "sent": N, "total": N}`, `{"step": "pull", "changes": N}`, `{"step": "apply",
    /// "changes": N}`) or `none`.
    #[arg(long, value_name = "MODE", default_value = "auto", value_parser = ["auto", "json", "none"])]
    pub progress: String,
}

/// The `[sync]` section of the station config (checked with the whole file), or the defaults.
fn load_sync_config(path: Option<&Path>) -> anyhow::Result<SyncConfig> {
    let Some(path) = path else {
        return Ok(SyncConfig::default());
    };
    let config = crate::config::Config::load(path)?;
    Ok(config.sync)
}

fn sync_exit_code(err: &SyncError) -> u8 {
    match err {
        SyncError::Unreachable { .. }
        | SyncError::Timeout { .. }
        | SyncError::Server { .. }
        | SyncError::BadResponse(_) => 8,
        SyncError::Unauthorized { .. }
        | SyncError::ProtocolMismatch { .. }
        | SyncError::Refused { .. }
        | SyncError::KeyReused { .. } => 9,
        SyncError::AlreadyRunning { .. } => 4,
        SyncError::Store(store) => store.exit_code(),
        _ => 2,
    }
}

pub fn run_sync(args: SyncArgs) -> anyhow::Result<ExitCode> {
    let mut config = load_sync_config(args.config.as_deref())?;
    if let Some(url) = args.url {
        config.url = Some(url);
    }
    if let Some(token_file) = args.token_file {
        config.token_file = Some(token_file);
        config.token = None;
    }
    if let Some(ca_file) = args.ca_file {
        config.ca_file = Some(ca_file);
    }
    let problems: Vec<String> = config.validate().iter().map(ToString::to_string).collect();
    if !problems.is_empty() {
        bail!("sync config: {}", problems.join("; "));
    }
    let options = OpenOptions {
        create: false,
        ..OpenOptions::default()
    };
    let mut store = match Store::open(&args.db, &options) {
        Ok(store) => store,
        Err(err) => {
            eprintln!("error: {err}");
            return Ok(ExitCode::from(err.exit_code()));
        }
    };
    let terminal = args.progress == "auto" && std::io::stderr().is_terminal();
    let progress_json = args.progress == "json";
    let mut drew = false;
    let mut progress = |step: Progress| {
        if progress_json {
            let line = match step {
                Progress::Pushed { sent, total } => {
                    json!({"step": "push", "sent": sent, "total": total})
                }
                Progress::Pulled { changes } => json!({"step": "pull", "changes": changes}),
                Progress::Applying { changes } => json!({"step": "apply", "changes": changes}),
            };
            eprintln!("{line}");
        } else if terminal {
            let line = match step {
                Progress::Pushed { sent, total } => format!("pushed {sent}/{total} events"),
                Progress::Pulled { changes } => format!("pulled {changes} changes"),
                Progress::Applying { changes } => format!("applying {changes} changes"),
            };
            eprint!("\r\x1b[K{line}");
            drew = true;
        }
    };
    let result = sync::sync_once_with_progress(&mut store, &config, Utc::now(), &mut progress);
    if drew {
        eprintln!();
    }
    match result {
        Ok(summary) => {
            if args.json {
                println!("{}", summary.to_json());
            } else {
                let age = |secs: Option<i64>| {
                    secs.map_or_else(|| "never".to_owned(), |secs| format!("{secs} s"))
                };
                println!(
                    "sync done: {} pushed, {} duplicates, {} pulled, {} errors ({} rejected events, {} bad rows); \
                     {} unsent; master data age {}",
                    summary.pushed,
                    summary.duplicates,
                    summary.pulled,
                    summary.errors(),
                    summary.rejected,
                    summary.bad_rows,
                    summary.unsent,
                    age(summary.data_age_secs)
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(err) => {
            if args.json {
                let status = sync::status(&store, Utc::now())
                    .map(|status| status.to_json())
                    .unwrap_or_default();
                println!(
                    "{}",
                    json!({"ok": false, "error": err.to_string(), "status": status})
                );
            }
            eprintln!("error: {err}");
            Ok(ExitCode::from(sync_exit_code(&err)))
        }
    }
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The station database.
    #[arg(long, value_name = "PATH")]
    pub db: PathBuf,
    /// csv, ndjson (the push format) or epcis (EPCIS 2.0 JSON-LD).
    #[arg(long)]
    pub format: Format,
    /// First day to include (YYYY-MM-DD, UTC).
    #[arg(long, value_name = "DATE")]
    pub from: Option<NaiveDate>,
    /// Last day to include (YYYY-MM-DD, UTC).
    #[arg(long, value_name = "DATE")]
    pub to: Option<NaiveDate>,
    /// Only rows of this lot: GTIN,LOT.
    #[arg(long, value_name = "GTIN,LOT")]
    pub lot: Option<String>,
    /// Output file (default: standard output). Written to a new temporary file in the same
    /// folder, then renamed; removed again if the export fails.
    #[arg(short = 'o', long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub fn run_export(args: ExportArgs) -> anyhow::Result<ExitCode> {
    let lot = match &args.lot {
        None => None,
        Some(text) => {
            let Some((gtin, lot)) = text.split_once(',') else {
                bail!("--lot {text:?}: give GTIN,LOT");
            };
            let gtin =
                normalize_gtin(gtin).map_err(|message| anyhow::anyhow!("--lot: {message}"))?;
            Some((gtin, lot.to_owned()))
        }
    };
    if let (Some(from), Some(to)) = (args.from, args.to) {
        if from > to {
            bail!("--from {from} is after --to {to}");
        }
    }
    let filter = Filter {
        from: args.from,
        to: args.to,
        lot,
    };
    let options = OpenOptions {
        create: false,
        ..OpenOptions::default()
    };
    let store = match Store::open(&args.db, &options) {
        Ok(store) => store,
        Err(err) => {
            eprintln!("error: {err}");
            return Ok(ExitCode::from(err.exit_code()));
        }
    };
    let summary = match &args.output {
        None => {
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            export::export(&store, args.format, &filter, &mut out)?
        }
        Some(path) => {
            let (temporary, file) = create_temporary_beside(path)?;
            let written = (|| -> anyhow::Result<_> {
                let mut out = std::io::BufWriter::new(file);
                let summary = export::export(&store, args.format, &filter, &mut out)?;
                let file = out.into_inner().map_err(|err| err.into_error())?;
                file.sync_all()
                    .with_context(|| format!("writing {}", temporary.display()))?;
                std::fs::rename(&temporary, path)
                    .with_context(|| format!("renaming to {}", path.display()))?;
                Ok(summary)
            })();
            match written {
                Ok(summary) => summary,
                Err(err) => {
                    // Nothing half-written stays behind; an existing FILE is left as it was.
                    let _ = std::fs::remove_file(&temporary);
                    return Err(err);
                }
            }
        }
    };
    log::info!(rows = summary.rows, written = summary.written, skipped = summary.skipped; "export written");
    Ok(ExitCode::SUCCESS)
}

/// Creates a new, uniquely named temporary file in `path`'s folder (so that the final rename
/// stays on one filesystem and is atomic): `.NAME.PID.N.tmp`, never an existing file, never
/// `path` itself whatever its name.
fn create_temporary_beside(path: &Path) -> anyhow::Result<(PathBuf, std::fs::File)> {
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_owned(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| "export".to_owned());
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|since| since.subsec_nanos())
        .unwrap_or_default();
    let mut attempt = 0u32;
    loop {
        let temporary = folder.join(format!(
            ".{name}.{}.{nanos}-{attempt}.tmp",
            std::process::id()
        ));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temporary)
        {
            Ok(file) => return Ok((temporary, file)),
            Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists && attempt < 100 => {
                attempt += 1;
            }
            Err(err) => {
                return Err(err).with_context(|| format!("creating {}", temporary.display()))
            }
        }
    }
}

#[derive(Debug, Args)]
pub struct HqDb {
    /// Head-office config file (hq.toml).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Head-office SQLite database (instead of the config's `database` or `database_url`).
    #[arg(long, value_name = "PATH", conflicts_with = "database_url")]
    pub db: Option<PathBuf>,
    /// Head-office PostgreSQL database, e.g. postgresql://hq@localhost/hq (instead of the
    /// config's `database` or `database_url`).
    #[arg(long, value_name = "URL")]
    pub database_url: Option<String>,
}

impl HqDb {
    fn config(&self) -> anyhow::Result<HqConfig> {
        let mut config = match &self.config {
            None => HqConfig::default(),
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .with_context(|| format!("reading {}", path.display()))?;
                toml::from_str(&text).with_context(|| format!("parsing {}", path.display()))?
            }
        };
        if let Some(db) = &self.db {
            config.database = Some(db.clone());
            config.database_url = None;
            config.database_schema = None;
        }
        if let Some(url) = &self.database_url {
            config.database_url = Some(url.clone());
            config.database = None;
        }
        let problems: Vec<String> = config.validate().iter().map(ToString::to_string).collect();
        if !problems.is_empty() {
            bail!("head-office config: {}", problems.join("; "));
        }
        Ok(config)
    }

    fn open(&self) -> anyhow::Result<(HqConfig, Box<dyn HqStorage>)> {
        let config = self.config()?;
        let storage = hq::open_storage(&config)?;
        Ok((config, storage))
    }
}

#[derive(Debug, Args)]
pub struct LotStatusArgs {
    #[command(flatten)]
    pub hq: HqDb,
    pub gtin: String,
    pub lot: String,
    /// Why (shown to stations and in alerts).
    #[arg(long)]
    pub reason: String,
    /// A reference (recall notice, ticket).
    #[arg(long)]
    pub reference: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum HqCommand {
    /// Run the head-office server.
    Serve(HqDb),
    /// Import master data (products, lots, serials: the station's column names) or a
    /// hand-carried station journal (events: `export --format ndjson`).
    Import {
        #[command(flatten)]
        hq: HqDb,
        /// products, lots, serials or events.
        #[arg(long)]
        kind: String,
        file: PathBuf,
    },
    /// Lease a serial block to a station.
    Lease {
        #[command(flatten)]
        hq: HqDb,
        #[arg(long)]
        station: String,
        #[arg(long)]
        gtin: String,
        #[arg(long)]
        lot: Option<String>,
        /// Serial pattern, e.g. "A{seq:8}".
        #[arg(long)]
        pattern: String,
        #[arg(long)]
        first: i64,
        #[arg(long)]
        last: i64,
        /// Unique block name (default: STATION-GTIN-FIRST).
        #[arg(long)]
        reference: Option<String>,
    },
    /// Recall a lot: stations reject it from their next pull on.
    Recall(LotStatusArgs),
    /// Quarantine a lot.
    Quarantine(LotStatusArgs),
    /// Release a lot.
    Release(LotStatusArgs),
    /// Re-check pushed scans against lot status and list "accepted while recalled" alerts.
    Alerts {
        #[command(flatten)]
        hq: HqDb,
        #[arg(long)]
        json: bool,
    },
}

fn set_status(args: LotStatusArgs, status: LotStatus) -> anyhow::Result<ExitCode> {
    let (_, mut storage) = args.hq.open()?;
    let gtin = normalize_gtin(&args.gtin).map_err(|message| anyhow::anyhow!(message))?;
    if args.reason.trim().is_empty() {
        bail!("--reason is empty: say why");
    }
    let alerts = storage.set_lot_status(
        &gtin,
        &args.lot,
        status,
        &args.reason,
        args.reference.as_deref(),
        Utc::now(),
    )?;
    println!(
        "lot {} of {gtin} is now {}; {alerts} new alert(s)",
        args.lot,
        status.as_str()
    );
    Ok(ExitCode::SUCCESS)
}

pub fn run_hq(command: HqCommand) -> anyhow::Result<ExitCode> {
    match command {
        HqCommand::Serve(hq) => {
            let (config, storage) = hq.open()?;
            if config.stations.is_empty() {
                log::warn!(
                    "no [stations] in the head-office config: every station will be refused"
                );
            }
            let running = hq::server::start(&config, storage)?;
            println!("head office listening on {}", running.addr());
            running.wait();
            Ok(ExitCode::SUCCESS)
        }
        HqCommand::Import { hq, kind, file } => {
            let (_, mut storage) = hq.open()?;
            if kind == "events" {
                let summary = hq::import::import_journal(&mut *storage, &file, Utc::now())?;
                println!(
                    "{}",
                    json!({"accepted": summary.accepted, "duplicates": summary.duplicates, "rejected": summary.rejected})
                );
                return Ok(ExitCode::SUCCESS);
            }
            let kind: ImportKind = kind
                .parse()
                .map_err(|message: String| anyhow::anyhow!("--kind: {message} or events"))?;
            let records = hq::import::read_master_file(&file, kind)?;
            let alerts = storage.import(&records, Utc::now())?;
            println!(
                "{}",
                json!({"kind": kind.as_str(), "rows": records.len(), "new_alerts": alerts})
            );
            Ok(ExitCode::SUCCESS)
        }
        HqCommand::Lease {
            hq,
            station,
            gtin,
            lot,
            pattern,
            first,
            last,
            reference,
        } => {
            let (config, mut storage) = hq.open()?;
            if !config.stations.is_empty() && !config.stations.contains_key(&station) {
                bail!("station {station} is not in the head-office config [stations]");
            }
            let gtin = normalize_gtin(&gtin).map_err(|message| anyhow::anyhow!(message))?;
            let reference = reference.unwrap_or_else(|| format!("{station}-{gtin}-{first}"));
            let data = crate::sync::protocol::BlockData {
                reference,
                gtin,
                lot,
                pattern,
                first,
                last,
            };
            let block: BlockLease = data.check().map_err(|message| anyhow::anyhow!(message))?;
            storage.lease_block(&station, &block, Utc::now())?;
            println!(
                "leased block {} ({}..={}) to station {station}",
                block.reference, first, last
            );
            Ok(ExitCode::SUCCESS)
        }
        HqCommand::Recall(args) => set_status(args, LotStatus::Recalled),
        HqCommand::Quarantine(args) => set_status(args, LotStatus::Quarantined),
        HqCommand::Release(args) => set_status(args, LotStatus::Released),
        HqCommand::Alerts { hq, json } => {
            let (_, mut storage) = hq.open()?;
            storage.reevaluate(Utc::now())?;
            let alerts = storage.alerts()?;
            let mut out = std::io::stdout().lock();
            if json {
                let list: Vec<_> = alerts.iter().map(hq::Alert::to_json).collect();
                writeln!(out, "{}", serde_json::Value::Array(list))?;
            } else if alerts.is_empty() {
                writeln!(out, "no alerts")?;
            } else {
                for alert in &alerts {
                    writeln!(
                        out,
                        "{}: station {} seq {} {} lot {} of {} at {} (lot now {})",
                        alert.kind,
                        alert.station,
                        alert.seq,
                        alert.verdict,
                        alert.lot,
                        alert.gtin,
                        alert.scanned_at,
                        alert.lot_status
                    )?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
