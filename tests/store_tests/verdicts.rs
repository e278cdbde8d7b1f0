//! One scenario per verdict reason code, expiry as the last valid day, received/duplicate
//! books per workflow, pending lots, staleness, and labels split over several barcodes.

use scanstation::verdict::{judge, Facts, Level, Policy, ReasonCode, Workflow};

use crate::common::*;

use Workflow::{Line, Lookup, Receiving};

/// Scans `data` on a fresh fixture and compares the verdict summary.
fn check(workflow: Workflow, data: &str, expected: &str) {
    let mut fixture = fixture();
    let outcome = fixture.scan(workflow, data);
    assert_eq!(
        summary(&outcome),
        expected,
        "scan {data}: {:#?}",
        outcome.verdict
    );
}

#[test]
fn each_reason_code_from_a_single_scan() {
    let w = WIDGET;
    check(Receiving, &format!("(01){w}(10)OK(21)1001"), "accept:");
    check(
        Receiving,
        &format!("(01){w}(17)271231(10)OK(21)1001"),
        "accept:",
    );
    check(
        Receiving,
        "(01)09506000134353(10)OK",
        "reject: malformed unknown_product unknown_lot",
    );
    check(Receiving, "hello", "reject: malformed");
    check(Receiving, &format!("(01){w}(10)RCL"), "reject: recalled");
    check(Receiving, &format!("(01){w}(10)QUA"), "reject: quarantined");
    check(Receiving, &format!("(01){w}(10)BLK"), "reject: blocked");
    check(Receiving, &format!("(01){w}(10)OLD"), "reject: expired");
    check(
        Receiving,
        &format!("(01){w}(17)260228(10)OK"),
        "reject: expired",
    );
    check(
        Receiving,
        &format!("(01){w}(10)SOON"),
        "warn: expiring_soon",
    );
    check(
        Receiving,
        &format!("(01){STRANGER}(10)X1"),
        "warn: unknown_product unknown_lot",
    );
    check(Receiving, &format!("(01){w}(10)NEW1"), "warn: unknown_lot");
    check(
        Receiving,
        &format!("(01){w}(10)OK(21)9999"),
        "warn: unknown_serial",
    );
    check(
        Receiving,
        &format!("(01){w}(10)QUA(21)1001"),
        "reject: quarantined lot_mismatch",
    );
    check(Lookup, &format!("(01){w}(10)RCL"), "reject: recalled");
}

#[test]
fn expiry_is_the_last_valid_day() {
    // Scanned on 2026-03-01: an AI 17 of 2026-03-01 is still good (expiring today).
    check(
        Receiving,
        &format!("(01){WIDGET}(17)260301(10)OK"),
        "warn: expiring_soon",
    );
    check(
        Receiving,
        &format!("(01){WIDGET}(17)260228(10)OK"),
        "reject: expired",
    );
    // DD = 00 means the last day of the month (GenSpecs 7.12): 2026-03-31.
    check(
        Receiving,
        &format!("(01){WIDGET}(17)260300(10)OK"),
        "warn: expiring_soon",
    );
    // The lot record is earlier than the label: the earlier date wins.
    let mut fixture = fixture();
    let outcome = fixture.scan(Receiving, &format!("(01){WIDGET}(17)271231(10)SOON"));
    assert_eq!(summary(&outcome), "warn: expiring_soon");
    assert!(
        outcome.verdict.reasons[0]
            .message
            .contains("2026-03-15 (lot record)"),
        "{:?}",
        outcome.verdict
    );
}

#[test]
fn already_received_sscc_says_when_and_where() {
    let mut fixture = fixture();
    let label = format!("(00){}", sscc(1));
    assert_eq!(
        summary(&fixture.scan_on("door3", Receiving, &label, 0)),
        "accept:"
    );
    let again = fixture.scan_on("door4", Receiving, &label, 3600);
    assert_eq!(summary(&again), "reject: already_received");
    let message = &again.verdict.reasons[0].message;
    assert!(message.contains("2026-03-01 06:00:00 UTC"), "{message}");
    assert!(
        message.contains("station S1, device door3, operator ann (event "),
        "{message}"
    );
    // A lookup of the same SSCC is not a receipt.
    assert_eq!(summary(&fixture.scan(Lookup, &label)), "accept:");
}

#[test]
fn already_received_serial_and_rejected_scans_do_not_count_as_received() {
    let mut fixture = fixture();
    let item = format!("(01){WIDGET}(10)OK(21)1002");
    assert_eq!(summary(&fixture.scan(Receiving, &item)), "accept:");
    assert_eq!(
        summary(&fixture.scan_at(Receiving, &item, 10)),
        "reject: already_received"
    );
    // A rejected scan (recalled lot) is not a receipt: the goods were refused.
    let mut fixture = self::fixture();
    let refused = format!("(01){WIDGET}(10)RCL(21)77");
    fixture.scan(Receiving, &refused);
    assert!(!fixture
        .scan_at(Receiving, &refused, 10)
        .verdict
        .has(ReasonCode::AlreadyReceived));
}

