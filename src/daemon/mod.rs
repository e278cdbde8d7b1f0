//! `scanstation run`: the station daemon. Wiring only: every configured scanner runs on its
//! own reader thread (`input::spawn_source`) and feeds one channel; this loop takes one event
//! at a time, runs the scan through `Station::process_scan` (parse → verdict → journal,
//! committed) and only then gives feedback. Everything that can trigger work arrives as an
//! [`Event`], so the whole behaviour is one `match`.
//!
//! Shutdown (SIGTERM/SIGINT): the sources are told to stop, the scans they already framed
//! are drained from the channel and processed (a scan read from a device is never dropped),
//! and the loop returns. SIGHUP re-reads the configuration and applies what can change while
//! running (the verdict policy); anything else is logged as needing a restart.

mod demo;
mod line;

use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use crossbeam_channel::{select, Receiver, Sender};
use log::{info, warn};
use serde_json::{json, Value};
use thiserror::Error;

use crate::config::{Config, ConfigError};
use crate::gs1::{Kind, ParseOptions};
use crate::input::{self, InputEvent, Scan};
use crate::station::{ScanInput, ScanOutcome, Station, StationSettings};
use crate::store::{IntegrityCheck, OpenOptions, Store, StoreError};
use crate::verdict::{Level, Workflow};

pub use demo::seed_demo_database;
pub use line::LineState;

/// How often the loop wakes without events (heartbeat, housekeeping).
const TICK: Duration = Duration::from_secs(1);
/// How often a heartbeat line is logged.
const HEARTBEAT: Duration = Duration::from_secs(60);
/// How long shutdown waits for reader threads before draining what they delivered.
const SOURCE_STOP_WAIT: Duration = Duration::from_millis(500);

/// A command barcode that switches the scanning device's workflow: `WORKFLOW:receiving`.
const WORKFLOW_COMMAND: &str = "WORKFLOW:";

#[derive(Debug, Error)]
pub enum DaemonError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error("opening the station database: {0}")]
    Store(#[from] StoreError),
    #[error("scanner {device}: {message}")]
    Input { device: String, message: String },
    #[error("installing signal handlers: {0}")]
    Signals(std::io::Error),
    #[error("writing verdicts to stdout: {0}")]
    Output(std::io::Error),
}

/// Everything the loop reacts to.
#[derive(Debug)]
pub enum Event {
    Input(InputEvent),
    /// The operator's button (GPIO) was pressed.
    Button,
    Signal(SignalKind),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignalKind {
    Stop,
    Reload,
}

/// How `run` reports verdicts on stdout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputMode {
    /// One JSON object per event (the `scan --json` object plus `device` and `workflow`).
    Json,
    /// One line per verdict for a person at a terminal.
    Human,
}

/// Options of `scanstation run` that are not in the configuration file.
#[derive(Debug, Clone)]
pub struct RunOptions {
    pub output: OutputMode,
    /// Start even when a device cannot be opened (they are retried in the background anyway).
    pub no_hardware: bool,
    /// The file to re-read on SIGHUP.
    pub config_path: Option<PathBuf>,
}

/// The daemon's state between events.
pub struct Daemon {
    config: Config,
    station: Station,
    /// Each device's current workflow (its configured one until a command barcode changes it).
    workflows: HashMap<String, Workflow>,
    line: LineState,
    output: OutputMode,
    out: Box<dyn Write + Send>,
    counts: HashMap<&'static str, u64>,
    last_heartbeat: Instant,
}

impl Daemon {
    /// Opens the store named by the configuration (seeding the demo database on first use
    /// when running the embedded demo) and builds the daemon.
    pub fn open(
        config: Config,
        output: OutputMode,
        out: Box<dyn Write + Send>,
    ) -> Result<Daemon, DaemonError> {
        let options = OpenOptions {
            station_id: Some(config.station.id.clone()),
            busy_timeout: Duration::from_millis(config.store.busy_timeout_ms),
            // The daemon must start in well under a second even with millions of cached
            // serials: check what only exists here; master data is re-synced anyway.
            integrity_check: IntegrityCheck::Essential,
            create: true,
        };
        if let Some(parent) = config
            .store
            .path
            .parent()
            .filter(|parent| !parent.as_os_str().is_empty())
        {
            std::fs::create_dir_all(parent).map_err(|source| {
                DaemonError::Store(StoreError::Invalid(format!(
                    "cannot create the database folder {}: {source}",
                    parent.display()
                )))
            })?;
        }
        let mut store = Store::open(&config.store.path, &options)?;
        if config.path.is_none() {
            seed_demo_database(&mut store, Utc::now())?;
        }
        let settings = StationSettings {
            policy: config.policy.clone(),
            parse_options: ParseOptions::default(),
            local_offset: config.utc_offset(),
        };
        let station = Station::new(store, settings);
        let workflows = config
            .scanners
            .iter()
            .map(|scanner| {
                (
                    scanner.id.clone(),
                    scanner
                        .workflow
                        .as_deref()
                        .and_then(|name| name.parse().ok())
                        .unwrap_or(Workflow::Receiving),
                )
            })
            .collect();
        let line = LineState::new(config.line.gtin.clone(), config.line.lot.clone());
        Ok(Daemon {
            config,
            station,
            workflows,
            line,
            output,
            out,
            counts: HashMap::new(),
            last_heartbeat: Instant::now(),
        })
    }

