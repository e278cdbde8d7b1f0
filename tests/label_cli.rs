//! The label commands as a line operator or supervisor uses them: `label render` to PNG /
//! PDF / ZPL (the PNG decoded by zxing-cpp), refused GS1 data with its reason, `printer
//! status`, `label print` to a fake TCP 9100 printer with the job journaled, and `queue
//! list / reprint / void`, each journaled too.

mod support;

use std::path::Path;
use std::process::{Command, Output};

use scanstation::store::{OpenOptions, Store};
use serde_json::Value;
use support::fake_printer::FakePrinter;

fn scanstation(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_scanstation"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .env("RUST_LOG", "warn")
        .output()
        .unwrap()
}

fn text(output: &Output) -> String {
    format!(
        "status {}\nstdout: {}\nstderr: {}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

const SERIAL_FIELDS: [&str; 8] = [
    "--set",
    "gtin=09506000134352",
    "--set",
    "lot=ABC123",
    "--set",
    "expiry=2026-12-31",
    "--set",
    "serial=SN0001",
];

#[test]
fn render_writes_png_pdf_and_zpl_that_carry_the_fields() {
    let dir = tempfile::tempdir().unwrap();
    for format in ["png", "pdf", "zpl"] {
        let out = dir.path().join(format!("serial.{format}"));
        let mut args = vec!["label", "render", "--template", "labels/serial.toml"];
        args.extend(SERIAL_FIELDS);
        args.extend(["--format", format, "-o", out.to_str().unwrap()]);
        let output = scanstation(&args);
        assert!(output.status.success(), "{}", text(&output));
        let bytes = std::fs::read(&out).unwrap();
        match format {
            "png" => assert!(bytes.starts_with(b"\x89PNG")),
            "pdf" => assert!(bytes.starts_with(b"%PDF")),
            _ => {
                let zpl = String::from_utf8(bytes).unwrap();
                assert!(
                    zpl.starts_with("^XA") && zpl.trim_end().ends_with("^XZ"),
                    "{zpl}"
                );
                assert!(zpl.contains("SN0001"), "{zpl}");
            }
        }
    }
    let decoded = support::zxing_cpp_decode(&[dir.path().join("serial.png")]);
    assert!(
        decoded[0].iter().any(|symbol| symbol.aim == "]d2"
            && symbol.text == "01095060001343521726123110ABC123\u{1d}21SN0001"),
        "{:?}",
        decoded[0]
    );
}

#[test]
fn render_refuses_invalid_gs1_data_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bad.png");
    let output = scanstation(&[
        "label",
        "render",
        "--template",
        "labels/serial.toml",
        "--set",
        "gtin=09506000134353",
        "--set",
        "lot=ABC 123",
        "--set",
        "expiry=2026-12-31",
        "--set",
        "serial=SN0001",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(!output.status.success(), "{}", text(&output));
    let stderr = String::from_utf8_lossy(&output.stderr).to_lowercase();
    assert!(stderr.contains("check digit"), "{}", text(&output));
    assert!(!out.exists(), "nothing is written for a refused label");
}

fn printer_config(dir: &Path, printer: &FakePrinter) -> std::path::PathBuf {
    let path = dir.join("station.toml");
    std::fs::write(
        &path,
        format!(
            "[[printer]]\nname = \"line1\"\ntransport = \"tcp\"\naddress = \"{}\"\ndpi = 203\nwidth_mm = 60.0\nheight_mm = 35.0\npoll_interval_ms = 20\nprint_timeout_ms = 10000\n",
            printer.address
        ),
    )
    .unwrap();
    path
}

#[test]
fn print_status_queue_and_journal() {
    let dir = tempfile::tempdir().unwrap();
    let printer = FakePrinter::start(8);
    let config = printer_config(dir.path(), &printer);
    let config = config.to_str().unwrap();
    let db = dir.path().join("station.db");
    let db = db.to_str().unwrap();

    let status = scanstation(&["printer", "status", "line1", "--config", config, "--json"]);
    assert!(status.status.success(), "{}", text(&status));
    let reports: Value = serde_json::from_slice(&status.stdout).unwrap();
    assert_eq!(reports[0]["state_name"], "ready", "{reports}");

    let mut args = vec!["label", "print", "--template", "labels/serial.toml"];
    args.extend(SERIAL_FIELDS);
    args.extend(["--printer", "line1", "--config", config, "--db", db]);
    let output = scanstation(&args);
    assert!(output.status.success(), "{}", text(&output));
    let printed: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(printed["state"], "printed", "{printed}");
    let job = printed["job_id"].as_i64().unwrap();
    let labels = printer.labels();
    assert_eq!(labels.len(), 1, "{labels:?}");
    assert!(labels[0].contains("SN0001"));
    assert_eq!(printer.setups(), 1, "the setup block travels with the job");

    let list = scanstation(&["queue", "list", "--db", db, "--json"]);
    assert!(list.status.success(), "{}", text(&list));
    let jobs: Value = serde_json::from_slice(&list.stdout).unwrap();
    assert_eq!(jobs[0]["id"], job);
    assert_eq!(jobs[0]["state"], "printed");

    // A reprint is a new job with the same serial; the original label is void.
    let reprint = scanstation(&["queue", "reprint", &job.to_string(), "--db", db]);
    assert!(reprint.status.success(), "{}", text(&reprint));
    // Voiding a queued job is refused with a reason; the reprint job is queued.
    let refused = scanstation(&[
        "queue",
        "void",
        &(job + 1).to_string(),
        "--reason",
        "smudged",
        "--db",
        db,
    ]);
    assert!(!refused.status.success(), "{}", text(&refused));
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("printed or unknown"),
        "{}",
        text(&refused)
    );

    let store = Store::open(
        Path::new(db),
        &OpenOptions {
            create: false,
            ..OpenOptions::default()
        },
    )
    .unwrap();
    let rows = store.journal_rows_after(0, 100).unwrap();
    let kinds: Vec<(&str, Option<&str>)> = rows
        .iter()
        .map(|row| (row.kind.as_str(), row.serial.as_deref()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("print", Some("SN0001")),
            ("void", Some("SN0001")),
            ("reprint", Some("SN0001"))
        ]
    );
    assert!(store.verify_journal().unwrap().ok);
}
