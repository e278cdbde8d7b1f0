//! Printing from the daemon: one worker thread per configured printer moves jobs of the
//! durable print queue to its printer (`printer::Worker`) and reports each outcome back to
//! the loop as a [`PrintEvent`]. The loop itself only queues jobs (journaled, in the scan
//! store's transaction) and wakes the worker, so a slow or silent printer never delays a
//! verdict.
//!
//! Every worker has its own SQLite connection to the station database. On start it marks
//! jobs a previous run left in `sending` as `unknown` (the operator decides: a blind resend
//! could print a duplicate serial).
//!
//! A worker that cannot reach its printer retries every couple of seconds, but reports a
//! fault only when it starts or its message changes, and reports the recovery once: the
//! operator's lamps and the error counter follow the printer's state, not the retry loop.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use chrono::Utc;
use crossbeam_channel::{Receiver, Sender};
use log::{info, warn};

use crate::printer::{transport, Outcome, PrinterConfig, Worker};
use crate::store::Store;

/// How long an idle worker sleeps before looking at the queue again (jobs queued by
/// `scanstation label print --no-wait` or `queue retry` from another process).
const IDLE_POLL: Duration = Duration::from_secs(2);
/// Pause after a printer was not ready or a job was put back, before trying again.
const NOT_READY_PAUSE: Duration = Duration::from_secs(2);

/// What a worker reports to the loop.
#[derive(Debug)]
pub struct PrintEvent {
    pub printer: String,
    pub kind: PrintEventKind,
}

#[derive(Debug)]
pub enum PrintEventKind {
    /// The worker handled a job (printed, unknown, failed, put back, or printer not ready).
    Outcome(Outcome),
    /// The worker could not work (database or transport set-up error); it retries. Sent
    /// when the fault starts or its message changes, not on every retry.
    Fault(String),
    /// The printer works again after a fault.
    Recovered,
}

struct PrinterThread {
    wake: Sender<()>,
    handle: JoinHandle<()>,
}

/// The running print workers.
pub struct PrintService {
    threads: HashMap<String, PrinterThread>,
    stop: Arc<AtomicBool>,
}

impl PrintService {
    /// Starts one worker per printer. A printer whose transport cannot be opened now is
    /// retried by its worker (it may be switched on later).
    pub fn start(
        store: &Store,
        printers: &[PrinterConfig],
        busy_timeout: Duration,
        events: Sender<PrintEvent>,
    ) -> PrintService {
        let stop = Arc::new(AtomicBool::new(false));
        let mut threads = HashMap::new();
        for printer in printers {
            let conn = match store.side_connection(busy_timeout) {
                Ok(conn) => conn,
                Err(err) => {
                    warn!(
                        "printer {}: no database connection for its worker: {err}",
                        printer.name
                    );
                    continue;
                }
            };
            let (wake_tx, wake_rx) = crossbeam_channel::bounded(1);
            let context = WorkerContext {
                printer: printer.clone(),
                conn: Some(conn),
                events: events.clone(),
                wake: wake_rx,
                stop: Arc::clone(&stop),
            };
            match std::thread::Builder::new()
                .name(format!("printer-{}", printer.name))
                .spawn(move || context.run())
            {
                Ok(handle) => {
                    threads.insert(
                        printer.name.clone(),
                        PrinterThread {
                            wake: wake_tx,
                            handle,
                        },
                    );
                }
                Err(err) => warn!("printer {}: cannot start its worker: {err}", printer.name),
            }
        }
        PrintService { threads, stop }
    }

    /// Tells the printer's worker that a job is waiting.
    pub fn wake(&self, printer: &str) {
        if let Some(thread) = self.threads.get(printer) {
            let _ = thread.wake.try_send(());
        }
    }

    /// Stops every worker after the job it is sending (queued jobs stay queued for the next
    /// start), waiting at most `wait`.
    pub fn stop(self, wait: Duration) {
        self.stop.store(true, Ordering::SeqCst);
        let deadline = std::time::Instant::now() + wait;
        for (name, thread) in self.threads {
            let _ = thread.wake.try_send(());
            while !thread.handle.is_finished() && std::time::Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(10));
            }
            if thread.handle.is_finished() {
                let _ = thread.handle.join();
            } else {
                warn!("printer {name}: worker still busy at exit; its job is recovered as `unknown` at the next start");
            }
        }
    }
}

