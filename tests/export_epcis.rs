//! Export: CSV and NDJSON carry every journal row; the EPCIS 2.0 document validates against
//! GS1's published JSON Schema (tests/data/epcis/), checked with Python's `jsonschema` — the
//! test fails when the validator is missing. GS1's own example is validated in the same run to
//! prove the validator works, and a broken document must fail it.

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::{DateTime, Utc};
use scanstation::station::{ScanInput, Station, StationSettings};
use scanstation::store::{OpenOptions, Store};
use scanstation::sync::export::{export, Filter, Format};
use scanstation::verdict::Workflow;

fn at(text: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(text)
        .unwrap()
        .with_timezone(&Utc)
}

/// A station that received, inspected and allocated things, including a recalled lot.
fn station(dir: &Path) -> Store {
    let options = OpenOptions {
        station_id: Some("S1".into()),
        ..OpenOptions::default()
    };
    let path = dir.join("station.db");
    let mut store = Store::open(&path, &options).unwrap();
    let csv = dir.join("products.csv");
    std::fs::write(
        &csv,
        "gtin,name,tracking\n09506000134352,Tea,lot\n09506000134376,Drill,serial\n",
    )
    .unwrap();
    store
        .import_file(
            scanstation::store::ImportKind::Products,
            &csv,
            at("2026-03-01T05:00:00Z"),
            None,
        )
        .unwrap();
    let lots = dir.join("lots.csv");
    std::fs::write(&lots, "gtin,lot,status,reason,expiry_date\n09506000134352,L1,released,,2030-01-01\n09506000134352,BAD,recalled,salmonella,2030-01-01\n").unwrap();
    store
        .import_file(
            scanstation::store::ImportKind::Lots,
            &lots,
            at("2026-03-01T05:00:00Z"),
            None,
        )
        .unwrap();
    store
        .lease_serial_block(
            "09506000134376",
            None,
            "D{seq:6}",
            1,
            1000,
            Some("B1"),
            at("2026-03-01T05:30:00Z"),
        )
        .unwrap();
    let mut station = Station::new(store, StationSettings::default());
    let scans: &[(&str, Workflow, &str)] = &[
        (
            "]d2010950600013435210L1",
            Workflow::Receiving,
            "2026-03-01T06:00:00Z",
        ),
        (
            "]d2010950600013435210BAD",
            Workflow::Receiving,
            "2026-03-01T06:01:00Z",
        ),
        (
            "]d201095060001343762112345",
            Workflow::Line,
            "2026-03-02T06:02:00Z",
        ),
        (
            "]d200095060001234567893",
            Workflow::Receiving,
            "2026-03-02T06:03:00Z",
        ),
        ("]d2garbage", Workflow::Receiving, "2026-03-03T06:04:00Z"),
    ];
    for (bytes, workflow, time) in scans {
        let input = ScanInput {
            bytes: bytes.as_bytes().to_vec(),
            symbology: None,
            device: "dock 1".into(),
            operator: Some("ann".into()),
            workflow: *workflow,
            at: at(time),
        };
        station.process_scan(input).unwrap();
    }
    let mut store = station.into_store();
    let request = scanstation::store::allocate::AllocationRequest {
        gtin: "09506000134376",
        lot: None,
        count: 3,
        device: None,
        operator: None,
        at: at("2026-03-03T07:00:00Z"),
        today: at("2026-03-03T07:00:00Z").date_naive(),
        standalone: None,
    };
    store.allocate_serials(&request).unwrap();
    store
}