#[test]
fn duplicate_serial_on_the_line() {
    let mut fixture = fixture();
    let item = format!("(01){WIDGET}(10)OK(21)1003");
    assert_eq!(summary(&fixture.scan(Line, &item)), "accept:");
    assert_eq!(
        summary(&fixture.scan_at(Line, &item, 30)),
        "reject: duplicate_serial"
    );
    // The line and receiving keep separate books.
    assert_eq!(summary(&fixture.scan_at(Receiving, &item, 60)), "accept:");
}

#[test]
fn unknown_lot_is_recorded_as_pending_for_head_office() {
    let mut fixture = fixture();
    fixture.scan(Receiving, &format!("(01){WIDGET}(10)NEW7"));
    fixture.scan_at(Receiving, &format!("(01){WIDGET}(10)NEW7(21)1001"), 5);
    let pending = fixture.station.store().pending_lots().unwrap();
    assert_eq!(pending.len(), 1);
    assert_eq!(
        (pending[0].0.as_str(), pending[0].1.as_str(), pending[0].3),
        (WIDGET, "NEW7", 2)
    );
    // A malformed scan's lot is not trusted.
    fixture.scan(Receiving, &format!("(01){WIDGET}(10)BAD LOT"));
    assert_eq!(fixture.station.store().pending_lots().unwrap().len(), 1);
}

#[test]
fn stale_master_data() {
    let mut fixture = fixture();
    let item = format!("(01){WIDGET}(10)OK(21)1001");
    // 24 hours after the import: still fresh; 25 hours: stale.
    assert_eq!(
        summary(&fixture.scan_at(Lookup, &item, 24 * 3600)),
        "accept:"
    );
    let stale = fixture.scan_at(Lookup, &item, 25 * 3600);
    assert_eq!(summary(&stale), "warn: stale_master_data");
    assert!(
        stale.verdict.reasons[0].message.contains("25 hours old"),
        "{:?}",
        stale.verdict
    );
    // A brand-new station has no master data at all.
    let dir = tempfile::tempdir().unwrap();
    let store = open_store(&dir.path().join("empty.db"));
    let mut station = scanstation::station::Station::new(store, Default::default());
    let outcome = station
        .process_scan(scanstation::station::ScanInput {
            bytes: format!("(00){}", sscc(5)).into_bytes(),
            symbology: None,
            device: "d".into(),
            operator: None,
            workflow: Receiving,
            at: t0(),
        })
        .unwrap();
    assert_eq!(summary(&outcome), "warn: stale_master_data");
}

#[test]
fn label_split_over_two_barcodes_is_combined() {
    let content = format!("(02){WIDGET}(37)10(10)OK");
    let pallet = format!("(00){}", sscc(2));

    // SSCC first, then the content barcode: the second is judged as the whole label.
    let mut fixture = fixture();
    let first = fixture.scan(Receiving, &pallet);
    assert_eq!(summary(&first), "accept:");
    let second = fixture.scan_at(Receiving, &content, 2);
    assert_eq!(summary(&second), "accept:", "{:#?}", second.verdict);
    assert_eq!(second.combined_with, vec![first.seq]);
    assert!(
        !second.parsed.is_valid(),
        "parsed stays exactly what parse says for this barcode"
    );
    assert_eq!(second.lot.as_ref().map(|lot| lot.lot.as_str()), Some("OK"));

    // Content first: it warns (incomplete), then the SSCC completes the label.
    let mut fixture = self::fixture();
    let first = fixture.scan(Receiving, &content);
    assert_eq!(summary(&first), "warn: malformed");
    assert!(first.verdict.reasons[0]
        .message
        .contains("scan the label's other barcode within 5 s"));
    let second = fixture.scan_at(Receiving, &pallet, 3);
    assert_eq!(summary(&second), "accept:");
    assert_eq!(second.combined_with, vec![first.seq]);

    // Outside the window, nothing is combined.
    let mut fixture = self::fixture();
    fixture.scan(Receiving, &pallet);
    assert_eq!(
        summary(&fixture.scan_at(Receiving, &content, 6)),
        "warn: malformed"
    );

    // Another device's barcode never completes this device's label.
    let mut fixture = self::fixture();
    fixture.scan_on("door1", Receiving, &pallet, 0);
    assert_eq!(
        summary(&fixture.scan_on("door2", Receiving, &content, 1)),
        "warn: malformed"
    );

    // The next pallet's content barcode does not join a completed label.
    let mut fixture = self::fixture();
    fixture.scan(Receiving, &pallet);
    fixture.scan_at(Receiving, &content, 1);
    assert_eq!(
        summary(&fixture.scan_at(Receiving, &content, 2)),
        "warn: malformed"
    );

    // A recalled lot on the content barcode rejects the combined label.
    let mut fixture = self::fixture();
    fixture.scan(Receiving, &format!("(00){}", sscc(3)));
    let recalled = fixture.scan_at(Receiving, &format!("(02){WIDGET}(37)10(10)RCL"), 1);
    assert_eq!(summary(&recalled), "reject: recalled");

    // With combining off, a lone content barcode is malformed: reject.
    let fixture = self::fixture();
    let mut settings = fixture.station.settings().clone();
    settings.policy.label_window_ms = 0;
    let mut station = scanstation::station::Station::new(fixture.station.into_store(), settings);
    let outcome = station
        .process_scan(scanstation::station::ScanInput {
            bytes: content.into_bytes(),
            symbology: None,
            device: "dock1".into(),
            operator: None,
            workflow: Receiving,
            at: t0(),
        })
        .unwrap();
    assert_eq!(summary(&outcome), "reject: malformed");
}

