//! `config/station.toml`: the whole station configuration, read into raw structs that hold
//! only what the user wrote (`deny_unknown_fields`), then checked as a whole so that every
//! problem is reported at once with its key path and a hint, before any device is opened.
//!
//! Each capability owns its section type and its checks (`[policy]` in `verdict`, `[store]` in
//! `store`, `[[scanner]]` in `input`, ...); this module only assembles them, adds the checks
//! that span sections (a scanner naming a printer that does not exist), and provides the
//! embedded demo configuration that `scanstation run` uses when no file is given. `[sync]`
//! (head office) belongs to `sync`; it is checked here with the rest of the file and used by
//! `scanstation sync --config`.

use std::collections::HashSet;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use thiserror::Error;

use crate::feedback::FeedbackConfig;
use crate::input::ScannerConfig;
use crate::printer::{PrinterConfig, PrintersFile};
use crate::status::StatusConfig;
use crate::store::StoreConfig;
use crate::sync::SyncConfig;
use crate::verdict::Policy;

/// One problem in the configuration: where (`scanner[dock1].baud`), what, and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub key: String,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.key, self.message)
    }
}

impl From<crate::store::ConfigProblem> for Problem {
    /// A section's problem with its hint folded into the message.
    fn from(problem: crate::store::ConfigProblem) -> Problem {
        Problem {
            key: problem.key,
            message: format!("{} ({})", problem.message, problem.hint),
        }
    }
}

/// Why a configuration could not be used.
#[derive(Debug, Error)]
pub enum ConfigError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} is not valid TOML for scanstation: {message}")]
    Syntax { path: PathBuf, message: String },
    #[error("{path} has {} problem(s):\n{}", .problems.len(), .problems.iter().map(|problem| format!("  - {problem}")).collect::<Vec<_>>().join("\n"))]
    Invalid {
        path: PathBuf,
        problems: Vec<Problem>,
    },
}

/// `[station]`: who this station is.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct StationSection {
    /// Station id: 1–12 letters or digits. It is recorded in the journal, prefixes standalone
    /// serials and identifies the station to head office. Default: `demo`.
    pub id: String,
    /// Where the station stands, for people ("Dock door 3"). Shown on the status page.
    pub location: String,
    /// Folder of label templates named by `[line] template` and `[[printer]]` jobs.
    /// Default: `labels` (relative to the working directory).
    pub labels_dir: PathBuf,
    /// Fixed UTC offset for calendar dates (expiry), e.g. `"+01:00"`. Default: the system's
    /// local time zone.
    pub utc_offset: Option<String>,
}

impl Default for StationSection {
    fn default() -> StationSection {
        StationSection {
            id: "demo".into(),
            location: String::new(),
            labels_dir: PathBuf::from("labels"),
            utc_offset: None,
        }
    }
}

/// `[line]`: the production-line workflow (serial labels).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LineSection {
    /// Template file in `labels_dir` for serial labels. Default: `serial.toml`.
    pub template: String,
    /// Printer id (`[[printer]] id`) for line labels. Default: the first printer.
    pub printer: Option<String>,
    /// A plain barcode whose scan prints the next label. Default: `PRINT-NEXT`.
    pub print_next_code: String,
    /// Labels printed per trigger (button press or "print next" scan). Default: 1.
    pub labels_per_trigger: u32,
    /// The configured count: when a work order is scanned (or `scanstation line set` makes a
    /// product active while the daemon runs), print this many labels at once, one serial
    /// each, as if the trigger had been pressed that often. 0: off. Default: 0.
    pub batch_count: u32,
    /// The operator scans each printed label; the station checks it decodes to exactly the
    /// allocated data, otherwise voids it and reprints the same serial. Default: false.
    pub verify: bool,
    /// Active product (GTIN) when the station database has none yet, or when this key (or
    /// `lot`) was changed since it was last applied: at start and on SIGHUP. Otherwise the
    /// product set last (work-order scan, `scanstation line set`) stays active across
    /// restarts.
    pub gtin: Option<String>,
    /// Active lot, with `gtin`.
    pub lot: Option<String>,
    /// Expiry printed on line labels, in days after today, when the product gives none.
    pub expiry_days: Option<u32>,
}

impl Default for LineSection {
    fn default() -> LineSection {
        LineSection {
            template: "serial.toml".into(),
            printer: None,
            print_next_code: "PRINT-NEXT".into(),
            labels_per_trigger: 1,
            batch_count: 0,
            verify: false,
            gtin: None,
            lot: None,
            expiry_days: None,
        }
    }
}