    pub fn station(&self) -> &Station {
        &self.station
    }

    pub fn line(&self) -> &LineState {
        &self.line
    }

    /// Handles one event. Returns false when the daemon should stop.
    pub fn handle(&mut self, event: Event, now: DateTime<Utc>) -> Result<bool, DaemonError> {
        match event {
            Event::Input(InputEvent::Scan(scan)) => self.on_scan(scan, now)?,
            Event::Input(InputEvent::Status {
                device,
                state,
                message,
            }) => {
                info!(device = device.as_str(), state = state.as_str(); "scanner {device}: {} {message}", state.as_str());
                self.emit(json!({"event": "device", "device": device, "state": state.as_str(), "message": message}), None)?;
            }
            Event::Input(InputEvent::Dropped {
                device,
                reason,
                detail,
            }) => {
                *self.counts.entry(reason.as_str()).or_default() += 1;
                warn!(device = device.as_str(), reason = reason.as_str(); "scanner {device}: input dropped ({}): {detail}", reason.as_str());
                self.emit(json!({"event": "dropped", "device": device, "reason": reason.as_str(), "detail": detail}), None)?;
            }
            Event::Button => self.on_print_trigger("button", now)?,
            Event::Signal(SignalKind::Stop) => return Ok(false),
            Event::Signal(SignalKind::Reload) => {}
        }
        Ok(true)
    }

    fn on_scan(&mut self, scan: Scan, now: DateTime<Utc>) -> Result<(), DaemonError> {
        let device = scan.device.clone();
        let workflow = self
            .workflows
            .get(&device)
            .copied()
            .unwrap_or(Workflow::Receiving);
        let text = String::from_utf8_lossy(&scan.bytes).into_owned();
        if let Some(name) = text.strip_prefix(WORKFLOW_COMMAND) {
            return match name.trim().parse::<Workflow>() {
                Ok(new_workflow) => {
                    self.workflows.insert(device.clone(), new_workflow);
                    info!(device = device.as_str(), workflow = new_workflow.as_str(); "scanner {device} now in workflow {}", new_workflow.as_str());
                    self.emit(json!({"event": "workflow", "device": device, "workflow": new_workflow.as_str()}), None)
                }
                Err(_) => self.emit_problem(
                    &device,
                    "unknown_command",
                    &format!("{text:?} names no workflow: use receiving, line or lookup"),
                ),
            };
        }
        if workflow == Workflow::Line && text.trim() == self.config.line.print_next_code {
            return self.on_print_trigger(&device, now);
        }
        let operator = self
            .config
            .scanners
            .iter()
            .find(|scanner| scanner.id == device)
            .and_then(|scanner| scanner.operator.clone());
        let input = ScanInput {
            bytes: scan.bytes,
            symbology: scan.symbology,
            device: device.clone(),
            operator,
            workflow,
            at: scan.at,
        };
        let started = Instant::now();
        let outcome = self.station.process_scan(input)?;
        let latency = started.elapsed();
        *self
            .counts
            .entry(outcome.verdict.level.as_str())
            .or_default() += 1;
        if workflow == Workflow::Line {
            self.line.observe(&outcome);
        }
        log_verdict(&device, workflow, &outcome, latency);
        let mut object = outcome_json(&device, workflow, &outcome);
        if workflow == Workflow::Lookup {
            if let Some(details) = self.lookup_details(&outcome, now) {
                info!(device = device.as_str(); "lookup: {details}");
                object["lookup"] = details;
            }
        }
        self.emit(object, Some(&outcome))
    }

    /// Warranty status and service history of a scanned serial (the lookup workflow).
    fn lookup_details(&self, outcome: &ScanOutcome, now: DateTime<Utc>) -> Option<Value> {
        let gtin = outcome.parsed.get("01")?;
        let serial = outcome.parsed.get("21")?;
        let today = self.station.local_date(now);
        match self.station.store().serial_details(gtin, serial, today) {
            Ok(details) => Some(details),
            Err(err) => {
                warn!("lookup of {gtin} / {serial} failed: {err}");
                None
            }
        }
    }

