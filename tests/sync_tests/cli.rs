//! The real `scanstation` binary: a station SIGKILLed in the middle of a push loses and
//! duplicates nothing; a protocol version mismatch and a bad token give clear errors and exit
//! codes; HTTPS works with a custom CA file and fails without it; `[sync]` is checked with the
//! whole station config.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use scanstation::hq::server::start;
use scanstation::sync::{sync_once, SyncError};

use super::common::*;

pub fn binary() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_scanstation"));
    command.env("RUST_LOG", "warn");
    command
}

fn write_station_config(dir: &Path, url: &str, batch: u32) -> std::path::PathBuf {
    let token = dir.join("token");
    std::fs::write(&token, format!("{TOKEN}\n")).unwrap();
    let config = dir.join("station.toml");
    std::fs::write(
        &config,
        format!("[sync]\nurl = \"{url}\"\ntoken_file = \"{}\"\npush_batch = {batch}\ntimeout_ms = 5000\n", token.display()),
    )
    .unwrap();
    config
}

/// The scenarios on SQLite; `postgres.rs` runs them on PostgreSQL.
mod sqlite {
    use super::Backend;
    backend_tests!(Backend::Sqlite; cli::sigkill_mid_push_loses_and_duplicates_nothing);
}

pub fn sigkill_mid_push_loses_and_duplicates_nothing(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let store = station_with_backlog(dir.path(), 600);
    drop(store);
    let hq = Hq::start_on(backend);
    let faults = vec![Fault::Slow(Duration::from_millis(150)); 40];
    let proxy = Proxy::start(hq.addr(), &faults);
    let config = write_station_config(dir.path(), &proxy.url(), 20);
    let db = dir.path().join("station.db");
    for round in 0..3 {
        let mut child = binary()
            .args(["sync", "--json", "--db"])
            .arg(&db)
            .arg("--config")
            .arg(&config)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Let it push a few batches, then kill it without warning.
        std::thread::sleep(Duration::from_millis(500 + 170 * round));
        child.kill().unwrap();
        let status = child.wait().unwrap();
        assert!(
            !status.success(),
            "round {round}: sync finished before the kill; make the backlog larger"
        );
    }
    let options = scanstation::store::OpenOptions {
        station_id: Some(STATION.into()),
        ..Default::default()
    };
    let mut store = scanstation::store::Store::open(&db, &options).unwrap();
    let before = push_cursor(&store);
    assert!(
        before > 0 && before < 600,
        "the kills should land mid-push (cursor {before})"
    );
    // A request the killed child had sent may still be on its way through the slow proxy:
    // wait until head office's event count has been still for a second (bounded).
    let stored = || hq.storage().events(STATION).unwrap().len() as u64;
    let mut at_head_office = stored();
    let mut still_since = std::time::Instant::now();
    let waiting = std::time::Instant::now();
    while still_since.elapsed() < Duration::from_secs(1)
        && waiting.elapsed() < Duration::from_secs(15)
    {
        std::thread::sleep(Duration::from_millis(50));
        let now_stored = stored();
        if now_stored != at_head_office {
            at_head_office = now_stored;
            still_since = std::time::Instant::now();
        }
    }
    let summary = sync_once(&mut store, &sync_config(&hq.url()), now()).unwrap();
    assert_eq!(summary.push_cursor, 600);
    // What head office stored but the killed station never heard of comes back from the stored
    // answers as duplicates; only the rest counts as pushed.
    assert_eq!(
        (summary.pushed, summary.duplicates),
        (600 - at_head_office, at_head_office - before as u64)
    );
    assert_exactly_once(&hq, &store, 600);
}

#[test]
fn a_reused_idempotency_key_is_a_refusal_that_says_what_to_do() {
    use scanstation::sync::protocol::{idempotency_key, WireEvent};
    let dir = tempfile::tempdir().unwrap();
    let store = station_with_backlog(dir.path(), 10);
    let hq = Hq::start();
    // Head office holds the key of the station's first batch for another body.
    let events: Vec<WireEvent> = store
        .journal_rows_after(0, 10)
        .unwrap()
        .iter()
        .map(WireEvent::from)
        .collect();
    let key = idempotency_key(STATION, &events);
    hq.storage()
        .push(STATION, &key, "sha256 of another body", &events, now())
        .unwrap();
    drop(store);
    let config = write_station_config(dir.path(), &hq.url(), 100);
    let output = binary()
        .args(["sync", "--json", "--db"])
        .arg(dir.path().join("station.db"))
        .arg("--config")
        .arg(&config)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(9), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    for wanted in [
        "idempotency_key_reused",
        "retrying cannot help",
        "scanstation journal verify",
        &key,
    ] {
        assert!(stderr.contains(wanted), "{wanted:?} not in {stderr}");
    }
}