fn export_to_string(store: &Store, format: Format, filter: &Filter) -> String {
    let mut out = Vec::new();
    export(store, format, filter, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/epcis")
}

/// Validates each file against GS1's schema; returns `(file, error or "ok")` per file.
fn validate(files: &[PathBuf]) -> Vec<String> {
    let script = r#"
import json, sys
import jsonschema
schema = json.load(open(sys.argv[1]))
cls = jsonschema.validators.validator_for(schema)
cls.check_schema(schema)
validator = cls(schema, format_checker=cls.FORMAT_CHECKER)
for path in sys.argv[2:]:
    errors = sorted(validator.iter_errors(json.load(open(path))), key=lambda e: list(e.path))
    print("ok" if not errors else "invalid: " + "; ".join(e.message[:200] for e in errors[:3]))
"#;
    let output = Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(data_dir().join("EPCIS-JSON-Schema.json"))
        .args(files)
        .output()
        .expect("python3 is needed to validate EPCIS (see .ci/install-test-deps)");
    assert!(
        output.status.success(),
        "the EPCIS validator did not run (is Python's jsonschema installed? run .ci/install-test-deps): {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}

#[test]
fn epcis_export_validates_against_gs1_schema() {
    let dir = tempfile::tempdir().unwrap();
    let store = station(dir.path());
    let text = export_to_string(&store, Format::Epcis, &Filter::default());
    let document: serde_json::Value = serde_json::from_str(&text).unwrap();
    let events = document["epcisBody"]["eventList"].as_array().unwrap();
    // 4 identifying scans + 1 allocation; the malformed scan, imports, lease are left out.
    assert_eq!(events.len(), 5, "{text}");
    let by_step = |step: &str| {
        events
            .iter()
            .filter(|event| event["bizStep"] == step)
            .collect::<Vec<_>>()
    };
    assert_eq!(by_step("receiving").len(), 3);
    assert_eq!(by_step("inspecting").len(), 1);
    let commissioning = by_step("commissioning");
    assert_eq!(commissioning[0]["action"], "ADD");
    assert_eq!(commissioning[0]["disposition"], "active");
    assert_eq!(
        commissioning[0]["epcList"][0],
        "https://id.gs1.org/01/09506000134376/21/D000001"
    );
    let recalled = events
        .iter()
        .find(|event| event["disposition"] == "recalled")
        .unwrap();
    assert_eq!(
        recalled["quantityList"][0]["epcClass"],
        "https://id.gs1.org/01/09506000134352/10/BAD"
    );
    assert!(events
        .iter()
        .any(|event| event["epcList"][0] == "https://id.gs1.org/00/095060001234567893"));
    assert!(events
        .iter()
        .any(|event| event["epcList"][0] == "https://id.gs1.org/01/09506000134376/21/12345"));
    assert!(events
        .iter()
        .all(|event| event["eventID"].as_str().unwrap().starts_with("urn:uuid:")));

    let ours = dir.path().join("export.jsonld");
    std::fs::write(&ours, &text).unwrap();
    let mut broken = document.clone();
    broken["epcisBody"]["eventList"][0]["action"] = "LOOK".into();
    broken["epcisBody"]["eventList"][1]["bizStep"] = "urn:epcglobal:cbv:bizstep:made_up".into();
    let broken_path = dir.path().join("broken.jsonld");
    std::fs::write(&broken_path, broken.to_string()).unwrap();
    let results = validate(&[
        data_dir().join("Example_9.6.1-ObjectEvent.jsonld"),
        ours,
        broken_path,
    ]);
    assert_eq!(results[0], "ok", "GS1's own example must validate");
    assert_eq!(results[1], "ok", "our export must validate");
    assert!(
        results[2].starts_with("invalid"),
        "a broken document must fail: {results:?}"
    );
}

#[test]
fn csv_and_ndjson_carry_every_row_and_filters_apply() {
    let dir = tempfile::tempdir().unwrap();
    let store = station(dir.path());
    let rows = store.journal_rows_after(0, i64::MAX).unwrap();
    let ndjson = export_to_string(&store, Format::Ndjson, &Filter::default());
    assert_eq!(ndjson.lines().count(), rows.len());
    let first: scanstation::sync::protocol::WireEvent =
        serde_json::from_str(ndjson.lines().next().unwrap()).unwrap();
    assert_eq!(first.to_row().unwrap(), rows[0]);
    let csv = export_to_string(&store, Format::Csv, &Filter::default());
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        scanstation::sync::export::CSV_COLUMNS
    );
    assert_eq!(reader.records().count(), rows.len());

    let lot = Filter {
        lot: Some(("09506000134352".into(), "BAD".into())),
        ..Filter::default()
    };
    let only_bad = export_to_string(&store, Format::Ndjson, &lot);
    // The lot's rows: its recall, journaled by the import (recall_applied), and its scan.
    let kinds: Vec<String> = only_bad
        .lines()
        .map(|line| serde_json::from_str::<serde_json::Value>(line).unwrap()["kind"].to_string())
        .collect();
    assert_eq!(kinds, ["\"recall_applied\"", "\"scan\""], "{only_bad}");
    let day = Filter {
        from: Some(at("2026-03-02T00:00:00Z").date_naive()),
        to: Some(at("2026-03-02T00:00:00Z").date_naive()),
        lot: None,
    };
    assert_eq!(
        export_to_string(&store, Format::Ndjson, &day)
            .lines()
            .count(),
        2
    );
}

#[test]
fn export_cli_writes_a_file_and_hand_carry_reaches_head_office_once() {
    let dir = tempfile::tempdir().unwrap();
    drop(station(dir.path()));
    let bin = env!("CARGO_BIN_EXE_scanstation");
    let out = dir.path().join("journal.ndjson");
    let status = Command::new(bin)
        .args(["export", "--format", "ndjson", "--db"])
        .arg(dir.path().join("station.db"))
        .arg("-o")
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    let lines = std::fs::read_to_string(&out).unwrap().lines().count();
    let hq_db = dir.path().join("hq.db");
    let mut answers = Vec::new();
    for _ in 0..2 {
        let output = Command::new(bin)
            .args(["hq", "import", "--kind", "events", "--db"])
            .arg(&hq_db)
            .arg(&out)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        answers.push(String::from_utf8(output.stdout).unwrap());
    }
    // Loading the same file twice replays the stored answer, in which the events are the
    // duplicates they now are; head office holds each event once.
    assert_eq!(
        answers[0].trim(),
        format!(r#"{{"accepted":{lines},"duplicates":0,"rejected":0}}"#)
    );
    assert_eq!(
        answers[1].trim(),
        format!(r#"{{"accepted":0,"duplicates":{lines},"rejected":0}}"#)
    );
    use scanstation::hq::HqStorage;
    let mut storage = scanstation::hq::sqlite::SqliteHq::open(&hq_db).unwrap();
    let events = storage.events("S1").unwrap();
    assert_eq!(events.len(), lines);
    assert!(events
        .iter()
        .enumerate()
        .all(|(index, event)| event.seq == index as i64 + 1 && event.status == "accepted"));
    // An output named like the old temporary file is written, not clobbered by itself.
    let partial = dir.path().join("x.partial");
    let status = Command::new(bin)
        .args(["export", "--format", "ndjson", "--db"])
        .arg(dir.path().join("station.db"))
        .arg("-o")
        .arg(&partial)
        .status()
        .unwrap();
    assert!(status.success());
    assert_eq!(
        std::fs::read_to_string(&partial).unwrap().lines().count(),
        lines
    );
    // A failed export (here the final rename onto a folder) leaves no temporary file.
    let folder = dir.path().join("a-folder");
    std::fs::create_dir(&folder).unwrap();
    let failed = Command::new(bin)
        .args(["export", "--format", "csv", "--db"])
        .arg(dir.path().join("station.db"))
        .arg("-o")
        .arg(&folder)
        .output()
        .unwrap();
    assert!(!failed.status.success());
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".tmp") || name.ends_with(".partial") && name != "x.partial")
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    let bad = Command::new(bin)
        .args(["export", "--format", "xml", "--db"])
        .arg(dir.path().join("station.db"))
        .output()
        .unwrap();
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("csv, ndjson, epcis"));
}
