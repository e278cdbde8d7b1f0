//! One `[[scanner]]` table of `config/station.toml`: the raw, serde-read [`ScannerConfig`]
//! with its documented defaults, and [`ScannerConfig::validate`], which collects every
//! problem with its key path and a hint instead of stopping at the first.
//!
//! Settings whose best default depends on the kind of source (terminators, GS forms,
//! timeouts) are `Option`s here and resolved by the `effective_*` methods, so that the file
//! only holds what the user wrote. `config/scanners.example.toml` documents every key.

use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

use serde::Deserialize;

use super::framing::{Encoding, FramingOptions};
use super::keymap::Layout;

/// Where the scans come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    /// A serial port or USB CDC-ACM scanner (`/dev/serial/by-id/...`, `/dev/ttyACM0`).
    Serial,
    /// A USB keyboard-wedge scanner read through evdev (`/dev/input/by-id/...-event-kbd`).
    Hid,
    /// Standard input: one scan per line.
    Stdin,
    /// A folder watched for new PNG/JPEG images, each decoded like a camera scan.
    ImageDir,
}

impl SourceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::Serial => "serial",
            SourceKind::Hid => "hid",
            SourceKind::Stdin => "stdin",
            SourceKind::ImageDir => "image_dir",
        }
    }
}

/// What ends a scan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Terminator {
    /// Carriage return (0x0D; the Enter key on a keyboard wedge). A following LF is reported
    /// as noise with a hint to use `crlf`.
    Cr,
    /// Line feed (0x0A).
    Lf,
    /// CR, LF or CR LF: the forgiving choice (an LF right after a CR is swallowed).
    Crlf,
    /// Horizontal tab (0x09; the Tab key).
    Tab,
    /// End of transmission (0x04; Ctrl+D on a keyboard wedge).
    Eot,
    /// No terminator: a scan ends when the line is idle for `idle_timeout_ms`.
    None,
}

/// `terminator = "cr"` or `terminator = ["crlf", "tab"]`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany<T> {
    One(T),
    Many(Vec<T>),
}

impl<T: Clone> OneOrMany<T> {
    pub fn to_vec(&self) -> Vec<T> {
        match self {
            OneOrMany::One(value) => vec![value.clone()],
            OneOrMany::Many(values) => values.clone(),
        }
    }
}

/// The ways a GS (0x1D, the FNC1 separator of GS1 data) can reach the station.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GsForm {
    /// The byte 0x1D itself (serial, stdin, images).
    Byte,
    /// Keyboard wedge: Ctrl+] (the ASCII control-key convention for 0x1D).
    CtrlBracket,
    /// Keyboard wedge: Alt held while typing 0 2 9 (or 2 9) on the numeric keypad.
    AltKeypad,
    /// Keyboard wedge: one key configured as `gs_key` (e.g. `"KEY_F8"`).
    MappedKey,
    /// A stand-in text configured as `gs_substitute` (e.g. `"~"` or `"<GS>"`).
    Substitute,
}

impl GsForm {
    pub fn as_str(self) -> &'static str {
        match self {
            GsForm::Byte => "byte",
            GsForm::CtrlBracket => "ctrl_bracket",
            GsForm::AltKeypad => "alt_keypad",
            GsForm::MappedKey => "mapped_key",
            GsForm::Substitute => "substitute",
        }
    }

    /// Every form, for `calibrate`, which listens with all of them enabled.
    pub const ALL: [GsForm; 5] = [
        GsForm::Byte,
        GsForm::CtrlBracket,
        GsForm::AltKeypad,
        GsForm::MappedKey,
        GsForm::Substitute,
    ];
}

/// Whether a leading AIM symbology identifier (`]` + code letter + modifier) is split off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AimMode {
    /// Split it off when the scan starts with one (recommended: enable AIM ids on the scanner).
    #[default]
    Auto,
    /// Keep everything as payload.
    Off,
}

