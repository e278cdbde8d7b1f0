//! `scanstation run`: the station daemon. Wiring only: every configured scanner runs on its
//! own reader thread (`input::spawn_source`) and feeds one channel; this loop takes one event
//! at a time, runs the scan through `Station::process_scan` (parse → verdict → journal,
//! committed) and only then gives feedback. Everything that can trigger work arrives as an
//! [`Event`], so the whole behaviour is one `match`.
//!
//! Shutdown (SIGTERM/SIGINT): the sources are told to stop, the scans they already framed
//! are drained from the channel and processed (a scan read from a device is never dropped),
//! and the loop returns. SIGHUP re-reads the configuration and applies what can change while
//! running (the verdict policy, most of `[line]` including its active product); every other
//! changed section is logged as needing a restart.
//!
//! The line workflow's active product lives in the station database (`store::line_state`):
//! the loop reads it at start and polls it on its tick, so `scanstation line set|clear|
//! print-next` reach a running daemon without a control socket.

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
    DeviceStatus, LineStatus, LookupStatus, PrinterStatus, RecentScan, SharedStatus, Status,
    StatusBoard, StatusServer, SyncOutcome,
};
use crate::store::print_queue::{JobState, NewJob};
use crate::store::{
    EventKind, IntegrityCheck, JournalEntry, LineChange, LineControl, LineSource, OpenOptions,
    Store, StoreError,
};
use crate::verdict::{Level, Workflow};

pub use demo::seed_demo_database;
pub use line::{
    line_refusal, render, LineLabels, LineState, PalletLabels, PrintedLabel, Rendered, Trigger,
};
pub use print::{PrintEvent, PrintEventKind, PrintService};
pub use sync::{SyncEvent, SyncService};