    fn on_print_trigger(&mut self, trigger: &str, _now: DateTime<Utc>) -> Result<(), DaemonError> {
        let message = match self.line.active() {
            Some((gtin, lot)) => format!("print requested by {trigger} for {gtin} lot {}, but no printer is configured", lot.unwrap_or("-")),
            None => format!("print requested by {trigger}, but no product is active: scan a product barcode (GTIN + lot) in the line workflow first"),
        };
        warn!("{message}");
        self.emit_problem(trigger, "cannot_print", &message)
    }

    fn emit_problem(&mut self, device: &str, code: &str, message: &str) -> Result<(), DaemonError> {
        self.emit(
            json!({"event": "problem", "device": device, "code": code, "message": message}),
            None,
        )
    }

    /// Writes one event: the JSON object, or a line for a person.
    fn emit(&mut self, object: Value, outcome: Option<&ScanOutcome>) -> Result<(), DaemonError> {
        let line = match self.output {
            OutputMode::Json => object.to_string(),
            OutputMode::Human => human_line(&object, outcome),
        };
        writeln!(self.out, "{line}")
            .and_then(|()| self.out.flush())
            .map_err(DaemonError::Output)
    }

    /// Logs a heartbeat once a minute.
    pub fn tick(&mut self) {
        if self.last_heartbeat.elapsed() >= HEARTBEAT {
            self.last_heartbeat = Instant::now();
            let count = |key: &str| self.counts.get(key).copied().unwrap_or(0);
            info!(
                accept = count("accept"), warn = count("warn"), reject = count("reject");
                "heartbeat: station {} up; scans accept={} warn={} reject={}",
                self.config.station.id, count("accept"), count("warn"), count("reject")
            );
        }
    }

    /// Re-reads the configuration file and applies the verdict policy.
    pub fn reload(&mut self, path: Option<&std::path::Path>) {
        let Some(path) = path else {
            info!("SIGHUP: the embedded demo configuration has nothing to reload");
            return;
        };
        match Config::load(path) {
            Ok(new_config) => {
                let mut settings = self.station.settings().clone();
                settings.policy = new_config.policy.clone();
                self.station.set_settings(settings);
                let mut needs_restart = Vec::new();
                if format!("{:?}", new_config.scanners) != format!("{:?}", self.config.scanners) {
                    needs_restart.push("[[scanner]]");
                }
                if format!("{:?}", new_config.store) != format!("{:?}", self.config.store) {
                    needs_restart.push("[store]");
                }
                if new_config.station.id != self.config.station.id {
                    needs_restart.push("[station] id");
                }
                info!(
                    "SIGHUP: reloaded {}: verdict policy applied",
                    path.display()
                );
                if !needs_restart.is_empty() {
                    warn!("SIGHUP: changes to {} take effect only after a restart (systemctl restart scanstation)", needs_restart.join(", "));
                }
                self.config.policy = new_config.policy;
                self.config.line = new_config.line;
            }
            Err(err) => warn!("SIGHUP: keeping the running configuration: {err}"),
        }
    }
}

fn log_verdict(device: &str, workflow: Workflow, outcome: &ScanOutcome, latency: Duration) {
    let codes: Vec<&str> = outcome
        .verdict
        .reasons
        .iter()
        .map(|reason| reason.code.as_str())
        .collect();
    let level = outcome.verdict.level.as_str();
    let micros = latency.as_micros() as u64;
    match outcome.verdict.level {
        Level::Accept => {
            info!(device, workflow = workflow.as_str(), verdict = level, seq = outcome.seq, latency_us = micros; "scan {level}")
        }
        _ => {
            warn!(device, workflow = workflow.as_str(), verdict = level, reasons = codes.join(","), seq = outcome.seq, latency_us = micros; "scan {level}: {}", codes.join(", "))
        }
    }
}

fn outcome_json(device: &str, workflow: Workflow, outcome: &ScanOutcome) -> Value {
    let mut object = outcome.to_json();
    if let Value::Object(map) = &mut object {
        map.insert("device".into(), Value::from(device));
        map.insert("workflow".into(), Value::from(workflow.as_str()));
    }
    object
}

/// `ACCEPT  (01)…(10)…` or `REJECT  (01)…  recalled: lot … was recalled …`.
fn human_line(object: &Value, outcome: Option<&ScanOutcome>) -> String {
    if let Some(outcome) = outcome {
        let shown = match outcome.parsed.kind {
            Kind::Plain => outcome.parsed.text.clone().unwrap_or_default(),
            _ => outcome.parsed.hri(),
        };
        let mut line = format!(
            "{:<7} {shown}",
            outcome.verdict.level.as_str().to_uppercase()
        );
        for reason in &outcome.verdict.reasons {
            line.push_str(&format!(
                "\n        {}: {}",
                reason.code.as_str(),
                reason.message
            ));
        }
        return line;
    }
    match object["event"].as_str() {
        Some("problem") => format!(
            "PROBLEM {}: {}",
            object["code"].as_str().unwrap_or(""),
            object["message"].as_str().unwrap_or("")
        ),
        Some("workflow") => format!(
            "MODE    {} is now in workflow {}",
            object["device"].as_str().unwrap_or(""),
            object["workflow"].as_str().unwrap_or("")
        ),
        Some("dropped") => format!(
            "DROPPED {}: {}",
            object["reason"].as_str().unwrap_or(""),
            object["detail"].as_str().unwrap_or("")
        ),
        _ => format!("        {object}"),
    }
}