/// One `[[scanner]]` table. Every key is documented in `config/scanners.example.toml`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScannerConfig {
    /// Name of this scanner in events, logs and the journal. Required, unique per station.
    pub id: String,
    /// `serial` | `hid` | `stdin` | `image_dir`.
    pub kind: SourceKind,
    /// serial: device path (prefer `/dev/serial/by-id/...`); hid: event device path (prefer
    /// `/dev/input/by-id/...-event-kbd`); image_dir: the folder to watch.
    #[serde(default)]
    pub path: Option<String>,
    /// hid: select the device by name instead of path; `*` matches any text, case-insensitive.
    #[serde(default)]
    pub name: Option<String>,
    /// serial: baud rate. Default 9600 (ignored by USB CDC-ACM devices).
    #[serde(default = "default_baud")]
    pub baud: u32,
    /// What ends a scan: `cr`, `lf`, `crlf`, `tab`, `eot`, `none`, or a list.
    /// Default: serial `crlf`; hid `["crlf", "tab", "eot"]`; stdin lines; image_dir n/a.
    #[serde(default)]
    pub terminator: Option<OneOrMany<Terminator>>,
    /// With `terminator = "none"`: a scan ends after this many quiet milliseconds, 10..=10000.
    /// Default 50.
    #[serde(default)]
    pub idle_timeout_ms: Option<u64>,
    /// Input that stops for longer than this without a terminator is a fragment and is
    /// dropped, never taken as a scan. Default 300 (0 = never).
    #[serde(default)]
    pub inter_char_timeout_ms: Option<u64>,
    /// hid: keyboard layout the scanner is set to: us, de, fr, gb, es, it, ch, be, nl, pt,
    /// se, dk, no, fi, pl. Default `us`.
    #[serde(default = "default_layout")]
    pub layout: String,
    /// hid: layout variant: `""`, `nodeadkeys` (de, fr, es, it), `intl` (us), `extd` (gb),
    /// `fr` (ch).
    #[serde(default)]
    pub variant: String,
    /// hid: NumLock state assumed when a device without a NumLock LED is opened (a device
    /// with one starts from its LED). Default true.
    #[serde(default = "default_true")]
    pub numlock: bool,
    /// Which GS forms are accepted: `byte`, `ctrl_bracket`, `alt_keypad`, `mapped_key`,
    /// `substitute`. Default: hid `["ctrl_bracket", "alt_keypad"]` (+ `mapped_key` /
    /// `substitute` when `gs_key` / `gs_substitute` is set); others `["byte"]` (+ `substitute`).
    #[serde(default)]
    pub gs_forms: Option<Vec<GsForm>>,
    /// hid: the key that stands for GS with `mapped_key`, as an evdev name (`KEY_F8`).
    #[serde(default)]
    pub gs_key: Option<String>,
    /// A text the scanner sends instead of GS (`substitute`), e.g. `"~"`. stdin accepts
    /// `\x1d` (and `\x1D`) written literally by default.
    #[serde(default)]
    pub gs_substitute: Option<String>,
    /// Text the scanner puts in front of every scan (removed when present).
    #[serde(default)]
    pub strip_prefix: String,
    /// Text the scanner puts after every scan, before the terminator (removed when present).
    #[serde(default)]
    pub strip_suffix: String,
    /// `auto` (split off a leading AIM id like `]d2`) or `off`.
    #[serde(default)]
    pub aim: AimMode,
    /// Longest accepted scan in bytes (everything before the terminator). Default 1024.
    #[serde(default = "default_max_len")]
    pub max_len: usize,
    /// The same code again within this many milliseconds is dropped and counted. Default
    /// 500; 0 turns debouncing off.
    #[serde(default = "default_debounce_ms")]
    pub debounce_ms: u64,
    /// `utf8` (default; invalid bytes are reported) or `latin1`.
    #[serde(default)]
    pub encoding: Encoding,
    /// serial: exclusive lock; hid: exclusive grab (keys do not reach the console). Default true.
    #[serde(default = "default_true")]
    pub exclusive: bool,
    /// image_dir: barcode formats to look for; default GS1-relevant ones (see example).
    #[serde(default)]
    pub formats: Option<Vec<String>>,
    /// image_dir: retry a failed image with the slower try-harder search. Default true.
    #[serde(default = "default_true")]
    pub try_harder: bool,
    /// image_dir: move decoded images here (default: `<path>/done`).
    #[serde(default)]
    pub done_dir: Option<String>,
    /// image_dir: how often the folder is looked at, in milliseconds. Default 250.
    #[serde(default = "default_poll_ms")]
    pub poll_ms: u64,
    /// Daemon: workflow this scanner feeds (e.g. `receiving`); passed through.
    #[serde(default)]
    pub workflow: Option<String>,
    /// Daemon: operator recorded with this scanner's scans; passed through.
    #[serde(default)]
    pub operator: Option<String>,
    /// Daemon: printer id used for labels triggered by this scanner; passed through.
    #[serde(default)]
    pub printer: Option<String>,
}

