//! The journal chain and its verify report, append-only triggers, migrations from an empty
//! and from a version-1 database, and damaged, locked and full database files.

use rusqlite::Connection;
use scanstation::store::{IntegrityCheck, OpenOptions, Store, StoreError, MIGRATIONS};
use scanstation::verdict::Workflow::Receiving;

use crate::common::*;

fn scans(fixture: &mut Fixture, count: i64) {
    for index in 0..count {
        fixture.scan_at(
            Receiving,
            &format!("(00){}", sscc(100 + index as u32)),
            index,
        );
    }
}

#[test]
fn the_chain_verifies_and_a_changed_row_is_located() {
    let mut fixture = fixture();
    scans(&mut fixture, 6);
    let report = fixture.station.store().verify_journal().unwrap();
    assert_eq!(
        report.to_json(),
        serde_json::json!({"ok": true, "events": 6, "last_seq": 6, "first_bad_seq": null})
    );

    let path = fixture.db_path();
    drop(fixture.station);
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch(
        "DROP TRIGGER journal_no_update; UPDATE journal SET verdict = 'reject' WHERE seq = 3;",
    )
    .unwrap();
    drop(conn);
    let report = open_store(&path).verify_journal().unwrap();
    assert_eq!(
        report.to_json(),
        serde_json::json!({"ok": false, "events": 6, "last_seq": 6, "first_bad_seq": 3})
    );
    assert!(report.problem.unwrap().contains("hash does not match"));
}

#[test]
fn a_removed_row_is_located() {
    let mut fixture = fixture();
    scans(&mut fixture, 5);
    let path = fixture.db_path();
    drop(fixture.station);
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch("DROP TRIGGER journal_no_delete; DELETE FROM journal WHERE seq = 4;")
        .unwrap();
    drop(conn);
    let report = open_store(&path).verify_journal().unwrap();
    assert_eq!(
        (
            report.ok,
            report.events,
            report.last_seq,
            report.first_bad_seq
        ),
        (false, 4, 5, Some(5))
    );
}

#[test]
fn triggers_keep_the_journal_append_only_and_counters_forward() {
    let mut fixture = fixture();
    scans(&mut fixture, 2);
    let store = fixture.station.store_mut();
    store
        .lease_serial_block(WIDGET, None, "SN{seq:6}", 1, 10, None, t0())
        .unwrap();
    store.allocate_serials(&request(WIDGET, 1)).unwrap();
    let conn = Connection::open(fixture.db_path()).unwrap();
    let refused = |sql: &str| conn.execute_batch(sql).unwrap_err().to_string();
    assert!(refused("UPDATE journal SET verdict = 'accept'").contains("append-only"));
    assert!(refused("DELETE FROM journal").contains("append-only"));
    assert!(refused("INSERT INTO journal SELECT seq + 5, event_id || 'x', format_version, kind, at, station, device, operator, workflow, raw, parsed, verdict, reasons, gtin, lot, serial, sscc, master_version, payload, prev_hash, hash FROM journal WHERE seq = 1").contains("must follow"));
    conn.execute_batch("UPDATE serial_blocks SET next_value = 5")
        .unwrap();
    assert!(refused("UPDATE serial_blocks SET next_value = 2").contains("only move forward"));
    assert!(refused("DELETE FROM serial_blocks").contains("never deleted"));
    assert!(refused("DELETE FROM allocated_serials").contains("never deleted"));
}

#[test]
fn a_new_database_gets_every_migration() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("new.db"), &OpenOptions::default()).unwrap();
    assert_eq!(
        store.schema_version().unwrap(),
        MIGRATIONS.last().unwrap().0
    );
    assert_eq!(store.station_id(), "local");
    drop(store);
    let essential = OpenOptions {
        integrity_check: IntegrityCheck::Essential,
        ..OpenOptions::default()
    };
    Store::open(&dir.path().join("new.db"), &essential).unwrap();
    let missing = OpenOptions {
        create: false,
        ..OpenOptions::default()
    };
    let err = Store::open(&dir.path().join("typo.db"), &missing).unwrap_err();
    assert!(
        err.to_string().contains("does not exist: check --db"),
        "{err}"
    );
    assert!(!dir.path().join("typo.db").exists());
    let conn = Connection::open(dir.path().join("new.db")).unwrap();
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |row| row.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
}

/// Loads the frozen v1 database of tests/data/store_v1.sql into a file.
fn v1_database(dir: &tempfile::TempDir) -> std::path::PathBuf {
    let path = dir.path().join("v1.db");
    let sql = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/store_v1.sql"
    ))
    .unwrap();
    Connection::open(&path)
        .unwrap()
        .execute_batch(&sql)
        .unwrap();
    path
}

