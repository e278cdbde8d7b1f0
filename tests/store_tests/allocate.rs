//! Serial allocation: leased blocks, exhaustion, standalone station-prefixed patterns, and
//! property tests that no serial is handed out twice across restarts and threads.

use std::collections::HashSet;
use std::path::Path;

use proptest::prelude::*;
use scanstation::store::allocate::AllocationRequest;
use scanstation::store::{OpenOptions, SerialPattern, Store, StoreError};

use crate::common::*;

fn store_at(path: &Path) -> Store {
    Store::open(
        path,
        &OpenOptions {
            station_id: Some("S7".into()),
            ..OpenOptions::default()
        },
    )
    .unwrap()
}

#[test]
fn serials_come_from_leased_blocks_in_order_and_exhaustion_allocates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store_at(&dir.path().join("s.db"));
    assert!(matches!(
        store.allocate_serials(&request(WIDGET, 1)),
        Err(StoreError::NoSerialSource { .. })
    ));
    store
        .lease_serial_block(WIDGET, None, "SN{seq:6}", 1, 3, Some("HO-1"), t0())
        .unwrap();
    store
        .lease_serial_block(
            WIDGET,
            None,
            "{yy}{mm}-{seq:4}",
            500,
            501,
            Some("HO-2"),
            t0(),
        )
        .unwrap();
    // Leasing the same block again is a no-op (sync may resend it).
    store
        .lease_serial_block(WIDGET, None, "SN{seq:6}", 1, 3, Some("HO-1"), t0())
        .unwrap();
    let first = store.allocate_serials(&request(WIDGET, 2)).unwrap();
    assert_eq!(first.serials, ["SN000001", "SN000002"]);
    let second = store.allocate_serials(&request(WIDGET, 2)).unwrap();
    assert_eq!(second.serials, ["SN000003", "2603-0500"]);
    let err = store.allocate_serials(&request(WIDGET, 2)).unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::BlockExhausted {
                available: 1,
                needed: 2,
                ..
            }
        ),
        "{err}"
    );
    assert!(err.to_string().contains("sync with head office"), "{err}");
    assert_eq!(err.exit_code(), 7);
    // Nothing was taken by the failed call: the last serial is still there.
    assert_eq!(
        store.allocate_serials(&request(WIDGET, 1)).unwrap().serials,
        ["2603-0501"]
    );
    // Allocation is journaled with its serials.
    let rows = store.journal_rows_after(0, 100).unwrap();
    let allocations: Vec<_> = rows.iter().filter(|row| row.kind == "allocation").collect();
    assert_eq!(allocations.len(), 3);
    assert!(allocations[0]
        .payload
        .as_deref()
        .unwrap()
        .contains("\"SN000001\",\"SN000002\""));
}

#[test]
fn lot_specific_blocks_are_used_first_and_serials_in_master_data_are_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = store_at(&dir.path().join("s.db"));
    store
        .lease_serial_block(WIDGET, None, "G{seq:3}", 1, 10, None, t0())
        .unwrap();
    store
        .lease_serial_block(WIDGET, Some("L9"), "L9-{seq:3}", 1, 10, None, t0())
        .unwrap();
    store
        .transaction(|tx| {
            tx.upsert_serial(&scanstation::store::SerialRecord {
                gtin: WIDGET.into(),
                serial: "L9-002".into(),
                lot: Some("L9".into()),
                status: scanstation::store::SerialStatus::InStock,
                warranty_until: None,
            })
        })
        .unwrap();
    let mut with_lot = request(WIDGET, 2);
    with_lot.lot = Some("L9");
    assert_eq!(
        store.allocate_serials(&with_lot).unwrap().serials,
        ["L9-001", "L9-003"]
    );
    assert_eq!(
        store.allocate_serials(&request(WIDGET, 1)).unwrap().serials,
        ["G001"]
    );
}

#[test]
fn standalone_serials_carry_the_station_id() {
    let dir = tempfile::tempdir().unwrap();
    let pattern = SerialPattern::parse_standalone("{station}-{yy}{seq:5}").unwrap();
    let mut serials = HashSet::new();
    for station in ["A1", "A12", "B"] {
        let mut store = Store::open(
            &dir.path().join(format!("{station}.db")),
            &OpenOptions {
                station_id: Some(station.into()),
                ..OpenOptions::default()
            },
        )
        .unwrap();
        let mut standalone = request(WIDGET, 200);
        standalone.standalone = Some(&pattern);
        for serial in store.allocate_serials(&standalone).unwrap().serials {
            assert!(serial.starts_with(&format!("{station}-26")), "{serial}");
            assert!(serials.insert(serial.clone()), "{serial} handed out twice");
        }
    }
    assert_eq!(serials.len(), 600);
    // A pattern that overflows 20 characters is exhausted, not truncated.
    let long = SerialPattern::parse_standalone("{station}-{yyyy}{mm}{dd}{seq:10}").unwrap();
    let mut store = store_at(&dir.path().join("long.db"));
    let mut standalone = request(WIDGET, 1);
    standalone.standalone = Some(&long);
    let err = store.allocate_serials(&standalone).unwrap_err();
    assert!(
        matches!(err, StoreError::StandaloneExhausted { .. }) && err.exit_code() == 7,
        "{err}"
    );
    assert!(!err.to_string().contains("head office"), "{err}");
}

