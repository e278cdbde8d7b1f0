//! End to end through the real binary: `scanstation run` with a serial scanner on a
//! pseudo-terminal and a temporary database; receiving verdicts for the demo lots, and
//! SIGTERM in the middle of a scan storm losing nothing that was acknowledged.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crossbeam_channel::Receiver;
use scanstation::daemon::seed_demo_database;
use scanstation::store::{OpenOptions, Store};
use serde_json::Value;
use serialport::{SerialPort, TTYPort};

struct Station {
    child: Child,
    lines: Receiver<Value>,
    _pty_slave: TTYPort,
    pty_master: TTYPort,
}

impl Station {
    fn start(dir: &Path) -> Station {
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
        drop(store);
        let (pty_master, pty_slave) = TTYPort::pair().unwrap();
        let config = dir.join("station.toml");
        std::fs::write(
            &config,
            format!(
                "[station]\nid = \"e2e\"\n[store]\npath = {db:?}\n[[scanner]]\nid = \"pty1\"\nkind = \"serial\"\npath = {:?}\nterminator = \"cr\"\ndebounce_ms = 0\nworkflow = \"receiving\"\n",
                pty_slave.name().unwrap()
            ),
        )
        .unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_scanstation"))
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
            lines,
            _pty_slave: pty_slave,
            pty_master,
        };
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
        self.pty_master
            .write_all(format!("{data}\r").as_bytes())
            .unwrap();
        self.pty_master.flush().unwrap();
        self.next_where(|value| value.get("verdict").is_some())
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

#[test]
fn receiving_verdicts_through_a_serial_scanner() {
    let dir = tempfile::tempdir().unwrap();
    let mut station = Station::start(dir.path());
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