#[test]
fn migrate_command_upgrades_a_version_1_file_and_never_creates_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = v1_database(&dir);
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_scanstation"))
        .args(["migrate", "--db"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let text = String::from_utf8_lossy(&output.stdout);
    let latest = scanstation::store::MIGRATIONS.last().unwrap().0;
    assert!(text.contains(&format!("schema version {latest}")), "{text}");
    let version: i64 = Connection::open(&path)
        .unwrap()
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .unwrap();
    assert_eq!(version, latest);

    let missing = dir.path().join("missing.db");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_scanstation"))
        .args(["migrate", "--db"])
        .arg(&missing)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    assert!(!missing.exists());
}

#[test]
fn a_version_1_database_is_migrated_with_its_data_and_chain() {
    let dir = tempfile::tempdir().unwrap();
    let path = v1_database(&dir);
    let version: i64 = Connection::open(&path)
        .unwrap()
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .unwrap();
    assert_eq!(version, 1);

    let mut store = Store::open(&path, &OpenOptions::default()).unwrap();
    let newest = scanstation::store::MIGRATIONS.last().unwrap().0;
    assert_eq!(
        store.schema_version().unwrap(),
        newest,
        "migrated to the newest schema"
    );
    assert_eq!(store.station_id(), "OLD1");
    let report = store.verify_journal().unwrap();
    assert!(report.ok && report.events == 2, "{report:?}");
    let lot = store.lot(WIDGET, "RCL").unwrap().unwrap();
    assert_eq!(
        (lot.origin.as_str(), lot.status_changed_at),
        ("head_office", None)
    );
    // The leased block continues where it was: 11 was next.
    let serials = store.allocate_serials(&request(WIDGET, 2)).unwrap().serials;
    assert_eq!(serials, ["SN000011", "SN000012"]);

    // Verdicts use the migrated data: the SSCC received under v1 is already received.
    let mut station = scanstation::station::Station::new(store, Default::default());
    let outcome = station
        .process_scan(scanstation::station::ScanInput {
            bytes: b"(00)095060001300000019".to_vec(),
            symbology: None,
            device: "dock2".into(),
            operator: None,
            workflow: Receiving,
            at: t0(),
        })
        .unwrap();
    assert_eq!(summary(&outcome), "reject: already_received");
    assert!(station.store().verify_journal().unwrap().ok);
}

#[test]
fn the_migrations_are_numbered_in_order() {
    use scanstation::store::{line_state, print_queue, sync_state};
    let versions: Vec<i64> = MIGRATIONS.iter().map(|(version, _)| *version).collect();
    assert_eq!(versions, [1, 2, 3, 4, 5]);
    assert_eq!(
        MIGRATIONS[2].1,
        print_queue::MIGRATION,
        "3 is the print queue"
    );
    assert_eq!(
        MIGRATIONS[3].1,
        sync_state::MIGRATION,
        "4 is the sync state"
    );
    assert_eq!(
        MIGRATIONS[4].1,
        line_state::MIGRATION,
        "5 is the line workflow's control state"
    );
}

#[test]
fn a_version_3_database_gets_the_sync_state_and_keeps_its_print_queue() {
    use scanstation::store::{print_queue, sync_state};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v3.db");
    let store =
        Store::open_with_migrations(&path, &OpenOptions::default(), &MIGRATIONS[..3]).unwrap();
    assert_eq!(store.schema_version().unwrap(), 3);
    let mut conn = store
        .side_connection(std::time::Duration::from_secs(5))
        .unwrap();
    let job = print_queue::enqueue(
        &mut conn,
        &print_queue::NewJob {
            printer: "line1",
            template: "serial",
            fields_json: r#"{"serial":"SN1"}"#,
            copies: 1,
            payload: b"^XA^XZ",
            serial: Some("SN1"),
        },
        t0(),
    )
    .unwrap();
    drop(conn);
    assert!(
        store
            .with_sync_conn("reading the push cursor", sync_state::push_cursor)
            .is_err(),
        "no sync tables before migration 4"
    );
    drop(store);

    let store = Store::open(&path, &OpenOptions::default()).unwrap();
    assert_eq!(
        store.schema_version().unwrap(),
        MIGRATIONS.last().unwrap().0
    );
    let conn = store
        .side_connection(std::time::Duration::from_secs(5))
        .unwrap();
    let kept = print_queue::get(&conn, job).unwrap();
    assert_eq!(kept.serial.as_deref(), Some("SN1"));
    assert_eq!(
        store
            .with_sync_conn("reading the push cursor", sync_state::push_cursor)
            .unwrap(),
        0
    );
}

#[test]
fn a_newer_database_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("future.db");
    drop(Store::open(&path, &OpenOptions::default()).unwrap());
    Connection::open(&path)
        .unwrap()
        .execute_batch("PRAGMA user_version = 99")
        .unwrap();
    let err = Store::open(&path, &OpenOptions::default()).unwrap_err();
    assert!(matches!(err, StoreError::TooNew { found: 99, .. }), "{err}");
    assert!(err.to_string().contains("upgrade scanstation"));
}

