//! Operator feedback: green / amber / red LEDs and a buzzer that tell the person at the
//! station what just happened, without looking at a screen, plus the operator's button.
//!
//! Everything the daemon needs is the small [`Indicator`] trait: `show(Signal)` returns at
//! once and never fails (feedback must not hold up or break the scan loop). What each signal
//! looks and sounds like is data, defined once in [`pattern`], so the GPIO driver, the logging
//! fallback and the recording fake all play the same patterns and the tests check them.
//!
//! Implementations: [`GpioIndicator`] (rppal, patterns played on a background thread, a new
//! signal cuts the running one short), [`LogIndicator`] (off a Pi, or no pins configured) and
//! [`RecordingIndicator`] (tests). [`open`] picks one from the `[feedback]` section;
//! [`spawn_button`] watches the operator's button.

mod config;
mod gpio;
mod recording;

use std::fmt;

use log::{debug, info, warn};
use serde::Serialize;
use thiserror::Error;

use crate::verdict::Level;

pub use config::FeedbackConfig;
pub use gpio::{spawn_button, Button, GpioButton, GpioIndicator};
pub use recording::RecordingIndicator;

/// What the station wants the operator to notice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Signal {
    /// The scan was accepted: carry on.
    Accept,
    /// The scan was accepted with a warning: look at the screen when convenient.
    Warn,
    /// The scan was rejected: set the item aside.
    Reject,
    /// A label was printed.
    Printed,
    /// A label could not be printed (see the status page for the printer's advice).
    PrintFailed,
    /// The daemon started: a lamp test of every LED and the buzzer.
    Startup,
    /// Something is wrong with the station itself (database, device lost).
    Fault,
}

impl Signal {
    pub const ALL: &'static [Signal] = &[
        Signal::Accept,
        Signal::Warn,
        Signal::Reject,
        Signal::Printed,
        Signal::PrintFailed,
        Signal::Startup,
        Signal::Fault,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Signal::Accept => "accept",
            Signal::Warn => "warn",
            Signal::Reject => "reject",
            Signal::Printed => "printed",
            Signal::PrintFailed => "print_failed",
            Signal::Startup => "startup",
            Signal::Fault => "fault",
        }
    }
}

impl From<Level> for Signal {
    fn from(level: Level) -> Signal {
        match level {
            Level::Accept => Signal::Accept,
            Level::Warn => Signal::Warn,
            Level::Reject => Signal::Reject,
        }
    }
}

impl fmt::Display for Signal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One step of a pattern: which outputs are on, for how long. Everything not on is off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Step {
    pub green: bool,
    pub amber: bool,
    pub red: bool,
    pub buzzer: bool,
    pub duration_ms: u32,
}

impl Step {
    /// Everything off (the state between patterns).
    pub const OFF: Step = step("", 0);

    /// The step as text: `G.B 80ms` (green and buzzer on for 80 ms; `.` for an off output).
    pub fn describe(&self) -> String {
        let flag = |on: bool, letter: char| if on { letter } else { '.' };
        format!(
            "{}{}{}{} {}ms",
            flag(self.green, 'G'),
            flag(self.amber, 'A'),
            flag(self.red, 'R'),
            flag(self.buzzer, 'B'),
            self.duration_ms
        )
    }
}

/// A step from a compact spec: `"GB"` = green and buzzer on (`G`, `A`, `R`, `B`).
const fn step(on: &str, duration_ms: u32) -> Step {
    let bytes = on.as_bytes();
    let mut step = Step {
        green: false,
        amber: false,
        red: false,
        buzzer: false,
        duration_ms,
    };
    let mut idx = 0;
    while idx < bytes.len() {
        match bytes[idx] {
            b'G' => step.green = true,
            b'A' => step.amber = true,
            b'R' => step.red = true,
            b'B' => step.buzzer = true,
            _ => {}
        }
        idx += 1;
    }
    step
}

// The patterns. Each one can be told apart by the LED colour alone and by the buzzer alone
// (an operator looking at the pallet hears it; one in ear defenders sees it): accept is one
// short chirp, warn two medium beeps, reject three long beeps. Every pattern ends with all
// outputs off, and none lasts longer than about two seconds, so it is over before the next
// scan in a normal rhythm (and a new signal cuts it short anyway).
const ACCEPT: &[Step] = &[step("GB", 80), step("G", 720)];
const WARN: &[Step] = &[
    step("AB", 150),
    step("A", 120),
    step("AB", 150),
    step("A", 780),
];
const REJECT: &[Step] = &[
    step("RB", 350),
    step("R", 100),
    step("RB", 350),
    step("R", 100),
    step("RB", 350),
    step("R", 750),
];
const PRINTED: &[Step] = &[step("G", 100), step("", 100), step("G", 100)];
const PRINT_FAILED: &[Step] = &[
    step("RAB", 100),
    step("RA", 100),
    step("RAB", 100),
    step("RA", 100),
    step("RAB", 100),
    step("RA", 900),
];
const STARTUP: &[Step] = &[
    step("G", 200),
    step("A", 200),
    step("R", 200),
    step("GARB", 100),
];
const FAULT: &[Step] = &[
    step("RB", 1000),
    step("", 200),
    step("R", 200),
    step("", 200),
    step("R", 200),
];

/// The pattern of a signal, played in order; after the last step every output is off.
pub fn pattern(signal: Signal) -> &'static [Step] {
    match signal {
        Signal::Accept => ACCEPT,
        Signal::Warn => WARN,
        Signal::Reject => REJECT,
        Signal::Printed => PRINTED,
        Signal::PrintFailed => PRINT_FAILED,
        Signal::Startup => STARTUP,
        Signal::Fault => FAULT,
    }
}

