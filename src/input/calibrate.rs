//! Scanner calibration: the content of the calibration label and the check that tells the
//! person setting up a station whether the keyboard layout and the GS transport are right —
//! and if not, which setting to change.
//!
//! The label carries a GS1 code with a GS separator ([`CALIBRATION_GS1`], as GS1 DataMatrix
//! and GS1-128) and a plain code ([`CALIBRATION_PLAIN`], as Code 128 and QR) with the
//! characters that differ most between keyboard layouts (`!"#$%&/@[]{}|`, y/z, a/q, w, m) in
//! mixed case. [`check`] is pure: given what the scanner produced for one of them, it
//! simulates every known layout the scanner could be set to (typing the expected text as
//! that layout, reading it back as the configured one) and reports the one that explains
//! what arrived, then looks at what stands where the GS should be.
//!
//! The label itself is the template `labels/calibration.toml`, rendered by the normal label
//! module (PNG, PDF, ZPL; printable with `label print`). It is embedded here
//! ([`calibration_template`]) so that `calibrate render` works without a labels folder; its
//! barcodes carry exactly [`CALIBRATION_CODES`] (checked by a unit test on the layout and by
//! `tests/input_calibration.rs`, which decodes the rendered label with rxing and zxing-cpp).
//!
//! Results are stored per device ([`save_result`], [`load_result`]) as
//! `<folder of the station database>/calibration/<device>.json`, where `doctor` and `listen`
//! read them.

use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use super::config::{GsForm, ScannerConfig, SourceKind};
use super::escape::escape_bytes;
use super::image::Symbol;
use super::keymap::{type_text, Keyboard, KeyboardGs, Layout};

/// GS1 element string with a GS: (01) GTIN, (10) batch with mixed case and layout-sensitive
/// letters, GS, (21) serial with `%` and `&`. Valid GS1 (CSET 82, correct check digit).
pub const CALIBRATION_GS1: &str = "010950600013435210yZ-q/7aw\u{1d}21Wz.M%&9";

/// Plain text with the characters keyboard layouts disagree on, in mixed case.
pub const CALIBRATION_PLAIN: &str = "Cal!\"#$%&/@[]{}|yZqAwM09";

/// One code of the calibration label.
#[derive(Debug, Clone, Copy)]
pub struct CalibrationCode {
    /// File stem and name in reports (`gs1-datamatrix`).
    pub name: &'static str,
    pub payload: &'static str,
    pub symbol: Symbol,
    /// The AIM id a scanner with AIM ids enabled sends for it.
    pub symbology: &'static str,
}

/// Everything on the calibration label.
pub const CALIBRATION_CODES: [CalibrationCode; 4] = [
    CalibrationCode {
        name: "gs1-datamatrix",
        payload: CALIBRATION_GS1,
        symbol: Symbol::Gs1DataMatrix,
        symbology: "]d2",
    },
    CalibrationCode {
        name: "gs1-128",
        payload: CALIBRATION_GS1,
        symbol: Symbol::Gs1Code128,
        symbology: "]C1",
    },
    CalibrationCode {
        name: "plain-code128",
        payload: CALIBRATION_PLAIN,
        symbol: Symbol::Code128,
        symbology: "]C0",
    },
    CalibrationCode {
        name: "plain-qr",
        payload: CALIBRATION_PLAIN,
        symbol: Symbol::Qr,
        symbology: "]Q1",
    },
];

/// The calibration label template, as shipped in `labels/calibration.toml`.
pub const CALIBRATION_TEMPLATE: &str = include_str!("../../labels/calibration.toml");
const CALIBRATION_LOGO: &[u8] = include_bytes!("../../labels/logo.png");

/// The calibration label, ready for `label::layout` (its logo included).
pub fn calibration_template() -> Result<crate::label::Template, crate::label::LabelError> {
    let mut template = crate::label::Template::parse(CALIBRATION_TEMPLATE, "calibration")?;
    template.add_image("logo.png", CALIBRATION_LOGO)?;
    Ok(template)
}

