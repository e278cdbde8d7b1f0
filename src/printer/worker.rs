//! The print-queue worker of one printer: takes the oldest queued job, checks the printer,
//! sends, watches the label come out and records the outcome.
//!
//! The rules, in the order they apply:
//! - Before the first job, `~HI` must report the configured resolution (203 vs 300 dpi is
//!   the classic wrong-size label); a mismatch stops the printer's queue.
//! - Before every job, `~HS` (or, when that is silent, `~HQES`) must say ready. A faulted,
//!   paused or silent printer gets nothing; the job stays `queued`.
//! - A send that failed before any byte left is safe to repeat: the job goes back to
//!   `queued` (after `max_connect_attempts`, `failed`).
//! - Anything after the first byte left — a broken connection, a fault while printing,
//!   silence, a timeout — makes the job `unknown`. The worker never sends it again; the
//!   operator confirms or reprints.
//! - A job is `printed` only when `~HS` shows no formats in the buffer and no labels
//!   remaining, twice in a row, with no fault.

use std::thread::sleep;
use std::time::Instant;

use chrono::{DateTime, Utc};
use rusqlite::Connection;
use serde::Serialize;

use super::config::{PrinterConfig, TransportKind};
use super::print_queue::{self, Actor, JobState, QueueError};
use super::status::{self, ExtendedStatus, HostStatus, Identification, PrinterState};
use super::transport::{Transport, TransportError};

#[derive(Debug, thiserror::Error)]
pub enum PrinterError {
    #[error(transparent)]
    Queue(#[from] QueueError),
    #[error(
        "printer {printer} reports {reported} dots/mm ({reported_dpi} dpi) but is configured for {configured} dpi: \
         fix dpi in the [[printer]] section (labels would print at the wrong size)"
    )]
    DpiMismatch {
        printer: String,
        configured: u32,
        reported: u32,
        reported_dpi: u32,
    },
    #[error("printer {printer}: cannot read its identification (~HI): {message}")]
    Identification { printer: String, message: String },
}

/// A status reading for `printer status` and the status page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatusReport {
    pub printer: String,
    pub transport: String,
    pub state: PrinterState,
    pub state_name: &'static str,
    pub advice: String,
    /// False when the transport has no status channel: `state` is then an assumption.
    pub status_channel: bool,
    pub host_status: Option<HostStatus>,
    pub extended_status: Option<ExtendedStatus>,
}

/// What one call of [`Worker::process_next`] did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "outcome")]
pub enum Outcome {
    /// No queued job for this printer.
    Idle,
    /// The printer is not ready; the job stays queued and nothing was sent.
    NotReady {
        job_id: i64,
        state: PrinterState,
    },
    Printed {
        job_id: i64,
    },
    /// May or may not have printed; the operator decides.
    Unknown {
        job_id: i64,
        reason: String,
    },
    /// Never reached the printer and will not be retried automatically.
    Failed {
        job_id: i64,
        reason: String,
    },
    /// Never reached the printer; back in the queue.
    Requeued {
        job_id: i64,
        reason: String,
    },
}

pub struct Worker {
    config: PrinterConfig,
    transport: Box<dyn Transport>,
    setup: Vec<u8>,
    setup_sent: bool,
    identity_checked: bool,
}

impl Worker {
    /// `setup` is the printer setup block (see `label::zpl::setup`), sent before the first
    /// job of every connection.
    pub fn new(config: PrinterConfig, transport: Box<dyn Transport>, setup: Vec<u8>) -> Worker {
        Worker {
            config,
            transport,
            setup,
            setup_sent: false,
            identity_checked: false,
        }
    }

    pub fn config(&self) -> &PrinterConfig {
        &self.config
    }

    fn answer(&mut self, command: &[u8], frames: usize) -> Result<Option<Vec<u8>>, TransportError> {
        self.transport
            .query(command, frames, self.config.status_timeout())
    }

