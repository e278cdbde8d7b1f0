//! The `scanstation` binary: JSON shapes and exit codes of the store commands, processes
//! allocating at once, and SIGKILL in the middle of a scan storm or an allocation.

use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::common::*;

const BIN: &str = env!("CARGO_BIN_EXE_scanstation");

fn run(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .env("RUST_LOG", "warn")
        .output()
        .unwrap()
}

fn stdout_json_lines(output: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

/// A fixture database file (the station handle closed) and its path as a string.
fn fixture_db() -> (tempfile::TempDir, String) {
    let fixture = fixture();
    let path = fixture.db_path().to_string_lossy().into_owned();
    let Fixture { dir, station } = fixture;
    // The binary judges at the real time: make the master data fresh for it.
    let mut store = station.into_store();
    store
        .transaction(|tx| tx.set_master_data_version("cli-test", chrono::Utc::now()))
        .unwrap();
    drop(store);
    (dir, path)
}

#[test]
fn scan_json_has_exactly_the_documented_shape() {
    let (_dir, db) = fixture_db();
    let output = run(&[
        "scan",
        "--db",
        &db,
        "--workflow",
        "receiving",
        "--device",
        "door1",
        "--json",
        &format!("(01){WIDGET}(10)OK(21)1001"),
        &format!("(00){}", sscc(9)),
        "]C1\\x1d0109506000134352",
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let lines = stdout_json_lines(&output);
    assert_eq!(lines.len(), 3);
    let keys = |value: &Value| {
        value
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect::<Vec<_>>()
            .join(",")
    };
    assert_eq!(
        keys(&lines[0]),
        "verdict,reasons,event_id,seq,parsed,product,lot,serial"
    );
    assert_eq!(keys(&lines[1]), "verdict,reasons,event_id,seq,parsed");
    assert_eq!(lines[0]["verdict"], "accept");
    assert_eq!(lines[0]["reasons"], serde_json::json!([]));
    assert_eq!(lines[0]["product"]["gtin"], WIDGET);
    assert_eq!(lines[0]["lot"]["lot"], "OK");
    assert_eq!(lines[0]["serial"]["serial"], "1001");
    assert_eq!(lines[0]["parsed"]["elements"][2]["ai"], "21");
    assert_eq!(
        lines[1]["seq"].as_i64().unwrap(),
        lines[0]["seq"].as_i64().unwrap() + 1
    );
    assert_eq!(lines[0]["event_id"].as_str().unwrap().len(), 36);
    assert_eq!(
        &lines[0]["event_id"].as_str().unwrap()[14..15],
        "7",
        "UUIDv7"
    );
    // A leading GS is a syntax error: the scan is data, the command still succeeds.
    assert_eq!(lines[2]["verdict"], "reject");
    assert_eq!(lines[2]["reasons"][0]["code"], "malformed");
    assert!(lines[2]["reasons"][0]["message"].is_string());

    let verify = run(&["journal", "verify", "--db", &db, "--json"]);
    assert!(verify.status.success());
    assert_eq!(
        stdout_json_lines(&verify)[0],
        serde_json::json!({"ok": true, "events": 3, "last_seq": 3, "first_bad_seq": null})
    );
}

#[test]
fn journal_verify_exits_non_zero_on_a_broken_chain() {
    let (_dir, db) = fixture_db();
    run(&[
        "scan",
        "--db",
        &db,
        "--workflow",
        "lookup",
        "--json",
        "(00)095060001300000019",
        "hello",
    ]);
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute_batch(
        "DROP TRIGGER journal_no_update; UPDATE journal SET device = 'x' WHERE seq = 2;",
    )
    .unwrap();
    let verify = run(&["journal", "verify", "--db", &db, "--json"]);
    assert_eq!(verify.status.code(), Some(1));
    assert_eq!(
        stdout_json_lines(&verify)[0],
        serde_json::json!({"ok": false, "events": 2, "last_seq": 2, "first_bad_seq": 2})
    );
    let text = run(&["journal", "verify", "--db", &db]);
    assert!(String::from_utf8_lossy(&text.stdout).contains("journal BROKEN at seq 2"));
}

#[test]
fn serial_allocate_json_and_exit_codes() {
    let (_dir, db) = fixture_db();
    let no_block = run(&[
        "serial", "allocate", "--db", &db, "--gtin", WIDGET, "--json",
    ]);
    assert_eq!(no_block.status.code(), Some(7));
    assert!(
        String::from_utf8_lossy(&no_block.stderr).contains("no serial block is leased for GTIN")
    );
    let lease = run(&[
        "serial",
        "lease",
        "--db",
        &db,
        "--gtin",
        WIDGET,
        "--pattern",
        "Q{seq:3}",
        "--first",
        "1",
        "--last",
        "3",
    ]);
    assert!(
        lease.status.success(),
        "{}",
        String::from_utf8_lossy(&lease.stderr)
    );
    let allocated = run(&[
        "serial", "allocate", "--db", &db, "--gtin", WIDGET, "--count", "2", "--json",
    ]);
    assert!(allocated.status.success());
    assert_eq!(
        stdout_json_lines(&allocated)[0],
        serde_json::json!({"serials": ["Q001", "Q002"]})
    );
    let exhausted = run(&[
        "serial", "allocate", "--db", &db, "--gtin", WIDGET, "--count", "2", "--json",
    ]);
    assert_eq!(exhausted.status.code(), Some(7));
    let stderr = String::from_utf8_lossy(&exhausted.stderr);
    assert!(
        stderr.contains("exhausted") && stderr.contains("sync with head office"),
        "{stderr}"
    );
    assert!(exhausted.stdout.is_empty());

    let show = run(&["serial", "show", "--db", &db, WIDGET, "Q001", "--json"]);
    let details = &stdout_json_lines(&show)[0];
    assert_eq!(details["status"], "allocated");
    let event = run(&[
        "serial", "event", "--db", &db, WIDGET, "Q001", "--kind", "return", "--note", "DOA",
    ]);
    assert!(event.status.success());
    let show = run(&["serial", "show", "--db", &db, WIDGET, "Q001", "--json"]);
    assert_eq!(
        stdout_json_lines(&show)[0]["service_history"][0]["kind"],
        "return"
    );
    let missing = run(&["serial", "show", "--db", &db, WIDGET, "nope", "--json"]);
    assert_eq!(missing.status.code(), Some(2));
}

#[test]
fn lot_commands_and_trace_csv() {
    let (_dir, db) = fixture_db();
    run(&[
        "scan",
        "--db",
        &db,
        "--workflow",
        "receiving",
        "--json",
        &format!("(01){WIDGET}(10)OK(21)1001"),
    ]);
    let recall = run(&[
        "lot",
        "recall",
        "--db",
        &db,
        WIDGET,
        "OK",
        "--reason",
        "fragments",
        "--reference",
        "RC-1",
    ]);
    assert!(
        recall.status.success(),
        "{}",
        String::from_utf8_lossy(&recall.stderr)
    );
    let scan = run(&[
        "scan",
        "--db",
        &db,
        "--workflow",
        "receiving",
        "--json",
        &format!("(01){WIDGET}(10)OK(21)1002"),
    ]);
    assert_eq!(stdout_json_lines(&scan)[0]["verdict"], "reject");
    let csv = run(&["lot", "trace", "--db", &db, WIDGET, "OK", "--csv"]);
    let text = String::from_utf8_lossy(&csv.stdout).into_owned();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 4, "{text}");
    assert!(
        lines[1].contains(",scan,receiving,cli,,accept,,1001,,yes,"),
        "{text}"
    );
    assert!(lines[2].contains(",lot_status,"), "{text}");
    assert!(lines[3].contains(",reject,recalled,1002,,,"), "{text}");
    let json = run(&["lot", "trace", "--db", &db, WIDGET, "OK", "--json"]);
    assert_eq!(stdout_json_lines(&json)[0]["accepted_before_recall"], 1);
    let show = run(&["lot", "show", "--db", &db, WIDGET, "OK", "--json"]);
    assert_eq!(stdout_json_lines(&show)[0]["record"]["status"], "recalled");
    let create = run(&[
        "lot",
        "create",
        "--db",
        &db,
        "--gtin",
        GADGET,
        "--pattern",
        "L{yyyy}-{seq:3}",
        "--json",
    ]);
    assert!(stdout_json_lines(&create)[0]["lot"]
        .as_str()
        .unwrap()
        .ends_with("-001"));
}

#[test]
fn import_errors_and_damaged_files_have_their_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db").to_string_lossy().into_owned();
    let file = dir.path().join("lots.csv");
    std::fs::write(&file, "gtin,lot,expiry\n09506000134352,A,2026-01-01\n").unwrap();
    let bad = run(&[
        "import",
        "--db",
        &db,
        "--kind",
        "lots",
        file.to_str().unwrap(),
    ]);
    assert_eq!(bad.status.code(), Some(6));
    let stderr = String::from_utf8_lossy(&bad.stderr);
    assert!(
        stderr.contains("line 1, field expiry: unknown column for lots"),
        "{stderr}"
    );
    std::fs::write(&file, "gtin,lot,expiry_date\n09506000134352,A,2026-01-01\n").unwrap();
    let good = run(&[
        "import",
        "--db",
        &db,
        "--kind",
        "lots",
        file.to_str().unwrap(),
        "--json",
    ]);
    assert!(good.status.success());
    assert_eq!(stdout_json_lines(&good)[0]["rows"], 1);

    let garbage = dir.path().join("garbage.db");
    std::fs::write(&garbage, vec![0x42u8; 10_000]).unwrap();
    let damaged = run(&[
        "journal",
        "verify",
        "--db",
        garbage.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(damaged.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&damaged.stderr).contains("left untouched"));
}

#[test]
fn processes_allocating_at_once_never_share_a_serial() {
    let (_dir, db) = fixture_db();
    run(&[
        "serial",
        "lease",
        "--db",
        &db,
        "--gtin",
        WIDGET,
        "--pattern",
        "M{seq:6}",
        "--first",
        "1",
        "--last",
        "1000000",
    ]);
    let mut all = HashSet::new();
    for _round in 0..3 {
        let children: Vec<_> = (0..4)
            .map(|_| {
                Command::new(BIN)
                    .args([
                        "serial", "allocate", "--db", &db, "--gtin", WIDGET, "--count", "40",
                        "--json",
                    ])
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for child in children {
            let output = child.wait_with_output().unwrap();
            assert!(
                output.status.success(),
                "{}",
                String::from_utf8_lossy(&output.stderr)
            );
            for serial in stdout_json_lines(&output)[0]["serials"].as_array().unwrap() {
                assert!(
                    all.insert(serial.as_str().unwrap().to_owned()),
                    "{serial} twice"
                );
            }
        }
    }
    assert_eq!(all.len(), 3 * 4 * 40);
}

/// Reads a child's stdout lines on a thread, so the test can wait with a deadline.
fn line_reader(stdout: std::process::ChildStdout) -> mpsc::Receiver<String> {
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        let mut reader = BufReader::new(stdout);
        let mut line = String::new();
        // Only complete lines count: a verdict is acknowledged once its line is out.
        while reader
            .read_line(&mut line)
            .map(|count| count > 0)
            .unwrap_or(false)
        {
            if line.ends_with('\n') && sender.send(line.trim_end().to_owned()).is_err() {
                break;
            }
            line.clear();
        }
    });
    receiver
}

fn kill_after_lines(
    child: &mut std::process::Child,
    lines: &mpsc::Receiver<String>,
    wanted: usize,
) -> Vec<String> {
    let deadline = Instant::now() + Duration::from_secs(120);
    let mut printed = Vec::new();
    while printed.len() < wanted && Instant::now() < deadline {
        if let Ok(line) = lines.recv_timeout(Duration::from_millis(200)) {
            printed.push(line);
        }
    }
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();
    // Whatever the child wrote before it died is still in the pipe.
    while let Ok(line) = lines.recv_timeout(Duration::from_secs(2)) {
        printed.push(line);
    }
    printed
}

#[test]
fn sigkill_in_a_scan_storm_loses_no_acknowledged_scan() {
    let (_dir, db) = fixture_db();
    let mut child = Command::new(BIN)
        .args([
            "scan",
            "--db",
            &db,
            "--workflow",
            "receiving",
            "--device",
            "storm",
            "--json",
        ])
        .env("RUST_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    std::thread::spawn(move || {
        for index in 0..20_000u32 {
            let scan = match index % 4 {
                0 => format!("(00){}\n", sscc(index)),
                1 => format!("(01){WIDGET}(10)OK(21)S{index}\n"),
                2 => format!("(01){WIDGET}(10)RCL(21)S{index}\n"),
                _ => "(01)09506000134353\n".to_owned(),
            };
            if stdin.write_all(scan.as_bytes()).is_err() {
                break; // the child is gone
            }
        }
    });
    let lines = line_reader(child.stdout.take().unwrap());
    let printed = kill_after_lines(&mut child, &lines, 400);
    assert!(
        printed.len() >= 400,
        "only {} verdicts before the deadline",
        printed.len()
    );

    let store = open_store(Path::new(&db));
    let report = store.verify_journal().unwrap();
    assert!(report.ok, "{report:?}");
    let rows: HashMap<i64, _> = store
        .journal_rows_after(0, i64::MAX)
        .unwrap()
        .into_iter()
        .map(|row| (row.seq, row))
        .collect();
    for line in &printed {
        let verdict: Value = serde_json::from_str(line).unwrap();
        let seq = verdict["seq"].as_i64().unwrap();
        let row = rows
            .get(&seq)
            .unwrap_or_else(|| panic!("acknowledged seq {seq} missing from the journal"));
        assert_eq!(row.event_id, verdict["event_id"].as_str().unwrap());
        assert_eq!(row.verdict.as_deref(), verdict["verdict"].as_str());
    }
    // At most one scan was committed but not yet printed when the kill came.
    let last_printed = printed
        .iter()
        .map(|line| {
            serde_json::from_str::<Value>(line).unwrap()["seq"]
                .as_i64()
                .unwrap()
        })
        .max()
        .unwrap();
    assert!(
        report.last_seq - last_printed <= 1,
        "{} vs {last_printed}",
        report.last_seq
    );
    drop(store);

    // After a restart, scanning continues the same chain.
    let again = run(&[
        "scan",
        "--db",
        &db,
        "--workflow",
        "receiving",
        "--json",
        &format!("(00){}", sscc(4)),
    ]);
    let verdict = &stdout_json_lines(&again)[0];
    assert_eq!(verdict["seq"].as_i64().unwrap(), report.last_seq + 1);
    assert_eq!(
        verdict["verdict"], "reject",
        "SSCC 4 was received before the kill: {verdict}"
    );
    assert_eq!(verdict["reasons"][0]["code"], "already_received");
    assert!(open_store(Path::new(&db)).verify_journal().unwrap().ok);
}

#[test]
fn sigkill_during_allocation_never_leads_to_reuse() {
    let (_dir, db) = fixture_db();
    run(&[
        "serial",
        "lease",
        "--db",
        &db,
        "--gtin",
        WIDGET,
        "--pattern",
        "K{seq:7}",
        "--first",
        "1",
        "--last",
        "9999999",
    ]);
    let mut printed: Vec<String> = Vec::new();
    for delay_ms in [0u64, 1, 2, 3, 5, 8, 13, 21, 34, 55] {
        let mut child = Command::new(BIN)
            .args([
                "serial", "allocate", "--db", &db, "--gtin", WIDGET, "--count", "500", "--json",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill();
        let output = child.wait_with_output().unwrap();
        // Only complete lines were acknowledged; a kill can cut the last one short.
        let text = String::from_utf8_lossy(&output.stdout).into_owned();
        let complete = text.rsplit_once('\n').map_or("", |(complete, _)| complete);
        for line in complete.lines() {
            let value: Value = serde_json::from_str(line).unwrap();
            printed.extend(
                value["serials"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|serial| serial.as_str().unwrap().to_owned()),
            );
        }
    }
    // Restart: allocate more in-process and check every serial ever handed out is unique and
    // journaled.
    let mut store = open_store(Path::new(&db));
    let fresh = store
        .allocate_serials(&request(WIDGET, 500))
        .unwrap()
        .serials;
    let journaled: Vec<String> = store
        .journal_rows_after(0, i64::MAX)
        .unwrap()
        .iter()
        .filter(|row| row.kind == "allocation")
        .flat_map(|row| {
            let payload: Value = serde_json::from_str(row.payload.as_deref().unwrap()).unwrap();
            payload["serials"]
                .as_array()
                .unwrap()
                .iter()
                .map(|serial| serial.as_str().unwrap().to_owned())
                .collect::<Vec<_>>()
        })
        .collect();
    let unique: HashSet<&String> = journaled.iter().collect();
    assert_eq!(
        unique.len(),
        journaled.len(),
        "a serial was journaled twice"
    );
    for serial in printed.iter().chain(&fresh) {
        assert!(
            unique.contains(serial),
            "{serial} handed out but not journaled"
        );
    }
    assert!(store.verify_journal().unwrap().ok);
}

/// Issue 4 review: commands that only read never create, migrate or write a database.
#[test]
fn read_only_commands_create_migrate_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.db");
    let missing_text = missing.to_string_lossy().into_owned();
    let commands: &[&[&str]] = &[
        &[
            "serial",
            "show",
            "--db",
            &missing_text,
            WIDGET,
            "1001",
            "--json",
        ],
        &["lot", "show", "--db", &missing_text, WIDGET, "OK", "--json"],
        &[
            "lot",
            "trace",
            "--db",
            &missing_text,
            WIDGET,
            "OK",
            "--json",
        ],
        &["journal", "verify", "--db", &missing_text, "--json"],
    ];
    for command in commands {
        let output = run(command);
        assert_eq!(output.status.code(), Some(2), "{command:?}: {output:?}");
        assert!(
            String::from_utf8_lossy(&output.stderr).contains("does not exist"),
            "{command:?}: {output:?}"
        );
        assert!(!missing.exists(), "{command:?} created the database");
    }
    // A database of an older schema version is read as it is, not migrated.
    let old = dir.path().join("old.db");
    let store = scanstation::store::Store::open_with_migrations(
        &old,
        &scanstation::store::OpenOptions::default(),
        &scanstation::store::MIGRATIONS[..2],
    )
    .unwrap();
    drop(store);
    let old_text = old.to_string_lossy().into_owned();
    let before = std::fs::read(&old).unwrap();
    for command in [
        vec!["journal", "verify", "--db", &old_text, "--json"],
        vec!["lot", "show", "--db", &old_text, WIDGET, "OK", "--json"],
    ] {
        let output = run(&command);
        assert!(output.status.code() != Some(3), "{command:?}: {output:?}");
    }
    let verify = run(&["journal", "verify", "--db", &old_text, "--json"]);
    assert_eq!(
        stdout_json_lines(&verify)[0],
        serde_json::json!({"ok": true, "events": 0, "last_seq": 0, "first_bad_seq": null})
    );
    let version: i64 = rusqlite::Connection::open(&old)
        .unwrap()
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .unwrap();
    assert_eq!(version, 2, "journal verify migrated the file");
    assert_eq!(std::fs::read(&old).unwrap(), before, "the file was written");
}

/// Issue 4 review: `--config` gives scan (and the other commands) the daemon's calendar day:
/// `[station] utc_offset` decides whether a lot's last valid day is over.
#[test]
fn scan_judges_expiry_in_the_configured_utc_offset() {
    let (dir, db) = fixture_db();
    let now = chrono::Utc::now();
    // The last valid day in UTC-12: still today there, already over in UTC+14.
    let last_day = (now - chrono::Duration::hours(12)).date_naive();
    let lots = dir.path().join("tz.csv");
    std::fs::write(
        &lots,
        format!("gtin,lot,expiry_date\n{WIDGET},TZ,{last_day}\n"),
    )
    .unwrap();
    assert!(run(&[
        "import",
        "--db",
        &db,
        "--kind",
        "lots",
        lots.to_str().unwrap()
    ])
    .status
    .success());
    let reasons = |offset: &str| {
        let config = dir
            .path()
            .join(format!("station{}.toml", offset.replace(':', "")));
        std::fs::write(
            &config,
            format!("[station]\nid = \"S1\"\nutc_offset = \"{offset}\"\n"),
        )
        .unwrap();
        let output = run(&[
            "scan",
            "--db",
            &db,
            "--config",
            config.to_str().unwrap(),
            "--workflow",
            "lookup",
            "--json",
            &format!("(01){WIDGET}(10)TZ"),
        ]);
        assert!(output.status.success(), "{output:?}");
        let line = &stdout_json_lines(&output)[0];
        line["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .map(|reason| reason["code"].as_str().unwrap().to_owned())
            .collect::<Vec<_>>()
    };
    assert!(!reasons("-12:00").contains(&"expired".to_owned()));
    assert!(reasons("+14:00").contains(&"expired".to_owned()));
}

/// Issue 4 review: standalone serials of a station that kept the default id could collide
/// with another's; a bad `--pattern` is bad input.
#[test]
fn standalone_allocation_needs_a_station_id_and_a_bad_pattern_is_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("station.toml");
    std::fs::write(
        &config,
        "[store]\nstandalone_serial_pattern = \"{station}-{seq:6}\"\n",
    )
    .unwrap();
    let allocate = |db: &str, extra: &[&str]| {
        let mut args = vec![
            "serial",
            "allocate",
            "--db",
            db,
            "--config",
            config.to_str().unwrap(),
            "--gtin",
            WIDGET,
            "--json",
        ];
        args.extend_from_slice(extra);
        run(&args)
    };
    let local = dir.path().join("local.db").to_string_lossy().into_owned();
    let refused = allocate(&local, &[]);
    assert_eq!(refused.status.code(), Some(7), "{refused:?}");
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.contains("default station id \"local\"") && stderr.contains("[station] id"),
        "{stderr}"
    );
    let own = dir.path().join("own.db").to_string_lossy().into_owned();
    let allocated = allocate(&own, &["--station", "D7"]);
    assert!(allocated.status.success(), "{allocated:?}");
    assert_eq!(
        stdout_json_lines(&allocated)[0],
        serde_json::json!({"serials": ["D7-000001"]})
    );
    let bad = run(&[
        "lot",
        "create",
        "--db",
        &own,
        "--gtin",
        WIDGET,
        "--pattern",
        "{hour}{seq}",
    ]);
    assert_eq!(bad.status.code(), Some(6), "{bad:?}");
    assert!(String::from_utf8_lossy(&bad.stderr).contains("unknown placeholder"));
}
