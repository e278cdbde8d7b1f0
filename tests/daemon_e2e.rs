//! End to end through the real binary: `scanstation run` with a serial scanner on a
//! pseudo-terminal and a temporary database; receiving verdicts for the demo lots, and
//! SIGTERM in the middle of a scan storm losing nothing that was acknowledged; a line run
//! that prints serial labels to a fake TCP 9100 printer, decoded by an independent ZPL
//! renderer and zxing-cpp, with verification scans and a void + reprint of the same serial;
//! a lot recalled from the CLI while the daemon runs; the line driven by `scanstation line`;
//! `run --check`.

mod support;

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crossbeam_channel::Receiver;
use scanstation::daemon::seed_demo_database;
use scanstation::store::{Lot, LotStatus, OpenOptions, Store};
use serde_json::Value;
use serialport::{SerialPort, TTYPort};
use support::fake_printer::FakePrinter;

struct Station {
    child: Child,
    /// The status page's address (`[status] bind` on port 0).
    status_url: String,
    lines: Receiver<Value>,
    _pty_slave: TTYPort,
    pty_master: TTYPort,
}

impl Station {
    fn start(dir: &Path) -> Station {
        Station::start_with(dir, "receiving", "")
    }

    /// `extra` is appended to the configuration (`[line]`, `[[printer]]` tables).
    fn start_with(dir: &Path, workflow: &str, extra: &str) -> Station {
        Station::start_prepared(dir, workflow, extra, |_| {})
    }

    /// `prepare` changes the seeded database before the daemon starts.
    fn start_prepared(
        dir: &Path,
        workflow: &str,
        extra: &str,
        prepare: impl FnOnce(&mut Store),
    ) -> Station {
        let db = dir.join("station.db");
        let mut store = Store::open(
            &db,
            &OpenOptions {
                station_id: Some("e2e".into()),
                ..OpenOptions::default()
            },
        )
        .unwrap();
        seed_demo_database(&mut store, chrono::Utc::now()).unwrap();
        prepare(&mut store);
        drop(store);
        let (pty_master, pty_slave) = TTYPort::pair().unwrap();
        let config = dir.join("station.toml");
        std::fs::write(
            &config,
            format!(
                "[station]\nid = \"e2e\"\n[store]\npath = {db:?}\nstandalone_serial_pattern = \"{{station}}-{{seq:5}}\"\n[[scanner]]\nid = \"pty1\"\nkind = \"serial\"\npath = {:?}\nterminator = \"cr\"\ndebounce_ms = 0\nworkflow = {workflow:?}\n{extra}\n[status]\nbind = \"127.0.0.1:0\"\n",
                pty_slave.name().unwrap()
            ),
        )
        .unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_scanstation"))
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(["run", "--json", "--config"])
            .arg(&config)
            .env("RUST_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, lines) = crossbeam_channel::unbounded();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                let value: Value =
                    serde_json::from_str(&line).unwrap_or_else(|_| panic!("not JSON: {line}"));
                if tx.send(value).is_err() {
                    break;
                }
            }
        });
        let mut station = Station {
            child,
            status_url: String::new(),
            lines,
            _pty_slave: pty_slave,
            pty_master,
        };
        let page = station.next_where(|value| value["event"] == "status_page");
        station.status_url = page["url"].as_str().unwrap().to_owned();
        station.next_where(|value| value["event"] == "device" && value["state"] == "connected");
        station
    }

    fn next_where(&mut self, wanted: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(value) if wanted(&value) => return value,
                Ok(_) => continue,
                Err(_) => panic!("the daemon printed nothing matching within 10 s"),
            }
        }
    }

    fn scan(&mut self, data: &str) -> Value {
        self.send(data);
        self.next_where(|value| value.get("verdict").is_some())
    }

    fn send(&mut self, data: &str) {
        self.pty_master
            .write_all(format!("{data}\r").as_bytes())
            .unwrap();
        self.pty_master.flush().unwrap();
    }
}