    /// Reads the printer's state: `~HS`; on silence `~HQES`; on silence again, offline.
    pub fn status(&mut self) -> StatusReport {
        let mut report = StatusReport {
            printer: self.config.name.clone(),
            transport: self.transport.describe(),
            state: PrinterState::Ready,
            state_name: "ready",
            advice: String::new(),
            status_channel: self.transport.has_status(),
            host_status: None,
            extended_status: None,
        };
        if report.status_channel {
            report.state = match self.answer(b"~HS", 3) {
                Ok(Some(bytes)) => match status::parse_hs(&bytes) {
                    Ok(host_status) => {
                        let state = host_status.state();
                        report.host_status = Some(host_status);
                        state
                    }
                    Err(err) => PrinterState::Fault(format!("garbled status answer: {err}")),
                },
                Ok(None) => match self.answer(b"~HQES", 1) {
                    Ok(Some(bytes)) => match status::parse_hqes(&bytes) {
                        Ok(extended) => {
                            let state = match extended.state() {
                                // It answers ~HQES with no error but not ~HS: not a state to print in.
                                PrinterState::Ready => {
                                    PrinterState::Offline("no answer to ~HS".into())
                                }
                                other => other,
                            };
                            report.extended_status = Some(extended);
                            state
                        }
                        Err(err) => PrinterState::Fault(format!("garbled ~HQES answer: {err}")),
                    },
                    Ok(None) => PrinterState::Offline("no answer to ~HS nor ~HQES".into()),
                    Err(err) => PrinterState::Offline(err.to_string()),
                },
                Err(err) => PrinterState::Offline(err.to_string()),
            };
        }
        report.state_name = report.state.as_str();
        report.advice = report.state.advice();
        report
    }

    /// Reads `~HI` and checks the resolution against the profile. `Ok(None)` when the
    /// transport has no status channel.
    pub fn check_identity(&mut self) -> Result<Option<Identification>, PrinterError> {
        if !self.transport.has_status() {
            return Ok(None);
        }
        let printer = self.config.name.clone();
        let identification_error = |message: String| PrinterError::Identification {
            printer: printer.clone(),
            message,
        };
        let bytes = match self.answer(b"~HI", 1) {
            Ok(Some(bytes)) => bytes,
            Ok(None) => {
                return Err(identification_error(
                    "no answer: check power and cable".into(),
                ))
            }
            Err(err) => return Err(identification_error(err.to_string())),
        };
        let identification =
            status::parse_hi(&bytes).map_err(|err| identification_error(err.to_string()))?;
        let configured = self.config.resolution();
        if identification.dots_per_mm != configured.dots_per_mm() {
            return Err(PrinterError::DpiMismatch {
                printer: self.config.name.clone(),
                configured: configured.dpi(),
                reported: identification.dots_per_mm,
                reported_dpi: crate::label::Dpi::from_dots_per_mm(identification.dots_per_mm)
                    .map_or(
                        identification.dots_per_mm * 254 / 10,
                        crate::label::Dpi::dpi,
                    ),
            });
        }
        self.identity_checked = true;
        Ok(Some(identification))
    }

    /// Marks jobs left in `sending` by a previous run as `unknown`. Call once at start.
    pub fn recover(
        &mut self,
        conn: &mut Connection,
        now: DateTime<Utc>,
    ) -> Result<usize, PrinterError> {
        Ok(print_queue::recover_interrupted(
            conn,
            &self.config.name,
            now,
        )?)
    }