/// `[receiving]`: the dock-door workflow.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ReceivingSection {
    /// Print an internal pallet label for each accepted logistic label (SSCC with its
    /// content GTIN and count). Default: false.
    pub pallet_label: bool,
    /// Template file in `labels_dir` for pallet labels. Default: `pallet.toml`.
    pub pallet_template: String,
    /// Printer for pallet labels. Default: the scanner's printer, else the first printer.
    pub printer: Option<String>,
}

impl Default for ReceivingSection {
    fn default() -> ReceivingSection {
        ReceivingSection {
            pallet_label: false,
            pallet_template: "pallet.toml".into(),
            printer: None,
        }
    }
}

/// The file as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    station: StationSection,
    #[serde(default)]
    store: StoreConfig,
    #[serde(default)]
    policy: Policy,
    #[serde(default, rename = "scanner")]
    scanners: Vec<ScannerConfig>,
    #[serde(default)]
    receiving: ReceivingSection,
    #[serde(default)]
    line: LineSection,
    #[serde(default, rename = "printer")]
    printers: Vec<PrinterConfig>,
    #[serde(default)]
    sync: SyncConfig,
    #[serde(default)]
    feedback: FeedbackConfig,
    #[serde(default)]
    status: StatusConfig,
}

/// A checked configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// The file it came from; `None` for the embedded demo.
    pub path: Option<PathBuf>,
    pub station: StationSection,
    pub store: StoreConfig,
    pub policy: Policy,
    pub scanners: Vec<ScannerConfig>,
    pub receiving: ReceivingSection,
    pub line: LineSection,
    pub printers: Vec<PrinterConfig>,
    /// `[sync]`: head office (off when no `url`).
    pub sync: SyncConfig,
    /// `[feedback]`: GPIO LEDs, buzzer and button (log only when no pins).
    pub feedback: FeedbackConfig,
    /// `[status]`: the read-only HTTP status page, `/status.json` and `/metrics`.
    pub status: StatusConfig,
}

/// The demo configuration embedded in the binary (stdin scanner, folder printer, demo DB).
pub const DEMO_TOML: &str = include_str!("../../config/demo.toml");

impl Config {
    /// Reads and checks a configuration file.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_owned(),
            source,
        })?;
        Config::from_toml(&text, Some(path))
    }

    /// The embedded demo configuration.
    pub fn demo() -> Result<Config, ConfigError> {
        Config::from_toml(DEMO_TOML, None)
    }

    /// Parses and checks configuration text; `path` is only used in messages.
    pub fn from_toml(text: &str, path: Option<&Path>) -> Result<Config, ConfigError> {
        let shown = path.map_or_else(|| PathBuf::from("<embedded demo config>"), Path::to_owned);
        let raw: RawConfig = toml::from_str(text).map_err(|err| ConfigError::Syntax {
            path: shown.clone(),
            message: err.to_string(),
        })?;
        let problems = check(&raw);
        if !problems.is_empty() {
            return Err(ConfigError::Invalid {
                path: shown,
                problems,
            });
        }
        Ok(Config {
            path: path.map(Path::to_owned),
            station: raw.station,
            store: raw.store,
            policy: raw.policy,
            scanners: raw.scanners,
            receiving: raw.receiving,
            line: raw.line,
            printers: raw.printers,
            sync: raw.sync,
            feedback: raw.feedback,
            status: raw.status,
        })
    }

    /// The printer named `name`.
    pub fn printer(&self, name: &str) -> Option<&PrinterConfig> {
        self.printers.iter().find(|printer| printer.name == name)
    }

    /// The printer for line labels: `[line] printer`, else the first `[[printer]]`.
    pub fn line_printer(&self) -> Option<&PrinterConfig> {
        match &self.line.printer {
            Some(name) => self.printer(name),
            None => self.printers.first(),
        }
    }

    /// `[station] utc_offset` as a chrono offset (checked at load).
    pub fn utc_offset(&self) -> Option<chrono::FixedOffset> {
        self.station
            .utc_offset
            .as_deref()
            .and_then(parse_utc_offset)
    }

    /// The template file for line labels.
    pub fn line_template_path(&self) -> PathBuf {
        self.station.labels_dir.join(&self.line.template)
    }
}

/// A `[station] utc_offset` value (`"+01:00"`, `"-05:30"`) as a chrono offset.
pub fn parse_utc_offset(text: &str) -> Option<chrono::FixedOffset> {
    let (sign, rest) = match text.as_bytes().first()? {
        b'+' => (1, &text[1..]),
        b'-' => (-1, &text[1..]),
        _ => return None,
    };
    let (hours, minutes) = rest.split_once(':')?;
    let seconds = hours.parse::<i32>().ok()? * 3600 + minutes.parse::<i32>().ok()? * 60;
    chrono::FixedOffset::east_opt(sign * seconds)
}

