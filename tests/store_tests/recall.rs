//! Lot status changes, recall traces with "accepted before recall" flags, lot creation and
//! serial details with warranty and service history.

use scanstation::store::{LotStatus, SerialPattern, ServiceKind, StoreError};
use scanstation::verdict::Workflow::{Line, Lookup, Receiving};

use crate::common::*;

#[test]
fn a_trace_flags_what_was_accepted_before_the_recall() {
    let mut fixture = fixture();
    let first = fixture.scan_at(Receiving, &format!("(01){WIDGET}(10)OK(21)1001"), 0);
    let second = fixture.scan_at(Receiving, &format!("(01){WIDGET}(10)OK(21)1002"), 10);
    // A scan of a serial without AI 10 is traced through the serial's lot.
    let third = fixture.scan_at(Line, &format!("(01){WIDGET}(21)1003"), 20);
    fixture.scan_at(Lookup, &format!("(01){WIDGET}(10)OK"), 30);
    let store = fixture.station.store_mut();
    store
        .lease_serial_block(WIDGET, Some("OK"), "OK{seq:4}", 1, 100, None, t0())
        .unwrap();
    let mut under_lot = request(WIDGET, 2);
    under_lot.lot = Some("OK");
    let allocation = store.allocate_serials(&under_lot).unwrap();
    let recall_seq = store
        .set_lot_status(
            WIDGET,
            "OK",
            LotStatus::Recalled,
            "metal fragments",
            Some("RC-7"),
            Some("sup"),
            t0() + chrono::Duration::seconds(100),
        )
        .unwrap();
    let after = fixture.scan_at(Receiving, &format!("(01){WIDGET}(10)OK(21)2000"), 200);
    assert_eq!(summary(&after), "reject: recalled unknown_serial");
    assert!(after.verdict.reasons[0]
        .message
        .contains("metal fragments (ref. RC-7)"));

    let trace = fixture.station.store().lot_trace(WIDGET, "OK").unwrap();
    let flagged: Vec<i64> = trace
        .events
        .iter()
        .filter(|event| event.accepted_before_recall)
        .map(|event| event.row.seq)
        .collect();
    assert_eq!(flagged, [first.seq, second.seq, third.seq]);
    assert_eq!(
        trace.recalled_at,
        Some(t0() + chrono::Duration::seconds(100))
    );
    assert_eq!(
        trace.serials,
        [
            ("OK0001".to_owned(), allocation.seq),
            ("OK0002".to_owned(), allocation.seq)
        ]
    );
    let kinds: Vec<&str> = trace
        .events
        .iter()
        .map(|event| event.row.kind.as_str())
        .collect();
    assert_eq!(
        kinds,
        [
            "scan",
            "scan",
            "scan",
            "scan",
            "serial_lease",
            "allocation",
            "lot_status",
            "scan"
        ]
    );
    assert!(trace.events.iter().any(|event| event.row.seq == recall_seq));

    let json = trace.to_json();
    assert_eq!(json["accepted_before_recall"], 3);
    assert_eq!(
        json["events"][7]["reasons"],
        serde_json::json!(["recalled", "unknown_serial"])
    );

    let csv = trace.csv_rows();
    assert_eq!(csv[0].join(","), "seq,at,kind,workflow,device,operator,verdict,reasons,serial,sscc,accepted_before_recall,event_id");
    assert_eq!(
        csv.len(),
        1 + 8 + 1,
        "the allocation row is one row per serial"
    );
    assert_eq!(
        &csv[1][..11].join(","),
        &format!(
            "{},2026-03-01T06:00:00.000000Z,scan,receiving,dock1,ann,accept,,1001,,yes",
            first.seq
        )
    );

    let summary = fixture.station.store().lot_summary(WIDGET, "OK").unwrap();
    assert_eq!(
        (
            summary["scans"].as_i64(),
            summary["received"].as_i64(),
            summary["rejected"].as_i64(),
            summary["serials_allocated"].as_i64()
        ),
        (Some(5), Some(2), Some(1), Some(2))
    );
    assert_eq!(summary["record"]["status"], "recalled");
    assert_eq!(summary["record"]["origin"], "head_office");
}