    /// Handles the oldest queued job of this printer, if any.
    pub fn process_next(
        &mut self,
        conn: &mut Connection,
        clock: &dyn Fn() -> DateTime<Utc>,
    ) -> Result<Outcome, PrinterError> {
        let Some(job) = print_queue::next_queued(conn, &self.config.name)? else {
            return Ok(Outcome::Idle);
        };
        if !self.identity_checked {
            self.check_identity()?;
        }
        let report = self.status();
        if !report.state.is_ready() {
            log::warn!(printer = self.config.name.as_str(), job = job.id, state = report.state_name; "printer not ready, job kept queued: {}", report.advice);
            return Ok(Outcome::NotReady {
                job_id: job.id,
                state: report.state,
            });
        }
        if !print_queue::transition(
            conn,
            job.id,
            JobState::Queued,
            JobState::Sending,
            Actor::Worker,
            "",
            clock(),
        )? {
            // Cancelled in the meantime.
            return Ok(Outcome::Idle);
        }
        let mut bytes = Vec::new();
        if !self.setup_sent {
            bytes.extend_from_slice(&self.setup);
        }
        bytes.extend_from_slice(&print_queue::payload(conn, job.id)?);
        match self.transport.send(&bytes) {
            Ok(()) => self.setup_sent = true,
            Err(TransportError::NotSent { message, .. }) => {
                self.transport.reset();
                self.setup_sent = false;
                let attempts = job.attempts + 1;
                if attempts >= self.config.max_connect_attempts {
                    let reason = format!(
                        "not sent after {attempts} attempts ({message}); nothing reached the printer: fix it, then retry"
                    );
                    self.finish(conn, job.id, JobState::Failed, &reason, clock())?;
                    return Ok(Outcome::Failed {
                        job_id: job.id,
                        reason,
                    });
                }
                let reason = format!("not sent ({message}); will retry");
                self.finish(conn, job.id, JobState::Queued, &reason, clock())?;
                return Ok(Outcome::Requeued {
                    job_id: job.id,
                    reason,
                });
            }
            Err(err) => {
                self.transport.reset();
                self.setup_sent = false;
                let reason =
                    format!("{err}: check whether the label came out, then confirm or reprint");
                self.finish(conn, job.id, JobState::Unknown, &reason, clock())?;
                return Ok(Outcome::Unknown {
                    job_id: job.id,
                    reason,
                });
            }
        }
        if !self.transport.has_status() {
            if self.config.transport == TransportKind::File
                || self.config.assume_printed_without_status
            {
                self.finish(
                    conn,
                    job.id,
                    JobState::Printed,
                    "written (no status channel)",
                    clock(),
                )?;
                return Ok(Outcome::Printed { job_id: job.id });
            }
            let reason =
                "sent; the printer has no status channel: confirm when the label is out".to_owned();
            self.finish(conn, job.id, JobState::Unknown, &reason, clock())?;
            return Ok(Outcome::Unknown {
                job_id: job.id,
                reason,
            });
        }
        let outcome = self.watch(job.id);
        match &outcome {
            Outcome::Printed { .. } => self.finish(conn, job.id, JobState::Printed, "", clock())?,
            Outcome::Unknown { reason, .. } => {
                self.finish(conn, job.id, JobState::Unknown, reason, clock())?
            }
            _ => {}
        }
        Ok(outcome)
    }

    fn finish(
        &mut self,
        conn: &mut Connection,
        job_id: i64,
        to: JobState,
        note: &str,
        now: DateTime<Utc>,
    ) -> Result<(), PrinterError> {
        print_queue::transition(
            conn,
            job_id,
            JobState::Sending,
            to,
            Actor::Worker,
            note,
            now,
        )?;
        log::info!(printer = self.config.name.as_str(), job = job_id, state = to.as_str(); "print job {}", to.as_str());
        Ok(())
    }

    /// Polls until the printer has printed everything, faults, goes silent or times out.
    fn watch(&mut self, job_id: i64) -> Outcome {
        let deadline = Instant::now() + self.config.print_timeout();
        let mut idle_readings = 0;
        let unknown = |reason: String| Outcome::Unknown {
            job_id,
            reason: format!("{reason}: check whether the label came out, then confirm or reprint"),
        };
        loop {
            sleep(self.config.poll_interval());
            if Instant::now() >= deadline {
                return unknown(format!(
                    "no confirmation within {} ms",
                    self.config.print_timeout_ms
                ));
            }
            let report = self.status();
            match (&report.state, &report.host_status) {
                (PrinterState::Ready, Some(host_status)) => {
                    if host_status.is_idle() {
                        idle_readings += 1;
                        if idle_readings >= 2 {
                            return Outcome::Printed { job_id };
                        }
                    } else {
                        idle_readings = 0;
                    }
                }
                // Paused or buffer full: still printing or waiting for the operator.
                (PrinterState::Paused | PrinterState::BufferFull, _) => idle_readings = 0,
                (PrinterState::Offline(why), _) => {
                    self.transport.reset();
                    self.setup_sent = false;
                    return unknown(format!("printer stopped answering while printing ({why})"));
                }
                (state, _) => {
                    return unknown(format!(
                        "printer reported {} while printing",
                        state.advice()
                    ))
                }
            }
        }
    }
}