/// How long the loop waits for an event before running its housekeeping anyway. The
/// housekeeping itself runs by elapsed time after every event as well, so steady traffic
/// cannot starve it.
const TICK: Duration = Duration::from_millis(250);
/// How often the line state and print requests in the database are polled.
const LINE_CONTROL_POLL: Duration = Duration::from_millis(250);
/// Print requests older than this when the daemon sees them are refused, not printed.
const LINE_REQUEST_MAX_AGE: chrono::TimeDelta = chrono::TimeDelta::seconds(60);
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
    /// Each printer's last reported state: feedback and error counts follow changes of
    /// state and failed jobs, not every report of a printer that stays unreachable.
    printer_states: HashMap<String, String>,
    /// LEDs and buzzer (or the log): shown after the journal commit, never before.
    indicator: Box<dyn Indicator>,
    output: OutputMode,
    out: Box<dyn Write + Send>,
    /// Stdout could not be written (a closed pipe): events are no longer printed, but scans
    /// go on being judged, journaled and shown on the LEDs and the status page.
    out_broken: bool,
    counts: HashMap<&'static str, u64>,
    last_heartbeat: Instant,
    /// What the status page shows; shared with the status server thread.
    status: SharedStatus,
    last_status_refresh: Instant,
    last_line_poll: Instant,
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
        let mut station = Station::new(store, settings);
        let workflows = config
            .scanners
            .iter()
            .map(|scanner| {
                (
                    scanner.id.clone(),
                    // Checked at load (`scanner[ID].workflow`): only a missing key defaults.
                    scanner
                        .workflow
                        .as_deref()
                        .and_then(|name| name.parse().ok())
                        .unwrap_or(Workflow::Receiving),
                )
            })
            .collect();
        let line = restore_line(&mut station, &config)?;
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
            printer_states: HashMap::new(),
            indicator: Box::new(LogIndicator),
            output,
            out,
            out_broken: false,
            counts: HashMap::new(),
            last_heartbeat: Instant::now(),
            status,
            last_status_refresh: Instant::now(),
            last_line_poll: Instant::now(),
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
        let per_printer = store.count_unsent_jobs_by_printer();
        let serials = store.serials_remaining();
        let sync = crate::sync::status(store, Utc::now());
        let master = store.master_data_version();
        let sync_on = self.config.sync.url.is_some();
        let mut status = self.board();
        match queue {
            Ok(depth) => status.set_print_queue_depth(depth),
            Err(err) => warn!("status: {err}"),
        }
        match per_printer {
            Ok(counts) => {
                for printer in &mut status.board.printers {
                    let queued = counts.get(&printer.name).copied().unwrap_or(0);
                    printer.queued = u64::try_from(queued).unwrap_or(0);
                }
            }
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
            Event::Input(InputEvent::Scan(scan)) => self.on_scan(scan, now),
            Event::Input(InputEvent::Status {
                device,
                state,
                message,
            }) => {
                match state {
                    input::DeviceState::Connected | input::DeviceState::Stopped => {
                        info!(device = device.as_str(), state = state.as_str(); "scanner {device}: {} {message}", state.as_str())
                    }
                    // Not plugged in, gone, or not openable: the source keeps retrying, but
                    // the operator must know that this scanner reads nothing.
                    _ => {
                        warn!(device = device.as_str(), state = state.as_str(); "scanner {device}: {} {message}", state.as_str())
                    }
                }
                self.update_scanner(&device, |scanner| {
                    scanner.state = state.as_str().to_owned();
                    scanner.message = Some(message.clone()).filter(|text| !text.is_empty());
                });
                self.emit(json!({"event": "device", "device": device, "state": state.as_str(), "message": message}), None);
            }
            Event::Input(InputEvent::Dropped {
                device,
                reason,
                detail,
            }) => {
                *self.counts.entry(reason.as_str()).or_default() += 1;
                self.board().dropped(reason.as_str());
                warn!(device = device.as_str(), reason = reason.as_str(); "scanner {device}: input dropped ({}): {detail}", reason.as_str());
                self.emit(json!({"event": "dropped", "device": device, "reason": reason.as_str(), "detail": detail}), None);
            }
            Event::Button => self.on_print_trigger("button", now),
            Event::Print(event) => self.on_print_event(event),
            Event::Sync(event) => self.on_sync_event(event),
            Event::Signal(SignalKind::Stop) => return Ok(false),
            Event::Signal(SignalKind::Reload) => {}
        }
        Ok(true)
    }

    fn operator_of(&self, device: &str) -> Option<String> {
        self.config
            .scanners
            .iter()
            .find(|scanner| scanner.id == device)
            .and_then(|scanner| scanner.operator.clone())
    }

    fn on_scan(&mut self, scan: Scan, now: DateTime<Utc>) {
        let device = scan.device.clone();
        let workflow = self
            .workflows
            .get(&device)
            .copied()
            .unwrap_or(Workflow::Receiving);
        let text = String::from_utf8_lossy(&scan.bytes).into_owned();
        if let Some(name) = text.strip_prefix(WORKFLOW_COMMAND) {
            match name.trim().parse::<Workflow>() {
                Ok(new_workflow) => {
                    self.workflows.insert(device.clone(), new_workflow);
                    self.update_scanner(&device, |scanner| {
                        scanner.workflow = new_workflow.as_str().to_owned();
                    });
                    info!(device = device.as_str(), workflow = new_workflow.as_str(); "scanner {device} now in workflow {}", new_workflow.as_str());
                    self.emit(json!({"event": "workflow", "device": device, "workflow": new_workflow.as_str()}), None);
                }
                Err(_) => self.emit_problem(
                    &device,
                    "unknown_command",
                    &format!("{text:?} names no workflow: use receiving, line or lookup"),
                ),
            }
            return;
        }
        if workflow == Workflow::Line && text.trim() == self.config.line.print_next_code {
            return self.on_print_trigger(&device, now);
        }
        let operator = self.operator_of(&device);
        let scanned_at = scan.at;
        let input = ScanInput {
            bytes: scan.bytes,
            symbology: scan.symbology,
            device: device.clone(),
            operator: operator.clone(),
            workflow,
            at: scan.at,
        };
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
        // From the moment the source framed the scan (its own clock reading) to the committed
        // verdict: what the operator waits for, channel and queueing included.
        let latency = (Utc::now() - scanned_at).to_std().unwrap_or_default();
        let mut object = outcome_json(&device, workflow, &outcome);
        let mut signal = Signal::from(outcome.verdict.level);
        let verifying = workflow == Workflow::Line
            && self.config.line.verify
            && !self.pending_verify.is_empty()
            && outcome.parsed.get("21").is_some();
        if verifying {
            let (verification, passed) = self.verify_label(&device, &outcome, now);
            if !passed {
                // The label in the operator's hand is wrong: take it off, whatever the verdict.
                signal = Signal::Reject;
            }
            object["verification"] = verification;
        }
        self.indicator.show(signal);
        self.record_on_board(&device, workflow, &outcome, latency);
        *self
            .counts
            .entry(outcome.verdict.level.as_str())
            .or_default() += 1;
        log_verdict(&device, workflow, &outcome, latency);
        let mut batch = false;
        if workflow == Workflow::Line && !verifying && self.line.observe(&outcome) {
            object["line"] = self.store_line_from_scan(&device, operator.as_deref(), &outcome, now);
            batch = self.config.line.batch_count > 0;
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
                self.board()
                    .record_lookup(LookupStatus::from_details(now, &device, &details));
                object["lookup"] = details;
            }
        }
        self.emit(object, Some(&outcome));
        if batch {
            // `[line] batch_count`: the work order is a trigger for that many labels.
            let count = self.config.line.batch_count;
            info!(device = device.as_str(), count; "line: work order scanned, printing a batch of {count} label(s)");
            self.print_labels(&device, None, count, now);
        }
    }

    /// Stores the product a work-order scan made active (journaled as `line_set`), so that
    /// it survives a restart and `scanstation line show` sees it. Returns the `line` object.
    fn store_line_from_scan(
        &mut self,
        device: &str,
        operator: Option<&str>,
        outcome: &ScanOutcome,
        now: DateTime<Utc>,
    ) -> Value {
        let (gtin, lot) = self
            .line
            .active()
            .map(|(gtin, lot)| (gtin.to_owned(), lot.map(str::to_owned)))
            .unwrap_or_default();
        let change = LineChange {
            gtin: Some(&gtin),
            lot: lot.as_deref(),
            source: LineSource::Scan,
            device: Some(device),
            operator,
            scan_seq: Some(outcome.seq),
            at: now,
        };
        match self.station.store_mut().set_line_product(&change) {
            Ok((revision, _)) => self.line.set_revision(revision),
            Err(err) => {
                warn!(device; "line: product {gtin} is active but was not stored ({err}); after a restart, scan the work order again")
            }
        }
        info!(device; "line: active product {gtin} lot {}", lot.as_deref().unwrap_or("-"));
        self.publish_line();
        json!({"gtin": gtin, "lot": lot})
    }

    /// Warranty status and service history of a scanned serial (the lookup workflow).
    fn lookup_details(&self, outcome: &ScanOutcome, now: DateTime<Utc>) -> Option<Value> {
        let gtin = outcome.parsed.get("01")?;
        let serial = outcome.parsed.get("21")?;
        let today = self.station.local_date(now);
        match self.station.store().serial_details(gtin, serial, today) {
            Ok(details) => Some(details),
            Err(StoreError::NotFound(message)) => Some(json!({
                "gtin": gtin, "serial": serial, "status": "unknown", "error": message,
            })),
            Err(err) => {
                warn!("lookup of {gtin} / {serial} failed: {err}");
                None
            }
        }
    }

    /// A button press or a "print next" scan: `[line] labels_per_trigger` labels.
    fn on_print_trigger(&mut self, trigger: &str, now: DateTime<Utc>) {
        let count = self.config.line.labels_per_trigger.max(1);
        self.print_labels(trigger, None, count, now);
    }

    /// Allocates, queues and journals `count` line labels, one serial each, for `trigger`
    /// (a scanner id, `button` or `cli`). Stops at the first refusal, which gets the
    /// print-failed pattern and a `cannot_print` problem. Returns the serials queued and the
    /// refusal.
    fn print_labels(
        &mut self,
        trigger: &str,
        operator: Option<&str>,
        count: u32,
        now: DateTime<Utc>,
    ) -> (Vec<String>, Option<String>) {
        let mut serials = Vec::new();
        for _ in 0..count {
            match self.print_next(trigger, operator, now) {
                Ok(serial) => serials.push(serial),
                Err(message) => {
                    warn!("print requested by {trigger}: {message}");
                    self.indicator.show(Signal::PrintFailed);
                    *self.counts.entry("print_refused").or_default() += 1;
                    self.emit_problem(trigger, "cannot_print", &message);
                    return (serials, Some(message));
                }
            }
        }
        (serials, None)
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
        {
            let mut status = self.board();
            let depth = status.board.print_queue_depth + 1;
            status.set_print_queue_depth(depth);
            if let Some(known) = status
                .board
                .printers
                .iter_mut()
                .find(|known| known.name == printer.name)
            {
                known.queued += 1;
            }
        }
        if let Some(state) = self
            .printer_states
            .get(&printer.name)
            .filter(|state| crate::status::state_is_bad(state))
        {
            // The label waits for a printer that is known to be down: say so now, not when
            // somebody wonders where it is.
            warn!(printer = printer.name.as_str(), job = job_id; "printer {} is {state}: job {job_id} waits in the queue until it is back", printer.name);
            self.indicator.show(Signal::PrintFailed);
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
            .label
            .get("02")
            .or_else(|| outcome.label.get("01"))
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

    /// One line label for `trigger`: its printer is the triggering scanner's, else the line
    /// printer. Returns the serial.
    fn print_next(
        &mut self,
        trigger: &str,
        operator: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<String, String> {
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
        let operator = operator
            .map(str::to_owned)
            .or_else(|| scanner.and_then(|scanner| scanner.operator.clone()));
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
        info!(printer = printer.name.as_str(), job = job_id, serial = label.serial.as_str(); "line label queued: {} lot {} serial {}", label.gtin, label.lot.as_deref().unwrap_or("-"), label.serial);
        let object = json!({
            "event": "label_queued", "device": trigger, "printer": printer.name, "job_id": job_id,
            "gtin": label.gtin, "lot": label.lot, "serial": label.serial, "expiry": label.expiry,
        });
        let serial = label.serial.clone();
        if self.config.line.verify {
            self.pending_verify.push_back(label);
        }
        self.emit(object, None);
        Ok(serial)
    }

    /// The operator scanned a printed label: it must decode to exactly the allocated data,
    /// otherwise the label is voided and the same serial reprinted. Returns the
    /// `verification` object and whether the label passed.
    fn verify_label(
        &mut self,
        device: &str,
        outcome: &ScanOutcome,
        now: DateTime<Utc>,
    ) -> (Value, bool) {
        let serial = outcome.parsed.get("21");
        let index = self
            .pending_verify
            .iter()
            .position(|label| Some(label.serial.as_str()) == serial)
            .unwrap_or(0);
        let Some(label) = self.pending_verify.remove(index) else {
            return (Value::Null, true);
        };
        let mismatches = label.mismatches(outcome);
        if mismatches.is_empty() {
            info!(device; "label {} verified", label.serial);
            return (
                json!({"result": "verified", "job_id": label.job_id, "serial": label.serial}),
                true,
            );
        }
        let reason = format!("verification scan differs: {}", mismatches.join("; "));
        warn!(device; "label {} fails verification: {reason}; voiding and reprinting", label.serial);
        *self.counts.entry("verify_failed").or_default() += 1;
        // The wrong label is void: its scan must not make the reprint a duplicate serial.
        if let Err(err) =
            self.station
                .store_mut()
                .forget_line_sighting(&label.gtin, &label.serial, outcome.seq)
        {
            warn!(device; "label {}: {err}; its reprint may be judged a duplicate", label.serial);
        }
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
            return (object, false);
        }
        let mut object = self.void_and_reprint(label, &reason, device, now);
        object["mismatches"] = json!(mismatches);
        (object, false)
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

    fn on_sync_event(&mut self, event: SyncEvent) {
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
        self.emit(object, None);
    }

    /// Records a printer's state on the board; true when it differs from the last one.
    fn set_printer_state(&mut self, printer: &str, state: &str, message: Option<String>) -> bool {
        self.update_printer(printer, state, message);
        self.printer_states
            .insert(printer.to_owned(), state.to_owned())
            .as_deref()
            != Some(state)
    }

    /// Whether labels wait for `printer` (queued or being sent).
    fn printer_has_jobs(&self, printer: &str) -> bool {
        self.station
            .store()
            .count_unsent_jobs_by_printer()
            .map(|counts| counts.get(printer).is_some_and(|count| *count > 0))
            .unwrap_or(true)
    }

    /// Counts a printer error and, when labels are waiting for that printer, shows the
    /// print-failed pattern.
    fn printer_trouble(&mut self, printer: &str) {
        *self.counts.entry("printer_error").or_default() += 1;
        self.board().printer_error(printer);
        if self.printer_has_jobs(printer) {
            self.indicator.show(Signal::PrintFailed);
        }
    }

    fn on_print_event(&mut self, event: PrintEvent) {
        let printer = event.printer;
        let object = match event.kind {
            PrintEventKind::Fault(message) => {
                if self.set_printer_state(&printer, "fault", Some(message.clone())) {
                    self.printer_trouble(&printer);
                }
                warn!(printer = printer.as_str(); "printer {printer}: {message}");
                json!({"event": "print", "printer": printer, "state": "fault", "reason": message})
            }
            PrintEventKind::Recovered => {
                if !self.set_printer_state(&printer, "connected", None) {
                    return;
                }
                info!(printer = printer.as_str(); "printer {printer}: reachable again");
                json!({"event": "print", "printer": printer, "state": "connected", "reason": ""})
            }
            PrintEventKind::Outcome(outcome) => {
                let (state, job_id, reason) = match &outcome {
                    Outcome::Idle => return,
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
                    self.emit(object, None);
                }
                let printer_state = match &outcome {
                    Outcome::NotReady { state, .. } => state.as_str(),
                    Outcome::Printed { .. } => "ready",
                    _ => state,
                };
                let changed = self.set_printer_state(
                    &printer,
                    printer_state,
                    Some(reason.clone()).filter(|text| !text.is_empty()),
                );
                self.refresh_status();
                match state {
                    "printed" => {
                        self.indicator.show(Signal::Printed);
                        info!(printer = printer.as_str(), job = job_id; "printer {printer}: job {job_id} printed");
                    }
                    // A job that did not (or may not) come out: always the operator's business.
                    "unknown" | "failed" => {
                        self.printer_trouble(&printer);
                        warn!(printer = printer.as_str(), job = job_id; "printer {printer}: job {job_id} {state}: {reason}");
                    }
                    // The job waits (printer paused, out of media, or the send was put back):
                    // the worker reports that on every retry; tell the operator once.
                    _ if changed => {
                        self.printer_trouble(&printer);
                        warn!(printer = printer.as_str(), job = job_id; "printer {printer}: job {job_id} {state}: {reason}");
                    }
                    _ => return,
                }
                json!({"event": "print", "printer": printer, "job_id": job_id, "state": state, "reason": reason})
            }
        };
        self.emit(object, None);
    }

    fn emit_problem(&mut self, device: &str, code: &str, message: &str) {
        self.emit(
            json!({"event": "problem", "device": device, "code": code, "message": message}),
            None,
        );
    }

    /// Writes one event: the JSON object, or a line for a person. A closed stdout (the
    /// reading end of a pipe went away) is logged once; the station goes on working, since
    /// everything shown here is also in the journal.
    fn emit(&mut self, object: Value, outcome: Option<&ScanOutcome>) {
        if self.out_broken {
            return;
        }
        let line = match self.output {
            OutputMode::Json => object.to_string(),
            OutputMode::Human => human_line(&object, outcome),
        };
        if let Err(err) = writeln!(self.out, "{line}").and_then(|()| self.out.flush()) {
            self.out_broken = true;
            warn!("writing events to stdout: {err}; events are no longer printed (scans are still judged, journaled and shown on the LEDs and the status page)");
        }
    }

    /// Housekeeping, run after every event and whenever the loop is idle for [`TICK`]: each
    /// task by its own elapsed time, so steady traffic cannot starve any of them. Polls the
    /// line state and print requests, refreshes the status board's database figures and
    /// logs a heartbeat once a minute.
    pub fn tick(&mut self) {
        if self.last_line_poll.elapsed() >= LINE_CONTROL_POLL {
            self.poll_line_control(Utc::now());
        }
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

    /// Applies a line state changed in the database (`scanstation line set|clear`, another
    /// process) and prints what `scanstation line print-next` asked for.
    pub fn poll_line_control(&mut self, now: DateTime<Utc>) {
        self.last_line_poll = Instant::now();
        let (revision, waiting) = match self.station.store().line_control_marker() {
            Ok(marker) => marker,
            Err(err) => {
                warn!("line state: {err}");
                return;
            }
        };
        if revision != self.line.revision() {
            match self.station.store().line_control() {
                Ok(Some(control)) => self.apply_line_control(&control, now),
                Ok(None) => {}
                Err(err) => warn!("line state: {err}"),
            }
        }
        if waiting == 0 {
            return;
        }
        let requests = match self
            .station
            .store_mut()
            .take_line_requests(now - LINE_REQUEST_MAX_AGE, now)
        {
            Ok(requests) => requests,
            Err(err) => {
                warn!("line print requests: {err}");
                return;
            }
        };
        for request in requests {
            let trigger = request.scanner.clone().unwrap_or_else(|| "cli".to_owned());
            info!(trigger = trigger.as_str(), count = request.count, request = request.id; "line: {} label(s) requested from the command line", request.count);
            let (serials, error) = if request.scanner.is_some()
                && !self
                    .config
                    .scanners
                    .iter()
                    .any(|scanner| scanner.id == trigger)
            {
                let message = format!("--scanner {trigger} is not a [[scanner]] of this station");
                self.emit_problem("cli", "cannot_print", &message);
                (Vec::new(), Some(message))
            } else {
                self.print_labels(&trigger, request.operator.as_deref(), request.count, now)
            };
            let result = json!({"ok": error.is_none(), "serials": serials, "error": error});
            if let Err(err) =
                self.station
                    .store_mut()
                    .finish_line_request(request.id, &result, Utc::now())
            {
                warn!(request = request.id; "line print request {}: {err}", request.id);
            }
        }
    }

    /// Makes a stored line state the active one. A product set from the command line is a
    /// trigger for `[line] batch_count` labels.
    fn apply_line_control(&mut self, control: &LineControl, now: DateTime<Utc>) {
        self.line.set(control.gtin.clone(), control.lot.clone());
        self.line.set_revision(control.revision);
        self.publish_line();
        let source = control.source.as_str();
        match &control.gtin {
            Some(gtin) => {
                info!(source; "line: active product {gtin} lot {} (set by {source})", control.lot.as_deref().unwrap_or("-"))
            }
            None => info!(source; "line: no active product (cleared by {source})"),
        }
        self.emit(
            json!({"event": "line", "gtin": control.gtin, "lot": control.lot, "source": source, "device": control.device}),
            None,
        );
        let batch = self.config.line.batch_count;
        if control.gtin.is_some() && control.source == LineSource::Cli && batch > 0 {
            let trigger = control.device.clone().unwrap_or_else(|| "cli".to_owned());
            info!(count = batch; "line: product set from the command line, printing a batch of {batch} label(s)");
            self.print_labels(&trigger, control.operator.as_deref(), batch, now);
        }
    }

    /// Re-reads the configuration file and applies what can change while running: the
    /// verdict policy and `[line]` (its active product too, when `gtin`/`lot` changed),
    /// except the template and printer. Every other changed section is named as needing a
    /// restart.
    pub fn reload(&mut self, path: Option<&std::path::Path>) {
        let Some(path) = path else {
            info!("SIGHUP: the embedded demo configuration has nothing to reload");
            return;
        };
        let new_config = match Config::load(path) {
            Ok(new_config) => new_config,
            Err(err) => {
                warn!("SIGHUP: keeping the running configuration: {err}");
                return;
            }
        };
        let mut settings = self.station.settings().clone();
        settings.policy = new_config.policy.clone();
        self.station.set_settings(settings);
        let needs_restart = restart_sections(&self.config, &new_config);
        info!(
            "SIGHUP: reloaded {}: [policy] and [line] applied",
            path.display()
        );
        if !needs_restart.is_empty() {
            warn!("SIGHUP: changes to {} take effect only after a restart (systemctl restart scanstation)", needs_restart.join(", "));
        }
        if let Some(gtin) = &new_config.line.gtin {
            let gtin = crate::store::master::normalize_gtin(gtin).unwrap_or_else(|_| gtin.clone());
            match self.station.store_mut().apply_line_config(
                &gtin,
                new_config.line.lot.as_deref(),
                Utc::now(),
            ) {
                Ok(Some(_)) => self.poll_line_control(Utc::now()),
                Ok(None) => {}
                Err(err) => warn!("SIGHUP: [line] gtin/lot not applied: {err}"),
            }
        }
        let mut line = new_config.line;
        line.template = self.config.line.template.clone();
        line.printer = self.config.line.printer.clone();
        self.config.policy = new_config.policy;
        self.config.line = line;
    }
}

/// The sections (or keys) that differ between `running` and `new` and are only read at start.
fn restart_sections(running: &Config, new: &Config) -> Vec<&'static str> {
    fn differs<T: std::fmt::Debug>(a: &T, b: &T) -> bool {
        format!("{a:?}") != format!("{b:?}")
    }
    let mut sections = Vec::new();
    for (name, changed) in [
        ("[station]", differs(&running.station, &new.station)),
        ("[store]", differs(&running.store, &new.store)),
        ("[[scanner]]", differs(&running.scanners, &new.scanners)),
        ("[[printer]]", differs(&running.printers, &new.printers)),
        ("[receiving]", differs(&running.receiving, &new.receiving)),
        (
            "[line] template",
            running.line.template != new.line.template,
        ),
        ("[line] printer", running.line.printer != new.line.printer),
        ("[feedback]", differs(&running.feedback, &new.feedback)),
        ("[status]", differs(&running.status, &new.status)),
        ("[sync]", differs(&running.sync, &new.sync)),
    ] {
        if changed {
            sections.push(name);
        }
    }
    sections
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
        // A barcode combined with earlier ones of the same label: show the whole label too.
        let shown = if outcome.combined_with.is_empty() || outcome.label.kind == Kind::Plain {
            shown
        } else {
            format!("{shown} (label: {})", outcome.label.hri())
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

/// The line state at start. `[line] gtin`/`lot` are applied when they changed since they
/// were last applied (the first start, or the file was edited); otherwise the product last
/// set by scan, CLI or configuration, as stored in the database, stays active.
fn restore_line(station: &mut Station, config: &Config) -> Result<LineState, DaemonError> {
    if let Some(gtin) = &config.line.gtin {
        let gtin = crate::store::master::normalize_gtin(gtin).unwrap_or_else(|_| gtin.clone());
        let lot = config.line.lot.as_deref();
        if station
            .store_mut()
            .apply_line_config(&gtin, lot, Utc::now())?
            .is_some()
        {
            info!(
                "line: active product {gtin} lot {} from [line] of the configuration",
                lot.unwrap_or("-")
            );
        }
    }
    let line = match station.store().line_control()? {
        Some(control) => LineState::from_control(&control),
        None => LineState::default(),
    };
    if let Some((gtin, lot)) = line.active() {
        info!("line: active product {gtin} lot {}", lot.unwrap_or("-"));
    }
    Ok(line)
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
        Some("print") if object.get("job_id").is_none() => format!(
            "PRINTER {}: {} {}",
            object["printer"].as_str().unwrap_or(""),
            object["state"].as_str().unwrap_or(""),
            object["reason"].as_str().unwrap_or("")
        ),
        Some("print") => format!(
            "PRINT   {} job {}: {} {}",
            object["printer"].as_str().unwrap_or(""),
            object["job_id"],
            object["state"].as_str().unwrap_or(""),
            object["reason"].as_str().unwrap_or("")
        ),
        Some("line") if object["gtin"].is_null() => format!(
            "LINE    no active product (cleared by {})",
            object["source"].as_str().unwrap_or("")
        ),
        Some("line") => format!(
            "LINE    active product {} lot {} (set by {})",
            object["gtin"].as_str().unwrap_or(""),
            object["lot"].as_str().unwrap_or("-"),
            object["source"].as_str().unwrap_or("")
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
                daemon.emit(json!({"event": "status_page", "url": url}), None);
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
        // By elapsed time, after every event too: a steady stream of scans must not starve
        // the heartbeat, the status figures or the line control poll.
        daemon.tick();
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