/// Every problem in the file, section checks first, then the ones that span sections.
fn check(raw: &RawConfig) -> Vec<Problem> {
    let mut problems = Vec::new();
    if !crate::store::is_valid_station_id(&raw.station.id) {
        problems.push(Problem {
            key: "station.id".into(),
            message: format!(
                "{:?} is not a station id: use 1 to 12 letters or digits, e.g. \"dock1\"",
                raw.station.id
            ),
        });
    }
    if let Some(offset) = &raw.station.utc_offset {
        if parse_utc_offset(offset).is_none() {
            problems.push(Problem {
                key: "station.utc_offset".into(),
                message: format!(
                    "{offset:?} is not a UTC offset: write e.g. \"+01:00\" or \"-05:00\""
                ),
            });
        }
    }
    problems.extend(raw.store.validate().into_iter().map(Problem::from));
    problems.extend(raw.policy.validate().into_iter().map(Problem::from));
    problems.extend(raw.sync.validate().into_iter().map(Problem::from));
    problems.extend(raw.feedback.validate());
    problems.extend(raw.status.validate());
    let mut scanner_ids = HashSet::new();
    for scanner in &raw.scanners {
        problems.extend(scanner.validate().into_iter().map(|problem| Problem {
            key: problem.key,
            message: problem.message,
        }));
        if !scanner_ids.insert(scanner.id.as_str()) {
            problems.push(Problem {
                key: format!("scanner[{}].id", scanner.id),
                message: "is used twice: every scanner needs its own id".into(),
            });
        }
    }
    let printers = PrintersFile {
        printer: raw.printers.clone(),
    };
    problems.extend(printers.validate().into_iter().map(|text| {
        let (key, message) = text.split_once(": ").unwrap_or(("printer", text.as_str()));
        Problem {
            key: key.to_owned(),
            message: message.to_owned(),
        }
    }));
    for scanner in &raw.scanners {
        if let Some(name) = &scanner.printer {
            if printers.find(name).is_none() {
                problems.push(Problem {
                    key: format!("scanner[{}].printer", scanner.id),
                    message: format!(
                        "{name:?} is not a [[printer]] name ({})",
                        names(&raw.printers)
                    ),
                });
            }
        }
    }
    for (key, name) in [
        ("line.printer", &raw.line.printer),
        ("receiving.printer", &raw.receiving.printer),
    ] {
        if let Some(name) = name {
            if printers.find(name).is_none() {
                problems.push(Problem {
                    key: key.into(),
                    message: format!(
                        "{name:?} is not a [[printer]] name ({})",
                        names(&raw.printers)
                    ),
                });
            }
        }
    }
    if raw.receiving.pallet_label && raw.printers.is_empty() {
        problems.push(Problem {
            key: "receiving.pallet_label".into(),
            message: "is on but no [[printer]] is configured: add one, or set it to false".into(),
        });
    }
    if raw.line.labels_per_trigger == 0 || raw.line.labels_per_trigger > 100 {
        problems.push(Problem {
            key: "line.labels_per_trigger".into(),
            message: "must be 1 to 100".into(),
        });
    }
    if raw.line.batch_count > crate::store::line_state::MAX_REQUEST_COUNT {
        problems.push(Problem {
            key: "line.batch_count".into(),
            message: format!(
                "must be 0 (off) to {}",
                crate::store::line_state::MAX_REQUEST_COUNT
            ),
        });
    }
    if let Some(gtin) = &raw.line.gtin {
        if let Err(message) = crate::store::master::normalize_gtin(gtin) {
            problems.push(Problem {
                key: "line.gtin".into(),
                message: format!("{message}: give the product's GTIN, e.g. \"09506000134352\""),
            });
        }
    }
    if raw.line.lot.is_some() && raw.line.gtin.is_none() {
        problems.push(Problem {
            key: "line.lot".into(),
            message: "is set without line.gtin: a lot belongs to a product, set both".into(),
        });
    }
    for scanner in &raw.scanners {
        if let Some(workflow) = &scanner.workflow {
            if workflow.parse::<crate::verdict::Workflow>().is_err() {
                problems.push(Problem {
                    key: format!("scanner[{}].workflow", scanner.id),
                    message: format!(
                        "{workflow:?} is not a workflow: use \"receiving\", \"line\" or \"lookup\""
                    ),
                });
            }
        }
    }
    if raw.line.print_next_code.trim().is_empty() {
        problems.push(Problem {
            key: "line.print_next_code".into(),
            message: "is empty: give the text of the \"print next\" barcode".into(),
        });
    }
    problems
}

