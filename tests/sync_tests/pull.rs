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