#[test]
fn the_combined_label_is_journaled_with_its_keys() {
    let mut fixture = fixture();
    let pallet_sscc = sscc(4);
    let first = fixture.scan(Receiving, &format!("(00){pallet_sscc}"));
    fixture.scan_at(Receiving, &format!("(02){WIDGET}(37)10(10)OK"), 1);
    let trace = fixture.station.store().lot_trace(WIDGET, "OK").unwrap();
    assert_eq!(trace.events.len(), 1);
    assert_eq!(
        trace.events[0].row.sscc.as_deref(),
        Some(pallet_sscc.as_str())
    );
    let payload: serde_json::Value =
        serde_json::from_str(trace.events[0].row.payload.as_deref().unwrap()).unwrap();
    assert_eq!(payload["combined_with"], serde_json::json!([first.seq]));
}

#[test]
fn indicators_beyond_lot_and_serial_are_kept_in_the_journal() {
    let mut fixture = fixture();
    let outcome = fixture.scan(
        Receiving,
        &format!("(01){GADGET}(3103)001250(11)260115(15)270101(10)G1(30)12"),
    );
    assert_eq!(summary(&outcome), "accept:");
    let rows = fixture
        .station
        .store()
        .journal_rows_after(outcome.seq - 1, 1)
        .unwrap();
    let parsed: serde_json::Value =
        serde_json::from_str(rows[0].parsed.as_deref().unwrap()).unwrap();
    let elements = parsed["elements"].as_array().unwrap();
    let find = |ai: &str| {
        elements
            .iter()
            .find(|element| element["ai"] == ai)
            .unwrap()
            .clone()
    };
    assert_eq!(find("3103")["decimal"], "1.250");
    assert_eq!(find("11")["date"], "2026-01-15");
    assert_eq!(find("15")["date"], "2027-01-01");
    assert_eq!(find("30")["value"], "12");
}

#[test]
fn policy_levels_are_configurable_and_validated() {
    let policy: Policy = toml::from_str(
        "expiring_soon_days = 10\nstale_master_data_hours = 0\n[levels]\nunknown_lot = \"reject\"\nunknown_serial = \"accept\"\n",
    )
    .unwrap();
    let parsed = scanstation::gs1::parse(
        format!("(01){WIDGET}(10)ZZ(21)5").as_bytes(),
        &Default::default(),
    );
    let mut facts = Facts::empty(Receiving, day(2026, 3, 1));
    facts.product = None;
    let verdict = judge(&parsed, &facts, &policy, t0());
    let codes: Vec<_> = verdict
        .reasons
        .iter()
        .map(|reason| (reason.code.as_str(), reason.level))
        .collect();
    assert_eq!(
        codes,
        vec![
            ("unknown_lot", Level::Reject),
            ("unknown_product", Level::Warn)
        ]
    );
    assert_eq!(verdict.level, Level::Reject);

    assert!(
        toml::from_str::<Policy>("expiring_soon_dayz = 3").is_err(),
        "unknown keys are refused"
    );
    let mut bad = Policy::default();
    bad.levels.recalled = Level::Accept;
    bad.label_window_ms = 120_000;
    let problems: Vec<String> = bad
        .validate()
        .iter()
        .map(|problem| problem.key.clone())
        .collect();
    assert_eq!(
        problems,
        vec!["policy.levels.recalled", "policy.label_window_ms"]
    );
    assert!(Policy::default().validate().is_empty());
}

#[test]
fn reason_codes_are_stable_strings() {
    let codes: Vec<&str> = ReasonCode::ALL.iter().map(|code| code.as_str()).collect();
    assert_eq!(
        codes,
        [
            "recalled",
            "quarantined",
            "blocked",
            "expired",
            "expiring_soon",
            "unknown_product",
            "unknown_lot",
            "unknown_serial",
            "duplicate_serial",
            "already_received",
            "lot_mismatch",
            "malformed",
            "stale_master_data"
        ]
    );
}
