//! Recalls end to end: head office recalls a lot, the station pulls it, and the very next scan
//! of that lot through the station's own scan path is rejected; head office flags scans that
//! let the lot through ("accepted while recalled", "accepted before recall").

use scanstation::station::{ScanInput, Station, StationSettings};
use scanstation::store::{OpenOptions, Store};
use scanstation::sync::sync_once;
use scanstation::verdict::{Level, Workflow};

use super::common::*;

/// The scenarios on SQLite; `postgres.rs` runs them on PostgreSQL.
mod sqlite {
    use super::Backend;
    backend_tests!(Backend::Sqlite;
        recall::pulled_recall_turns_the_next_scan_red_and_head_office_raises_alerts,
    );
}

fn scan(
    station: &mut Station,
    lot: &str,
    at: chrono::DateTime<chrono::Utc>,
) -> (Level, Vec<String>) {
    let input = ScanInput {
        bytes: format!("]d201{GTIN}10{lot}").into_bytes(),
        symbology: None,
        device: "dock1".into(),
        operator: None,
        workflow: Workflow::Lookup,
        at,
    };
    let outcome = station.process_scan(input).unwrap();
    (
        outcome.verdict.level,
        outcome
            .verdict
            .reasons
            .iter()
            .map(|reason| reason.code.as_str().to_string())
            .collect(),
    )
}

pub fn pulled_recall_turns_the_next_scan_red_and_head_office_raises_alerts(backend: Backend) {
    let dir = tempfile::tempdir().unwrap();
    let options = OpenOptions {
        station_id: Some(STATION.into()),
        ..OpenOptions::default()
    };
    let store = Store::open(&dir.path().join("station.db"), &options).unwrap();
    let mut station = Station::new(store, StationSettings::default());
    let hq = Hq::start_on(backend);
    seed_master_data(&mut *hq.storage(), &["L1", "L2"]);
    let config = sync_config(&hq.url());
    let t = |seconds| now() + chrono::Duration::seconds(seconds);

    sync_once(station.store_mut(), &config, t(0)).unwrap();
    assert_eq!(scan(&mut station, "L1", t(1)).0, Level::Accept);

    // Head office recalls L1 and L2; the station has not pulled yet and still accepts L2.
    hq.storage()
        .set_lot_status(
            GTIN,
            "L1",
            scanstation::store::LotStatus::Recalled,
            "salmonella",
            Some("RC-7"),
            t(2),
        )
        .unwrap();
    hq.storage()
        .set_lot_status(
            GTIN,
            "L2",
            scanstation::store::LotStatus::Recalled,
            "salmonella",
            None,
            t(2),
        )
        .unwrap();
    assert_eq!(scan(&mut station, "L2", t(3)).0, Level::Accept);

    let summary = sync_once(station.store_mut(), &config, t(4)).unwrap();
    assert_eq!(summary.status_changes, 2);
    let (level, reasons) = scan(&mut station, "L1", t(5));
    assert_eq!(level, Level::Reject);
    assert!(reasons.contains(&"recalled".to_string()), "{reasons:?}");

    let alerts = hq.storage().alerts().unwrap();
    let kinds: Vec<(String, String)> = alerts
        .iter()
        .map(|alert| (alert.lot.clone(), alert.kind.clone()))
        .collect();
    assert!(
        kinds.contains(&("L1".into(), "accepted_before_recall".into())),
        "{kinds:?}"
    );
    assert!(
        kinds.contains(&("L2".into(), "accepted_while_recalled".into())),
        "{kinds:?}"
    );
    assert_eq!(kinds.len(), 2, "{kinds:?}");
    assert!(alerts.iter().all(|alert| alert.lot_status == "recalled"));
    // The recall applied at the station is itself a journal fact head office received.
    sync_once(station.store_mut(), &config, t(6)).unwrap();
    let journal = station.store().journal_rows_after(0, i64::MAX).unwrap();
    assert_eq!(
        journal
            .iter()
            .filter(|row| row.kind == "recall_applied")
            .count(),
        2
    );
    assert_exactly_once(&hq, station.store(), journal.len() as i64);
}