/// One problem in a `[[scanner]]` table: the key path and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigProblem {
    pub key: String,
    pub message: String,
}

fn default_baud() -> u32 {
    9600
}
fn default_layout() -> String {
    "us".to_owned()
}
fn default_true() -> bool {
    true
}
fn default_max_len() -> usize {
    1024
}
fn default_debounce_ms() -> u64 {
    500
}
fn default_poll_ms() -> u64 {
    250
}

/// Upper bound for `max_len`: larger scans do not exist (a DataMatrix holds 3116 digits).
pub const MAX_LEN_LIMIT: usize = 65_536;

/// Barcode formats the image decoder looks for by default: the GS1 carriers and QR.
pub const DEFAULT_IMAGE_FORMATS: &[&str] = &[
    "data_matrix",
    "code_128",
    "qr_code",
    "ean_13",
    "ean_8",
    "upc_a",
    "upc_e",
    "itf",
];

impl ScannerConfig {
    /// A config with every default, for `kind` and `id` (used by tests and `calibrate`).
    pub fn new(id: &str, kind: SourceKind) -> ScannerConfig {
        ScannerConfig {
            id: id.to_owned(),
            kind,
            path: None,
            name: None,
            baud: default_baud(),
            terminator: None,
            idle_timeout_ms: None,
            inter_char_timeout_ms: None,
            layout: default_layout(),
            variant: String::new(),
            numlock: true,
            gs_forms: None,
            gs_key: None,
            gs_substitute: None,
            strip_prefix: String::new(),
            strip_suffix: String::new(),
            aim: AimMode::Auto,
            max_len: default_max_len(),
            debounce_ms: default_debounce_ms(),
            encoding: Encoding::Utf8,
            exclusive: true,
            formats: None,
            try_harder: true,
            done_dir: None,
            poll_ms: default_poll_ms(),
            workflow: None,
            operator: None,
            printer: None,
        }
    }

