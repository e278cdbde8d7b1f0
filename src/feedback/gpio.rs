//! The Raspberry Pi side of feedback: LEDs and buzzer on GPIO output pins (rppal), patterns
//! played on a background thread, and the operator's button polled on another.
//!
//! rppal opens `/dev/gpiomem`; anywhere else (a laptop, CI, a container) it returns an error
//! and [`super::open`] falls back to the log. The button is behind the [`Button`] trait so
//! the debouncing and edge detection are tested with a fake.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, Sender, TrySendError};
use log::{info, warn};
use rppal::gpio::{Gpio, InputPin, OutputPin};

use super::{pattern, FeedbackConfig, FeedbackError, Indicator, Signal, Step};

/// How often the button is sampled.
const BUTTON_POLL: Duration = Duration::from_millis(5);

/// The four outputs, each optional.
struct Outputs {
    green: Option<OutputPin>,
    amber: Option<OutputPin>,
    red: Option<OutputPin>,
    buzzer: Option<OutputPin>,
    active_low: bool,
}

impl Outputs {
    fn apply(&mut self, step: &Step) {
        let active_low = self.active_low;
        for (pin, on) in [
            (&mut self.green, step.green),
            (&mut self.amber, step.amber),
            (&mut self.red, step.red),
            (&mut self.buzzer, step.buzzer),
        ] {
            if let Some(pin) = pin {
                if on != active_low {
                    pin.set_high();
                } else {
                    pin.set_low();
                }
            }
        }
    }
}

/// LEDs and buzzer on GPIO. `show` hands the signal to the player thread and returns; a new
/// signal cuts the running pattern short.
pub struct GpioIndicator {
    signals: SignalQueue,
}

/// How many signals wait for the player at most.
const SIGNAL_BACKLOG: usize = 8;

/// The player's queue: bounded, and when it is full the oldest waiting signal is dropped,
/// so the newest (the scan the operator just made) is always shown.
struct SignalQueue {
    sender: Sender<Signal>,
    /// A second handle on the player's end, used only to drop the oldest signal.
    oldest: Receiver<Signal>,
}

impl SignalQueue {
    fn new(capacity: usize) -> (SignalQueue, Receiver<Signal>) {
        let (sender, receiver) = crossbeam_channel::bounded(capacity);
        let queue = SignalQueue {
            sender,
            oldest: receiver.clone(),
        };
        (queue, receiver)
    }

    /// Queues `signal`; false when the player thread has gone.
    fn push(&self, signal: Signal) -> bool {
        let mut signal = signal;
        loop {
            match self.sender.try_send(signal) {
                Ok(()) => return true,
                // A burst of scans and the player is behind: drop the oldest, keep the newest.
                Err(TrySendError::Full(newest)) => {
                    let _ = self.oldest.try_recv();
                    signal = newest;
                }
                Err(TrySendError::Disconnected(_)) => return false,
            }
        }
    }
}

impl GpioIndicator {
    pub fn new(config: &FeedbackConfig) -> Result<GpioIndicator, FeedbackError> {
        let gpio = Gpio::new().map_err(|err| FeedbackError::Gpio(err.to_string()))?;
        let output =
            |pin: Option<u8>, role: &'static str| -> Result<Option<OutputPin>, FeedbackError> {
                let Some(pin) = pin else { return Ok(None) };
                let mut output = gpio
                    .get(pin)
                    .map_err(|err| FeedbackError::Pin {
                        pin,
                        role,
                        message: err.to_string(),
                    })?
                    .into_output();
                // Leave the lamps off when the daemon exits.
                output.set_reset_on_drop(true);
                Ok(Some(output))
            };
        let mut outputs = Outputs {
            green: output(config.green_pin, "green LED")?,
            amber: output(config.amber_pin, "amber LED")?,
            red: output(config.red_pin, "red LED")?,
            buzzer: if config.buzzer {
                output(config.buzzer_pin, "buzzer")?
            } else {
                None
            },
            active_low: config.active_low,
        };
        outputs.apply(&Step::OFF);
        let (signals, receiver) = SignalQueue::new(SIGNAL_BACKLOG);
        std::thread::Builder::new()
            .name("feedback".into())
            .spawn(move || play(outputs, receiver))
            .map_err(|err| {
                FeedbackError::Gpio(format!("cannot start the feedback thread: {err}"))
            })?;
        Ok(GpioIndicator { signals })
    }
}

impl Indicator for GpioIndicator {
    fn show(&mut self, signal: Signal) {
        if !self.signals.push(signal) {
            warn!("feedback thread has stopped; {signal} not shown");
        }
    }
}

