//! The in-memory fake [`Indicator`] for tests: records every signal and the steps it would
//! have played. Clone it, hand one clone to the code under test and read the other.

use std::sync::{Arc, Mutex, PoisonError};

use super::{pattern, Indicator, Signal, Step};

#[derive(Debug, Default)]
struct Recorded {
    signals: Vec<Signal>,
    steps: Vec<Step>,
}

/// A recording indicator; all clones share one record.
#[derive(Debug, Clone, Default)]
pub struct RecordingIndicator {
    recorded: Arc<Mutex<Recorded>>,
}

impl RecordingIndicator {
    /// The signals shown so far, oldest first.
    pub fn signals(&self) -> Vec<Signal> {
        self.lock().signals.clone()
    }

    /// Every step of every pattern shown so far, in order (as if each ran to the end).
    pub fn steps(&self) -> Vec<Step> {
        self.lock().steps.clone()
    }

    /// The most recent signal.
    pub fn last(&self) -> Option<Signal> {
        self.lock().signals.last().copied()
    }

    pub fn clear(&self) {
        let mut recorded = self.lock();
        recorded.signals.clear();
        recorded.steps.clear();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Recorded> {
        self.recorded.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Indicator for RecordingIndicator {
    fn show(&mut self, signal: Signal) {
        let mut recorded = self.lock();
        recorded.signals.push(signal);
        recorded.steps.extend_from_slice(pattern(signal));
    }
}