#[test]
fn a_second_sync_on_the_same_database_waits_its_turn() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = station_with_backlog(dir.path(), 10);
    let hq = Hq::start();
    let db = dir.path().join("station.db");
    let held = scanstation::sync::SyncLock::acquire(&db).unwrap();
    let err = sync_once(&mut store, &sync_config(&hq.url()), now()).unwrap_err();
    assert!(matches!(err, SyncError::AlreadyRunning { .. }), "{err}");
    assert_eq!(push_cursor(&store), 0);
    let config = write_station_config(dir.path(), &hq.url(), 100);
    let output = binary()
        .args(["sync", "--db"])
        .arg(&db)
        .arg("--config")
        .arg(&config)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(4), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("a sync is already running"), "{stderr}");
    // A refused run is not recorded as this database's last run.
    let status = scanstation::sync::status(&store, now()).unwrap();
    assert!(status.last_run.is_none(), "{:?}", status.last_run);
    drop(held);
    sync_once(&mut store, &sync_config(&hq.url()), now()).unwrap();
    assert_exactly_once(&hq, &store, 10);
}

/// A head office that speaks protocol version 2.
fn future_head_office() -> (String, std::thread::JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let thread = std::thread::spawn(move || {
        listener.set_nonblocking(true).unwrap();
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(20) {
            if let Ok((mut stream, _)) = listener.accept() {
                stream.set_nonblocking(false).unwrap();
                stream
                    .set_read_timeout(Some(Duration::from_secs(5)))
                    .unwrap();
                let mut buffer = [0u8; 65536];
                let _ = stream.read(&mut buffer);
                let body = r#"{"error":"protocol_mismatch","message":"this head office speaks protocol version 2","supported_protocol":2}"#;
                let _ = write!(
                    stream,
                    "HTTP/1.1 400 Bad Request\r\nX-Scanstation-Protocol: 2\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
                return;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    });
    (url, thread)
}

#[test]
fn protocol_mismatch_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    drop(station_with_backlog(dir.path(), 3));
    let (url, thread) = future_head_office();
    let config = write_station_config(dir.path(), &url, 100);
    let output = binary()
        .args(["sync", "--json", "--db"])
        .arg(dir.path().join("station.db"))
        .arg("--config")
        .arg(&config)
        .output()
        .unwrap();
    thread.join().unwrap();
    assert_eq!(output.status.code(), Some(9));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("protocol version mismatch: this station speaks version 1, head office 2"),
        "{stderr}"
    );
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["ok"], false);
    assert_eq!(json["status"]["push_cursor"], 0);

    // And head office refuses a station speaking another version.
    let hq = Hq::start();
    let response = raw_request(hq.addr(), "GET /v1/changes?after=0 HTTP/1.1\r\nHost: x\r\nX-Scanstation-Protocol: 7\r\nConnection: close\r\n\r\n");
    assert!(response.starts_with("HTTP/1.1 400"), "{response}");
    assert!(
        response.contains("\"error\":\"protocol_mismatch\"")
            && response.contains("\"supported_protocol\":1"),
        "{response}"
    );
}

fn raw_request(addr: std::net::SocketAddr, request: &str) -> String {
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = String::new();
    let _ = stream.read_to_string(&mut response);
    response
}

#[test]
fn a_wrong_token_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = station_with_backlog(dir.path(), 3);
    let hq = Hq::start();
    let mut config = sync_config(&hq.url());
    config.token = Some("not-the-token".into());
    let err = sync_once(&mut store, &config, now()).unwrap_err();
    assert!(
        matches!(err, SyncError::Unauthorized { status: 401, .. }),
        "{err}"
    );
    assert!(err.to_string().contains("token_file"));
    assert_eq!(push_cursor(&store), 0);
}

fn openssl(dir: &Path, args: &[&str]) {
    let status = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect(
            "the openssl command is needed (apt-get install openssl; see .ci/install-test-deps)",
        );
    assert!(status.success(), "openssl {args:?} failed");
}