/// Where calibration results are kept: `calibration/` next to the station database.
pub fn results_dir(database: &Path) -> PathBuf {
    database
        .parent()
        .filter(|parent| !parent.as_os_str().is_empty())
        .unwrap_or_else(|| Path::new("."))
        .join("calibration")
}

/// The stored result file of `device` in `dir` (see [`results_dir`]).
pub fn result_path(dir: &Path, device: &str) -> PathBuf {
    // Scanner ids are short names; keep anything else out of the file name.
    let safe: String = device
        .chars()
        .map(|ch| {
            if ch.is_ascii_alphanumeric() || ch == '-' || ch == '_' {
                ch
            } else {
                '_'
            }
        })
        .collect();
    dir.join(format!("{safe}.json"))
}

/// A stored calibration result, as `calibrate check` wrote it.
#[derive(Debug, Clone, PartialEq)]
pub struct SavedCalibration {
    pub device: String,
    /// RFC 3339.
    pub time: String,
    pub ok: bool,
    /// `layout` and `variant` the scanner was configured with when it was checked.
    pub layout: String,
    pub variant: String,
    /// The error findings' messages (what to fix), empty when `ok`.
    pub fixes: Vec<String>,
    /// The whole stored document.
    pub document: Value,
}

/// Errors storing or reading a calibration result.
#[derive(Debug, thiserror::Error)]
pub enum CalibrationError {
    #[error("cannot store the calibration result in {path}: {source}; check that the folder of the station database is writable (or pass --save DIR)")]
    Write {
        path: String,
        source: std::io::Error,
    },
    #[error("calibration result {path} is unreadable: {message}; run `scanstation calibrate check` again")]
    Read { path: String, message: String },
}

/// Stores the result of checking `device` in `dir` (created if needed); returns the file.
pub fn save_result(
    dir: &Path,
    device: &str,
    config: &ScannerConfig,
    reports: &[CalibrationReport],
    time: &str,
) -> Result<PathBuf, CalibrationError> {
    let path = result_path(dir, device);
    let document = json!({
        "device": device,
        "time": time,
        "kind": config.kind.as_str(),
        "layout": config.layout,
        "variant": config.variant,
        "ok": !reports.is_empty() && reports.iter().all(CalibrationReport::ok),
        "reports": reports.iter().map(CalibrationReport::to_json).collect::<Vec<_>>(),
    });
    let write = |path: &Path| -> std::io::Result<()> {
        std::fs::create_dir_all(dir)?;
        // Write then rename, so a reader never sees half a file.
        let partial = path.with_extension("json.partial");
        std::fs::write(&partial, format!("{document:#}\n"))?;
        std::fs::rename(&partial, path)
    };
    write(&path).map_err(|source| CalibrationError::Write {
        path: path.display().to_string(),
        source,
    })?;
    Ok(path)
}

/// The stored result of `device` in `dir`; `Ok(None)` when it was never calibrated.
pub fn load_result(dir: &Path, device: &str) -> Result<Option<SavedCalibration>, CalibrationError> {
    let path = result_path(dir, device);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(error) => {
            return Err(CalibrationError::Read {
                path: path.display().to_string(),
                message: error.to_string(),
            })
        }
    };
    let document: Value = serde_json::from_str(&text).map_err(|error| CalibrationError::Read {
        path: path.display().to_string(),
        message: error.to_string(),
    })?;
    let text_of = |key: &str| document[key].as_str().unwrap_or_default().to_owned();
    let fixes = document["reports"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|report| report["findings"].as_array().into_iter().flatten())
        .filter(|finding| finding["error"].as_bool() == Some(true))
        .filter_map(|finding| finding["message"].as_str().map(str::to_owned))
        .collect();
    Ok(Some(SavedCalibration {
        device: text_of("device"),
        time: text_of("time"),
        ok: document["ok"].as_bool() == Some(true),
        layout: text_of("layout"),
        variant: text_of("variant"),
        fixes,
        document,
    }))
}