    /// Every problem, each with its key path (`scanner[<id>].<key>`) and a hint.
    pub fn validate(&self) -> Vec<ConfigProblem> {
        let mut problems = Vec::new();
        let id = if self.id.is_empty() {
            "?"
        } else {
            self.id.as_str()
        };
        let mut problem = |key: &str, message: String| {
            problems.push(ConfigProblem {
                key: format!("scanner[{id}].{key}"),
                message,
            })
        };
        if self.id.trim().is_empty() {
            problem(
                "id",
                "is empty: give every scanner a short unique name like \"dock1\"".into(),
            );
        }
        match self.kind {
            SourceKind::Serial | SourceKind::ImageDir if self.path.is_none() => problem(
                "path",
                format!(
                    "is required for kind = \"{}\": {}",
                    self.kind.as_str(),
                    if self.kind == SourceKind::Serial {
                        "use the stable /dev/serial/by-id/... link (see `scanstation devices`)"
                    } else {
                        "the folder the camera tool writes images into"
                    }
                ),
            ),
            SourceKind::Hid if self.path.is_none() && self.name.is_none() => problem(
                "path",
                "kind = \"hid\" needs `path` (/dev/input/by-id/...-event-kbd) or `name` (a pattern \
                 like \"*Honeywell*\"); `scanstation devices` lists both"
                    .into(),
            ),
            _ => {}
        }
        if self.kind == SourceKind::Serial && !(50..=4_000_000).contains(&self.baud) {
            problem(
                "baud",
                format!(
                    "{} is not a usable baud rate: common are 9600 and 115200",
                    self.baud
                ),
            );
        }
        let terminators = self.effective_terminators();
        if terminators.contains(&Terminator::None) && terminators.len() > 1 {
            problem(
                "terminator",
                "\"none\" cannot be combined with other terminators".into(),
            );
        }
        if self.kind == SourceKind::Hid && Layout::find(&self.layout, &self.variant).is_none() {
            problem(
                "layout",
                format!(
                    "layout {:?} variant {:?} is not known: use one of {}",
                    self.layout,
                    self.variant,
                    Layout::names().join(", ")
                ),
            );
        }
        let forms = self.effective_gs_forms();
        if forms.contains(&GsForm::MappedKey) {
            match &self.gs_key {
                None => problem("gs_key", "gs_forms has \"mapped_key\" but gs_key is not set: e.g. gs_key = \"KEY_F8\"".into()),
                Some(name) if parse_key_name(name).is_none() => problem(
                    "gs_key",
                    format!("{name:?} is not an evdev key name: use names like \"KEY_F8\" or a key code number"),
                ),
                Some(_) => {}
            }
        }
        if forms.contains(&GsForm::Substitute)
            && self
                .effective_gs_substitute()
                .as_deref()
                .is_none_or(str::is_empty)
        {
            problem("gs_substitute", "gs_forms has \"substitute\" but gs_substitute is empty: e.g. gs_substitute = \"~\"".into());
        }
        if matches!(
            self.kind,
            SourceKind::Serial | SourceKind::Stdin | SourceKind::ImageDir
        ) && forms.iter().any(|form| {
            matches!(
                form,
                GsForm::CtrlBracket | GsForm::AltKeypad | GsForm::MappedKey
            )
        }) {
            problem(
                "gs_forms",
                format!("ctrl_bracket, alt_keypad and mapped_key only exist on kind = \"hid\", not \"{}\"", self.kind.as_str()),
            );
        }
        if self.max_len == 0 || self.max_len > MAX_LEN_LIMIT {
            problem(
                "max_len",
                format!(
                    "{} is out of range: use 1..={MAX_LEN_LIMIT} (1024 fits any GS1 symbol)",
                    self.max_len
                ),
            );
        }
        if self.debounce_ms > 60_000 {
            problem("debounce_ms", format!("{} ms is more than a minute: identical labels scanned in a row would be lost; use 200..2000", self.debounce_ms));
        }
        if let Some(idle) = self.idle_timeout_ms {
            if !(10..=10_000).contains(&idle) {
                problem(
                    "idle_timeout_ms",
                    format!("{idle} is out of range: use 10..=10000 (50 suits most scanners)"),
                );
            }
        }
        if let Some(formats) = &self.formats {
            if formats.is_empty() {
                problem(
                    "formats",
                    format!(
                        "is empty, so no barcode would ever be found: remove the key for the \
                         default ({}) or list formats",
                        DEFAULT_IMAGE_FORMATS.join(", ")
                    ),
                );
            }
            for name in formats {
                if super::image::parse_format(name).is_none() {
                    problem(
                        "formats",
                        format!(
                            "{name:?} is not a barcode format: use {}",
                            super::image::FORMAT_NAMES.join(", ")
                        ),
                    );
                }
            }
        }
        if self.kind == SourceKind::ImageDir && self.poll_ms == 0 {
            problem("poll_ms", "must be at least 1 (250 is a good value)".into());
        }
        problems
    }