#[test]
fn https_with_a_custom_ca() {
    let dir = tempfile::tempdir().unwrap();
    let pki = dir.path();
    openssl(
        pki,
        &[
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "ca.key",
            "-out",
            "ca.pem",
            "-days",
            "2",
            "-subj",
            "/CN=Test HQ CA",
        ],
    );
    openssl(
        pki,
        &[
            "req",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "hq.key",
            "-out",
            "hq.csr",
            "-subj",
            "/CN=127.0.0.1",
        ],
    );
    std::fs::write(
        pki.join("ext.cnf"),
        "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n",
    )
    .unwrap();
    openssl(
        pki,
        &[
            "x509",
            "-req",
            "-in",
            "hq.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-out",
            "hq.pem",
            "-days",
            "2",
            "-extfile",
            "ext.cnf",
        ],
    );

    let hq = Hq::start();
    let mut config = hq.config("127.0.0.1:0");
    config.tls_cert = Some(pki.join("hq.pem"));
    config.tls_key = Some(pki.join("hq.key"));
    let running = start(&config, hq.storage()).unwrap();
    let url = format!("https://127.0.0.1:{}", running.addr().port());

    let mut store = station_with_backlog(dir.path(), 25);
    let mut sync = sync_config(&url);
    let err = sync_once(&mut store, &sync, now()).unwrap_err();
    assert!(
        matches!(err, SyncError::Unreachable { .. }),
        "an unknown CA must be refused: {err}"
    );
    assert_eq!(push_cursor(&store), 0);
    sync.ca_file = Some(pki.join("ca.pem"));
    let summary = sync_once(&mut store, &sync, now()).unwrap();
    assert_eq!(summary.pushed, 25);
    assert_exactly_once(&hq, &store, 25);

    let mut bad = hq.config("127.0.0.1:0");
    bad.tls_cert = Some(pki.join("hq.pem"));
    bad.tls_key = Some(pki.join("hq.csr"));
    let err = start(&bad, hq.storage()).unwrap_err();
    assert!(
        err.to_string()
            .contains("not an unencrypted PKCS#8 or RSA private key"),
        "{err}"
    );
}

#[test]
fn the_sync_section_is_checked_with_the_whole_station_config() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("station.toml");
    std::fs::write(
        &config,
        "[station]\nid = \"dock 1!\"\n[sync]\nurl = \"http://hq.example.com\"\npush_batch = 0\n",
    )
    .unwrap();
    let db = dir.path().join("station.db");
    let output = binary()
        .args(["sync", "--db"])
        .arg(&db)
        .arg("--config")
        .arg(&config)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    for key in [
        "station.id",
        "sync.url",
        "sync.token_file",
        "sync.push_batch",
    ] {
        assert!(stderr.contains(key), "{key} missing from: {stderr}");
    }
    assert!(!db.exists(), "a bad config must not touch the database");

    // A typo in [sync] is refused with its name, like in any other section.
    std::fs::write(&config, "[sync]\nurll = \"https://hq.example.com\"\n").unwrap();
    let output = binary()
        .args(["sync", "--db"])
        .arg(&db)
        .arg("--config")
        .arg(&config)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("urll"), "{stderr}");
}

#[test]
fn json_summary_on_stdout_and_machine_readable_progress_on_stderr() {
    let dir = tempfile::tempdir().unwrap();
    drop(station_with_backlog(dir.path(), 30));
    let hq = Hq::start();
    let config = write_station_config(dir.path(), &hq.url(), 10);
    let output = binary()
        .args(["sync", "--json", "--progress", "json", "--db"])
        .arg(dir.path().join("station.db"))
        .arg("--config")
        .arg(&config)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let summary: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        (summary["ok"].clone(), summary["pushed"].clone()),
        (true.into(), 30.into())
    );
    let steps: Vec<serde_json::Value> = String::from_utf8_lossy(&output.stderr)
        .lines()
        .filter(|line| line.starts_with('{'))
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    let pushes: Vec<(u64, u64)> = steps
        .iter()
        .filter(|step| step["step"] == "push")
        .map(|step| {
            (
                step["sent"].as_u64().unwrap(),
                step["total"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(pushes[..3], [(10, 30), (20, 30), (30, 30)], "{steps:?}");
    assert!(
        steps.iter().any(|step| step["step"] == "apply"),
        "{steps:?}"
    );
}