#[test]
fn a_local_status_change_of_an_unknown_lot_creates_it_and_release_lets_goods_through() {
    let mut fixture = fixture();
    let store = fixture.station.store_mut();
    store
        .set_lot_status(
            WIDGET,
            "X9",
            LotStatus::Quarantined,
            "smells",
            None,
            None,
            t0(),
        )
        .unwrap();
    assert_eq!(
        summary(&fixture.scan_at(Receiving, &format!("(01){WIDGET}(10)X9"), 1)),
        "reject: quarantined"
    );
    fixture
        .station
        .store_mut()
        .set_lot_status(
            WIDGET,
            "X9",
            LotStatus::Released,
            "checked",
            None,
            None,
            t0(),
        )
        .unwrap();
    assert_eq!(
        summary(&fixture.scan_at(Receiving, &format!("(01){WIDGET}(10)X9"), 2)),
        "accept:"
    );
    let lot = fixture.station.store().lot(WIDGET, "X9").unwrap().unwrap();
    assert_eq!(
        (lot.origin.as_str(), lot.reason.as_deref()),
        ("station", Some("checked"))
    );
    let err = fixture
        .station
        .store_mut()
        .set_lot_status(WIDGET, "X9", LotStatus::Recalled, " ", None, None, t0())
        .unwrap_err();
    assert!(err.to_string().contains("--reason"));
    let err = fixture
        .station
        .store()
        .lot_summary(WIDGET, "NOPE")
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound(_)), "{err}");
}

/// Issue 4 review: goods accepted while a lot was released between two recalls are flagged.
#[test]
fn a_trace_flags_what_was_accepted_between_two_recalls() {
    let mut fixture = fixture();
    let at = |seconds: i64| t0() + chrono::Duration::seconds(seconds);
    let status = |fixture: &mut Fixture, status: LotStatus, seconds: i64| {
        fixture
            .station
            .store_mut()
            .set_lot_status(WIDGET, "OK", status, "QA", None, None, at(seconds))
            .unwrap();
    };
    let before = fixture.scan_at(Receiving, &format!("(01){WIDGET}(10)OK(21)1001"), 0);
    status(&mut fixture, LotStatus::Recalled, 10);
    status(&mut fixture, LotStatus::Released, 20);
    let between = fixture.scan_at(Receiving, &format!("(01){WIDGET}(10)OK(21)1002"), 30);
    assert_eq!(summary(&between), "accept:");
    status(&mut fixture, LotStatus::Recalled, 40);
    let trace = fixture.station.store().lot_trace(WIDGET, "OK").unwrap();
    let flagged: Vec<i64> = trace
        .events
        .iter()
        .filter(|event| event.accepted_before_recall)
        .map(|event| event.row.seq)
        .collect();
    assert_eq!(flagged, [before.seq, between.seq]);
    assert_eq!(trace.recalled_at, Some(at(10)));
}

#[test]
fn lot_create_numbers_lots_per_day_and_derives_expiry() {
    let mut fixture = fixture();
    let pattern = SerialPattern::parse("{yy}{mm}{dd}{seq:2}").unwrap();
    let store = fixture.station.store_mut();
    let first = store
        .create_lot(GADGET, &pattern, Some("ann"), t0(), day(2026, 3, 1))
        .unwrap();
    let second = store
        .create_lot(GADGET, &pattern, Some("ann"), t0(), day(2026, 3, 1))
        .unwrap();
    assert_eq!(
        (first.lot.as_str(), second.lot.as_str()),
        ("26030101", "26030102")
    );
    // 365 days of shelf life, the production day being the first: the last valid day is
    // 2027-02-28, as a 12-month warranty from 2026-03-01 ends on 2027-02-28.
    assert_eq!(first.expiry_date, Some(day(2027, 2, 28)));
    assert_eq!(first.production_date, Some(day(2026, 3, 1)));
    assert_eq!(
        summary(&fixture.scan(Line, &format!("(01){GADGET}(10)26030102"))),
        "accept:"
    );
}

#[test]
fn serial_details_show_warranty_and_service_history() {
    let mut fixture = fixture();
    let store = fixture.station.store_mut();
    store
        .record_service_event(
            WIDGET,
            "1001",
            ServiceKind::Repair,
            Some("new fan"),
            Some("tech"),
            t0(),
            day(2026, 3, 1),
        )
        .unwrap();
    let details = store
        .serial_details(WIDGET, "1001", day(2026, 3, 1))
        .unwrap();
    assert_eq!(details["status"], "in_stock");
    assert_eq!(details["lot"], "OK");
    // Product warranty 24 months from the lot's production date 2026-01-01.
    assert_eq!(
        details["warranty"],
        serde_json::json!({"status": "under_warranty", "until": "2027-12-31", "source": "product"})
    );
    assert_eq!(details["service_history"][0]["kind"], "repair");
    assert_eq!(details["service_history"][0]["note"], "new fan");
    assert_eq!(details["service_history"][0]["origin"], "station");
    let later = store
        .serial_details(WIDGET, "1001", day(2028, 1, 1))
        .unwrap();
    assert_eq!(later["warranty"]["status"], "expired");
    let err = store
        .serial_details(WIDGET, "55555", day(2026, 3, 1))
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound(_)));
    assert!(store.verify_journal().unwrap().ok);
}
