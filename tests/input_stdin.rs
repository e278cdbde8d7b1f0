//! The stdin source and `scanstation listen` / `calibrate check` as a person runs them.

use std::io::Write;
use std::os::unix::net::UnixStream;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use scanstation::input::calibrate::CALIBRATION_PLAIN;
use scanstation::input::escape::escape_bytes;
use scanstation::input::keymap::{type_text, Keyboard, KeyboardGs, Layout};
use scanstation::input::{DeviceState, GsForm, InputEvent, ScannerConfig, SourceKind};

#[test]
fn stdin_source_reads_lines_and_stops_quickly() {
    let (mut writer, reader) = UnixStream::pair().unwrap();
    let (tx, rx) = crossbeam_channel::unbounded();
    let stop = Arc::new(AtomicBool::new(false));
    let config = ScannerConfig::new("pipe", SourceKind::Stdin);
    let thread_stop = Arc::clone(&stop);
    let handle = std::thread::spawn(move || {
        scanstation::input::stdin::run(&config, reader, &tx, &thread_stop)
    });
    writer
        .write_all(b"]C10109506000134352\\x1d10AB\nplain text\r\n10A\\x1D21B\n")
        .unwrap();
    let mut scans = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(5);
    while scans.len() < 3 && Instant::now() < deadline {
        if let Ok(InputEvent::Scan(scan)) = rx.recv_timeout(Duration::from_millis(100)) {
            scans.push(scan);
        }
    }
    assert_eq!(scans[0].symbology.as_deref(), Some("]C1"));
    assert_eq!(scans[0].bytes, b"0109506000134352\x1d10AB");
    assert_eq!(scans[1].bytes, b"plain text");
    // `\x1D` (upper case) is a GS as well.
    assert_eq!(scans[2].bytes, b"10A\x1d21B");
    let started = Instant::now();
    stop.store(true, Ordering::Relaxed);
    handle.join().unwrap();
    assert!(
        started.elapsed() < Duration::from_millis(300),
        "stop took {:?}",
        started.elapsed()
    );
    let last = rx.try_iter().last().unwrap();
    assert!(
        matches!(
            last,
            InputEvent::Status {
                state: DeviceState::Stopped,
                ..
            }
        ),
        "{last:?}"
    );
}

#[test]
fn listen_prints_one_json_line_per_event() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_scanstation"))
        .args(["listen", "--stdin", "--count", "2"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"]d20109506000134352\\x1d10X\n\x00\nhello\n")
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success());
    let lines: Vec<serde_json::Value> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    let kinds: Vec<&str> = lines
        .iter()
        .map(|line| line["event"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        vec!["status", "scan", "dropped", "scan", "status"],
        "{lines:?}"
    );
    assert_eq!(lines[4]["state"], "stopped");
    assert_eq!(lines[1]["device"], "stdin");
    assert_eq!(lines[1]["symbology"], "]d2");
    // `raw` is what arrived (the AIM id and the literal backslash escape included),
    // `payload` what is left after the AIM id was split off and the stand-in replaced.
    assert_eq!(lines[1]["raw"], "]d20109506000134352\\\\x1d10X");
    assert_eq!(lines[1]["payload"], "0109506000134352\\x1d10X");
    assert_eq!(lines[1]["problems"], serde_json::json!([]));
    assert_eq!(lines[1]["text"], "0109506000134352\u{1d}10X");
    assert!(lines[1].get("time").is_some());
    assert_eq!(lines[1]["parsed"]["kind"], "gs1", "{}", lines[1]);
    assert_eq!(lines[1]["parsed"]["elements"][0]["value"], "09506000134352");
    assert_eq!(lines[3]["parsed"]["kind"], "plain");
    assert_eq!(lines[2]["reason"], "noise");
}

#[test]
fn calibrate_check_names_the_setting_to_change() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("station.toml");
    std::fs::write(&config, "[[scanner]]\nid = \"packing\"\nkind = \"hid\"\npath = \"/dev/input/event3\"\nlayout = \"us\"\n").unwrap();
    // What a scanner set to German sends for the plain calibration code, read as `us`.
    let keys = Layout::find("de", "")
        .unwrap()
        .keystrokes(CALIBRATION_PLAIN, GsForm::CtrlBracket)
        .unwrap();
    let mut us = Keyboard::new(Layout::find("us", "").unwrap(), KeyboardGs::default(), true);
    let got = escape_bytes(type_text(&mut us, &keys).as_bytes());
    let output = Command::new(env!("CARGO_BIN_EXE_scanstation"))
        .args([
            "calibrate",
            "check",
            "--device",
            "packing",
            "--symbology",
            "]C0",
            "--got",
        ])
        .arg(&got)
        .arg("--config")
        .arg(&config)
        .arg("--save")
        .arg(dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("layout looks like `de` not `us`"),
        "{stdout}"
    );
    assert!(stdout.contains("layout = \"de\""), "{stdout}");
    let saved: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("packing.json")).unwrap())
            .unwrap();
    assert_eq!(saved["ok"], false);
    assert_eq!(saved["reports"][0]["findings"][0]["code"], "layout");
}
