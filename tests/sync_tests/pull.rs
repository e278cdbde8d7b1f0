//! Pull: changes are staged page by page and applied in dependency order in one transaction;
//! bad rows are recorded and skipped; an interrupted pull applies nothing and resumes.

use scanstation::store::sync_state;
use scanstation::store::LotStatus;
use scanstation::sync::sync_once;

use super::common::*;

/// The scenarios on SQLite; `postgres.rs` runs them on PostgreSQL.
mod sqlite {
    use super::Backend;
    backend_tests!(Backend::Sqlite;
        pull::bad_rows_are_recorded_and_skipped_and_the_cursor_moves,
        pull::interrupted_pull_applies_nothing_then_resumes,
        pull::leased_blocks_reach_only_their_station,
    );
}

/// Appends a raw change to head office's log, bypassing its checks (a buggy head office).
fn raw_change(hq: &Hq, kind: &str, data: &str) {
    assert!(!data.contains('\''), "{data}");
    hq.execute_sql(&format!(
        "INSERT INTO hq_changes (kind, station, data, at) VALUES ('{kind}', NULL, '{data}', 'now')"
    ));
}

pub fn bad_rows_are_recorded_and_skipped_and_the_cursor_moves(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = station_with_backlog(dir.path(), 0);
    let hq = Hq::start_on(backend);
    // A serial first (its lot comes later in the log): dependency order must still apply it.
    raw_change(
        &hq,
        "serial",
        &format!(r#"{{"gtin":"{GTIN}","serial":"S1","lot":"L1"}}"#),
    );
    seed_master_data(&mut *hq.storage(), &["L1", "L2"]);
    raw_change(&hq, "lot", r#"{"gtin":"09506000134353","lot":"BAD"}"#);
    raw_change(&hq, "pallet", r#"{"id":1}"#);
    raw_change(
        &hq,
        "serial",
        &format!(r#"{{"gtin":"{GTIN}","serial":"S2","lot":"NOLOT"}}"#),
    );
    raw_change(&hq, "lot", r#"{"gtin":"00000000000017","lot":"X"}"#);
    let mut config = sync_config(&hq.url());
    config.pull_page = 2;
    let summary = sync_once(&mut store, &config, now()).unwrap();
    assert_eq!((summary.pulled, summary.bad_rows), (4, 4), "{summary:?}");
    assert_eq!(summary.errors(), 4);
    assert_eq!(summary.pull_cursor, 8);
    assert_eq!(
        store.lot(GTIN, "L2").unwrap().unwrap().status,
        LotStatus::Released
    );
    assert!(store.serial(GTIN, "S1").unwrap().is_some());
    assert!(store.serial(GTIN, "S2").unwrap().is_none());
    let bad = store
        .with_sync_conn("test", |conn| sync_state::bad_rows(conn, 10))
        .unwrap();
    let mut reasons: Vec<String> = bad
        .iter()
        .map(|(cursor, kind, reason)| format!("{cursor} {kind}: {reason}"))
        .collect();
    reasons.sort();
    assert_eq!(reasons.len(), 4);
    assert!(
        reasons[0].starts_with("5 lot:") && reasons[0].contains("check digit"),
        "{reasons:?}"
    );
    assert!(reasons[1].starts_with("6 pallet:") && reasons[1].contains("unknown change kind"));
    assert!(reasons[2].starts_with("7 serial:") && reasons[2].contains("not a known lot"));
    assert!(reasons[3].starts_with("8 lot:") && reasons[3].contains("not a known product"));
    // Nothing is pulled or recorded twice.
    let again = sync_once(&mut store, &config, now()).unwrap();
    assert_eq!((again.pulled, again.bad_rows, again.pull_cursor), (0, 0, 8));
    assert_eq!(
        store
            .with_sync_conn("test", |conn| sync_state::bad_rows(conn, 10))
            .unwrap()
            .len(),
        4
    );
    // The pull's own journal rows (sync run) reached head office in the same run.
    assert_eq!(again.unsent, 0);
    let last = store.journal_rows_after(0, i64::MAX).unwrap().len() as i64;
    assert_exactly_once(&hq, &store, last);
}

pub fn interrupted_pull_applies_nothing_then_resumes(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = station_with_backlog(dir.path(), 0);
    let hq = Hq::start_on(backend);
    seed_master_data(&mut *hq.storage(), &["L1", "L2", "L3", "L4", "L5"]);
    // No events to push: request 1 is page 1, request 2 (page 2) is cut.
    let proxy = Proxy::start(hq.addr(), &[Fault::Forward, Fault::CutMidResponse]);
    let mut config = sync_config(&proxy.url());
    config.pull_page = 2;
    assert!(sync_once(&mut store, &config, now()).is_err());
    assert!(
        store.product(GTIN).unwrap().is_none(),
        "a half pull must apply nothing"
    );
    let (pull, staged) = store
        .with_sync_conn("test", |conn| {
            Ok((
                sync_state::pull_cursor(conn)?,
                sync_state::staged_cursor(conn)?,
            ))
        })
        .unwrap();
    assert_eq!((pull, staged), (0, 2));
    let summary = sync_once(&mut store, &config, now()).unwrap();
    assert_eq!(
        (summary.pulled, summary.bad_rows, summary.pull_cursor),
        (6, 0, 6)
    );
    assert!(store.lot(GTIN, "L5").unwrap().is_some());
    assert_eq!(summary.data_age_secs, Some(0));
}

pub fn leased_blocks_reach_only_their_station(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = station_with_backlog(dir.path(), 0);
    let hq = Hq::start_on(backend);
    seed_master_data(&mut *hq.storage(), &["L1"]);
    let block = |reference: &str, first| scanstation::store::sync_state::BlockLease {
        reference: reference.into(),
        gtin: GTIN.into(),
        lot: None,
        pattern: "A{seq:6}".into(),
        first_value: first,
        last_value: first + 99,
    };
    hq.storage()
        .lease_block(STATION, &block("B1", 1), now())
        .unwrap();
    hq.storage()
        .lease_block("S2", &block("B2", 101), now())
        .unwrap();
    let overlap = hq
        .storage()
        .lease_block(STATION, &block("B3", 50), now())
        .unwrap_err();
    assert!(
        overlap
            .to_string()
            .contains("could equal serials of block B1"),
        "{overlap}"
    );
    // Another pattern whose serials can be the same strings is refused too: A1 + 5 digits
    // renders A100000 like A{seq:6} does for 100000.
    let mut high = block("B4", 100_000);
    high.last_value = 100_050;
    hq.storage().lease_block("S2", &high, now()).unwrap();
    let mut prefixed = block("B5", 0);
    prefixed.pattern = "A1{seq:5}".into();
    prefixed.last_value = 10;
    let collision = hq
        .storage()
        .lease_block(STATION, &prefixed, now())
        .unwrap_err();
    assert!(
        collision
            .to_string()
            .contains("could equal serials of block B4"),
        "{collision}"
    );
    prefixed.pattern = "B1{seq:5}".into();
    hq.storage().lease_block(STATION, &prefixed, now()).unwrap();
    let summary = sync_once(&mut store, &sync_config(&hq.url()), now()).unwrap();
    assert_eq!(summary.pulled, 4);
    let request = scanstation::store::allocate::AllocationRequest {
        gtin: GTIN,
        lot: None,
        count: 2,
        device: None,
        operator: None,
        at: now(),
        today: now().date_naive(),
        standalone: None,
    };
    let allocation = store.allocate_serials(&request).unwrap();
    assert_eq!(allocation.serials, ["A000001", "A000002"]);
}

/// Issue 8 review: applying a large pull holds the database's write lock for one long
/// transaction; scans from another connection (the daemon's scan path, opened with the
/// default `[store] busy_timeout_ms`) must wait for it and all get verdicts, never "locked".
#[test]
fn scans_during_a_large_pull_all_get_verdicts() {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;
    use std::time::{Duration, Instant};

    use scanstation::station::{ScanInput, Station, StationSettings};
    use scanstation::store::sync_state::MasterRecord;
    use scanstation::store::{OpenOptions, SerialRecord, SerialStatus, Store, StoreConfig};
    use scanstation::sync::protocol::decode_change;
    use scanstation::verdict::Workflow;

    let serials: usize = std::env::var("SCANS_DURING_PULL_SERIALS")
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or(50_000);
    let dir = tempfile::tempdir().unwrap();
    let mut store = station_with_backlog(dir.path(), 0);
    let hq = Hq::start();
    let mut records = vec![
        decode_change(
            "product",
            &format!(r#"{{"gtin":"{GTIN}","name":"Drill","tracking":"lot"}}"#),
        )
        .unwrap(),
        decode_change("lot", &format!(r#"{{"gtin":"{GTIN}","lot":"L1"}}"#)).unwrap(),
    ];
    records.extend((0..serials).map(|index| {
        MasterRecord::Serial(SerialRecord {
            gtin: GTIN.into(),
            serial: format!("SN{index:09}"),
            lot: Some("L1".into()),
            status: SerialStatus::InStock,
            warranty_until: None,
        })
    }));
    hq.storage().import(&records, now()).unwrap();

    let applying = Arc::new(AtomicBool::new(false));
    let done = Arc::new(AtomicBool::new(false));
    let scanner = {
        let (applying, done) = (Arc::clone(&applying), Arc::clone(&done));
        let path = dir.path().join("station.db");
        std::thread::spawn(move || {
            let options = OpenOptions {
                station_id: Some(STATION.into()),
                busy_timeout: Duration::from_millis(StoreConfig::default().busy_timeout_ms),
                ..OpenOptions::default()
            };
            let mut station = Station::new(
                Store::open(&path, &options).unwrap(),
                StationSettings::default(),
            );
            let mut outcomes = Vec::new();
            let mut during_apply = 0;
            let mut longest_wait = Duration::ZERO;
            // Bounded: the sync below ends (or fails) in well under the test's limits.
            let started = Instant::now();
            while !done.load(Ordering::SeqCst) && started.elapsed() < Duration::from_secs(300) {
                if !applying.load(Ordering::SeqCst) {
                    std::thread::sleep(Duration::from_millis(5));
                    continue;
                }
                let input = ScanInput {
                    bytes: format!("]d201{GTIN}10L1").into_bytes(),
                    symbology: None,
                    device: "dock1".into(),
                    operator: None,
                    workflow: Workflow::Lookup,
                    at: now(),
                };
                // A scan started before the sync ended waited for (or ran beside) the apply.
                if !done.load(Ordering::SeqCst) {
                    during_apply += 1;
                }
                let scan_started = Instant::now();
                outcomes.push(
                    station
                        .process_scan(input)
                        .map(|outcome| outcome.verdict.level)
                        .map_err(|err| err.to_string()),
                );
                longest_wait = longest_wait.max(scan_started.elapsed());
                std::thread::sleep(Duration::from_millis(20));
            }
            (outcomes, during_apply, longest_wait)
        })
    };
    let mut config = sync_config(&hq.url());
    config.pull_page = 20_000;
    let mut apply_started = None;
    let summary =
        scanstation::sync::sync_once_with_progress(&mut store, &config, now(), &mut |step| {
            if let scanstation::sync::Progress::Applying { .. } = step {
                apply_started = Some(Instant::now());
                applying.store(true, Ordering::SeqCst);
            }
        })
        .unwrap();
    let apply_time = apply_started.unwrap().elapsed();
    done.store(true, Ordering::SeqCst);
    let (outcomes, during_apply, longest_wait) = scanner.join().unwrap();
    assert_eq!(summary.pulled, serials as u64 + 2);
    assert!(
        during_apply >= 1,
        "no scan ran while the pull was applied ({apply_time:?}); {outcomes:?}"
    );
    let failed: Vec<_> = outcomes.iter().filter(|outcome| outcome.is_err()).collect();
    assert!(
        failed.is_empty(),
        "{} of {} scans during a {apply_time:?} apply got no verdict: {failed:?}",
        failed.len(),
        outcomes.len()
    );
    // The first scan met the apply's write lock and waited for it: the case under test.
    assert!(
        longest_wait >= Duration::from_millis(50),
        "no scan waited for the apply ({longest_wait:?} at most, apply {apply_time:?})"
    );
    eprintln!(
        "{} scans during a {apply_time:?} apply of {serials} serials, all with verdicts \
         (longest wait {longest_wait:?})",
        outcomes.len()
    );
}
