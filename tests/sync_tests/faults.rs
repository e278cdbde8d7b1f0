//! Push under faults: each event reaches head office exactly once and in order, no journal row
//! is lost and the push cursor names only acknowledged events, whatever the network does.

use std::time::Duration;

use scanstation::store::sync_state;
use scanstation::sync::{sync_once, SyncError};

use super::common::*;

const EVENTS: usize = 120;

/// The scenarios on SQLite; `postgres.rs` runs them on PostgreSQL.
mod sqlite {
    use super::Backend;
    backend_tests!(Backend::Sqlite;
        faults::head_office_down_then_up,
        faults::answering_500_on_the_second_batch,
        faults::slower_than_the_timeout,
        faults::connection_closed_mid_response,
        faults::replayed_old_answer_is_refused,
        faults::every_fault_in_one_storm,
        faults::head_office_that_lost_events_gets_them_again,
        faults::head_office_restored_to_a_batch_boundary_gets_its_events_again,
        faults::head_office_that_lost_events_but_kept_its_answers_gets_them_again,
        faults::tampered_event_is_kept_flagged_and_the_push_goes_on,
    );
}

pub fn head_office_down_then_up(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = station_with_backlog(dir.path(), EVENTS);
    let hq = Hq::start_on(backend);
    let err = sync_once(&mut store, &sync_config(&dead_url()), now()).unwrap_err();
    assert!(matches!(err, SyncError::Unreachable { .. }), "{err}");
    assert_eq!(push_cursor(&store), 0);
    let status = scanstation::sync::status(&store, now() + chrono::Duration::seconds(60)).unwrap();
    assert_eq!(status.unsent, EVENTS as i64);
    assert_eq!(status.oldest_unsent_age_secs, Some(60));
    assert_eq!(status.last_run.as_ref().map(|(_, ok, _)| *ok), Some(false));
    let summary = sync_once(&mut store, &sync_config(&hq.url()), now()).unwrap();
    assert_eq!(
        (summary.pushed, summary.duplicates, summary.unsent),
        (EVENTS as u64, 0, 0)
    );
    assert_exactly_once(&hq, &store, EVENTS as i64);
}

pub fn answering_500_on_the_second_batch(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = station_with_backlog(dir.path(), EVENTS);
    let hq = Hq::start_on(backend);
    let proxy = Proxy::start(hq.addr(), &[Fault::Forward, Fault::Status500]);
    let err = sync_once(&mut store, &sync_config(&proxy.url()), now()).unwrap_err();
    assert!(
        matches!(err, SyncError::Server { status: 500, .. }),
        "{err}"
    );
    assert_exactly_once(&hq, &store, 50);
    let summary = sync_once(&mut store, &sync_config(&proxy.url()), now()).unwrap();
    assert_eq!((summary.pushed, summary.duplicates), (70, 0));
    assert_exactly_once(&hq, &store, EVENTS as i64);
}

pub fn slower_than_the_timeout(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = station_with_backlog(dir.path(), EVENTS);
    let hq = Hq::start_on(backend);
    let proxy = Proxy::start(hq.addr(), &[Fault::Slow(Duration::from_millis(1500))]);
    let mut config = sync_config(&proxy.url());
    config.timeout_ms = 400;
    let err = sync_once(&mut store, &config, now()).unwrap_err();
    assert!(matches!(err, SyncError::Timeout { .. }), "{err}");
    // Head office stored the batch, the station never heard: its cursor must not move.
    assert_eq!(push_cursor(&store), 0);
    assert_eq!(hq.storage().events(STATION).unwrap().len(), 50);
    config.timeout_ms = 5000;
    let summary = sync_once(&mut store, &config, now()).unwrap();
    // The first batch is answered from head office's stored answer: its events were stored
    // by the request that timed out, so they count as duplicates, not as pushed again.
    assert_eq!(
        (summary.pushed, summary.duplicates),
        (EVENTS as u64 - 50, 50)
    );
    assert_exactly_once(&hq, &store, EVENTS as i64);
}