/// Runs the daemon until SIGTERM/SIGINT, or until every scanner source has stopped (stdin
/// at end of file).
pub fn run(config: Config, options: RunOptions) -> Result<(), DaemonError> {
    let started = Instant::now();
    let stop = Arc::new(AtomicBool::new(false));
    let (input_tx, input_rx) = crossbeam_channel::unbounded::<InputEvent>();
    let (signal_tx, signal_rx) = crossbeam_channel::unbounded::<SignalKind>();
    spawn_signal_thread(signal_tx, Arc::clone(&stop))?;

    let mut daemon = Daemon::open(config, options.output, Box::new(std::io::stdout()))?;
    let mut sources: Vec<(String, JoinHandle<()>)> = Vec::new();
    for scanner in &daemon.config.scanners {
        match input::spawn_source(scanner, input_tx.clone(), Arc::clone(&stop)) {
            Ok(handle) => sources.push((scanner.id.clone(), handle)),
            Err(err) if options.no_hardware => warn!("{err} (continuing: --no-hardware)"),
            Err(err) => {
                return Err(DaemonError::Input {
                    device: scanner.id.clone(),
                    message: err.to_string(),
                })
            }
        }
    }
    drop(input_tx);
    info!(
        station = daemon.config.station.id.as_str(), scanners = sources.len();
        "station {} started in {} ms: {} scanner(s), database {}",
        daemon.config.station.id, started.elapsed().as_millis(), sources.len(), daemon.config.store.path.display()
    );
    let mut stopped_sources = 0usize;
    loop {
        let event = select! {
            recv(input_rx) -> event => match event {
                Ok(event) => Event::Input(event),
                // Every reader thread has ended (stdin closed): nothing more can arrive.
                Err(_) => break,
            },
            recv(signal_rx) -> signal => match signal {
                Ok(kind) => Event::Signal(kind),
                Err(_) => continue,
            },
            default(TICK) => {
                daemon.tick();
                continue;
            }
        };
        if let Event::Input(InputEvent::Status {
            state: input::DeviceState::Stopped,
            ..
        }) = &event
        {
            stopped_sources += 1;
        }
        if let Event::Signal(SignalKind::Reload) = event {
            daemon.reload(options.config_path.as_deref());
            continue;
        }
        if !daemon.handle(event, Utc::now())? {
            break;
        }
        if !sources.is_empty() && stopped_sources >= sources.len() {
            break;
        }
    }
    shutdown(&mut daemon, &stop, sources, &input_rx)
}

/// Stops the sources, then processes every scan they had already delivered.
fn shutdown(
    daemon: &mut Daemon,
    stop: &AtomicBool,
    sources: Vec<(String, JoinHandle<()>)>,
    input_rx: &Receiver<InputEvent>,
) -> Result<(), DaemonError> {
    stop.store(true, Ordering::SeqCst);
    let deadline = Instant::now() + SOURCE_STOP_WAIT;
    for (device, handle) in sources {
        while !handle.is_finished() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(10));
        }
        if handle.is_finished() {
            let _ = handle.join();
        } else {
            warn!("scanner {device}: reader thread did not stop in time; its device is released at exit");
        }
    }
    let mut drained = 0;
    while let Ok(event) = input_rx.try_recv() {
        if matches!(event, InputEvent::Scan(_)) {
            drained += 1;
        }
        daemon.handle(Event::Input(event), Utc::now())?;
    }
    info!(
        "station {} stopped ({drained} queued scan(s) processed during shutdown)",
        daemon.config.station.id
    );
    Ok(())
}

/// SIGTERM/SIGINT stop the daemon; SIGHUP reloads. The stop flag is also set at once so
/// reader threads stop taking new scans while the loop finishes the one in flight.
fn spawn_signal_thread(tx: Sender<SignalKind>, stop: Arc<AtomicBool>) -> Result<(), DaemonError> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGINT, SIGHUP])
        .map_err(DaemonError::Signals)?;
    std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            for signal in signals.forever() {
                let kind = if signal == SIGHUP {
                    SignalKind::Reload
                } else {
                    SignalKind::Stop
                };
                if kind == SignalKind::Stop {
                    stop.store(true, Ordering::SeqCst);
                }
                if tx.send(kind).is_err() {
                    break;
                }
            }
        })
        .map_err(DaemonError::Signals)?;
    Ok(())
}