    /// The terminators after applying the kind's default.
    pub fn effective_terminators(&self) -> Vec<Terminator> {
        match &self.terminator {
            Some(list) => list.to_vec(),
            None => match self.kind {
                SourceKind::Hid => vec![Terminator::Crlf, Terminator::Tab, Terminator::Eot],
                SourceKind::Serial | SourceKind::Stdin | SourceKind::ImageDir => {
                    vec![Terminator::Crlf]
                }
            },
        }
    }

    /// The GS forms after applying the kind's default.
    pub fn effective_gs_forms(&self) -> Vec<GsForm> {
        if let Some(forms) = &self.gs_forms {
            return forms.clone();
        }
        let mut forms = match self.kind {
            SourceKind::Hid => vec![GsForm::CtrlBracket, GsForm::AltKeypad],
            _ => vec![GsForm::Byte],
        };
        if self.kind == SourceKind::Hid && self.gs_key.is_some() {
            forms.push(GsForm::MappedKey);
        }
        if self.gs_substitute.is_some() || self.kind == SourceKind::Stdin {
            forms.push(GsForm::Substitute);
        }
        forms
    }

    /// The GS stand-in text, with stdin's literal `\x1d` default.
    pub fn effective_gs_substitute(&self) -> Option<String> {
        match (&self.gs_substitute, self.kind) {
            (Some(text), _) => Some(text.clone()),
            (None, SourceKind::Stdin) => Some("\\x1d".to_owned()),
            (None, _) => None,
        }
    }

    /// The evdev key code of `gs_key`.
    pub fn gs_key_code(&self) -> Option<u16> {
        self.gs_key.as_deref().and_then(parse_key_name)
    }

    /// The framing rules for this scanner.
    pub fn framing_options(&self) -> FramingOptions {
        let forms = self.effective_gs_forms();
        let terminators = self.effective_terminators();
        let no_terminator = terminators.contains(&Terminator::None);
        let inter_char = self.inter_char_timeout_ms.unwrap_or(300);
        FramingOptions {
            terminators,
            idle_timeout: no_terminator
                .then(|| Duration::from_millis(self.idle_timeout_ms.unwrap_or(50))),
            inter_char_timeout: (inter_char > 0
                && !no_terminator
                && self.kind != SourceKind::Stdin)
                .then(|| Duration::from_millis(inter_char)),
            max_len: self.max_len.clamp(1, MAX_LEN_LIMIT),
            strip_prefix: self.strip_prefix.as_bytes().to_vec(),
            strip_suffix: self.strip_suffix.as_bytes().to_vec(),
            aim: self.aim == AimMode::Auto,
            gs_byte: forms.contains(&GsForm::Byte) || self.kind == SourceKind::Hid,
            gs_substitutes: if forms.contains(&GsForm::Substitute) {
                match (&self.gs_substitute, self.kind) {
                    // stdin's default stand-in, in both spellings people type.
                    (None, SourceKind::Stdin) => vec![b"\\x1d".to_vec(), b"\\x1D".to_vec()],
                    _ => self
                        .effective_gs_substitute()
                        .map(String::into_bytes)
                        .filter(|text| !text.is_empty())
                        .into_iter()
                        .collect(),
                }
            } else {
                Vec::new()
            },
            debounce: Duration::from_millis(self.debounce_ms),
            encoding: self.encoding,
        }
    }

    /// The image-dir folder for decoded images.
    pub fn effective_done_dir(&self) -> Option<PathBuf> {
        match (&self.done_dir, &self.path) {
            (Some(done), _) => Some(PathBuf::from(done)),
            (None, Some(path)) => Some(PathBuf::from(path).join("done")),
            (None, None) => None,
        }
    }
}