fn names(printers: &[PrinterConfig]) -> String {
    if printers.is_empty() {
        return "no printers are configured".into();
    }
    let names: Vec<&str> = printers
        .iter()
        .map(|printer| printer.name.as_str())
        .collect();
    format!("configured: {}", names.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_config_is_valid() {
        let config = Config::demo().unwrap();
        assert_eq!(config.station.id, "demo");
        assert_eq!(config.scanners.len(), 1);
        assert_eq!(config.line_printer().map(|p| p.name.as_str()), Some("demo"));
    }

    #[test]
    fn the_shipped_example_configs_are_valid() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        for file in ["config/station.toml", "config/printers.example.toml"] {
            if let Err(err) = Config::load(&root.join(file)) {
                panic!("{file}: {err}");
            }
        }
    }

    #[test]
    fn printer_references_must_exist() {
        let text = "[[scanner]]\nid = \"s\"\nkind = \"stdin\"\nprinter = \"nope\"\n[line]\nprinter = \"nope2\"\n";
        let message = Config::from_toml(text, None).unwrap_err().to_string();
        assert!(message.contains("scanner[s].printer"), "{message}");
        assert!(message.contains("line.printer"), "{message}");
    }

    #[test]
    fn every_problem_is_reported_with_its_key() {
        let text =
            "[station]\nid = \"dock 1!\"\nutc_offset = \"CET\"\n[line]\nlabels_per_trigger = 0\n";
        let err = Config::from_toml(text, Some(Path::new("station.toml"))).unwrap_err();
        let message = err.to_string();
        for key in [
            "station.id",
            "station.utc_offset",
            "line.labels_per_trigger",
        ] {
            assert!(message.contains(key), "{message}");
        }
    }

    #[test]
    fn a_misspelt_workflow_and_a_bad_line_product_are_named() {
        for (text, key, allowed) in [
            (
                "[[scanner]]\nid = \"s\"\nkind = \"stdin\"\nworkflow = \"recieving\"\n",
                "scanner[s].workflow",
                "\"receiving\", \"line\" or \"lookup\"",
            ),
            (
                "[line]\ngtin = \"09506000134353\"\n",
                "line.gtin",
                "check digit",
            ),
            ("[line]\nlot = \"L1\"\n", "line.lot", "set both"),
            (
                "[line]\nbatch_count = 101\n",
                "line.batch_count",
                "0 (off) to 100",
            ),
        ] {
            let message = Config::from_toml(text, None).unwrap_err().to_string();
            assert!(message.contains(key), "{text}: {message}");
            assert!(message.contains(allowed), "{text}: {message}");
        }
        let config = Config::from_toml(
            "[[scanner]]\nid = \"s\"\nkind = \"stdin\"\nworkflow = \"lookup\"\n[line]\ngtin = \"9506000134352\"\nbatch_count = 5\n",
            None,
        )
        .unwrap();
        assert_eq!(config.line.batch_count, 5);
    }

    #[test]
    fn unknown_keys_are_refused_with_their_name() {
        let err = Config::from_toml("[station]\nidd = \"x\"\n", None).unwrap_err();
        assert!(err.to_string().contains("idd"), "{err}");
        let err = Config::from_toml("[stations]\n", None).unwrap_err();
        assert!(err.to_string().contains("stations"), "{err}");
    }

    #[test]
    fn sync_problems_carry_their_key() {
        let text = "[sync]\nurl = \"http://hq.example.com\"\npush_batch = 0\n";
        let message = Config::from_toml(text, None).unwrap_err().to_string();
        for key in ["sync.url", "sync.token_file", "sync.push_batch"] {
            assert!(message.contains(key), "{message}");
        }
        let config = Config::from_toml(
            "[sync]\nurl = \"https://hq.example.com\"\ntoken_file = \"/etc/t\"\n",
            None,
        )
        .unwrap();
        assert_eq!(config.sync.url.as_deref(), Some("https://hq.example.com"));
    }

    #[test]
    fn the_shipped_sync_section_is_valid_and_shows_the_defaults() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let config = Config::load(&root.join("config/station.toml")).unwrap();
        assert_eq!(config.sync.url.as_deref(), Some("https://hq.example.com"));
        assert!(config.sync.token_file.is_some());
        // Every other value written in the example is the default, as the file's header says.
        let defaults = SyncConfig::default();
        assert_eq!(
            SyncConfig {
                url: None,
                token_file: None,
                ..config.sync
            },
            defaults
        );
    }

    #[test]
    fn utc_offsets() {
        assert_eq!(
            parse_utc_offset("+01:00"),
            chrono::FixedOffset::east_opt(3600)
        );
        assert_eq!(
            parse_utc_offset("-05:30"),
            chrono::FixedOffset::east_opt(-(5 * 3600 + 1800))
        );
        assert_eq!(parse_utc_offset("01:00"), None);
    }
}
