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
mod print;
mod sync;

use std::collections::{HashMap, VecDeque};
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
use crate::feedback::{self, Indicator, LogIndicator, Signal};
use crate::gs1::{Kind, ParseOptions};
use crate::input::{self, InputEvent, Scan};
use crate::printer::{Outcome, PrinterConfig, TransportKind};
use crate::station::{ScanInput, ScanOutcome, Station, StationSettings};
use crate::status::{
    DeviceStatus, LineStatus, PrinterStatus, RecentScan, SharedStatus, Status, StatusBoard,
    StatusServer, SyncOutcome,
};
use crate::store::print_queue::{JobState, NewJob};
use crate::store::{EventKind, IntegrityCheck, JournalEntry, OpenOptions, Store, StoreError};
use crate::verdict::{Level, Workflow};

pub use demo::seed_demo_database;
pub use line::{render, LineLabels, LineState, PalletLabels, PrintedLabel, Rendered, Trigger};
pub use print::{PrintEvent, PrintEventKind, PrintService};
pub use sync::{SyncEvent, SyncService};

/// How often the loop wakes without events (heartbeat, housekeeping).
const TICK: Duration = Duration::from_secs(1);
/// How often the status board's database figures (queue depth, unsynced journal, serials
/// left, master-data age) are refreshed.
const STATUS_REFRESH: Duration = Duration::from_secs(5);
/// How often a heartbeat line is logged.
const HEARTBEAT: Duration = Duration::from_secs(60);
/// How long shutdown waits for reader threads before draining what they delivered.
const SOURCE_STOP_WAIT: Duration = Duration::from_millis(500);

