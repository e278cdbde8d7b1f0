//! Head-office sync from the daemon: one background thread with its own connection to the
//! station database runs `sync::sync_once` (push the journal, pull master data) every
//! `[sync] interval_secs`, backing off after failures, and reports each run to the loop.
//! Verdicts never wait for it: the station decides offline from what it has, and a pulled
//! recall takes effect on the next scan because verdicts read the database.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use chrono::Utc;
use crossbeam_channel::{Receiver, Sender};
use log::{info, warn};

use crate::config::Config;
use crate::store::{IntegrityCheck, OpenOptions, Store};
use crate::sync::{self, Backoff, SyncConfig, SyncSummary};

/// The longest the thread sleeps before looking at the stop flag again.
const STOP_POLL: Duration = Duration::from_millis(500);

/// What the sync thread reports.
#[derive(Debug)]
pub enum SyncEvent {
    Done(SyncSummary),
    /// The run failed; the next try is `retry_in` later.
    Failed {
        error: String,
        retry_in: Duration,
    },
}

pub struct SyncService {
    stop: Arc<AtomicBool>,
    now: Sender<()>,
    handle: JoinHandle<()>,
}

impl SyncService {
    /// Starts the sync thread, or returns `None` when `[sync]` has no url (sync off).
    pub fn start(config: &Config, events: Sender<SyncEvent>) -> Option<SyncService> {
        config.sync.url.as_ref()?;
        let stop = Arc::new(AtomicBool::new(false));
        let (now_tx, now_rx) = crossbeam_channel::bounded(1);
        let context = Context {
            sync: config.sync.clone(),
            path: config.store.path.clone(),
            options: OpenOptions {
                station_id: Some(config.station.id.clone()),
                busy_timeout: Duration::from_millis(config.store.busy_timeout_ms),
                integrity_check: IntegrityCheck::Essential,
                create: false,
                // Sync streams through pages once; it needs no big cache.
                cache_kib: 2000,
            },
            events,
            now: now_rx,
            stop: Arc::clone(&stop),
        };
        match std::thread::Builder::new()
            .name("sync".into())
            .spawn(move || context.run())
        {
            Ok(handle) => Some(SyncService {
                stop,
                now: now_tx,
                handle,
            }),
            Err(err) => {
                warn!("cannot start the sync thread: {err}; use `scanstation sync`");
                None
            }
        }
    }

    /// Syncs now instead of at the next interval.
    pub fn sync_now(&self) {
        let _ = self.now.try_send(());
    }

    /// Stops the thread; a run in progress finishes (it is one transaction per step, so
    /// stopping in the middle is safe too, but waiting `wait` lets it end cleanly).
    pub fn stop(self, wait: Duration) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = self.now.try_send(());
        let deadline = std::time::Instant::now() + wait;
        while !self.handle.is_finished() && std::time::Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(10));
        }
        if self.handle.is_finished() {
            let _ = self.handle.join();
        } else {
            warn!("sync still running at exit; it resumes where it stopped at the next start");
        }
    }
}

struct Context {
    sync: SyncConfig,
    path: std::path::PathBuf,
    options: OpenOptions,
    events: Sender<SyncEvent>,
    now: Receiver<()>,
    stop: Arc<AtomicBool>,
}

impl Context {
    fn run(self) {
        let mut backoff = Backoff::new(&self.sync);
        let mut store: Option<Store> = None;
        while !self.stop.load(Ordering::SeqCst) {
            if !backoff.due(Utc::now()) {
                let wait = backoff
                    .next_at()
                    .and_then(|at| (at - Utc::now()).to_std().ok())
                    .unwrap_or(Duration::ZERO)
                    .min(STOP_POLL);
                if self.now.recv_timeout(wait).is_ok() {
                    backoff.trigger();
                }
                continue;
            }
            let store = match &mut store {
                Some(store) => store,
                None => match Store::open(&self.path, &self.options) {
                    Ok(opened) => store.insert(opened),
                    Err(err) => {
                        let retry_in = backoff.failed(Utc::now());
                        self.report(SyncEvent::Failed {
                            error: format!("opening the database: {err}"),
                            retry_in,
                        });
                        continue;
                    }
                },
            };
            let now = Utc::now();
            match sync::sync_once(store, &self.sync, now) {
                Ok(summary) => {
                    backoff.succeeded(Utc::now());
                    info!(
                        pushed = summary.pushed, pulled = summary.pulled, unsent = summary.unsent;
                        "sync: pushed {} event(s), pulled {} change(s), {} unsent",
                        summary.pushed, summary.pulled, summary.unsent
                    );
                    self.report(SyncEvent::Done(summary));
                }
                Err(err) => {
                    let retry_in = backoff.failed(Utc::now());
                    warn!("sync failed: {err}; retrying in {} s (scans are decided offline meanwhile)", retry_in.as_secs());
                    self.report(SyncEvent::Failed {
                        error: err.to_string(),
                        retry_in,
                    });
                }
            }
        }
    }

    fn report(&self, event: SyncEvent) {
        let _ = self.events.send(event);
    }
}