impl SavedCalibration {
    /// One line for people: `calibrated OK on 2026-12-04T10:00:00Z (layout us)` or what to fix.
    pub fn summary(&self) -> String {
        let layout = if self.variant.is_empty() {
            self.layout.clone()
        } else {
            format!("{}:{}", self.layout, self.variant)
        };
        let layout = if layout.is_empty() {
            String::new()
        } else {
            format!(" (layout {layout})")
        };
        if self.ok {
            format!("calibrated OK at {}{layout}", self.time)
        } else if self.fixes.is_empty() {
            format!("calibration at {}{layout} did not pass", self.time)
        } else {
            format!(
                "calibration at {}{layout} FAILED: {}",
                self.time,
                self.fixes.join("; ")
            )
        }
    }

    /// True when the scanner's layout settings changed since it was calibrated.
    pub fn is_stale_for(&self, config: &ScannerConfig) -> bool {
        self.layout != config.layout || self.variant != config.variant
    }
}

/// One thing the check found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Stable code: `layout`, `caps_lock`, `gs_lost`, `gs_form_disabled`, `gs_substitute`,
    /// `no_aim`, `data_mismatch`.
    pub code: &'static str,
    /// True when this must be fixed before the scanner is used.
    pub error: bool,
    pub message: String,
    /// The config line that fixes it, when there is one (`layout = "de"`).
    pub setting: Option<String>,
}

/// The result of checking one calibration scan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalibrationReport {
    pub expected: String,
    pub got: Vec<u8>,
    pub symbology: Option<String>,
    pub findings: Vec<Finding>,
}

impl CalibrationReport {
    /// True when layout and GS transport are right.
    pub fn ok(&self) -> bool {
        !self.findings.iter().any(|finding| finding.error)
    }

    pub fn to_json(&self) -> Value {
        json!({
            "ok": self.ok(),
            "expected": escape_bytes(self.expected.as_bytes()),
            "got": escape_bytes(&self.got),
            "symbology": self.symbology,
            "findings": self.findings.iter().map(|finding| json!({
                "code": finding.code,
                "error": finding.error,
                "message": finding.message,
                "setting": finding.setting,
            })).collect::<Vec<_>>(),
        })
    }
}

const GS: char = '\u{1d}';

/// What arrived for the GS positions, when `got` is `parts` joined by one repeated text.
fn separator(got: &str, parts: &[String]) -> Option<String> {
    let first = parts.first()?;
    let rest = got.strip_prefix(first.as_str())?;
    if parts.len() == 1 {
        return rest.is_empty().then(String::new);
    }
    let second = &parts[1];
    // Try every split point for the separator between the first two parts.
    for end in 0..=rest.len() {
        if !rest.is_char_boundary(end) || !rest[end..].starts_with(second.as_str()) {
            continue;
        }
        let candidate = &rest[..end];
        let joined = parts.join(candidate);
        if joined == got {
            return Some(candidate.to_owned());
        }
    }
    None
}

/// `expected` typed by a scanner set to `scanner`, read back by a station set to `station`.
fn simulate(
    part: &str,
    scanner: &Layout,
    station: &'static Layout,
    caps_lock: bool,
) -> Option<String> {
    let events = scanner.keystrokes(part, GsForm::CtrlBracket)?;
    let mut keyboard = Keyboard::new(station, KeyboardGs::default(), true);
    keyboard.set_locks(caps_lock, true);
    Some(type_text(&mut keyboard, &events))
}