/// Plays patterns until every sender is gone. Each step waits on the channel, so a new signal
/// starts at once.
fn play(mut outputs: Outputs, signals: Receiver<Signal>) {
    let mut next = signals.recv().ok();
    while let Some(signal) = next.take() {
        for step in pattern(signal) {
            outputs.apply(step);
            match signals.recv_timeout(Duration::from_millis(u64::from(step.duration_ms))) {
                Ok(newer) => {
                    next = Some(newer);
                    break;
                }
                Err(crossbeam_channel::RecvTimeoutError::Timeout) => {}
                Err(crossbeam_channel::RecvTimeoutError::Disconnected) => {
                    outputs.apply(&Step::OFF);
                    return;
                }
            }
        }
        outputs.apply(&Step::OFF);
        if next.is_none() {
            next = signals.recv().ok();
        }
    }
    outputs.apply(&Step::OFF);
}

/// The operator's button: something that says whether it is held down now.
pub trait Button: Send {
    fn is_pressed(&mut self) -> bool;
}

/// A push button between a GPIO pin and ground, with the internal pull-up.
pub struct GpioButton {
    pin: InputPin,
}

impl GpioButton {
    pub fn open(config: &FeedbackConfig) -> Result<GpioButton, FeedbackError> {
        let pin = config.button_pin.ok_or(FeedbackError::NoButtonPin)?;
        let gpio = Gpio::new().map_err(|err| FeedbackError::Gpio(err.to_string()))?;
        let input = gpio
            .get(pin)
            .map_err(|err| FeedbackError::Pin {
                pin,
                role: "button",
                message: err.to_string(),
            })?
            .into_input_pullup();
        Ok(GpioButton { pin: input })
    }
}

impl Button for GpioButton {
    fn is_pressed(&mut self) -> bool {
        self.pin.is_low()
    }
}

/// Watches a button on its own thread and sends one `()` per press (on the press, after it
/// has been held for `debounce`; releases and bounces are ignored). Stops when `stop` is set
/// or the receiver is gone.
pub fn spawn_button(
    mut button: Box<dyn Button>,
    debounce: Duration,
    presses: Sender<()>,
    stop: Arc<AtomicBool>,
) -> std::io::Result<JoinHandle<()>> {
    std::thread::Builder::new()
        .name("button".into())
        .spawn(move || {
            info!("watching the operator's button");
            let mut reported = button.is_pressed();
            let mut changed_since: Option<Instant> = None;
            while !stop.load(Ordering::SeqCst) {
                let pressed = button.is_pressed();
                if pressed == reported {
                    changed_since = None;
                } else {
                    let since = *changed_since.get_or_insert_with(Instant::now);
                    if since.elapsed() >= debounce {
                        reported = pressed;
                        changed_since = None;
                        if pressed && presses.send(()).is_err() {
                            break;
                        }
                    }
                }
                std::thread::sleep(BUTTON_POLL);
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    #[test]
    fn a_full_signal_queue_drops_the_oldest_and_keeps_the_newest() {
        let (queue, player) = SignalQueue::new(2);
        for signal in [
            Signal::Accept,
            Signal::Warn,
            Signal::Reject,
            Signal::Printed,
        ] {
            assert!(queue.push(signal));
        }
        let waiting: Vec<Signal> = player.try_iter().collect();
        assert_eq!(waiting, [Signal::Reject, Signal::Printed]);
    }

    /// A button that follows a script of (held down, for how long).
    struct ScriptedButton {
        script: Arc<Mutex<Vec<(bool, Duration)>>>,
        started: Instant,
    }

    impl Button for ScriptedButton {
        fn is_pressed(&mut self) -> bool {
            let elapsed = self.started.elapsed();
            let mut at = Duration::ZERO;
            for &(pressed, length) in self.script.lock().unwrap().iter() {
                at += length;
                if elapsed < at {
                    return pressed;
                }
            }
            false
        }
    }

    #[test]
    fn presses_are_debounced_and_counted_once() {
        let ms = Duration::from_millis;
        // Bounce (3 ms blips), then a real press of 150 ms, a gap, a second press, a bounce.
        let script = vec![
            (false, ms(50)),
            (true, ms(3)),
            (false, ms(3)),
            (true, ms(3)),
            (false, ms(60)),
            (true, ms(150)),
            (false, ms(120)),
            (true, ms(150)),
            (false, ms(80)),
            (true, ms(4)),
            (false, ms(200)),
        ];
        let total: Duration = script.iter().map(|(_, length)| *length).sum();
        let button = ScriptedButton {
            script: Arc::new(Mutex::new(script)),
            started: Instant::now(),
        };
        let (tx, rx) = crossbeam_channel::unbounded();
        let stop = Arc::new(AtomicBool::new(false));
        let handle = spawn_button(Box::new(button), ms(40), tx, Arc::clone(&stop)).unwrap();
        std::thread::sleep(total + ms(50));
        stop.store(true, Ordering::SeqCst);
        handle.join().unwrap();
        assert_eq!(rx.try_iter().count(), 2);
    }

    #[test]
    fn off_a_pi_gpio_is_an_error_not_a_panic() {
        let config = FeedbackConfig {
            button_pin: Some(22),
            ..FeedbackConfig::default()
        };
        // On a Pi with the pin free this succeeds; elsewhere it must be a clear error.
        if let Err(err) = GpioButton::open(&config) {
            assert!(err.to_string().contains("GPIO"), "{err}");
        }
    }
}
