//! `scanstation line set|show|clear|print-next`: the line workflow's active product and its
//! print trigger from the command line, for a running daemon.
//!
//! The commands write the station database (`store::line_state`); the daemon polls it about
//! four times a second, so a change reaches it at once and a restart keeps it. `print-next`
//! queues a request, waits for the daemon's answer (the serials it queued) and cancels the
//! request when no daemon takes it in time, so a label never comes out long after it was
//! asked for.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use chrono::Utc;
use clap::{Args, Subcommand};
use serde_json::{json, Value};

use crate::config::Config;
use crate::daemon::line_refusal;
use crate::store::{IntegrityCheck, LineChange, LineSource, OpenOptions, Store, StoreError};

/// How often `print-next` looks for the daemon's answer.
const ANSWER_POLL: Duration = Duration::from_millis(100);

#[derive(Debug, Subcommand)]
pub enum LineCommand {
    /// Make a product (and lot) the line's active product; a running daemon uses it at once.
    Set {
        #[command(flatten)]
        target: LineTarget,
        /// The product's GTIN (8, 12, 13 or 14 digits).
        #[arg(long)]
        gtin: String,
        /// The lot (AI 10) printed on the labels.
        #[arg(long)]
        lot: Option<String>,
        /// The scanner recorded as the device; `[line] batch_count` labels go to its printer.
        #[arg(long, value_name = "ID")]
        scanner: Option<String>,
        /// Operator recorded with the change.
        #[arg(long)]
        operator: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// The active product and lot, and print requests still waiting for the daemon.
    Show {
        #[command(flatten)]
        target: LineTarget,
        #[arg(long)]
        json: bool,
    },
    /// No active product: triggers are refused until one is set.
    Clear {
        #[command(flatten)]
        target: LineTarget,
        /// Operator recorded with the change.
        #[arg(long)]
        operator: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Print the next label(s) for the active product: a trigger, like the button.
    PrintNext {
        #[command(flatten)]
        target: LineTarget,
        /// How many labels (one serial each).
        #[arg(long, default_value_t = 1)]
        count: u32,
        /// Use this scanner's printer and operator (default: the line printer).
        #[arg(long, value_name = "ID")]
        scanner: Option<String>,
        /// Operator recorded with the labels.
        #[arg(long)]
        operator: Option<String>,
        /// How long to wait for the daemon to take the request; then it is cancelled.
        #[arg(long, default_value_t = 10, value_name = "SECONDS")]
        wait_secs: u64,
        #[arg(long)]
        json: bool,
    },
}

/// Which station: its configuration (the `[store] path`), or the database itself.
#[derive(Debug, Args)]
pub struct LineTarget {
    /// Station configuration (e.g. /etc/scanstation/station.toml): its `[store] path` names the
    /// database, and `--scanner` is checked against its `[[scanner]]`s.
    #[arg(long, value_name = "FILE", required_unless_present = "db")]
    pub config: Option<PathBuf>,
    /// The station database (overrides the configuration's).
    #[arg(long, value_name = "PATH")]
    pub db: Option<PathBuf>,
}

/// The opened station database and, when given, its configuration.
struct Opened {
    store: Store,
    config: Option<Config>,
}

impl LineTarget {
    fn open(&self) -> anyhow::Result<Result<Opened, StoreError>> {
        let config = self.config.as_deref().map(Config::load).transpose()?;
        let db = match (&self.db, &config) {
            (Some(db), _) => db.clone(),
            (None, Some(config)) => config.store.path.clone(),
            (None, None) => anyhow::bail!("give --config or --db"),
        };
        let options = OpenOptions {
            station_id: config.as_ref().map(|config| config.station.id.clone()),
            busy_timeout: Duration::from_millis(
                config
                    .as_ref()
                    .map_or(5000, |config| config.store.busy_timeout_ms),
            ),
            integrity_check: IntegrityCheck::Essential,
            create: false,
            ..OpenOptions::default()
        };
        Ok(Store::open(&db, &options).map(|store| Opened { store, config }))
    }
}

fn fail(err: StoreError) -> ExitCode {
    eprintln!("error: {err}");
    ExitCode::from(err.exit_code())
}

macro_rules! try_store {
    ($result:expr) => {
        match $result {
            Ok(value) => value,
            Err(err) => return Ok(fail(err)),
        }
    };
}

/// `--scanner` must name a configured scanner when the configuration is known.
fn check_scanner(config: Option<&Config>, scanner: Option<&str>) -> anyhow::Result<()> {
    if let (Some(config), Some(scanner)) = (config, scanner) {
        if !config.scanners.iter().any(|known| known.id == scanner) {
            let ids: Vec<&str> = config
                .scanners
                .iter()
                .map(|known| known.id.as_str())
                .collect();
            anyhow::bail!(
                "--scanner {scanner} is not a [[scanner]] of this station (configured: {})",
                ids.join(", ")
            );
        }
    }
    Ok(())
}

pub fn run(command: LineCommand) -> anyhow::Result<ExitCode> {
    match command {
        LineCommand::Set {
            target,
            gtin,
            lot,
            scanner,
            operator,
            json,
        } => {
            let Opened { mut store, config } = try_store!(target.open()?);
            check_scanner(config.as_ref(), scanner.as_deref())?;
            let gtin = try_store!(
                crate::store::master::normalize_gtin(&gtin).map_err(StoreError::Invalid)
            );
            if let Some(lot) = &lot {
                if let Err(errors) = crate::gs1::build_element_string(&[("01", &gtin), ("10", lot)])
                {
                    let messages: Vec<String> =
                        errors.iter().map(|error| error.message.clone()).collect();
                    return Ok(fail(StoreError::Invalid(format!(
                        "--lot {lot:?} cannot be printed as AI (10): {}",
                        messages.join("; ")
                    ))));
                }
            }
            let today = chrono::Local::now().date_naive();
            let lot_record = match &lot {
                Some(lot) => try_store!(store.lot(&gtin, lot)),
                None => None,
            };
            if let Some(refusal) = line_refusal(lot_record.as_ref(), today) {
                eprintln!("refused: {refusal}; the active product was not changed");
                return Ok(ExitCode::from(1));
            }
            let product = try_store!(store.product(&gtin));
            let mut notes = Vec::new();
            if product.is_none() {
                notes.push(format!("product {gtin} is not in this station's master data (labels print without its name)"));
            }
            if lot.is_some() && lot_record.is_none() {
                notes.push("the lot is not in this station's master data yet".to_owned());
            }
            let device = scanner.as_deref().unwrap_or("cli");
            let (revision, appended) = try_store!(store.set_line_product(&LineChange {
                gtin: Some(&gtin),
                lot: lot.as_deref(),
                source: LineSource::Cli,
                device: Some(device),
                operator: operator.as_deref(),
                scan_seq: None,
                at: Utc::now(),
            }));
            if json {
                println!(
                    "{}",
                    json!({
                        "gtin": gtin, "lot": lot, "revision": revision, "event_seq": appended.seq,
                        "product_name": product.map(|product| product.name), "notes": notes,
                    })
                );
            } else {
                let name = product
                    .map(|product| format!(" ({})", product.name))
                    .unwrap_or_default();
                println!(
                    "line: active product {gtin}{name} lot {} (event {}); a running daemon uses it within a second",
                    lot.as_deref().unwrap_or("-"),
                    appended.seq
                );
                for note in notes {
                    println!("note: {note}");
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        LineCommand::Show { target, json } => {
            let Opened { store, .. } = try_store!(target.open()?);
            let control = try_store!(store.line_control());
            let product_name = match control.as_ref().and_then(|control| control.gtin.as_deref()) {
                Some(gtin) => try_store!(store.product(gtin)).map(|product| product.name),
                None => None,
            };
            let waiting = try_store!(store.waiting_line_requests());
            if json {
                println!(
                    "{}",
                    json!({
                        "line": control.as_ref().map(|control| control.to_json()),
                        "product_name": product_name,
                        "waiting_requests": waiting.iter().map(|request| request.to_json()).collect::<Vec<Value>>(),
                    })
                );
                return Ok(ExitCode::SUCCESS);
            }
            match control.as_ref().filter(|control| control.gtin.is_some()) {
                Some(control) => println!(
                    "active product {}{} lot {} (set by {}{} at {})",
                    control.gtin.as_deref().unwrap_or(""),
                    product_name
                        .map(|name| format!(" ({name})"))
                        .unwrap_or_default(),
                    control.lot.as_deref().unwrap_or("-"),
                    control.source.as_str(),
                    control
                        .device
                        .as_deref()
                        .map(|device| format!(" {device}"))
                        .unwrap_or_default(),
                    control
                        .updated_at
                        .map(|at| at.format("%Y-%m-%d %H:%M:%S UTC").to_string())
                        .unwrap_or_default()
                ),
                None => println!("no active product"),
            }
            for request in waiting {
                println!(
                    "waiting: request {} for {} label(s), asked at {}",
                    request.id,
                    request.count,
                    request.requested_at.format("%H:%M:%S UTC")
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        LineCommand::Clear {
            target,
            operator,
            json,
        } => {
            let Opened { mut store, .. } = try_store!(target.open()?);
            let (revision, appended) = try_store!(store.set_line_product(&LineChange {
                gtin: None,
                lot: None,
                source: LineSource::Cli,
                device: Some("cli"),
                operator: operator.as_deref(),
                scan_seq: None,
                at: Utc::now(),
            }));
            if json {
                println!(
                    "{}",
                    json!({"gtin": null, "lot": null, "revision": revision, "event_seq": appended.seq})
                );
            } else {
                println!("line: no active product (event {})", appended.seq);
            }
            Ok(ExitCode::SUCCESS)
        }
        LineCommand::PrintNext {
            target,
            count,
            scanner,
            operator,
            wait_secs,
            json,
        } => {
            let Opened { mut store, config } = try_store!(target.open()?);
            check_scanner(config.as_ref(), scanner.as_deref())?;
            let id = try_store!(store.request_line_print(
                count,
                scanner.as_deref(),
                operator.as_deref(),
                Utc::now()
            ));
            let wait = Duration::from_secs(wait_secs);
            let mut deadline = Instant::now() + wait;
            let mut cancel_tried = false;
            let request = loop {
                let request = try_store!(store.line_request(id));
                if request.result.is_some() {
                    break request;
                }
                if Instant::now() >= deadline {
                    if cancel_tried {
                        eprintln!("error: the daemon took request {id} but has not finished it within {wait_secs} s more; see `scanstation queue list` for its labels");
                        return Ok(ExitCode::from(1));
                    }
                    if try_store!(store.cancel_line_request(id, Utc::now())) {
                        eprintln!("error: no daemon took the request within {wait_secs} s: is `scanstation run` running on this database? Nothing was printed (the request is cancelled).");
                        return Ok(ExitCode::from(1));
                    }
                    // Taken meanwhile: it is being printed; give it the same time again.
                    cancel_tried = true;
                    deadline = Instant::now() + wait;
                }
                std::thread::sleep(ANSWER_POLL);
            };
            let result = request.result.unwrap_or(Value::Null);
            let ok = result["ok"] == true;
            if json {
                println!(
                    "{}",
                    json!({"request": id, "ok": ok, "serials": result["serials"], "error": result["error"]})
                );
            } else {
                let serials: Vec<&str> = result["serials"]
                    .as_array()
                    .map(|serials| serials.iter().filter_map(Value::as_str).collect())
                    .unwrap_or_default();
                if !serials.is_empty() {
                    println!("queued {} label(s): {}", serials.len(), serials.join(", "));
                }
                if let Some(error) = result["error"].as_str() {
                    eprintln!("refused: {error}");
                }
            }
            Ok(if ok {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
    }
}