/// `"KEY_F8"` (evdev name) or `"66"` (code) → key code.
pub fn parse_key_name(name: &str) -> Option<u16> {
    if let Ok(code) = name.trim().parse::<u16>() {
        return Some(code);
    }
    let upper = name.trim().to_ascii_uppercase();
    let full = if upper.starts_with("KEY_") {
        upper
    } else {
        format!("KEY_{upper}")
    };
    evdev::KeyCode::from_str(&full).ok().map(|key| key.code())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<ScannerConfig, toml::de::Error> {
        toml::from_str(text)
    }

    #[test]
    fn minimal_serial_config_has_defaults() {
        let config = parse("id = \"dock1\"\nkind = \"serial\"\npath = \"/dev/ttyACM0\"\n").unwrap();
        assert!(config.validate().is_empty(), "{:?}", config.validate());
        assert_eq!(config.baud, 9600);
        assert_eq!(config.effective_terminators(), vec![Terminator::Crlf]);
        assert_eq!(config.effective_gs_forms(), vec![GsForm::Byte]);
    }

    #[test]
    fn unknown_keys_are_rejected() {
        let error =
            parse("id = \"a\"\nkind = \"serial\"\npath = \"/x\"\nbaudrate = 9600\n").unwrap_err();
        assert!(error.to_string().contains("baudrate"), "{error}");
    }

    #[test]
    fn terminator_accepts_one_or_many() {
        let one =
            parse("id = \"a\"\nkind = \"serial\"\npath = \"/x\"\nterminator = \"none\"\n").unwrap();
        assert_eq!(one.effective_terminators(), vec![Terminator::None]);
        let many =
            parse("id = \"a\"\nkind = \"hid\"\npath = \"/x\"\nterminator = [\"cr\", \"tab\"]\n")
                .unwrap();
        assert_eq!(
            many.effective_terminators(),
            vec![Terminator::Cr, Terminator::Tab]
        );
    }

    #[test]
    fn every_problem_is_reported_with_its_key() {
        let config = parse(
            "id = \"h\"\nkind = \"hid\"\nlayout = \"xx\"\ngs_forms = [\"mapped_key\", \"substitute\"]\n\
             max_len = 0\nterminator = [\"none\", \"cr\"]\nformats = [\"qr\", \"nope\"]\n",
        )
        .unwrap();
        let keys: Vec<String> = config
            .validate()
            .into_iter()
            .map(|problem| problem.key)
            .collect();
        for key in [
            "path",
            "layout",
            "gs_key",
            "gs_substitute",
            "max_len",
            "terminator",
            "formats",
        ] {
            assert!(
                keys.contains(&format!("scanner[h].{key}")),
                "{key} missing from {keys:?}"
            );
        }
    }

    #[test]
    fn keyboard_gs_forms_are_rejected_on_serial() {
        let config =
            parse("id = \"s\"\nkind = \"serial\"\npath = \"/x\"\ngs_forms = [\"ctrl_bracket\"]\n")
                .unwrap();
        let problems = config.validate();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].key, "scanner[s].gs_forms");
    }

    #[test]
    fn key_names_parse() {
        assert_eq!(parse_key_name("KEY_F8"), Some(66));
        assert_eq!(parse_key_name("f8"), Some(66));
        assert_eq!(parse_key_name("66"), Some(66));
        assert_eq!(parse_key_name("KEY_NOPE"), None);
    }

    #[test]
    fn stdin_accepts_literal_escape_by_default() {
        let config = ScannerConfig::new("pipe", SourceKind::Stdin);
        assert_eq!(
            config.framing_options().gs_substitutes,
            vec![b"\\x1d".to_vec(), b"\\x1D".to_vec()]
        );
    }

    #[test]
    fn ranges_named_in_messages_are_the_ranges_checked() {
        for (idle, ok) in [
            (0, false),
            (9, false),
            (10, true),
            (50, true),
            (10_000, true),
            (10_001, false),
        ] {
            let mut config = ScannerConfig::new("s", SourceKind::Serial);
            config.path = Some("/dev/ttyACM0".into());
            config.idle_timeout_ms = Some(idle);
            assert_eq!(config.validate().is_empty(), ok, "idle_timeout_ms = {idle}");
        }
        let mut config = ScannerConfig::new("cam", SourceKind::ImageDir);
        config.path = Some("/srv/images".into());
        config.formats = Some(Vec::new());
        let problems = config.validate();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].key, "scanner[cam].formats");
    }
}