#[test]
fn the_station_id_of_a_database_is_fixed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    drop(open_store(&path));
    let err = Store::open(
        &path,
        &OpenOptions {
            station_id: Some("S2".into()),
            ..OpenOptions::default()
        },
    )
    .unwrap_err();
    assert!(matches!(err, StoreError::StationMismatch { .. }), "{err}");
    let err = Store::open(
        &dir.path().join("t.db"),
        &OpenOptions {
            station_id: Some("S-2".into()),
            ..OpenOptions::default()
        },
    )
    .unwrap_err();
    assert!(err.to_string().contains("not valid"), "{err}");
}

#[test]
fn a_file_that_is_not_a_database_is_reported_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("garbage.db");
    let garbage: Vec<u8> = (0..8192u32).map(|index| (index * 7 % 251) as u8).collect();
    std::fs::write(&path, &garbage).unwrap();
    let err = Store::open(&path, &OpenOptions::default()).unwrap_err();
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err}");
    assert!(err.to_string().contains("left untouched"), "{err}");
    let essential = OpenOptions {
        integrity_check: IntegrityCheck::Essential,
        ..OpenOptions::default()
    };
    assert!(matches!(
        Store::open(&path, &essential),
        Err(StoreError::Corrupt { .. })
    ));
    assert_eq!(err.exit_code(), 3);
    assert_eq!(std::fs::read(&path).unwrap(), garbage);
}

#[test]
fn a_damaged_page_is_caught_by_quick_check() {
    let mut fixture = fixture();
    scans(&mut fixture, 50);
    let path = fixture.db_path();
    {
        let store = fixture.station.into_store();
        // Move everything into the main file so that the damage below is what SQLite reads.
        drop(store);
        Connection::open(&path)
            .unwrap()
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode=DELETE;")
            .unwrap();
    }
    let mut bytes = std::fs::read(&path).unwrap();
    assert!(bytes.len() > 4 * 4096);
    // Scribble over the b-tree pages after the schema page.
    for byte in &mut bytes[4096 + 16..3 * 4096] {
        *byte = 0xA5;
    }
    std::fs::write(&path, &bytes).unwrap();
    let err = Store::open(&path, &OpenOptions::default()).unwrap_err();
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err}");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        bytes,
        "never recreated or repaired"
    );
}

#[test]
fn a_locked_database_gives_a_clear_error() {
    let fixture = fixture();
    let holder = Connection::open(fixture.db_path()).unwrap();
    holder
        .execute_batch("BEGIN IMMEDIATE; INSERT INTO meta VALUES ('lock', 'held');")
        .unwrap();
    let options = OpenOptions {
        busy_timeout: std::time::Duration::from_millis(100),
        ..OpenOptions::default()
    };
    let mut store = Store::open(&fixture.db_path(), &options).unwrap();
    let err = store
        .set_lot_status(
            WIDGET,
            "OK",
            scanstation::store::LotStatus::Quarantined,
            "test",
            None,
            None,
            t0(),
        )
        .unwrap_err();
    assert!(matches!(err, StoreError::Locked { .. }), "{err}");
    assert!(err.to_string().contains("locked by another process"));
    assert_eq!(err.exit_code(), 4);
    holder.execute_batch("ROLLBACK").unwrap();
    store
        .set_lot_status(
            WIDGET,
            "OK",
            scanstation::store::LotStatus::Quarantined,
            "test",
            None,
            None,
            t0(),
        )
        .unwrap();
}

#[test]
fn a_full_disk_loses_nothing_acknowledged() {
    let mut fixture = fixture();
    let store = fixture.station.store();
    let pages = store.size_bytes().unwrap() / 4096;
    store
        .set_max_page_count(u32::try_from(pages + 3).unwrap())
        .unwrap();
    let mut acknowledged = Vec::new();
    let mut failure = None;
    for index in 0..2000u32 {
        let input = scanstation::station::ScanInput {
            bytes: format!("(01){WIDGET}(10)OK(21)X{index}").into_bytes(),
            symbology: None,
            device: "dock1".into(),
            operator: None,
            workflow: Receiving,
            at: t0(),
        };
        match fixture.station.process_scan(input) {
            Ok(outcome) => acknowledged.push(outcome.seq),
            Err(err) => {
                failure = Some(err);
                break;
            }
        }
    }
    let err = failure.expect("the capped file fills up");
    assert!(matches!(err, StoreError::DiskFull { .. }), "{err}");
    assert!(
        err.to_string().contains("disk full") && err.to_string().contains("nothing was written")
    );
    assert_eq!(err.exit_code(), 5);
    assert!(!acknowledged.is_empty());
    let path = fixture.db_path();
    drop(fixture.station);
    let report = open_store(&path).verify_journal().unwrap();
    assert!(report.ok);
    assert_eq!(report.last_seq, *acknowledged.last().unwrap());
}