/// The first differing characters, letters first (`y→z, Z→Y, "→@`).
fn differences(expected: &str, got: &str) -> String {
    let mut pairs: Vec<(bool, String)> = Vec::new();
    for (want, have) in expected.chars().zip(got.chars()) {
        if want != have && want != GS {
            let pair = format!("{want}→{have}");
            if !pairs.iter().any(|(_, known)| *known == pair) {
                pairs.push((!want.is_alphanumeric(), pair));
            }
        }
    }
    if pairs.is_empty() {
        return "characters missing".to_owned();
    }
    pairs.sort_by_key(|(symbol, _)| *symbol);
    pairs
        .into_iter()
        .take(5)
        .map(|(_, pair)| pair)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Checks one scan of a calibration code. `gs_disabled` lists the GS forms the device
/// reported as arriving but not enabled (`gs_form_disabled` drops) during that scan.
pub fn check(
    expected: &str,
    symbology: Option<&str>,
    got: &[u8],
    config: &ScannerConfig,
    gs_disabled: &[GsForm],
) -> CalibrationReport {
    let mut findings = Vec::new();
    let got_text = String::from_utf8_lossy(got).into_owned();
    let expected_parts: Vec<&str> = expected.split(GS).collect();
    let has_gs = expected_parts.len() > 1;
    let device = config.id.as_str();

    // Candidates: (label, scanner layout name/variant, caps lock, simulated parts).
    let mut candidates: Vec<(Option<&'static Layout>, bool, Vec<String>)> = Vec::new();
    let station_layout = if config.kind == SourceKind::Hid {
        Layout::find(&config.layout, &config.variant)
    } else {
        None
    };
    match station_layout {
        Some(station) => {
            let mut order: Vec<&'static Layout> = vec![station];
            order.extend(
                Layout::all()
                    .iter()
                    .filter(|layout| !std::ptr::eq(*layout, station)),
            );
            for caps in [false, true] {
                for scanner in &order {
                    let parts: Option<Vec<String>> = expected_parts
                        .iter()
                        .map(|part| simulate(part, scanner, station, caps))
                        .collect();
                    if let Some(parts) = parts {
                        candidates.push((Some(*scanner), caps, parts));
                    }
                }
            }
        }
        None => candidates.push((
            None,
            false,
            expected_parts
                .iter()
                .map(|part| (*part).to_owned())
                .collect(),
        )),
    }
    // A scanner on the wrong layout mangles its AIM id too (`]C0` typed by a German scanner
    // reads `9C0` on `us`), so the framer could not split it off: when no AIM id came, also
    // try each AIM id of this payload as the candidate layout would type it.
    let aims: Vec<&str> = CALIBRATION_CODES
        .iter()
        .filter(|code| code.payload == expected)
        .map(|code| code.symbology)
        .collect();
    let mut aim_mangled = false;
    let matched = candidates.iter().find_map(|(layout, caps, parts)| {
        if let Some(sep) = separator(&got_text, parts) {
            return Some((*layout, *caps, parts, sep));
        }
        let (Some(scanner), Some(station), None) = (layout, station_layout, symbology) else {
            return None;
        };
        aims.iter().find_map(|aim| {
            let typed_aim = simulate(aim, scanner, station, *caps)?;
            let rest = got_text.strip_prefix(typed_aim.as_str())?;
            let sep = separator(rest, parts)?;
            aim_mangled = true;
            Some((*layout, *caps, parts, sep))
        })
    });

    match matched {
        None => findings.push(Finding {
            code: "data_mismatch",
            error: true,
            message: format!(
                "scanner {device} sent {:?} instead of {:?} ({}), and no known layout explains it. \
                 Check that this is the calibration label, the scanner's keyboard country, and (serial) \
                 the baud rate and encoding",
                escape_bytes(got),
                escape_bytes(expected.as_bytes()),
                differences(expected, &got_text)
            ),
            setting: None,
        }),
        Some((layout, caps, parts, sep)) => {
            if let (Some(scanner), Some(station)) = (layout, station_layout) {
                if !std::ptr::eq(scanner, station) {
                    let typed = parts.join("\u{1d}");
                    findings.push(Finding {
                        code: "layout",
                        error: true,
                        message: format!(
                            "layout looks like `{}` not `{}`: {}. Set layout = \"{}\"{} for scanner {device}, \
                             or set the scanner's keyboard country to {}",
                            scanner.label(),
                            station.label(),
                            differences(expected, &typed),
                            scanner.name,
                            if scanner.variant.is_empty() { String::new() } else { format!(", variant = \"{}\"", scanner.variant) },
                            station.label()
                        ),
                        setting: Some(if scanner.variant.is_empty() {
                            format!("layout = \"{}\"", scanner.name)
                        } else {
                            format!("layout = \"{}\"\nvariant = \"{}\"", scanner.name, scanner.variant)
                        }),
                    });
                }
            }
            if caps {
                findings.push(Finding {
                    code: "caps_lock",
                    error: true,
                    message: format!(
                        "upper and lower case are swapped: CapsLock is on for scanner {device}. Turn the \
                         scanner's \"caps lock\" emulation off, or have it press CapsLock off first"
                    ),
                    setting: None,
                });
            }
            if has_gs && sep != "\u{1d}" {
                if sep.is_empty() {
                    if let Some(form) = gs_disabled.first() {
                        let how = match form {
                            GsForm::CtrlBracket => "Ctrl+]",
                            GsForm::AltKeypad => "Alt+0 2 9 on the keypad",
                            GsForm::MappedKey => "the mapped key",
                            _ => form.as_str(),
                        };
                        let mut forms = config.effective_gs_forms();
                        if !forms.contains(form) {
                            forms.push(*form);
                        }
                        let list: Vec<String> = forms.iter().map(|form| format!("\"{}\"", form.as_str())).collect();
                        findings.push(Finding {
                            code: "gs_form_disabled",
                            error: true,
                            message: format!("GS arrives as {how} – enable gs_forms = [{}]", list.join(", ")),
                            setting: Some(format!("gs_forms = [{}]", list.join(", "))),
                        });
                    } else {
                        findings.push(Finding {
                            code: "gs_lost",
                            error: true,
                            message: format!(
                                "the GS separator is lost: scanner {device} sends nothing where the GS \
                                 belongs. Configure the scanner to transmit GS/FNC1 (keyboard mode: as \
                                 Ctrl+] or Alt+029; or as a stand-in character, then set gs_substitute)"
                            ),
                            setting: None,
                        });
                    }
                } else {
                    let mut forms = config.effective_gs_forms();
                    if !forms.contains(&GsForm::Substitute) {
                        forms.push(GsForm::Substitute);
                    }
                    let list: Vec<String> = forms.iter().map(|form| format!("\"{}\"", form.as_str())).collect();
                    let stand_in = toml_string(&sep);
                    findings.push(Finding {
                        code: "gs_substitute",
                        error: true,
                        message: format!(
                            "GS arrives as {:?}: set gs_substitute = {stand_in} and gs_forms = [{}]",
                            escape_bytes(sep.as_bytes()),
                            list.join(", ")
                        ),
                        setting: Some(format!("gs_substitute = {stand_in}\ngs_forms = [{}]", list.join(", "))),
                    });
                }
            }
        }
    }
    if symbology.is_none() && !aim_mangled {
        findings.push(Finding {
            code: "no_aim",
            error: false,
            message: format!(
                "scanner {device} sends no AIM symbology identifier: enable \"AIM ID\" / \"symbology \
                 identifier\" in the scanner so that GS1 codes are recognised without guessing"
            ),
            setting: None,
        });
    }
    CalibrationReport {
        expected: expected.to_owned(),
        got: got.to_vec(),
        symbology: symbology.map(str::to_owned),
        findings,
    }
}

/// A TOML basic string for `text`.
fn toml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for ch in text.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            ch if (ch as u32) < 0x20 => out.push_str(&format!("\\u{:04X}", ch as u32)),
            ch => out.push(ch),
        }
    }
    out.push('"');
    out
}