/// How long shutdown lets the print workers send labels queued by the last scans.
const PRINT_DRAIN_WAIT: Duration = Duration::from_secs(3);
/// How long shutdown waits for a print worker in the middle of a job.
const PRINT_STOP_WAIT: Duration = Duration::from_secs(2);

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
    #[error("line labels: {0}")]
    Labels(String),
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
    /// A print worker handled a job or hit a fault.
    Print(PrintEvent),
    /// A head-office sync run ended.
    Sync(SyncEvent),
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
    /// The line label template; `None` when the station has no printer.
    labels: Option<LineLabels>,
    /// The receiving pallet label template; `None` unless `[receiving] pallet_label`.
    pallets: Option<PalletLabels>,
    printing: Option<PrintService>,
    /// Printed line labels waiting for the operator's verification scan (`[line] verify`).
    pending_verify: VecDeque<PrintedLabel>,
    /// Labels that failed verification while their job was still being sent: voided and
    /// reprinted as soon as the worker reports the job's outcome.
    pending_void: HashMap<i64, (PrintedLabel, String, String)>,
    /// LEDs and buzzer (or the log): shown after the journal commit, never before.
    indicator: Box<dyn Indicator>,
    output: OutputMode,
    out: Box<dyn Write + Send>,
    counts: HashMap<&'static str, u64>,
    last_heartbeat: Instant,
    /// What the status page shows; shared with the status server thread.
    status: SharedStatus,
    last_status_refresh: Instant,
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
            ..OpenOptions::default()
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
        let labels = LineLabels::load(&config).map_err(DaemonError::Labels)?;
        let pallets = PalletLabels::load(&config).map_err(DaemonError::Labels)?;
        let status = Status::shared(initial_board(&config, &workflows));
        let mut daemon = Daemon {
            config,
            station,
            workflows,
            line,
            labels,
            pallets,
            printing: None,
            pending_verify: VecDeque::new(),
            pending_void: HashMap::new(),
            indicator: Box::new(LogIndicator),
            output,
            out,
            counts: HashMap::new(),
            last_heartbeat: Instant::now(),
            status,
            last_status_refresh: Instant::now(),
        };
        daemon.refresh_status();
        daemon.publish_line();
        Ok(daemon)
    }

    /// The status the status page shows.
    pub fn status(&self) -> SharedStatus {
        Arc::clone(&self.status)
    }

    fn board(&self) -> std::sync::RwLockWriteGuard<'_, Status> {
        self.status
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Reads the figures that live in the database onto the board.
    fn refresh_status(&mut self) {
        self.last_status_refresh = Instant::now();
        let store = self.station.store();
        let queue = store.count_unsent_jobs();
        let serials = store.serials_remaining();
        let sync = crate::sync::status(store, Utc::now());
        let master = store.master_data_version();
        let sync_on = self.config.sync.url.is_some();
        let mut status = self.board();
        match queue {
            Ok(depth) => status.set_print_queue_depth(depth),
            Err(err) => warn!("status: {err}"),
        }
        match serials {
            Ok(remaining) => status.set_serials_remaining(remaining),
            Err(err) => warn!("status: {err}"),
        }
        match sync {
            Ok(sync) => {
                let now = Utc::now();
                status.set_journal_unsynced(Some(sync.unsent).filter(|_| sync_on));
                status.set_oldest_unsent(
                    sync.oldest_unsent_age_secs
                        .map(|age| now - chrono::Duration::seconds(age)),
                );
                if let Some((finished_at, ok, summary)) = sync.last_run {
                    status.set_last_sync(SyncOutcome {
                        finished_at,
                        ok,
                        message: sync_message(&summary),
                    });
                }
            }
            Err(err) => warn!("status: {err}"),
        }
        if let Ok((_, Some(updated_at))) = master {
            status.set_master_data_pulled(updated_at);
        }
    }

    /// Puts the line workflow's active product on the board.
    fn publish_line(&mut self) {
        let line = self.line.active().map(|(gtin, lot)| LineStatus {
            gtin: gtin.to_owned(),
            lot: lot.map(str::to_owned),
            product_name: self
                .station
                .store()
                .product(gtin)
                .ok()
                .flatten()
                .map(|product| product.name),
            printed: self.line.printed,
        });
        self.board().set_line(line);
    }

    fn update_scanner(&mut self, device: &str, update: impl FnOnce(&mut DeviceStatus)) {
        let mut status = self.board();
        if let Some(scanner) = status.board.scanners.iter_mut().find(|s| s.id == device) {
            update(scanner);
        }
    }

    fn update_printer(&mut self, name: &str, state: &str, message: Option<String>) {
        let mut status = self.board();
        if let Some(printer) = status.board.printers.iter_mut().find(|p| p.name == name) {
            printer.state = state.to_owned();
            printer.message = message;
        }
    }

    pub fn station(&self) -> &Station {
        &self.station
    }

    pub fn line(&self) -> &LineState {
        &self.line
    }

    /// Replaces the operator feedback (GPIO from `[feedback]`, or a recording fake in tests).
    pub fn set_indicator(&mut self, indicator: Box<dyn Indicator>) {
        self.indicator = indicator;
    }

    /// Starts a print worker per configured printer; they report on `events`.
    pub fn start_printing(&mut self, events: Sender<PrintEvent>) {
        let busy_timeout = Duration::from_millis(self.config.store.busy_timeout_ms);
        self.printing = Some(PrintService::start(
            self.station.store(),
            &self.config.printers,
            busy_timeout,
            events,
        ));
    }

    /// Whether jobs of this station's printers are still queued or being sent.
    fn has_unsent_jobs(&self) -> bool {
        self.printing.is_some()
            && self
                .station
                .store()
                .count_unsent_jobs()
                .map(|count| count > 0)
                .unwrap_or(false)
    }

    /// Stops the print workers after the job each is sending.
    pub fn stop_printing(&mut self, wait: Duration) {
        if let Some(printing) = self.printing.take() {
            printing.stop(wait);
        }
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
                self.update_scanner(&device, |scanner| {
                    scanner.state = state.as_str().to_owned();
                    scanner.message = Some(message.clone()).filter(|text| !text.is_empty());
                });
                self.emit(json!({"event": "device", "device": device, "state": state.as_str(), "message": message}), None)?;
            }
            Event::Input(InputEvent::Dropped {
                device,
                reason,
                detail,
            }) => {
                *self.counts.entry(reason.as_str()).or_default() += 1;
                self.board().dropped(reason.as_str());
                warn!(device = device.as_str(), reason = reason.as_str(); "scanner {device}: input dropped ({}): {detail}", reason.as_str());
                self.emit(json!({"event": "dropped", "device": device, "reason": reason.as_str(), "detail": detail}), None)?;
            }
            Event::Button => self.on_print_trigger("button", now)?,
            Event::Print(event) => self.on_print_event(event)?,
            Event::Sync(event) => self.on_sync_event(event)?,
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
                    self.update_scanner(&device, |scanner| {
                        scanner.workflow = new_workflow.as_str().to_owned();
                    });
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
        let outcome = match self
            .station
            .process_scan_with_input_problems(input, &scan.problems)
        {
            Ok(outcome) => outcome,
            Err(err) => {
                // Not journaled, so not acknowledged: the operator gets the fault signal and
                // scans again once the problem (a full disk, a locked database) is fixed.
                *self.counts.entry("not_recorded").or_default() += 1;
                log::error!(device = device.as_str(); "scan NOT recorded: {err}");
                self.indicator.show(Signal::Fault);
                return self.emit_problem(
                    &device,
                    "not_recorded",
                    &format!("the scan was NOT recorded, scan it again: {err}"),
                );
            }
        };
        let latency = started.elapsed();
        self.indicator.show(outcome.verdict.level.into());
        self.record_on_board(&device, workflow, &outcome, latency);
        *self
            .counts
            .entry(outcome.verdict.level.as_str())
            .or_default() += 1;
        log_verdict(&device, workflow, &outcome, latency);
        let mut object = outcome_json(&device, workflow, &outcome);
        if workflow == Workflow::Line {
            if self.config.line.verify
                && !self.pending_verify.is_empty()
                && outcome.parsed.get("21").is_some()
            {
                object["verification"] = self.verify_label(&device, &outcome, now)?;
            } else if self.line.observe(&outcome) {
                let (gtin, lot) = self.line.active().unwrap_or_default();
                info!(device = device.as_str(); "line: active product {gtin} lot {}", lot.unwrap_or("-"));
                object["line"] = json!({"gtin": gtin, "lot": lot});
                self.publish_line();
            }
        }
        if workflow == Workflow::Receiving && outcome.verdict.level != Level::Reject {
            match self.print_pallet(&device, &outcome, now) {
                Ok(Some(label)) => object["pallet_label"] = label,
                Ok(None) => {}
                Err(message) => {
                    warn!(device = device.as_str(); "pallet label: {message}");
                    object["pallet_label"] = json!({"error": message});
                }
            }
        }
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

    /// A button press or a "print next" scan: allocate the next serial(s), queue the
    /// label(s), journal both, wake the printer.
    fn on_print_trigger(&mut self, trigger: &str, now: DateTime<Utc>) -> Result<(), DaemonError> {
        for _ in 0..self.config.line.labels_per_trigger.max(1) {
            if let Err(message) = self.print_next(trigger, now) {
                warn!("print requested by {trigger}: {message}");
                self.indicator.show(Signal::PrintFailed);
                *self.counts.entry("print_refused").or_default() += 1;
                return self.emit_problem(trigger, "cannot_print", &message);
            }
        }
        Ok(())
    }

    /// Queues a rendered label with its journal row (`entry`, a `print` row) in one
    /// transaction, writes the PNG preview of a folder printer as `<preview_name>.png`, and
    /// wakes the printer's worker. Returns the job id.
    fn queue_rendered(
        &mut self,
        printer: &PrinterConfig,
        template: &str,
        rendered: &Rendered,
        mut entry: JournalEntry,
        preview_name: &str,
        now: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        entry.payload = Some(json!({"printer": printer.name, "template": template}).to_string());
        let serial = entry.serial.clone();
        let (job_id, _) = self.station.store_mut().queue_print(
            &NewJob {
                printer: &printer.name,
                template,
                fields_json: &rendered.fields_json,
                copies: 1,
                payload: &rendered.payload,
                serial: serial.as_deref(),
            },
            &entry,
            now,
        )?;
        if let (TransportKind::File, Some(png), Some(dir)) =
            (printer.transport, &rendered.png, &printer.path)
        {
            let path = PathBuf::from(dir).join(format!("{preview_name}.png"));
            if let Err(err) = std::fs::create_dir_all(dir).and_then(|()| std::fs::write(&path, png))
            {
                warn!("label preview {}: {err}", path.display());
            }
        }
        if let Some(printing) = &self.printing {
            printing.wake(&printer.name);
        }
        Ok(job_id)
    }

    /// Receiving: an accepted logistic label gets an internal pallet label
    /// (`[receiving] pallet_label`).
    fn print_pallet(
        &mut self,
        device: &str,
        outcome: &ScanOutcome,
        now: DateTime<Utc>,
    ) -> Result<Option<Value>, String> {
        let Some(pallets) = &self.pallets else {
            return Ok(None);
        };
        let product_name = outcome
            .parsed
            .get("02")
            .or_else(|| outcome.parsed.get("01"))
            .and_then(|gtin| self.station.store().product(gtin).ok().flatten())
            .map(|product| product.name);
        let Some(values) = pallets.values(
            outcome,
            &self.config.station.location,
            product_name.as_deref(),
        ) else {
            return Ok(None);
        };
        let scanner = self
            .config
            .scanners
            .iter()
            .find(|scanner| scanner.id == device);
        let printer = self
            .config
            .receiving
            .printer
            .as_deref()
            .or_else(|| scanner.and_then(|scanner| scanner.printer.as_deref()))
            .and_then(|name| self.config.printer(name))
            .or_else(|| self.config.printers.first())
            .cloned()
            .ok_or("no printer is configured for pallet labels")?;
        let template = pallets.template().name().to_owned();
        let rendered = render(pallets.template(), &values, &printer)?;
        let sscc = values.get("sscc").unwrap_or_default().to_owned();
        let mut entry = JournalEntry::new(EventKind::Print, now);
        entry.device = Some(device.to_owned());
        entry.operator = scanner.and_then(|scanner| scanner.operator.clone());
        entry.workflow = Some(Workflow::Receiving.as_str().to_owned());
        entry.sscc = Some(sscc.clone());
        entry.gtin = values.get("gtin").map(str::to_owned);
        entry.lot = values.get("lot").map(str::to_owned);
        let job_id = self
            .queue_rendered(&printer, &template, &rendered, entry, &sscc, now)
            .map_err(|err| format!("pallet label for SSCC {sscc} not queued: {err}"))?;
        info!(device, printer = printer.name.as_str(), job = job_id; "pallet label queued for SSCC {sscc}");
        Ok(Some(
            json!({"printer": printer.name, "job_id": job_id, "sscc": sscc}),
        ))
    }

    fn print_next(&mut self, trigger: &str, now: DateTime<Utc>) -> Result<(), String> {
        let scanner = self
            .config
            .scanners
            .iter()
            .find(|scanner| scanner.id == trigger);
        let printer = scanner
            .and_then(|scanner| scanner.printer.as_deref())
            .and_then(|name| self.config.printer(name))
            .or_else(|| self.config.line_printer())
            .cloned()
            .ok_or("no printer is configured: add a [[printer]] to the station configuration")?;
        let labels = self
            .labels
            .as_ref()
            .ok_or("the line label template is not loaded")?;
        let operator = scanner.and_then(|scanner| scanner.operator.clone());
        let today = self.station.local_date(now);
        let prepared = labels.prepare(
            self.station.store_mut(),
            &self.line,
            self.config.line.expiry_days,
            &printer,
            &Trigger {
                device: Some(trigger),
                operator: operator.as_deref(),
                now,
                today,
            },
        )?;
        let mut label = prepared.label;
        let mut entry = JournalEntry::new(EventKind::Print, now);
        entry.device = Some(trigger.to_owned());
        entry.operator = operator;
        entry.workflow = Some(Workflow::Line.as_str().to_owned());
        entry.gtin = Some(label.gtin.clone());
        entry.lot = label.lot.clone();
        entry.serial = Some(label.serial.clone());
        let rendered = Rendered {
            payload: prepared.payload,
            png: prepared.png,
            fields_json: prepared.fields_json,
        };
        label.job_id = self
            .queue_rendered(
                &printer,
                &prepared.template,
                &rendered,
                entry,
                &label.serial,
                now,
            )
            .map_err(|err| {
                format!(
                    "serial {} was allocated but its label could not be queued: {err}",
                    label.serial
                )
            })?;
        let job_id = label.job_id;
        self.line.printed += 1;
        self.publish_line();
        {
            let mut status = self.board();
            let depth = status.board.print_queue_depth + 1;
            status.set_print_queue_depth(depth);
        }
        info!(printer = printer.name.as_str(), job = job_id, serial = label.serial.as_str(); "line label queued: {} lot {} serial {}", label.gtin, label.lot.as_deref().unwrap_or("-"), label.serial);
        let object = json!({
            "event": "label_queued", "device": trigger, "printer": printer.name, "job_id": job_id,
            "gtin": label.gtin, "lot": label.lot, "serial": label.serial, "expiry": label.expiry,
        });
        if self.config.line.verify {
            self.pending_verify.push_back(label);
        }
        self.emit(object, None).map_err(|err| err.to_string())
    }

    /// The operator scanned a printed label: it must decode to exactly the allocated data,
    /// otherwise the label is voided and the same serial reprinted.
    fn verify_label(
        &mut self,
        device: &str,
        outcome: &ScanOutcome,
        now: DateTime<Utc>,
    ) -> Result<Value, DaemonError> {
        let serial = outcome.parsed.get("21");
        let index = self
            .pending_verify
            .iter()
            .position(|label| Some(label.serial.as_str()) == serial)
            .unwrap_or(0);
        let Some(label) = self.pending_verify.remove(index) else {
            return Ok(Value::Null);
        };
        let mismatches = label.mismatches(outcome);
        if mismatches.is_empty() {
            info!(device; "label {} verified", label.serial);
            return Ok(
                json!({"result": "verified", "job_id": label.job_id, "serial": label.serial}),
            );
        }
        let reason = format!("verification scan differs: {}", mismatches.join("; "));
        warn!(device; "label {} fails verification: {reason}; voiding and reprinting", label.serial);
        *self.counts.entry("verify_failed").or_default() += 1;
        let job_done = self
            .station
            .store()
            .print_job(label.job_id)
            .map(|job| !matches!(job.state, JobState::Queued | JobState::Sending))
            .unwrap_or(true);
        if !job_done {
            info!(device; "label {} still being sent: voided and reprinted when the printer reports it", label.serial);
            let object = json!({"result": "void_pending", "job_id": label.job_id, "serial": label.serial, "mismatches": mismatches});
            self.pending_void
                .insert(label.job_id, (label, reason, device.to_owned()));
            return Ok(object);
        }
        let mut object = self.void_and_reprint(label, &reason, device, now);
        object["mismatches"] = json!(mismatches);
        Ok(object)
    }

    /// Voids a label's job and queues the same data again; the new label waits for its own
    /// verification scan.
    fn void_and_reprint(
        &mut self,
        mut label: PrintedLabel,
        reason: &str,
        device: &str,
        now: DateTime<Utc>,
    ) -> Value {
        let old_job = label.job_id;
        match self
            .station
            .store_mut()
            .reprint_job(old_job, reason, Some(device), now)
        {
            Ok(new_job) => {
                label.job_id = new_job;
                if let Some(printing) = &self.printing {
                    printing.wake(&label.printer);
                }
                let object = json!({"result": "reprinted", "voided_job_id": old_job, "job_id": new_job, "serial": label.serial});
                self.pending_verify.push_front(label);
                object
            }
            Err(err) => {
                warn!("voiding job {old_job}: {err}; void it with `scanstation queue void {old_job}` and reprint");
                json!({"result": "mismatch", "job_id": old_job, "serial": label.serial, "error": err.to_string()})
            }
        }
    }

    fn on_sync_event(&mut self, event: SyncEvent) -> Result<(), DaemonError> {
        let object = match event {
            SyncEvent::Done(summary) => {
                self.refresh_status();
                let mut object = summary.to_json();
                object["event"] = json!("sync");
                object
            }
            SyncEvent::Failed { error, retry_in } => {
                *self.counts.entry("sync_failed").or_default() += 1;
                self.board().set_last_sync(SyncOutcome {
                    finished_at: Utc::now(),
                    ok: false,
                    message: format!("{error} (retry in {} s)", retry_in.as_secs()),
                });
                json!({"event": "sync", "ok": false, "error": error, "retry_in_secs": retry_in.as_secs()})
            }
        };
        self.emit(object, None)
    }

    fn on_print_event(&mut self, event: PrintEvent) -> Result<(), DaemonError> {
        let printer = event.printer;
        let object = match event.kind {
            PrintEventKind::Fault(message) => {
                *self.counts.entry("printer_error").or_default() += 1;
                self.indicator.show(Signal::PrintFailed);
                self.board().printer_error(&printer);
                self.update_printer(&printer, "fault", Some(message.clone()));
                warn!(printer = printer.as_str(); "printer {printer}: {message}");
                json!({"event": "print", "printer": printer, "state": "fault", "reason": message})
            }
            PrintEventKind::Outcome(outcome) => {
                let (state, job_id, reason) = match &outcome {
                    Outcome::Idle => return Ok(()),
                    Outcome::Printed { job_id } => ("printed", *job_id, String::new()),
                    Outcome::NotReady { job_id, state } => {
                        ("not_ready", *job_id, state.as_str().to_owned())
                    }
                    Outcome::Unknown { job_id, reason } => ("unknown", *job_id, reason.clone()),
                    Outcome::Failed { job_id, reason } => ("failed", *job_id, reason.clone()),
                    Outcome::Requeued { job_id, reason } => ("requeued", *job_id, reason.clone()),
                };
                let finished = matches!(state, "printed" | "unknown" | "failed");
                if let Some((label, reason, device)) = finished
                    .then(|| self.pending_void.remove(&job_id))
                    .flatten()
                {
                    let mut object = self.void_and_reprint(label, &reason, &device, Utc::now());
                    object["event"] = json!("verification");
                    object["device"] = json!(device);
                    self.emit(object, None)?;
                }
                let printer_state = match &outcome {
                    Outcome::NotReady { state, .. } => state.as_str(),
                    Outcome::Printed { .. } => "ready",
                    _ => state,
                };
                self.update_printer(
                    &printer,
                    printer_state,
                    Some(reason.clone()).filter(|text| !text.is_empty()),
                );
                self.refresh_status();
                if state == "printed" {
                    self.indicator.show(Signal::Printed);
                    info!(printer = printer.as_str(), job = job_id; "printer {printer}: job {job_id} printed");
                } else {
                    *self.counts.entry("printer_error").or_default() += 1;
                    self.indicator.show(Signal::PrintFailed);
                    self.board().printer_error(&printer);
                    warn!(printer = printer.as_str(), job = job_id; "printer {printer}: job {job_id} {state}: {reason}");
                }
                json!({"event": "print", "printer": printer, "job_id": job_id, "state": state, "reason": reason})
            }
        };
        self.emit(object, None)
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
        if self.last_status_refresh.elapsed() >= STATUS_REFRESH {
            self.refresh_status();
        }
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

impl Daemon {
    fn record_on_board(
        &mut self,
        device: &str,
        workflow: Workflow,
        outcome: &ScanOutcome,
        latency: Duration,
    ) {
        let shown = match outcome.parsed.kind {
            Kind::Plain => outcome.parsed.text.clone().unwrap_or_default(),
            _ => outcome.parsed.hri(),
        };
        let scan = RecentScan {
            at: Utc::now(),
            device: device.to_owned(),
            workflow: workflow.as_str().to_owned(),
            level: String::new(),
            hri: shown,
            reasons: outcome
                .verdict
                .reasons
                .iter()
                .map(|reason| reason.message.clone())
                .collect(),
            latency_us: 0,
        };
        let mut status = self.board();
        status.record_scan(scan, outcome.verdict.level, latency);
        if let Some(scanner) = status.board.scanners.iter_mut().find(|s| s.id == device) {
            scanner.last_seen = Some(Utc::now());
        }
    }
}

/// `pushed 12, pulled 3, 0 rejected` from a sync run's summary JSON (or its error).
fn sync_message(summary: &Value) -> String {
    if let Some(error) = summary.get("error").and_then(Value::as_str) {
        return error.to_owned();
    }
    let count = |key: &str| summary.get(key).and_then(Value::as_u64).unwrap_or(0);
    format!(
        "pushed {}, pulled {}, {} rejected",
        count("pushed"),
        count("pulled"),
        count("rejected")
    )
}

/// The board at start: every configured scanner and printer, state unknown until they report.
fn initial_board(config: &Config, workflows: &HashMap<String, Workflow>) -> StatusBoard {
    let mut board = StatusBoard::new(&config.station.id, &config.station.location, Utc::now());
    board.scanners = config
        .scanners
        .iter()
        .map(|scanner| DeviceStatus {
            id: scanner.id.clone(),
            kind: scanner.kind.as_str().to_owned(),
            workflow: workflows
                .get(&scanner.id)
                .map(|workflow| workflow.as_str())
                .unwrap_or("receiving")
                .to_owned(),
            state: "starting".to_owned(),
            message: None,
            last_seen: None,
        })
        .collect();
    board.printers = config
        .printers
        .iter()
        .map(|printer| PrinterStatus {
            name: printer.name.clone(),
            transport: printer.describe_transport(),
            state: "unknown".to_owned(),
            message: None,
            queued: 0,
        })
        .collect();
    board
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
        Some("label_queued") => format!(
            "LABEL   {} lot {} serial {} → printer {} (job {})",
            object["gtin"].as_str().unwrap_or(""),
            object["lot"].as_str().unwrap_or("-"),
            object["serial"].as_str().unwrap_or(""),
            object["printer"].as_str().unwrap_or(""),
            object["job_id"]
        ),
        Some("print") => format!(
            "PRINT   {} job {}: {} {}",
            object["printer"].as_str().unwrap_or(""),
            object["job_id"],
            object["state"].as_str().unwrap_or(""),
            object["reason"].as_str().unwrap_or("")
        ),
        Some("sync") if object["ok"] == true => format!(
            "SYNC    pushed {}, pulled {}, {} unsent",
            object["pushed"], object["pulled"], object["unsent"]
        ),
        Some("sync") => format!(
            "SYNC    failed: {} (retry in {} s; scans are decided offline meanwhile)",
            object["error"].as_str().unwrap_or(""),
            object["retry_in_secs"]
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
    let (print_tx, print_rx) = crossbeam_channel::unbounded::<PrintEvent>();
    // `print_tx` and `button_tx` stay alive here: a channel without senders would make
    // `select!` spin on its disconnection.
    daemon.start_printing(print_tx.clone());
    let (sync_tx, sync_rx) = crossbeam_channel::unbounded::<SyncEvent>();
    let sync_service = SyncService::start(&daemon.config, sync_tx.clone());
    daemon.set_indicator(feedback::open(&daemon.config.feedback));
    let status_server = if daemon.config.status.enabled {
        match StatusServer::start(&daemon.config.status, daemon.status()) {
            Ok(server) => {
                let url = format!("http://{}/", server.local_addr());
                info!("status page on {url}");
                daemon.emit(json!({"event": "status_page", "url": url}), None)?;
                Some(server)
            }
            Err(err) => {
                warn!("status page not available: {err} (scanning goes on)");
                None
            }
        }
    } else {
        None
    };
    daemon.indicator.show(Signal::Startup);
    let (button_tx, button_rx) = crossbeam_channel::unbounded::<()>();
    if daemon.config.feedback.button_pin.is_some() {
        let debounce = Duration::from_millis(daemon.config.feedback.button_debounce_ms);
        match feedback::GpioButton::open(&daemon.config.feedback) {
            Ok(button) => {
                if let Err(err) = feedback::spawn_button(
                    Box::new(button),
                    debounce,
                    button_tx.clone(),
                    Arc::clone(&stop),
                ) {
                    warn!("cannot watch the operator's button: {err}");
                }
            }
            Err(err) => warn!("operator's button not available: {err}"),
        }
    }
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
            recv(sync_rx) -> event => match event {
                Ok(event) => Event::Sync(event),
                Err(_) => continue,
            },
            recv(button_rx) -> press => match press {
                Ok(()) => Event::Button,
                Err(_) => continue,
            },
            recv(print_rx) -> event => match event {
                Ok(event) => Event::Print(event),
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
    shutdown(&mut daemon, &stop, sources, &input_rx)?;
    // Labels queued by the last scans still go out if their printer answers quickly;
    // the rest stay queued for the next start.
    let deadline = Instant::now() + PRINT_DRAIN_WAIT;
    while daemon.has_unsent_jobs() && Instant::now() < deadline {
        if let Ok(event) = print_rx.recv_timeout(Duration::from_millis(50)) {
            daemon.handle(Event::Print(event), Utc::now())?;
        }
    }
    daemon.stop_printing(PRINT_STOP_WAIT);
    if let Some(sync_service) = sync_service {
        sync_service.stop(PRINT_STOP_WAIT);
    }
    if let Some(server) = status_server {
        server.stop();
    }
    drop(sync_tx);
    while let Ok(event) = print_rx.try_recv() {
        daemon.handle(Event::Print(event), Utc::now())?;
    }
    Ok(())
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

#[cfg(test)]
mod tests;
