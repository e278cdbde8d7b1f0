//! The `[[printer]]` section of the station config: one printer profile per table, read
//! with `deny_unknown_fields` and checked as a whole by [`PrinterConfig::validate`], which
//! returns every problem with its key path and a hint. `config/printers.example.toml`
//! shows every key.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::label::zpl::MediaSetup;
use crate::label::Dpi;

/// How the station reaches the printer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TransportKind {
    /// Raw TCP, port 9100 by convention (`address = "host:9100"`).
    Tcp,
    /// A USB printer class device (`device = "/dev/usb/lp0"`).
    Usb,
    /// A serial port (`device = "/dev/ttyUSB0"`, `baud`).
    Serial,
    /// A folder: each job becomes a `.zpl` file (`path`); the demo default.
    File,
}

/// The printer's command language. ZPL II only for now.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Language {
    #[default]
    Zpl,
}

fn default_baud() -> u32 {
    9600
}
fn default_connect_timeout_ms() -> u64 {
    3000
}
fn default_write_timeout_ms() -> u64 {
    10_000
}
fn default_status_timeout_ms() -> u64 {
    2000
}
fn default_print_timeout_ms() -> u64 {
    60_000
}
fn default_poll_interval_ms() -> u64 {
    250
}
fn default_max_connect_attempts() -> u32 {
    5
}

/// One printer profile.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PrinterConfig {
    /// Name used by `--printer NAME` and in the queue.
    pub name: String,
    #[serde(default)]
    pub language: Language,
    pub transport: TransportKind,
    /// `host:port` for `tcp`.
    #[serde(default)]
    pub address: Option<String>,
    /// Device path for `usb` and `serial`.
    #[serde(default)]
    pub device: Option<String>,
    /// Baud rate for `serial` (default 9600).
    #[serde(default = "default_baud")]
    pub baud: u32,
    /// Folder for `file`.
    #[serde(default)]
    pub path: Option<String>,
    /// Print head resolution: 203, 300 or 600. Checked against `~HI` before the first job.
    pub dpi: u32,
    /// Size of the labels loaded in the printer. Templates of another size are refused.
    pub width_mm: f64,
    pub height_mm: f64,
    /// TCP connect timeout (default 3000 ms).
    #[serde(default = "default_connect_timeout_ms")]
    pub connect_timeout_ms: u64,
    /// Deadline for writing one job (default 10000 ms).
    #[serde(default = "default_write_timeout_ms")]
    pub write_timeout_ms: u64,
    /// How long to wait for a status answer before calling it silence (default 2000 ms).
    #[serde(default = "default_status_timeout_ms")]
    pub status_timeout_ms: u64,
    /// How long a job may take to print before it becomes `unknown` (default 60000 ms).
    #[serde(default = "default_print_timeout_ms")]
    pub print_timeout_ms: u64,
    /// Status polling interval while a job prints (default 250 ms).
    #[serde(default = "default_poll_interval_ms")]
    pub poll_interval_ms: u64,
    /// Whether the printer answers status queries. Default: true for tcp, false otherwise.
    #[serde(default)]
    pub bidirectional: Option<bool>,
    /// Without a status channel, mark a job printed once written (default false: the job
    /// becomes `unknown` and the operator confirms it).
    #[serde(default)]
    pub assume_printed_without_status: bool,
    /// Connection attempts before a job that was never sent is marked `failed` (default 5).
    #[serde(default = "default_max_connect_attempts")]
    pub max_connect_attempts: u32,
    /// Darkness, print rate, media tracking, print method: sent as the setup block.
    #[serde(default)]
    pub media: MediaSetup,
}

/// A file holding only `[[printer]]` tables (until the station config assembles them).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PrintersFile {
    #[serde(default)]
    pub printer: Vec<PrinterConfig>,
}

impl PrintersFile {
    /// Checks every printer and that names are unique; every problem, with its key path.
    pub fn validate(&self) -> Vec<String> {
        let mut problems = Vec::new();
        for (index, printer) in self.printer.iter().enumerate() {
            problems.extend(printer.validate(&format!("printer[{index}]")));
            if self.printer[..index]
                .iter()
                .any(|other| other.name == printer.name)
            {
                problems.push(format!(
                    "printer[{index}].name: {:?} is used twice; give each printer its own name",
                    printer.name
                ));
            }
        }
        problems
    }

    pub fn find(&self, name: &str) -> Option<&PrinterConfig> {
        self.printer.iter().find(|printer| printer.name == name)
    }
}