pub fn connection_closed_mid_response(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = station_with_backlog(dir.path(), EVENTS);
    let hq = Hq::start_on(backend);
    let proxy = Proxy::start(hq.addr(), &[Fault::Forward, Fault::CutMidResponse]);
    assert!(sync_once(&mut store, &sync_config(&proxy.url()), now()).is_err());
    assert_eq!(push_cursor(&store), 50);
    assert_eq!(hq.storage().events(STATION).unwrap().len(), 100);
    let summary = sync_once(&mut store, &sync_config(&proxy.url()), now()).unwrap();
    assert_eq!((summary.pushed, summary.duplicates), (20, 50));
    assert_exactly_once(&hq, &store, EVENTS as i64);
}

pub fn replayed_old_answer_is_refused(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = station_with_backlog(dir.path(), EVENTS);
    let hq = Hq::start_on(backend);
    let proxy = Proxy::start(hq.addr(), &[Fault::Forward, Fault::ReplayOld]);
    let err = sync_once(&mut store, &sync_config(&proxy.url()), now()).unwrap_err();
    assert!(
        matches!(err, SyncError::BadResponse(ref message) if message.contains("stale")),
        "{err}"
    );
    assert_exactly_once(&hq, &store, 50);
    sync_once(&mut store, &sync_config(&proxy.url()), now()).unwrap();
    assert_exactly_once(&hq, &store, EVENTS as i64);
}

pub fn every_fault_in_one_storm(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = station_with_backlog(dir.path(), 400);
    let hq = Hq::start_on(backend);
    let faults = [
        Fault::Forward,
        Fault::Status500,
        Fault::CutMidResponse,
        Fault::Forward,
        Fault::ReplayOld,
        Fault::Slow(Duration::from_millis(700)),
        Fault::Forward,
        Fault::CutMidResponse,
    ];
    let proxy = Proxy::start(hq.addr(), &faults);
    let mut config = sync_config(&proxy.url());
    config.timeout_ms = 300;
    let mut runs = 0;
    // Bounded: at most 20 runs; every fault costs one.
    while runs < 20 {
        runs += 1;
        append_scans(&mut store, 7);
        if sync_once(&mut store, &config, now()).is_ok() && proxy.script.lock().unwrap().is_empty()
        {
            break;
        }
    }
    assert!(
        proxy.script.lock().unwrap().is_empty(),
        "faults left after {runs} runs"
    );
    assert!(proxy.requests.load(std::sync::atomic::Ordering::SeqCst) >= faults.len());
    let last = store.journal_rows_after(0, i64::MAX).unwrap().len() as i64;
    assert_exactly_once(&hq, &store, last);
}

pub fn head_office_that_lost_events_gets_them_again(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = station_with_backlog(dir.path(), EVENTS);
    let mut hq = Hq::start_on(backend);
    sync_once(&mut store, &sync_config(&hq.url()), now()).unwrap();
    // Head office restored from a backup taken after event 30.
    hq.execute_sql(
        "UPDATE hq_heads SET last_seq = 30,
           last_hash = (SELECT hash FROM hq_events WHERE station = 'S1' AND seq = 30);
         DELETE FROM hq_events WHERE seq > 30;",
    );
    hq.restart();
    append_scans(&mut store, 5);
    let summary = sync_once(&mut store, &sync_config(&hq.url()), now()).unwrap();
    assert_eq!(summary.pushed, EVENTS as u64 - 30 + 5);
    assert_exactly_once(&hq, &store, EVENTS as i64 + 5);
}

/// Runs `sync_once` and checks that progress never reports more events sent than in total.
fn sync_checking_progress(
    store: &mut scanstation::store::Store,
    url: &str,
) -> scanstation::sync::SyncSummary {
    let mut reports = Vec::new();
    let summary =
        scanstation::sync::sync_once_with_progress(store, &sync_config(url), now(), &mut |step| {
            if let scanstation::sync::Progress::Pushed { sent, total } = step {
                reports.push((sent, total));
            }
        })
        .unwrap();
    assert!(!reports.is_empty());
    for (sent, total) in &reports {
        assert!(sent <= total, "progress {sent}/{total}: {reports:?}");
    }
    summary
}

