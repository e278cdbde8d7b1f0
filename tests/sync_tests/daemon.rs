//! The daemon syncs by itself: `scanstation run` with `[sync]` pushes its scans to head office
//! on the interval, pulls a recall head office issues while it runs, and the next scan of that
//! lot at the station is rejected.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::time::{Duration, Instant};

use crossbeam_channel::Receiver;
use scanstation::store::LotStatus;
use serde_json::Value;

use super::common::*;

struct Daemon {
    child: Child,
    stdin: ChildStdin,
    lines: Receiver<Value>,
}

impl Daemon {
    fn next_where(&self, what: &str, wanted: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(value) if wanted(&value) => return value,
                Ok(_) => continue,
                Err(_) => panic!("the daemon printed no {what} within 20 s"),
            }
        }
    }

    fn scan(&mut self, data: &str) -> Value {
        writeln!(self.stdin, "{data}").unwrap();
        self.stdin.flush().unwrap();
        self.next_where("verdict", |value| value.get("verdict").is_some())
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn the_running_daemon_pushes_scans_and_pulls_a_recall() {
    let dir = tempfile::tempdir().unwrap();
    let hq = Hq::start();
    seed_master_data(&mut *hq.storage(), &["L1"]);
    let config = dir.path().join("station.toml");
    std::fs::write(
        &config,
        format!(
            "[station]\nid = \"{STATION}\"\n[store]\npath = {:?}\n[[scanner]]\nid = \"dock\"\nkind = \"stdin\"\nworkflow = \"receiving\"\ndebounce_ms = 0\n[sync]\nurl = \"{}\"\ntoken = \"{TOKEN}\"\ninterval_secs = 1\nbackoff_initial_secs = 1\ntimeout_ms = 2000\n[status]\nbind = \"127.0.0.1:0\"\n",
            dir.path().join("station.db"),
            hq.url()
        ),
    )
    .unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_scanstation"))
        .args(["run", "--json", "--config"])
        .arg(&config)
        .env("RUST_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let stdin = child.stdin.take().unwrap();
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
    let mut daemon = Daemon {
        child,
        stdin,
        lines,
    };
    let page = daemon.next_where("status page", |value| value["event"] == "status_page");
    let status_url = page["url"].as_str().unwrap().to_owned();
    // The first sync pulls the master data: L1 becomes known and released.
    let first = daemon.next_where("sync", |value| value["event"] == "sync");
    assert_eq!(first["ok"], true, "{first}");
    let accepted = daemon.scan(&format!("(01){GTIN}(10)L1"));
    assert_eq!(accepted["verdict"], "accept", "{accepted}");
    let seq = accepted["seq"].as_i64().unwrap();
    // A later sync pushes that scan (the push cursor passes its sequence number).
    daemon.next_where("push of the scan", |value| {
        value["event"] == "sync" && value["push_cursor"].as_i64().unwrap_or(0) >= seq
    });
    let events = hq.storage().events(STATION).unwrap();
    assert!(
        events
            .iter()
            .any(|event| event.event_id == accepted["event_id"].as_str().unwrap()),
        "head office lacks the accepted scan"
    );

    hq.storage()
        .set_lot_status(
            GTIN,
            "L1",
            LotStatus::Recalled,
            "glass fragments",
            Some("RC-9"),
            now(),
        )
        .unwrap();
    daemon.next_where("pull of the recall", |value| {
        value["event"] == "sync" && value["lot_status_changes"].as_u64().unwrap_or(0) >= 1
    });
    let rejected = daemon.scan(&format!("(01){GTIN}(10)L1"));
    assert_eq!(rejected["verdict"], "reject", "{rejected}");
    assert!(
        rejected["reasons"].to_string().contains("recalled"),
        "{rejected}"
    );

    // The status page shows the last sync and what is not pushed yet.
    let status: Value = serde_json::from_str(&http_get(&status_url, "status.json")).unwrap();
    assert_eq!(status["last_sync"]["ok"], true, "{status}");
    assert!(status["journal_unsynced"].is_i64(), "{status}");
    assert!(status["master_data_pulled_at"].is_string(), "{status}");
    let page = http_get(&status_url, "");
    assert!(page.contains("Last sync"), "{page}");
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
