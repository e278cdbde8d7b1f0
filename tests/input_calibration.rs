//! The calibration label end to end: `calibrate render` to PNG, PDF and ZPL, decoded by rxing
//! (the station's own image decoder) and zxing-cpp (PNG, the PDF rasterised by pdftoppm, the
//! ZPL drawn by the Zebrash renderer); what they read, sent the way a scanner sends it (serial
//! bytes, or key events on a keyboard wedge), passes `calibrate check`, and mangled variants
//! (lost GS, a German scanner on a `us` station, GS in a form that is not enabled, no AIM id)
//! get the advice that fixes them.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use scanstation::input::calibrate::{check_any, CalibrationReport, CALIBRATION_CODES};
use scanstation::input::escape::escape_bytes;
use scanstation::input::framing::{Framed, Framer};
use scanstation::input::hid::HidDecoder;
use scanstation::input::image::{decode_file, DecodeOptions};
use scanstation::input::keymap::{Layout, KEY_ENTER};
use scanstation::input::{DropReason, GsForm, ScannerConfig, SourceKind};
use support::zxing_cpp_decode;

/// What a decoder read: (AIM id, text with GS as 0x1D).
type Read = (String, String);

fn render(dir: &Path, format: &str) -> PathBuf {
    let path = dir.join(format!("calibration.{format}"));
    let output = Command::new(env!("CARGO_BIN_EXE_scanstation"))
        .args(["calibrate", "render", "--format", format, "-o"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "calibrate render --format {format}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    path
}

fn sorted(mut reads: Vec<Read>) -> Vec<Read> {
    reads.sort();
    reads
}

/// The four codes of the label, as every decoder must read them.
fn expected() -> Vec<Read> {
    sorted(
        CALIBRATION_CODES
            .iter()
            .map(|code| (code.symbology.to_owned(), code.payload.to_owned()))
            .collect(),
    )
}

fn zxing_reads(paths: &[PathBuf]) -> Vec<Vec<Read>> {
    zxing_cpp_decode(paths)
        .into_iter()
        .map(|found| {
            sorted(
                found
                    .into_iter()
                    .map(|decoded| (decoded.aim, decoded.text))
                    .collect(),
            )
        })
        .collect()
}

/// Decodes the rendered label with every decoder; each must read exactly the four codes.
fn decode_everything(dir: &Path) -> Vec<(String, Vec<Read>)> {
    let png = render(dir, "png");
    let pdf = render(dir, "pdf");
    let zpl = render(dir, "zpl");
    let mut results = Vec::new();

    let rxing = decode_file(&png, &DecodeOptions::default()).unwrap();
    results.push((
        "rxing PNG".to_owned(),
        sorted(
            rxing
                .into_iter()
                .map(|decoded| (decoded.symbology.unwrap_or_default(), decoded.text))
                .collect(),
        ),
    ));

    let pdf_raster = dir.join("calibration-pdf");
    let status = Command::new("pdftoppm")
        .args([
            "-r",
            "406",
            "-gray",
            "-png",
            "-singlefile",
            "-aa",
            "no",
            "-aaVector",
            "no",
        ])
        .arg(&pdf)
        .arg(&pdf_raster)
        .status()
        .unwrap_or_else(|err| {
            panic!("cannot run pdftoppm ({err}): apt-get install -y poppler-utils")
        });
    assert!(status.success());
    let zpl_raster = support::zebrash_render(
        &std::fs::read(&zpl).unwrap(),
        100.0,
        70.0,
        8,
        dir,
        "calibration-zpl",
    );
    let images = [png, pdf_raster.with_extension("png"), zpl_raster];
    for ((name, _), reads) in [
        ("zxing-cpp PNG", 0),
        ("zxing-cpp PDF", 1),
        ("zxing-cpp ZPL", 2),
    ]
    .into_iter()
    .zip(zxing_reads(&images))
    {
        results.push((name.to_owned(), reads));
    }
    for (decoder, reads) in &results {
        assert_eq!(reads, &expected(), "{decoder}");
    }
    results
}

fn serial_scanner() -> ScannerConfig {
    let mut config = ScannerConfig::new("dock1", SourceKind::Serial);
    config.path = Some("/dev/ttyACM0".into());
    config.debounce_ms = 0;
    config
}

fn hid_scanner(layout: &str, forms: Option<Vec<GsForm>>) -> ScannerConfig {
    let mut config = ScannerConfig::new("wedge", SourceKind::Hid);
    config.path = Some("/dev/input/event7".into());
    config.layout = layout.into();
    config.gs_forms = forms;
    config.debounce_ms = 0;
    config
}

/// One framed scan: (AIM id, payload, problems), plus the GS forms reported disabled.
struct Scanned {
    symbology: Option<String>,
    bytes: Vec<u8>,
    problems: Vec<String>,
    gs_disabled: Vec<GsForm>,
}

fn one_scan(out: Vec<Framed>) -> Scanned {
    let mut gs_disabled = Vec::new();
    let mut scans = Vec::new();
    for item in out {
        match item {
            Framed::Scan {
                symbology,
                bytes,
                problems,
                ..
            } => scans.push((symbology, bytes, problems)),
            Framed::Dropped {
                reason: DropReason::GsFormDisabled,
                detail,
            } => {
                // The same rule `calibrate check` applies to the drops it sees.
                if let Some(form) = GsForm::ALL
                    .iter()
                    .find(|form| detail.contains(&format!("\"{}\"", form.as_str())))
                {
                    gs_disabled.push(*form);
                }
            }
            Framed::Dropped { .. } => {}
        }
    }
    assert_eq!(scans.len(), 1, "{scans:?}");
    let (symbology, bytes, problems) = scans.remove(0);
    Scanned {
        symbology,
        bytes,
        problems,
        gs_disabled,
    }
}

/// A serial scanner sending `aim` + `text` + CR.
fn over_serial(aim: Option<&str>, text: &str) -> Scanned {
    let mut framer = Framer::new(serial_scanner().framing_options());
    let mut sent = aim.unwrap_or("").as_bytes().to_vec();
    sent.extend_from_slice(text.as_bytes());
    sent.push(b'\r');
    let mut out = Vec::new();
    framer.push(&sent, Duration::ZERO, &mut out);
    one_scan(out)
}

/// A keyboard-wedge scanner set to `scanner_layout`, typing GS as `gs_form`, read by a
/// station configured as `config`.
fn over_keyboard(
    aim: &str,
    text: &str,
    scanner_layout: &str,
    gs_form: GsForm,
    config: &ScannerConfig,
) -> Scanned {
    let mut events = Layout::find(scanner_layout, "")
        .unwrap()
        .keystrokes(&format!("{aim}{text}"), gs_form)
        .unwrap();
    events.push((KEY_ENTER, 1));
    events.push((KEY_ENTER, 0));
    let mut decoder = HidDecoder::new(config).unwrap();
    let mut out = Vec::new();
    for (index, (code, value)) in events.iter().enumerate() {
        decoder.feed(*code, *value, Duration::from_millis(index as u64), &mut out);
    }
    one_scan(out)
}

fn check(scanned: &Scanned, config: &ScannerConfig) -> CalibrationReport {
    check_any(
        scanned.symbology.as_deref(),
        &scanned.bytes,
        config,
        &scanned.gs_disabled,
    )
}

fn codes(report: &CalibrationReport) -> Vec<&'static str> {
    report.findings.iter().map(|finding| finding.code).collect()
}

#[test]
fn the_rendered_label_passes_the_check_and_mangled_scans_get_the_right_advice() {
    let dir = tempfile::tempdir().unwrap();
    for (decoder, reads) in decode_everything(dir.path()) {
        for (aim, text) in &reads {
            let context = format!("{decoder} {aim} {}", escape_bytes(text.as_bytes()));
            let has_gs = text.contains('\u{1d}');

            // All good: serial with AIM ids, and a `us` keyboard wedge on a `us` station.
            let serial = over_serial(Some(aim), text);
            assert!(serial.problems.is_empty(), "{context}");
            let report = check(&serial, &serial_scanner());
            assert!(
                report.ok() && report.findings.is_empty(),
                "{context}: {:?}",
                report.findings
            );
            let us = hid_scanner("us", None);
            let wedge = over_keyboard(aim, text, "us", GsForm::CtrlBracket, &us);
            let report = check(&wedge, &us);
            assert!(
                report.ok() && report.findings.is_empty(),
                "{context}: {:?}",
                report.findings
            );

            // Stripped AIM id: a note, not an error.
            let report = check(&over_serial(None, text), &serial_scanner());
            assert_eq!(codes(&report), vec!["no_aim"], "{context}");
            assert!(report.ok(), "{context}");

            // A scanner set to German on a station configured `us`.
            let german = over_keyboard(aim, text, "de", GsForm::CtrlBracket, &us);
            let report = check(&german, &us);
            assert!(!report.ok(), "{context}");
            assert_eq!(
                report.findings[0].setting.as_deref(),
                Some("layout = \"de\""),
                "{context}: {:?}",
                report.findings
            );

            if has_gs {
                // The GS lost in transport: nothing where it belongs.
                let lost = over_serial(Some(aim), &text.replace('\u{1d}', ""));
                let report = check(&lost, &serial_scanner());
                assert_eq!(codes(&report), vec!["gs_lost"], "{context}");
                assert!(
                    report.findings[0].message.contains("GS separator is lost"),
                    "{context}: {:?}",
                    report.findings
                );

                // GS typed as Ctrl+] on a station that only accepts Alt+0 2 9: the scan is
                // damaged, and the check names the gs_forms line that fixes it.
                let alt_only = hid_scanner("us", Some(vec![GsForm::AltKeypad]));
                let wrong_form = over_keyboard(aim, text, "us", GsForm::CtrlBracket, &alt_only);
                assert_eq!(wrong_form.problems.len(), 1, "{context}");
                let report = check(&wrong_form, &alt_only);
                assert_eq!(codes(&report), vec!["gs_form_disabled"], "{context}");
                assert_eq!(
                    report.findings[0].setting.as_deref(),
                    Some("gs_forms = [\"alt_keypad\", \"ctrl_bracket\"]"),
                    "{context}"
                );

                // GS sent as a stand-in character.
                let stand_in = over_serial(Some(aim), &text.replace('\u{1d}', "~"));
                let report = check(&stand_in, &serial_scanner());
                assert_eq!(codes(&report), vec!["gs_substitute"], "{context}");
            }
        }
    }
}

/// `calibrate check --got` with what zxing-cpp read from the rendered PNG says OK, and stores
/// the result per device where `doctor` looks for it.
#[test]
fn calibrate_check_accepts_what_the_label_scans_as() {
    let dir = tempfile::tempdir().unwrap();
    let png = render(dir.path(), "png");
    let reads = zxing_reads(&[png]).remove(0);
    let config = dir.path().join("station.toml");
    std::fs::write(
        &config,
        format!(
            "[store]\npath = {:?}\n[[scanner]]\nid = \"dock1\"\nkind = \"serial\"\npath = \"/dev/ttyACM0\"\n",
            dir.path().join("db/station.db")
        ),
    )
    .unwrap();
    for (aim, text) in reads {
        let output = Command::new(env!("CARGO_BIN_EXE_scanstation"))
            .args([
                "calibrate",
                "check",
                "--device",
                "dock1",
                "--symbology",
                &aim,
                "--got",
            ])
            .arg(escape_bytes(text.as_bytes()))
            .arg("--config")
            .arg(&config)
            .arg("--save")
            .arg(dir.path().join("db/calibration"))
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert_eq!(output.status.code(), Some(0), "{aim}: {stdout}");
        assert!(
            stdout.contains("OK: layout and GS transport are right"),
            "{stdout}"
        );
    }
    let saved: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("db/calibration/dock1.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(saved["ok"], true);
    assert_eq!(saved["device"], "dock1");
}

/// The same label goes through `label print` like any other template (here to a printer of
/// `transport = "file"`), and the printed ZPL carries the calibration codes.
#[test]
fn the_calibration_label_prints_with_label_print() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("station.toml");
    let out = dir.path().join("printed");
    std::fs::write(
        &config,
        format!(
            "[[printer]]\nname = \"desk\"\ntransport = \"file\"\npath = {:?}\ndpi = 203\nwidth_mm = 100.0\nheight_mm = 70.0\nassume_printed_without_status = true\n",
            out
        ),
    )
    .unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_scanstation"))
        .args(["label", "print", "--printer", "desk", "--template"])
        .arg(support::repo_path("labels/calibration.toml"))
        .arg("--config")
        .arg(&config)
        .arg("--db")
        .arg(dir.path().join("station.db"))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let printed: Vec<PathBuf> = std::fs::read_dir(&out)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    assert_eq!(printed.len(), 1, "{printed:?}");
    let zpl = std::fs::read_to_string(&printed[0]).unwrap();
    assert!(zpl.contains("^FD>:Cal!\"#$%&/@[]{}|yZqAwM09^FS"), "{zpl}");
    assert!(zpl.contains("10yZ-q/7aw#121Wz.M%&9"), "{zpl}");
}