/// Issue 8 review: head office restored from a backup taken when it held seq 20, while the
/// station had pushed 120 (batch 50): 120 − 20 is a multiple of the batch, so after the
/// rewind the station sends 121–125 again under the key that got the "gap" answer before the
/// rewind. That answer must not be replayed (it would send the station back for good).
pub fn head_office_restored_to_a_batch_boundary_gets_its_events_again(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = station_with_backlog(dir.path(), 20);
    let mut hq = Hq::start_on(backend);
    sync_once(&mut store, &sync_config(&hq.url()), now()).unwrap();
    append_scans(&mut store, EVENTS - 20);
    sync_once(&mut store, &sync_config(&hq.url()), now()).unwrap();
    assert_exactly_once(&hq, &store, EVENTS as i64);
    // The backup: head at 20, the one answer given by then (batch 1–20).
    hq.execute_sql(
        "UPDATE hq_heads SET last_seq = 20,
           last_hash = (SELECT hash FROM hq_events WHERE station = 'S1' AND seq = 20);
         DELETE FROM hq_events WHERE seq > 20;
         DELETE FROM hq_idempotency WHERE key NOT LIKE 'S1:1-20:%';",
    );
    hq.restart();
    append_scans(&mut store, 5);
    // The first run meets the gap and rewinds; a second run (the next timer tick) must find
    // nothing left to do, not a stalled push.
    let summary = sync_checking_progress(&mut store, &hq.url());
    assert_eq!(
        (summary.pushed, summary.duplicates, summary.unsent),
        (EVENTS as u64 - 20 + 5, 0, 0)
    );
    assert_exactly_once(&hq, &store, EVENTS as i64 + 5);
    append_scans(&mut store, 50);
    let summary = sync_checking_progress(&mut store, &hq.url());
    assert_eq!((summary.pushed, summary.duplicates), (50, 0));
    assert_exactly_once(&hq, &store, EVENTS as i64 + 55);
}

/// Head office lost events after seq 50 but kept the answers it gave for them (a restore of
/// the events table alone): the stored "accepted" answer of batch 51–100 is no longer true
/// and must not be replayed when the station sends that batch again.
pub fn head_office_that_lost_events_but_kept_its_answers_gets_them_again(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = station_with_backlog(dir.path(), EVENTS);
    let mut hq = Hq::start_on(backend);
    sync_once(&mut store, &sync_config(&hq.url()), now()).unwrap();
    hq.execute_sql(
        "UPDATE hq_heads SET last_seq = 50,
           last_hash = (SELECT hash FROM hq_events WHERE station = 'S1' AND seq = 50);
         DELETE FROM hq_events WHERE seq > 50;",
    );
    hq.restart();
    append_scans(&mut store, 5);
    let summary = sync_checking_progress(&mut store, &hq.url());
    assert_eq!(
        (summary.pushed, summary.duplicates),
        (EVENTS as u64 - 50 + 5, 0)
    );
    assert_exactly_once(&hq, &store, EVENTS as i64 + 5);
}

pub fn tampered_event_is_kept_flagged_and_the_push_goes_on(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = station_with_backlog(dir.path(), 10);
    let hq = Hq::start_on(backend);
    // Change row 4 behind the journal's back (triggers dropped, as an attacker would).
    {
        let conn = rusqlite::Connection::open(dir.path().join("station.db")).unwrap();
        conn.execute_batch(
            "DROP TRIGGER journal_no_update; UPDATE journal SET verdict = 'reject' WHERE seq = 4;",
        )
        .unwrap();
    }
    let summary = sync_once(&mut store, &sync_config(&hq.url()), now()).unwrap();
    assert_eq!((summary.pushed, summary.rejected), (9, 1));
    let events = hq.storage().events(STATION).unwrap();
    assert_eq!(events.len(), 10);
    assert_eq!(events[3].status, "rejected");
    assert!(events[3]
        .reason
        .as_deref()
        .unwrap()
        .contains("hash_mismatch"));
    let rejections = store
        .with_sync_conn("test", sync_state::rejections)
        .unwrap();
    assert_eq!(rejections.len(), 1);
    assert_eq!(rejections[0].0, 4);
    assert_eq!(push_cursor(&store), 10);
}