/// A pattern as one line of text, for logs and tests: `GB 80ms, G 720ms`.
pub fn describe_pattern(steps: &[Step]) -> String {
    steps
        .iter()
        .map(Step::describe)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Something that shows signals to the operator. `show` returns at once and never fails:
/// a broken LED must not stop the station from scanning.
pub trait Indicator: Send {
    fn show(&mut self, signal: Signal);
}

/// Why GPIO feedback or the button could not be set up.
#[derive(Debug, Error)]
pub enum FeedbackError {
    #[error("no GPIO on this machine ({0}): feedback goes to the log only; on a Raspberry Pi, check that the user is in the gpio group")]
    Gpio(String),
    #[error("GPIO {pin} ({role}) cannot be used: {message}; check that no other program (or overlay in config.txt) uses it")]
    Pin {
        pin: u8,
        role: &'static str,
        message: String,
    },
    #[error("no [feedback] button_pin is configured")]
    NoButtonPin,
}

/// The fallback indicator: logs each signal and its pattern (at debug level, since the daemon
/// already logs every verdict).
#[derive(Debug, Default)]
pub struct LogIndicator;

impl Indicator for LogIndicator {
    fn show(&mut self, signal: Signal) {
        debug!(
            signal = signal.as_str(),
            pattern = describe_pattern(pattern(signal)).as_str();
            "feedback"
        );
    }
}

/// The indicator the `[feedback]` section asks for: GPIO when pins are configured and this is
/// a Pi, else the logging fallback (with one warning saying why).
pub fn open(config: &FeedbackConfig) -> Box<dyn Indicator> {
    if !config.has_outputs() {
        info!(
            "no [feedback] LED or buzzer pins configured, operator feedback goes to the log only"
        );
        return Box::new(LogIndicator);
    }
    match GpioIndicator::new(config) {
        Ok(indicator) => {
            info!(
                green = config.green_pin, amber = config.amber_pin, red = config.red_pin,
                buzzer = config.buzzer_pin, active_low = config.active_low;
                "operator feedback on GPIO"
            );
            Box::new(indicator)
        }
        Err(err) => {
            warn!("{err}");
            Box::new(LogIndicator)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn beeps(steps: &[Step]) -> Vec<u32> {
        steps
            .iter()
            .filter(|step| step.buzzer)
            .map(|step| step.duration_ms)
            .collect()
    }

    #[test]
    fn every_signal_has_its_own_pattern() {
        let patterns: HashSet<&[Step]> = Signal::ALL.iter().map(|&s| pattern(s)).collect();
        assert_eq!(patterns.len(), Signal::ALL.len());
        for &signal in Signal::ALL {
            let steps = pattern(signal);
            assert!(!steps.is_empty(), "{signal}");
            assert!(steps.iter().all(|step| step.duration_ms > 0), "{signal}");
            let total: u32 = steps.iter().map(|step| step.duration_ms).sum();
            assert!((200..=2500).contains(&total), "{signal}: {total} ms");
        }
    }

    #[test]
    fn verdicts_differ_by_colour_alone_and_by_sound_alone() {
        let colour = |level: Level| {
            let steps = pattern(level.into());
            (
                steps.iter().any(|s| s.green),
                steps.iter().any(|s| s.amber),
                steps.iter().any(|s| s.red),
            )
        };
        assert_eq!(colour(Level::Accept), (true, false, false));
        assert_eq!(colour(Level::Warn), (false, true, false));
        assert_eq!(colour(Level::Reject), (false, false, true));
        assert_eq!(beeps(pattern(Signal::Accept)), [80]);
        assert_eq!(beeps(pattern(Signal::Warn)), [150, 150]);
        assert_eq!(beeps(pattern(Signal::Reject)), [350, 350, 350]);
    }

    #[test]
    fn patterns_read_as_text() {
        let check = |signal: Signal, expected: &str| {
            assert_eq!(describe_pattern(pattern(signal)), expected, "{signal}");
        };
        check(Signal::Accept, "G..B 80ms, G... 720ms");
        check(Signal::Printed, "G... 100ms, .... 100ms, G... 100ms");
        check(
            Signal::Startup,
            "G... 200ms, .A.. 200ms, ..R. 200ms, GARB 100ms",
        );
    }

    #[test]
    fn the_recording_fake_records_signals_and_steps() {
        let recording = RecordingIndicator::default();
        let mut indicator: Box<dyn Indicator> = Box::new(recording.clone());
        for level in [Level::Accept, Level::Reject, Level::Warn] {
            indicator.show(level.into());
        }
        assert_eq!(
            recording.signals(),
            [Signal::Accept, Signal::Reject, Signal::Warn]
        );
        let expected: Vec<Step> = [ACCEPT, REJECT, WARN].concat();
        assert_eq!(recording.steps(), expected);
        recording.clear();
        assert!(recording.signals().is_empty());
    }

    #[test]
    fn open_without_pins_or_off_a_pi_falls_back_to_the_log() {
        let mut indicator = open(&FeedbackConfig::default());
        indicator.show(Signal::Accept);
        // Pins configured: on a Pi this drives them; anywhere else it must still not panic.
        let config = FeedbackConfig {
            green_pin: Some(17),
            red_pin: Some(27),
            ..FeedbackConfig::default()
        };
        let mut indicator = open(&config);
        indicator.show(Signal::Reject);
    }
}