impl Drop for Station {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn codes(verdict: &Value) -> Vec<String> {
    verdict["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|reason| reason["code"].as_str().unwrap().to_owned())
        .collect()
}

#[track_caller]
fn check(station: &mut Station, data: &str, verdict: &str, reason_codes: &[&str]) {
    let answer = station.scan(data);
    assert_eq!(answer["verdict"], verdict, "{data}: {answer}");
    assert_eq!(codes(&answer), reason_codes, "{data}: {answer}");
    assert_eq!(answer["device"], "pty1");
}

/// Demo lots plus one blocked and one expiring in ten days.
fn more_lots(store: &mut Store) {
    let today = chrono::Utc::now().date_naive();
    for (gtin, lot, status, expiry) in [
        ("09506000134376", "P2610X", LotStatus::Blocked, None),
        (
            "09506000134369",
            "YSOON",
            LotStatus::Released,
            Some(today + chrono::Days::new(10)),
        ),
    ] {
        store
            .transaction(|tx| {
                tx.upsert_lot(
                    &Lot {
                        gtin: gtin.into(),
                        lot: lot.into(),
                        status,
                        reason: Some("e2e".into()),
                        reference: None,
                        production_date: None,
                        expiry_date: expiry,
                        quantity: None,
                        origin: "head_office".into(),
                        status_changed_at: None,
                    },
                    chrono::Utc::now(),
                )
            })
            .unwrap();
    }
}

#[test]
fn receiving_verdicts_through_a_serial_scanner() {
    let dir = tempfile::tempdir().unwrap();
    let mut station = Station::start_prepared(dir.path(), "receiving", "", more_lots);
    check(
        &mut station,
        "]d201095060001343521728123110DRILL2611\x1d21SN1001",
        "accept",
        &[],
    );
    check(
        &mut station,
        "]d201095060001343521728123110DRILL2611\x1d21SN1001",
        "reject",
        &["already_received"],
    );
    check(
        &mut station,
        "]d2010950600013436917270430\x1d10Y2610B",
        "reject",
        &["recalled"],
    );
    check(
        &mut station,
        "]d20109506000134376\x1d10P2609",
        "reject",
        &["quarantined"],
    );
    check(
        &mut station,
        "]d2010950600013437617260110\x1d10P2401",
        "reject",
        &["expired"],
    );
    check(
        &mut station,
        "]d20109506000134390\x1d10X1",
        "warn",
        &["unknown_product", "unknown_lot"],
    );
    check(
        &mut station,
        "]d20109506000134353",
        "reject",
        &["malformed", "unknown_product"],
    );
    let answer = station.scan("]d20109506000134369\x1d10Y2610B");
    assert_eq!(answer["lot"]["status"], "recalled", "{answer}");

    // The status page shows what the operator saw, newest first, and the metrics count it.
    let status: Value =
        serde_json::from_str(&http_get(&station.status_url, "status.json")).unwrap();
    let recent = status["recent"].as_array().unwrap();
    assert_eq!(recent.len(), 8, "{status}");
    assert_eq!(recent[0]["level"], "reject");
    assert!(
        recent[0]["reasons"][0].as_str().unwrap().contains("Y2610B"),
        "{status}"
    );
    assert_eq!(status["scanners"][0]["id"], "pty1");
    assert_eq!(status["scanners"][0]["state"], "connected");
    assert!(status["scanners"][0]["last_seen"].is_string());
    let metrics = http_get(&station.status_url, "metrics");
    for expected in [
        "scanstation_scans_total{level=\"accept\"} 1",
        "scanstation_scans_total{level=\"warn\"} 1",
        "scanstation_scans_total{level=\"reject\"} 6",
        "scanstation_scan_verdict_seconds_count 8",
    ] {
        assert!(
            metrics.contains(expected),
            "{expected} missing from\n{metrics}"
        );
    }

    // The remaining reason codes.
    check(
        &mut station,
        "]d20109506000134376\x1d10P2610X",
        "reject",
        &["blocked"],
    );
    check(
        &mut station,
        "]d20109506000134369\x1d10YSOON",
        "warn",
        &["expiring_soon"],
    );
    check(
        &mut station,
        "]d201095060001343521728123110DRILL2611\x1d21NEW999",
        "warn",
        &["unknown_serial"],
    );
    let mismatch = station.scan("]d20109506000134352\x1d10DRILL2610\x1d21SN1002");
    assert!(
        codes(&mismatch).contains(&"lot_mismatch".to_owned()),
        "{mismatch}"
    );
    // On the line, a serial scanned twice is a duplicate label.
    station.send("WORKFLOW:line");
    station.next_where(|value| value["event"] == "workflow");
    station.scan("]d201095060001343521728123110DRILL2611\x1d21SN1003");
    let duplicate = station.scan("]d201095060001343521728123110DRILL2611\x1d21SN1003");
    assert!(
        codes(&duplicate).contains(&"duplicate_serial".to_owned()),
        "{duplicate}"
    );
}

#[test]
fn old_master_data_is_flagged_on_every_scan() {
    let dir = tempfile::tempdir().unwrap();
    let mut station = Station::start_prepared(dir.path(), "receiving", "", |store| {
        let old = chrono::Utc::now() - chrono::Duration::hours(48);
        store
            .transaction(|tx| tx.set_master_data_version("e2e-old", old))
            .unwrap();
    });
    let answer = station.scan("]d201095060001343521728123110DRILL2611\x1d21SN1001");
    assert!(
        codes(&answer).contains(&"stale_master_data".to_owned()),
        "{answer}"
    );
}

/// GET `path` from the status server; the body.
fn http_get(base: &str, path: &str) -> String {
    use std::io::Read;
    let address = base.trim_start_matches("http://").trim_end_matches('/');
    let mut stream = std::net::TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    write!(
        stream,
        "GET /{path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    let (head, body) = answer.split_once("\r\n\r\n").unwrap();
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    body.to_owned()
}

#[test]
fn sigterm_mid_storm_loses_no_acknowledged_scan() {
    let dir = tempfile::tempdir().unwrap();
    let mut station = Station::start(dir.path());
    let storm: String = (0..300)
        .map(|idx| format!("]d201095060001343521728123110DRILL2611\x1d21STORM{idx:04}\r"))
        .collect();
    station.pty_master.write_all(storm.as_bytes()).unwrap();
    let mut acknowledged = Vec::new();
    while acknowledged.len() < 40 {
        let verdict = station.next_where(|value| value.get("verdict").is_some());
        acknowledged.push(verdict);
    }
    let status = unsafe { libc::kill(station.child.id() as i32, libc::SIGTERM) };
    assert_eq!(status, 0);
    let deadline = Instant::now() + Duration::from_secs(10);
    let exit = loop {
        if let Some(exit) = station.child.try_wait().unwrap() {
            break exit;
        }
        assert!(
            Instant::now() < deadline,
            "the daemon did not stop within 10 s of SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(
        exit.success(),
        "SIGTERM must end the daemon with exit code 0, got {exit}"
    );
    while let Ok(value) = station.lines.try_recv() {
        if value.get("verdict").is_some() {
            acknowledged.push(value);
        }
    }
    let store = Store::open(
        &dir.path().join("station.db"),
        &OpenOptions {
            create: false,
            ..OpenOptions::default()
        },
    )
    .unwrap();
    let report = store.verify_journal().unwrap();
    assert!(
        report.ok,
        "hash chain must verify after SIGTERM: {report:?}"
    );
    for verdict in &acknowledged {
        let seq = verdict["seq"].as_i64().unwrap();
        let rows = store.journal_rows_after(seq - 1, 1).unwrap();
        assert_eq!(
            rows.len(),
            1,
            "acknowledged scan seq {seq} is missing from the journal"
        );
        assert_eq!(rows[0].event_id, verdict["event_id"].as_str().unwrap());
    }
    // The storm's scans are acknowledged in the order they were written, without gaps.
    let serials: Vec<&str> = acknowledged
        .iter()
        .map(|verdict| verdict["parsed"]["elements"][3]["value"].as_str().unwrap())
        .collect();
    let expected: Vec<String> = (0..serials.len())
        .map(|idx| format!("STORM{idx:04}"))
        .collect();
    assert_eq!(serials, expected);
}

/// Waits until the fake printer holds `count` labels.
fn wait_for_labels(printer: &FakePrinter, count: usize) -> Vec<String> {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let labels = printer.labels();
        if labels.len() >= count {
            return labels;
        }
        assert!(
            Instant::now() < deadline,
            "the printer received {} of {count} labels within 15 s",
            labels.len()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn line_prints_decodable_serial_labels_and_reprints_a_failed_verification() {
    let dir = tempfile::tempdir().unwrap();
    let printer = FakePrinter::start(8);
    let extra = format!(
        "[line]\nverify = true\nexpiry_days = 365\n[[printer]]\nname = \"line1\"\ntransport = \"tcp\"\naddress = \"{}\"\ndpi = 203\nwidth_mm = 60.0\nheight_mm = 35.0\nprint_timeout_ms = 10000\npoll_interval_ms = 20\n",
        printer.address
    );
    let mut station = Station::start_with(dir.path(), "line", &extra);

    // Nothing active yet: the trigger is refused with the reason, and nothing is allocated.
    station.send("PRINT-NEXT");
    let refused = station.next_where(|value| value["event"] == "problem");
    assert_eq!(refused["code"], "cannot_print", "{refused}");

    // The work order's barcode makes the product and lot active.
    let order = station.scan("]C1010950600013435210DRILL2611");
    assert_eq!(order["verdict"], "accept", "{order}");
    assert_eq!(order["line"]["lot"], "DRILL2611", "{order}");

    station.send("PRINT-NEXT");
    let queued = station.next_where(|value| value["event"] == "label_queued");
    let serial = queued["serial"].as_str().unwrap().to_owned();
    assert_eq!(serial, "e2e-00001", "{queued}");
    let printed = station.next_where(|value| value["event"] == "print");
    assert_eq!(printed["state"], "printed", "{printed}");
    assert_eq!(printed["job_id"], queued["job_id"]);

    // The label as the printer got it, rendered by an independent ZPL renderer and decoded by
    // zxing-cpp: GS1 DataMatrix with exactly the allocated data.
    let labels = wait_for_labels(&printer, 1);
    let expiry = queued["expiry"].as_str().unwrap().to_owned();
    let png = support::zebrash_render(labels[0].as_bytes(), 60.0, 35.0, 8, dir.path(), "line1");
    let decoded = support::zxing_cpp_decode(&[png]);
    let expected = format!("010950600013435217{expiry}10DRILL2611\x1d21{serial}");
    assert!(
        decoded[0]
            .iter()
            .any(|symbol| symbol.aim == "]d2" && symbol.text == expected),
        "expected ]d2 {expected:?}, decoded {:?}",
        decoded[0]
    );

    // The operator scans the label: it matches.
    let check = station.scan(&format!("]d2{expected}"));
    assert_eq!(check["verification"]["result"], "verified", "{check}");

    // Next label; the verification scan reads a different (still valid) expiry: voided and
    // reprinted with the same serial.
    station.send("PRINT-NEXT");
    let second = station.next_where(|value| value["event"] == "label_queued");
    let second_serial = second["serial"].as_str().unwrap().to_owned();
    assert_eq!(second_serial, "e2e-00002");
    let printed = station.next_where(|value| value["event"] == "print");
    assert_eq!(printed["job_id"], second["job_id"], "{printed}");
    assert_eq!(printed["state"], "printed", "{printed}");
    let wrong = format!("010950600013435217291231\x1d10DRILL2611\x1d21{second_serial}");
    let check = station.scan(&format!("]d2{wrong}"));
    assert_eq!(check["verdict"], "accept", "{check}");
    assert_eq!(check["verification"]["result"], "reprinted", "{check}");
    assert_eq!(check["verification"]["serial"], second_serial.as_str());
    let reprint_job = check["verification"]["job_id"].clone();
    let printed = station.next_where(|value| value["event"] == "print");
    assert_eq!(printed["job_id"], reprint_job, "{printed}");
    let labels = wait_for_labels(&printer, 3);
    assert!(
        labels[2].contains(&second_serial) && labels[1].contains(&second_serial),
        "the reprint must carry the same serial: {labels:?}"
    );
    // The operator scans the reprint: the voided label's scan does not make it a duplicate.
    let second_expiry = second["expiry"].as_str().unwrap();
    let reprinted = format!("010950600013435217{second_expiry}10DRILL2611\x1d21{second_serial}");
    let check = station.scan(&format!("]d2{reprinted}"));
    assert_eq!(check["verdict"], "accept", "{check}");
    assert_eq!(check["verification"]["result"], "verified", "{check}");
    assert_eq!(check["verification"]["job_id"], reprint_job, "{check}");
    // No serial was allocated twice and the journal holds print, void and reprint rows.
    drop(station);
    let store = Store::open(
        &dir.path().join("station.db"),
        &OpenOptions {
            create: false,
            ..OpenOptions::default()
        },
    )
    .unwrap();
    let rows = store.journal_rows_after(0, 1000).unwrap();
    let kinds: Vec<&str> = rows.iter().map(|row| row.kind.as_str()).collect();
    for kind in ["allocation", "print", "void", "reprint"] {
        assert!(kinds.contains(&kind), "journal lacks {kind}: {kinds:?}");
    }
    assert!(store.verify_journal().unwrap().ok);
}

/// Runs the binary with `args` (no stdin); exit code and stdout + stderr.
fn scanstation(args: &[&str]) -> (i32, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_scanstation"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .env("RUST_LOG", "warn")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let mut text = String::from_utf8_lossy(&output.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&output.stderr));
    (output.status.code().unwrap_or(-1), text)
}

fn status_json(station: &Station) -> Value {
    serde_json::from_str(&http_get(&station.status_url, "status.json")).unwrap()
}

#[test]
fn a_lot_recalled_while_the_daemon_runs_turns_red_at_its_next_scan() {
    let dir = tempfile::tempdir().unwrap();
    let mut station = Station::start(dir.path());
    let lot = "]d201095060001343521728123110DRILL2611\x1d21SN1001";
    check(&mut station, lot, "accept", &[]);
    let db = dir.path().join("station.db");
    let (code, text) = scanstation(&[
        "lot",
        "recall",
        "--db",
        db.to_str().unwrap(),
        "09506000134352",
        "DRILL2611",
        "--reason",
        "motor overheats (recall R-e2e)",
    ]);
    assert_eq!(code, 0, "{text}");
    let answer = station.scan("]d201095060001343521728123110DRILL2611\x1d21SN1002");
    assert_eq!(answer["verdict"], "reject", "{answer}");
    assert_eq!(codes(&answer), ["recalled"], "{answer}");
    let status = status_json(&station);
    assert_eq!(status["recent"][0]["level"], "reject", "{status}");
    assert!(
        status["recent"][0]["reasons"][0]
            .as_str()
            .unwrap()
            .contains("RECALLED"),
        "{status}"
    );
    let page = http_get(&station.status_url, "");
    assert!(page.contains("<tr class=\"scan reject\">"), "{page}");
}

#[test]
fn the_line_is_driven_from_the_command_line_while_the_daemon_runs() {
    let dir = tempfile::tempdir().unwrap();
    let printer = FakePrinter::start(8);
    let extra = format!(
        "[line]\nexpiry_days = 365\nbatch_count = 2\n[[printer]]\nname = \"line1\"\ntransport = \"tcp\"\naddress = \"{}\"\ndpi = 203\nwidth_mm = 60.0\nheight_mm = 35.0\nprint_timeout_ms = 10000\npoll_interval_ms = 20\n",
        printer.address
    );
    let mut station = Station::start_with(dir.path(), "line", &extra);
    let config = dir.path().join("station.toml");
    let config = config.to_str().unwrap();

    // An expired lot is refused; nothing changes.
    let (code, text) = scanstation(&[
        "line",
        "set",
        "--config",
        config,
        "--gtin",
        "09506000134376",
        "--lot",
        "P2401",
    ]);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("expired"), "{text}");

    // `line set`: the daemon takes the product, shows it, and prints the batch.
    let (code, text) = scanstation(&[
        "line",
        "set",
        "--config",
        config,
        "--gtin",
        "09506000134352",
        "--lot",
        "DRILL2611",
    ]);
    assert_eq!(code, 0, "{text}");
    let line = station.next_where(|value| value["event"] == "line");
    assert_eq!(line["source"], "cli", "{line}");
    for _ in 0..2 {
        station.next_where(|value| value["event"] == "label_queued");
    }
    let status = status_json(&station);
    assert_eq!(status["line"]["lot"], "DRILL2611", "{status}");
    assert_eq!(status["line"]["printed"], 2, "{status}");

    // `line print-next --count 3` answers with the serials the daemon queued.
    let (code, text) = scanstation(&[
        "line",
        "print-next",
        "--config",
        config,
        "--count",
        "3",
        "--json",
    ]);
    assert_eq!(code, 0, "{text}");
    let answer: Value = serde_json::from_str(text.trim()).unwrap();
    assert_eq!(
        answer["serials"],
        serde_json::json!(["e2e-00003", "e2e-00004", "e2e-00005"]),
        "{answer}"
    );
    let labels = wait_for_labels(&printer, 5);
    assert!(labels[4].contains("e2e-00005"), "{labels:?}");

    let (code, text) = scanstation(&["line", "show", "--config", config, "--json"]);
    assert_eq!(code, 0, "{text}");
    let shown: Value = serde_json::from_str(text.trim()).unwrap();
    assert_eq!(shown["line"]["gtin"], "09506000134352", "{shown}");
    assert_eq!(shown["product_name"], "Demo cordless drill", "{shown}");

    // The active product survives a restart.
    drop(station);
    let mut station = Station::start_with(dir.path(), "line", &extra);
    let status = status_json(&station);
    assert_eq!(status["line"]["lot"], "DRILL2611", "{status}");
    station.send("PRINT-NEXT");
    let queued = station.next_where(|value| value["event"] == "label_queued");
    assert_eq!(queued["serial"], "e2e-00006", "{queued}");

    // `line clear`: the next trigger is refused.
    let (code, text) = scanstation(&["line", "clear", "--config", config]);
    assert_eq!(code, 0, "{text}");
    station.next_where(|value| value["event"] == "line");
    let (code, text) = scanstation(&["line", "print-next", "--config", config]);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("no product is active"), "{text}");
    drop(station);

    // With no daemon running, a request is cancelled, not left to print later.
    let (code, text) = scanstation(&["line", "print-next", "--config", config, "--wait-secs", "1"]);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("no daemon took the request"), "{text}");
}

#[test]
fn run_check_lists_device_problems_and_names_a_bad_key() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("station.toml");
    let text = format!(
        "[station]\nid = \"chk\"\n[store]\npath = {:?}\n[[scanner]]\nid = \"dock1\"\nkind = \"serial\"\npath = \"/dev/scanner-not-plugged-in\"\nworkflow = \"receiving\"\n",
        dir.path().join("station.db")
    );
    std::fs::write(&config, &text).unwrap();
    let (code, output) = scanstation(&["run", "--check", "--config", config.to_str().unwrap()]);
    assert_eq!(code, 0, "{output}");
    assert!(output.contains("configuration OK"), "{output}");
    assert!(
        output.contains("warning scanner.dock1: /dev/scanner-not-plugged-in is not present"),
        "{output}"
    );
    std::fs::write(&config, text.replace("\"receiving\"", "\"recieving\"")).unwrap();
    let (code, output) = scanstation(&["run", "--check", "--config", config.to_str().unwrap()]);
    assert_eq!(code, 2, "{output}");
    assert!(output.contains("scanner[dock1].workflow"), "{output}");
    assert!(
        output.contains("\"receiving\", \"line\" or \"lookup\""),
        "{output}"
    );
}
