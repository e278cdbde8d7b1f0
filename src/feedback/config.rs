//! `[feedback]`: which GPIO pins drive the operator's LEDs, buzzer and button. Every pin is
//! optional; with none configured, feedback goes to the log only (the default, so that a
//! station without lamps, or a laptop, needs no section at all).

use std::collections::HashMap;

use serde::Deserialize;

use crate::config::Problem;

/// The highest BCM GPIO number on the Raspberry Pi header (GPIO 0–27, all models since the
/// B+; "BCM" numbering as printed by `pinout`, not physical pin numbers).
pub const MAX_BCM_PIN: u8 = 27;

/// `[feedback]` in `station.toml`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FeedbackConfig {
    /// BCM GPIO number of the green (accept) LED. Default: none.
    pub green_pin: Option<u8>,
    /// BCM GPIO number of the amber (warn) LED. Default: none.
    pub amber_pin: Option<u8>,
    /// BCM GPIO number of the red (reject) LED. Default: none.
    pub red_pin: Option<u8>,
    /// BCM GPIO number of the buzzer (an active buzzer: on = sound). Default: none.
    pub buzzer_pin: Option<u8>,
    /// BCM GPIO number of the operator's button, wired between the pin and ground (the
    /// internal pull-up is used). Default: none.
    pub button_pin: Option<u8>,
    /// Outputs are on when the pin is low (LEDs wired to 3.3 V, low-side drivers).
    /// Default: false (on = high).
    pub active_low: bool,
    /// Sound the buzzer. Set false to keep the lamps but silence the station. Default: true.
    pub buzzer: bool,
    /// Button presses closer together than this are contact bounce. Default: 50 ms.
    pub button_debounce_ms: u64,
}

impl Default for FeedbackConfig {
    fn default() -> FeedbackConfig {
        FeedbackConfig {
            green_pin: None,
            amber_pin: None,
            red_pin: None,
            buzzer_pin: None,
            button_pin: None,
            active_low: false,
            buzzer: true,
            button_debounce_ms: 50,
        }
    }
}

impl FeedbackConfig {
    /// Each configured pin with its key name.
    pub fn pins(&self) -> Vec<(&'static str, u8)> {
        [
            ("green_pin", self.green_pin),
            ("amber_pin", self.amber_pin),
            ("red_pin", self.red_pin),
            ("buzzer_pin", self.buzzer_pin),
            ("button_pin", self.button_pin),
        ]
        .into_iter()
        .filter_map(|(key, pin)| pin.map(|pin| (key, pin)))
        .collect()
    }

    /// Whether any LED or buzzer pin is configured.
    pub fn has_outputs(&self) -> bool {
        self.green_pin.is_some()
            || self.amber_pin.is_some()
            || self.red_pin.is_some()
            || self.buzzer_pin.is_some()
    }

    /// Every problem in the section, keyed `feedback.<key>`.
    pub fn validate(&self) -> Vec<Problem> {
        let mut problems = Vec::new();
        let mut used: HashMap<u8, &'static str> = HashMap::new();
        for (key, pin) in self.pins() {
            if pin > MAX_BCM_PIN {
                problems.push(Problem {
                    key: format!("feedback.{key}"),
                    message: format!(
                        "{pin} is not a GPIO on the Raspberry Pi header: use a BCM number 0 to {MAX_BCM_PIN} (as `pinout` prints them, not the physical pin number)"
                    ),
                });
            }
            if let Some(first) = used.insert(pin, key) {
                problems.push(Problem {
                    key: format!("feedback.{key}"),
                    message: format!(
                        "GPIO {pin} is already used by feedback.{first}: every LED, the buzzer and the button need their own pin"
                    ),
                });
            }
        }
        if self.button_debounce_ms > 1000 {
            problems.push(Problem {
                key: "feedback.button_debounce_ms".into(),
                message: format!(
                    "{} ms would swallow real presses: use 0 to 1000 (typical 20 to 100)",
                    self.button_debounce_ms
                ),
            });
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(toml_text: &str) -> Vec<String> {
        let config: FeedbackConfig = match toml::from_str(toml_text) {
            Ok(config) => config,
            Err(err) => return vec![format!("syntax: {err}")],
        };
        config
            .validate()
            .iter()
            .map(|problem| problem.key.clone())
            .collect()
    }

    #[test]
    fn default_is_log_only_with_buzzer_on() {
        let config = FeedbackConfig::default();
        assert!(!config.has_outputs());
        assert!(config.buzzer);
        assert!(config.validate().is_empty());
    }

    #[test]
    fn pins_are_checked() {
        assert!(problems(
            "green_pin = 17\namber_pin = 27\nred_pin = 22\nbuzzer_pin = 23\nbutton_pin = 24\n"
        )
        .is_empty());
        assert_eq!(problems("green_pin = 28\n"), ["feedback.green_pin"]);
        assert_eq!(
            problems("green_pin = 17\nbutton_pin = 17\n"),
            ["feedback.button_pin"]
        );
        assert_eq!(
            problems("button_debounce_ms = 5000\n"),
            ["feedback.button_debounce_ms"]
        );
        assert!(problems("green_pin = -1\n")[0].starts_with("syntax"));
        assert!(problems("green = 17\n")[0].contains("green"));
    }
}