/// Issue 4 review: two stations that kept the default id would render the same standalone
/// serials; allocation is refused (exit 7) and says how to give the station an id.
#[test]
fn standalone_serials_need_a_station_id_of_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let pattern = SerialPattern::parse_standalone("{station}-{seq:6}").unwrap();
    let mut store = Store::open(&dir.path().join("local.db"), &OpenOptions::default()).unwrap();
    assert_eq!(store.station_id(), scanstation::store::DEFAULT_STATION_ID);
    let mut standalone = request(WIDGET, 1);
    standalone.standalone = Some(&pattern);
    let err = store.allocate_serials(&standalone).unwrap_err();
    assert_eq!(err.exit_code(), 7, "{err}");
    assert!(err.to_string().contains("[station] id"), "{err}");
    assert_eq!(
        store.verify_journal().unwrap().events,
        0,
        "nothing journaled"
    );
}

/// One step of the allocator property test.
#[derive(Debug, Clone)]
enum Step {
    Allocate(u64),
    Reopen,
    Lease(i64),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        6 => (1u64..40).prop_map(Step::Allocate),
        2 => Just(Step::Reopen),
        1 => (1i64..60).prop_map(Step::Lease),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, failure_persistence: None, ..ProptestConfig::default() })]

    /// Whatever the order of allocations, restarts and new leases, no serial is handed out
    /// twice, every journaled allocation matches what was returned, and the chain verifies.
    #[test]
    fn no_serial_is_ever_handed_out_twice(steps in proptest::collection::vec(step(), 1..25), standalone in any::<bool>()) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.db");
        let pattern = SerialPattern::parse_standalone("{station}-{seq:4}").unwrap();
        let mut store = store_at(&path);
        let mut next_block = 0i64;
        if !standalone {
            store.lease_serial_block(WIDGET, None, "P{seq:5}", 0, 49, None, t0()).unwrap();
            next_block = 50;
        }
        let mut handed_out = HashSet::new();
        for step in steps {
            match step {
                Step::Allocate(count) => {
                    let request = AllocationRequest { standalone: Some(&pattern), ..request(WIDGET, count) };
                    match store.allocate_serials(&request) {
                        Ok(allocation) => {
                            prop_assert_eq!(allocation.serials.len() as u64, count);
                            for serial in allocation.serials {
                                prop_assert!(handed_out.insert(serial.clone()), "{} twice", serial);
                            }
                        }
                        Err(StoreError::BlockExhausted { .. }) => prop_assert!(!standalone),
                        Err(other) => prop_assert!(false, "unexpected {}", other),
                    }
                }
                Step::Reopen => {
                    drop(store);
                    store = store_at(&path);
                }
                Step::Lease(size) if !standalone => {
                    store.lease_serial_block(WIDGET, None, "P{seq:5}", next_block, next_block + size - 1, None, t0()).unwrap();
                    next_block += size;
                }
                Step::Lease(_) => {}
            }
        }
        let journaled: HashSet<String> = store
            .journal_rows_after(0, i64::MAX)
            .unwrap()
            .iter()
            .filter(|row| row.kind == "allocation")
            .flat_map(|row| {
                let payload: serde_json::Value = serde_json::from_str(row.payload.as_deref().unwrap()).unwrap();
                payload["serials"].as_array().unwrap().iter().map(|serial| serial.as_str().unwrap().to_owned()).collect::<Vec<_>>()
            })
            .collect();
        prop_assert_eq!(&journaled, &handed_out);
        prop_assert!(store.verify_journal().unwrap().ok);
    }
}

#[test]
fn concurrent_threads_never_share_a_serial() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    store_at(&path)
        .lease_serial_block(WIDGET, None, "T{seq:6}", 1, 100_000, None, t0())
        .unwrap();
    let handles: Vec<_> = (0..4)
        .map(|_| {
            let path = path.clone();
            std::thread::spawn(move || {
                let mut store = store_at(&path);
                let mut serials = Vec::new();
                for round in 0..25 {
                    serials.extend(
                        store
                            .allocate_serials(&request(WIDGET, 1 + round % 4))
                            .unwrap()
                            .serials,
                    );
                }
                serials
            })
        })
        .collect();
    let mut all = HashSet::new();
    let mut total = 0;
    for handle in handles {
        for serial in handle.join().unwrap() {
            total += 1;
            assert!(all.insert(serial));
        }
    }
    assert_eq!(total, 4 * (0..25).map(|round| 1 + round % 4).sum::<u64>());
    assert!(store_at(&path).verify_journal().unwrap().ok);
}