impl PrinterConfig {
    /// Every problem of this profile as `KEY: what is wrong; what to write`.
    pub fn validate(&self, key: &str) -> Vec<String> {
        let mut problems = Vec::new();
        if self.name.trim().is_empty() {
            problems.push(format!(
                "{key}.name: give the printer a name, e.g. \"line1\""
            ));
        }
        if Dpi::from_dpi(self.dpi).is_none() {
            problems.push(format!(
                "{key}.dpi = {}: use 203, 300 or 600 (see the printer's config label)",
                self.dpi
            ));
        }
        for (field, value) in [("width_mm", self.width_mm), ("height_mm", self.height_mm)] {
            if !(value > 0.0 && value <= 1000.0) {
                problems.push(format!(
                    "{key}.{field} = {value}: give the loaded label size in mm"
                ));
            }
        }
        match self.transport {
            TransportKind::Tcp => match &self.address {
                None => problems.push(format!("{key}.address: tcp needs address = \"HOST:9100\"")),
                Some(address) if !address.contains(':') => problems.push(format!(
                    "{key}.address = {address:?}: add the port, e.g. \"{address}:9100\""
                )),
                Some(_) => {}
            },
            TransportKind::Usb | TransportKind::Serial => {
                if self.device.is_none() {
                    problems.push(format!(
                        "{key}.device: {} needs device = \"{}\"",
                        if self.transport == TransportKind::Usb {
                            "usb"
                        } else {
                            "serial"
                        },
                        if self.transport == TransportKind::Usb {
                            "/dev/usb/lp0"
                        } else {
                            "/dev/ttyUSB0"
                        }
                    ));
                }
            }
            TransportKind::File => {
                if self.path.is_none() {
                    problems.push(format!(
                        "{key}.path: file needs path = \"/var/lib/scanstation/labels\""
                    ));
                }
            }
        }
        if self.transport == TransportKind::Serial
            && ![9600, 19200, 38400, 57600, 115200].contains(&self.baud)
        {
            problems.push(format!(
                "{key}.baud = {}: use 9600, 19200, 38400, 57600 or 115200",
                self.baud
            ));
        }
        for (field, value) in [
            ("connect_timeout_ms", self.connect_timeout_ms),
            ("write_timeout_ms", self.write_timeout_ms),
            ("status_timeout_ms", self.status_timeout_ms),
            ("print_timeout_ms", self.print_timeout_ms),
            ("poll_interval_ms", self.poll_interval_ms),
        ] {
            if value == 0 || value > 600_000 {
                problems.push(format!("{key}.{field} = {value}: use 1-600000 ms"));
            }
        }
        if self.max_connect_attempts == 0 {
            problems.push(format!("{key}.max_connect_attempts: use at least 1"));
        }
        if let Some(darkness) = self.media.darkness {
            if darkness > 30 {
                problems.push(format!("{key}.media.darkness = {darkness}: use 0-30"));
            }
        }
        if let Some(rate) = self.media.print_rate_ips {
            if !(2..=14).contains(&rate) {
                problems.push(format!(
                    "{key}.media.print_rate_ips = {rate}: use 2-14 inches per second"
                ));
            }
        }
        problems
    }

    /// The resolution; 203 dpi if the profile is invalid (validate first).
    pub fn resolution(&self) -> Dpi {
        Dpi::from_dpi(self.dpi).unwrap_or(Dpi::D203)
    }

    /// Whether status queries are answered on this transport.
    pub fn has_status(&self) -> bool {
        match self.transport {
            TransportKind::File => false,
            TransportKind::Tcp => self.bidirectional.unwrap_or(true),
            TransportKind::Usb | TransportKind::Serial => self.bidirectional.unwrap_or(false),
        }
    }

    pub fn connect_timeout(&self) -> Duration {
        Duration::from_millis(self.connect_timeout_ms)
    }
    pub fn write_timeout(&self) -> Duration {
        Duration::from_millis(self.write_timeout_ms)
    }
    pub fn status_timeout(&self) -> Duration {
        Duration::from_millis(self.status_timeout_ms)
    }
    pub fn print_timeout(&self) -> Duration {
        Duration::from_millis(self.print_timeout_ms)
    }
    pub fn poll_interval(&self) -> Duration {
        Duration::from_millis(self.poll_interval_ms)
    }

    /// A template fits this printer when its width is at most the loaded label width and its
    /// height matches the loaded label (to 1 mm): a 100x50 template on 100x150 labels would
    /// feed a whole label per 50 mm print.
    pub fn check_fits(
        &self,
        template_name: &str,
        (width_mm, height_mm): (f64, f64),
    ) -> Result<(), String> {
        if width_mm > self.width_mm + 0.5 || (height_mm - self.height_mm).abs() > 1.0 {
            return Err(format!(
                "template {template_name} is {width_mm}x{height_mm} mm but printer {} has {}x{} mm labels loaded; \
                 load the right labels or pick another template/printer",
                self.name, self.width_mm, self.height_mm
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn example_file_is_valid() {
        let text = include_str!("../../config/printers.example.toml");
        let file: PrintersFile = toml::from_str(text).unwrap();
        assert!(file.printer.len() >= 2);
        assert_eq!(file.validate(), Vec::<String>::new());
    }

    #[test]
    fn every_problem_reported() {
        let text = r#"
            [[printer]]
            name = "a"
            transport = "tcp"
            address = "10.0.0.5"
            dpi = 250
            width_mm = 0
            height_mm = 50
            [[printer]]
            name = "a"
            transport = "file"
            dpi = 203
            width_mm = 100
            height_mm = 50
        "#;
        let file: PrintersFile = toml::from_str(text).unwrap();
        let problems = file.validate();
        assert_eq!(problems.len(), 5, "{problems:#?}");
        assert!(problems.iter().any(|p| p.starts_with("printer[0].address")));
        assert!(problems.iter().any(|p| p.starts_with("printer[1].name")));
        let typo = "[[printer]]\nname='a'\ntransport='file'\npath='x'\ndpi=203\nwidth_mm=1\nheight_mm=1\ndarknes=3\n";
        assert!(
            toml::from_str::<PrintersFile>(typo).is_err(),
            "unknown keys are refused"
        );
    }
}