struct WorkerContext {
    printer: PrinterConfig,
    conn: Option<rusqlite::Connection>,
    events: Sender<PrintEvent>,
    wake: Receiver<()>,
    stop: Arc<AtomicBool>,
}

/// Which faults a worker reports: a new one, or one whose message changed; then the
/// recovery, once.
#[derive(Debug, Default)]
struct FaultFilter {
    current: Option<String>,
}

impl FaultFilter {
    /// The event to send for a fault `message`, if any.
    fn fault(&mut self, message: String) -> Option<PrintEventKind> {
        if self.current.as_deref() == Some(message.as_str()) {
            return None;
        }
        self.current = Some(message.clone());
        Some(PrintEventKind::Fault(message))
    }

    /// The event to send when the printer worked, if it was in a fault.
    fn worked(&mut self) -> Option<PrintEventKind> {
        self.current.take().map(|_| PrintEventKind::Recovered)
    }
}

impl WorkerContext {
    fn report(&self, kind: PrintEventKind) {
        let _ = self.events.send(PrintEvent {
            printer: self.printer.name.clone(),
            kind,
        });
    }

    fn report_some(&self, kind: Option<PrintEventKind>) {
        if let Some(kind) = kind {
            self.report(kind);
        }
    }

    fn pause(&self, duration: Duration) {
        let _ = self.wake.recv_timeout(duration);
    }

    fn run(mut self) {
        let name = self.printer.name.clone();
        let Some(mut conn) = self.conn.take() else {
            return;
        };
        let mut worker: Option<Worker> = None;
        let mut recovered = false;
        let mut faults = FaultFilter::default();
        while !self.stop.load(Ordering::SeqCst) {
            let worker = match &mut worker {
                Some(worker) => worker,
                None => match transport::open(&self.printer) {
                    Ok(transport) => {
                        self.report_some(faults.worked());
                        worker.insert(Worker::new(self.printer.clone(), transport, Vec::new()))
                    }
                    Err(err) => {
                        self.report_some(faults.fault(format!("cannot open the printer: {err}")));
                        self.pause(NOT_READY_PAUSE);
                        continue;
                    }
                },
            };
            if !recovered {
                match worker.recover(&mut conn, Utc::now()) {
                    Ok(0) => {}
                    Ok(count) => warn!("printer {name}: {count} job(s) were being sent when the station stopped; they are `unknown`: check the labels, then `scanstation queue confirm` or `queue reprint`"),
                    Err(err) => {
                        self.report_some(faults.fault(err.to_string()));
                        self.pause(NOT_READY_PAUSE);
                        continue;
                    }
                }
                recovered = true;
            }
            let result = worker.process_next(&mut conn, &Utc::now);
            if result.is_ok() {
                self.report_some(faults.worked());
            }
            match result {
                Ok(Outcome::Idle) => self.pause(IDLE_POLL),
                Ok(outcome @ (Outcome::NotReady { .. } | Outcome::Requeued { .. })) => {
                    self.report(PrintEventKind::Outcome(outcome));
                    self.pause(NOT_READY_PAUSE);
                }
                Ok(outcome) => self.report(PrintEventKind::Outcome(outcome)),
                Err(err) => {
                    self.report_some(faults.fault(err.to_string()));
                    self.pause(NOT_READY_PAUSE);
                }
            }
        }
        info!("printer {name}: worker stopped");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fault_is_reported_when_it_starts_or_changes_and_the_recovery_once() {
        let mut filter = FaultFilter::default();
        let names = |kind: Option<PrintEventKind>| match kind {
            None => "-".to_owned(),
            Some(PrintEventKind::Fault(message)) => format!("fault {message}"),
            Some(PrintEventKind::Recovered) => "recovered".to_owned(),
            Some(PrintEventKind::Outcome(outcome)) => format!("{outcome:?}"),
        };
        assert_eq!(names(filter.worked()), "-");
        assert_eq!(names(filter.fault("refused".into())), "fault refused");
        assert_eq!(names(filter.fault("refused".into())), "-");
        assert_eq!(names(filter.fault("refused".into())), "-");
        assert_eq!(names(filter.fault("timed out".into())), "fault timed out");
        assert_eq!(names(filter.worked()), "recovered");
        assert_eq!(names(filter.worked()), "-");
        assert_eq!(names(filter.fault("refused".into())), "fault refused");
    }
}