/// Checks a scan against whichever calibration payload explains it best.
pub fn check_any(
    symbology: Option<&str>,
    got: &[u8],
    config: &ScannerConfig,
    gs_disabled: &[GsForm],
) -> CalibrationReport {
    let gs1 = check(CALIBRATION_GS1, symbology, got, config, gs_disabled);
    let plain = check(CALIBRATION_PLAIN, symbology, got, config, gs_disabled);
    let mismatch = |report: &CalibrationReport| {
        report
            .findings
            .iter()
            .any(|finding| finding.code == "data_mismatch")
    };
    match (mismatch(&gs1), mismatch(&plain)) {
        (false, _) => gs1,
        (true, false) => plain,
        (true, true) => {
            // Neither is explained: report against the one closer in length.
            let distance = |text: &str| text.len().abs_diff(got.len());
            if distance(CALIBRATION_GS1) <= distance(CALIBRATION_PLAIN) {
                gs1
            } else {
                plain
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hid(layout: &str) -> ScannerConfig {
        let mut config = ScannerConfig::new("dock1", SourceKind::Hid);
        config.path = Some("/dev/input/event0".into());
        config.layout = layout.into();
        config
    }

    fn typed(text: &str, scanner: &str, station: &str) -> Vec<u8> {
        let scanner = Layout::find(scanner, "").unwrap();
        let station = Layout::find(station, "").unwrap();
        let events = scanner.keystrokes(text, GsForm::CtrlBracket).unwrap();
        let gs = KeyboardGs {
            ctrl_bracket: true,
            alt_keypad: true,
            mapped_key: None,
        };
        type_text(&mut Keyboard::new(station, gs, true), &events).into_bytes()
    }

    fn codes(report: &CalibrationReport) -> Vec<&'static str> {
        report.findings.iter().map(|finding| finding.code).collect()
    }

    #[test]
    fn right_settings_pass() {
        let report = check(
            CALIBRATION_GS1,
            Some("]d2"),
            CALIBRATION_GS1.as_bytes(),
            &hid("us"),
            &[],
        );
        assert!(report.ok(), "{:?}", report.findings);
        assert!(report.findings.is_empty());
    }

    #[test]
    fn german_scanner_on_us_station() {
        let got = typed(CALIBRATION_PLAIN, "de", "us");
        let report = check(CALIBRATION_PLAIN, Some("]C0"), &got, &hid("us"), &[]);
        assert_eq!(codes(&report), vec!["layout"]);
        let message = &report.findings[0].message;
        assert!(
            message.starts_with("layout looks like `de` not `us`"),
            "{message}"
        );
        assert!(
            message.contains("y→z") && message.contains("Z→Y"),
            "{message}"
        );
        assert_eq!(
            report.findings[0].setting.as_deref(),
            Some("layout = \"de\"")
        );
    }

    #[test]
    fn every_layout_is_recognised() {
        for scanner in ["de", "fr", "gb", "es", "it"] {
            let got = typed(CALIBRATION_PLAIN, scanner, "us");
            let report = check_any(Some("]C0"), &got, &hid("us"), &[]);
            let setting = report
                .findings
                .first()
                .and_then(|finding| finding.setting.clone());
            assert_eq!(
                setting,
                Some(format!("layout = \"{scanner}\"")),
                "{scanner}: {:?}",
                report.findings
            );
        }
    }

    #[test]
    fn gs_lost_and_gs_as_ctrl_bracket() {
        let got = CALIBRATION_GS1.replace('\u{1d}', "");
        let report = check(
            CALIBRATION_GS1,
            Some("]d2"),
            got.as_bytes(),
            &hid("us"),
            &[],
        );
        assert_eq!(codes(&report), vec!["gs_lost"]);
        let mut config = hid("us");
        config.gs_forms = Some(vec![GsForm::AltKeypad]);
        let report = check(
            CALIBRATION_GS1,
            Some("]d2"),
            got.as_bytes(),
            &config,
            &[GsForm::CtrlBracket],
        );
        assert_eq!(
            report.findings[0].message,
            "GS arrives as Ctrl+] – enable gs_forms = [\"alt_keypad\", \"ctrl_bracket\"]"
        );
    }

    #[test]
    fn gs_stand_in_is_detected() {
        let got = CALIBRATION_GS1.replace('\u{1d}', "~");
        let report = check(
            CALIBRATION_GS1,
            Some("]d2"),
            got.as_bytes(),
            &hid("us"),
            &[],
        );
        assert_eq!(codes(&report), vec!["gs_substitute"]);
        assert!(
            report.findings[0].message.contains("gs_substitute = \"~\""),
            "{}",
            report.findings[0].message
        );
    }

    #[test]
    fn caps_lock_and_missing_aim() {
        let got: String = CALIBRATION_PLAIN
            .chars()
            .map(|ch| {
                if ch.is_ascii_lowercase() {
                    ch.to_ascii_uppercase()
                } else if ch.is_ascii_uppercase() {
                    ch.to_ascii_lowercase()
                } else {
                    ch
                }
            })
            .collect();
        let report = check(CALIBRATION_PLAIN, None, got.as_bytes(), &hid("us"), &[]);
        assert_eq!(codes(&report), vec!["caps_lock", "no_aim"]);
    }

    /// The shipped label carries exactly the codes the check expects (issue 5 review: it used
    /// to carry other data, so scanning it always gave `data_mismatch`).
    #[test]
    fn the_label_carries_exactly_the_calibration_codes() {
        let template = calibration_template().unwrap();
        let laid_out =
            crate::label::layout(&template, &crate::label::FieldValues::new(), template.dpi())
                .unwrap();
        let mut symbols: Vec<(String, String)> = laid_out
            .items
            .iter()
            .filter_map(|item| match item {
                crate::label::Item::Barcode(barcode) => {
                    Some((barcode.symbology.aim_id().to_owned(), barcode.data.clone()))
                }
                _ => None,
            })
            .collect();
        let mut expected: Vec<(String, String)> = CALIBRATION_CODES
            .iter()
            .map(|code| (code.symbology.to_owned(), code.payload.to_owned()))
            .collect();
        symbols.sort();
        expected.sort();
        assert_eq!(symbols, expected);
        for ch in "!\"#$%&/@[]{}|".chars() {
            assert!(CALIBRATION_PLAIN.contains(ch), "{ch:?}");
        }
        assert!(CALIBRATION_GS1.contains('\u{1d}'));
    }

    #[test]
    fn results_are_stored_per_device_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let results = results_dir(&dir.path().join("station.db"));
        assert_eq!(results, dir.path().join("calibration"));
        let config = hid("us");
        assert_eq!(load_result(&results, "dock1").unwrap(), None);
        let good = check(
            CALIBRATION_GS1,
            Some("]d2"),
            CALIBRATION_GS1.as_bytes(),
            &config,
            &[],
        );
        let got = typed(CALIBRATION_PLAIN, "de", "us");
        let bad = check(CALIBRATION_PLAIN, Some("]C0"), &got, &config, &[]);
        let path = save_result(
            &results,
            "dock1",
            &config,
            std::slice::from_ref(&good),
            "2026-12-04T10:00:00Z",
        )
        .unwrap();
        assert_eq!(path, results.join("dock1.json"));
        let saved = load_result(&results, "dock1").unwrap().unwrap();
        assert!(saved.ok);
        assert_eq!(
            saved.summary(),
            "calibrated OK at 2026-12-04T10:00:00Z (layout us)"
        );
        assert!(!saved.is_stale_for(&config));
        assert!(saved.is_stale_for(&hid("de")));
        save_result(
            &results,
            "dock1",
            &config,
            &[good, bad],
            "2026-12-04T11:00:00Z",
        )
        .unwrap();
        let saved = load_result(&results, "dock1").unwrap().unwrap();
        assert!(!saved.ok);
        assert!(
            saved.summary().contains("FAILED: layout looks like `de`"),
            "{}",
            saved.summary()
        );
        assert_eq!(result_path(&results, "../x"), results.join("___x.json"));
    }

    #[test]
    fn serial_mismatch_is_reported() {
        let mut config = ScannerConfig::new("s", SourceKind::Serial);
        config.path = Some("/dev/ttyACM0".into());
        let report = check_any(Some("]C0"), b"garbage", &config, &[]);
        assert_eq!(codes(&report), vec!["data_mismatch"]);
        assert!(!report.ok());
    }
}
