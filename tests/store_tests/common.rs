//! Shared fixtures: a temporary station database with known master data, a fixed clock
//! (2026-03-01 06:00 UTC) and helpers to scan and summarise verdicts.

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, TimeZone, Utc};
use scanstation::station::{ScanInput, ScanOutcome, Station, StationSettings};
use scanstation::store::{
    Lot, LotStatus, OpenOptions, Product, SerialRecord, SerialStatus, Store, Tracking,
};
use scanstation::verdict::Workflow;
use tempfile::TempDir;

/// A GTIN with a correct check digit.
pub const WIDGET: &str = "09506000134352";
/// A second product.
pub const GADGET: &str = "09506000134369";
/// A product that is in no master data.
pub const STRANGER: &str = "04012345000009";

/// The scan time of every fixture scan: 2026-03-01 06:00 UTC.
pub fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 1, 6, 0, 0).unwrap()
}

pub fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// Appends the GS1 mod-10 check digit to `digits`.
pub fn with_check_digit(digits: &str) -> String {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(index, byte)| u32::from(byte - b'0') * if index % 2 == 0 { 3 } else { 1 })
        .sum();
    format!("{digits}{}", (10 - sum % 10) % 10)
}

pub fn sscc(n: u32) -> String {
    with_check_digit(&format!("0950600013{n:07}"))
}

pub struct Fixture {
    pub dir: TempDir,
    pub station: Station,
}

impl Fixture {
    pub fn db_path(&self) -> std::path::PathBuf {
        self.dir.path().join("station.db")
    }
}

pub fn open_store(path: &std::path::Path) -> Store {
    Store::open(
        path,
        &OpenOptions {
            station_id: Some("S1".into()),
            ..OpenOptions::default()
        },
    )
    .unwrap()
}

/// A station whose master data (imported at `t0`) holds WIDGET (serial-tracked) with lots
/// OK (released, expires 2027-12-31), RCL (recalled), QUA (quarantined), BLK (blocked),
/// OLD (expired 2026-02-28), SOON (expires 2026-03-15), and serials 1001..1003 in lot OK;
/// GADGET (lot-tracked) with lot G1.
pub fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let mut store = open_store(&dir.path().join("station.db"));
    store
        .transaction(|tx| {
            let product = |gtin: &str, name: &str, tracking| Product {
                gtin: gtin.into(),
                name: name.into(),
                tracking,
                shelf_life_days: Some(365),
                warranty_months: Some(24),
                net_weight_kg: Some("1.5".into()),
            };
            tx.upsert_product(&product(WIDGET, "Widget", Tracking::Serial))?;
            tx.upsert_product(&product(GADGET, "Gadget", Tracking::Lot))?;
            let lot = |gtin: &str, code: &str, status, expiry| Lot {
                gtin: gtin.into(),
                lot: code.into(),
                status,
                reason: (status != LotStatus::Released).then(|| "QA finding 7".to_owned()),
                reference: (status == LotStatus::Recalled).then(|| "RC-2026-01".to_owned()),
                production_date: Some(day(2026, 1, 1)),
                expiry_date: Some(expiry),
                quantity: Some(100),
                origin: "head_office".into(),
                status_changed_at: None,
            };
            let far = day(2027, 12, 31);
            tx.upsert_lot(&lot(WIDGET, "OK", LotStatus::Released, far), t0())?;
            tx.upsert_lot(&lot(WIDGET, "RCL", LotStatus::Recalled, far), t0())?;
            tx.upsert_lot(&lot(WIDGET, "QUA", LotStatus::Quarantined, far), t0())?;
            tx.upsert_lot(&lot(WIDGET, "BLK", LotStatus::Blocked, far), t0())?;
            tx.upsert_lot(
                &lot(WIDGET, "OLD", LotStatus::Released, day(2026, 2, 28)),
                t0(),
            )?;
            tx.upsert_lot(
                &lot(WIDGET, "SOON", LotStatus::Released, day(2026, 3, 15)),
                t0(),
            )?;
            tx.upsert_lot(&lot(GADGET, "G1", LotStatus::Released, far), t0())?;
            for serial in ["1001", "1002", "1003"] {
                tx.upsert_serial(&SerialRecord {
                    gtin: WIDGET.into(),
                    serial: serial.into(),
                    lot: Some("OK".into()),
                    status: SerialStatus::InStock,
                    warranty_until: None,
                })?;
            }
            tx.set_master_data_version("fixture-1", t0())
        })
        .unwrap();
    let settings = StationSettings {
        local_offset: Some(FixedOffset::east_opt(0).unwrap()),
        ..StationSettings::default()
    };
    Fixture {
        dir,
        station: Station::new(store, settings),
    }
}

impl Fixture {
    /// Scans `data` on device `dock1` at `t0 + seconds`.
    pub fn scan_at(&mut self, workflow: Workflow, data: &str, seconds: i64) -> ScanOutcome {
        self.scan_on("dock1", workflow, data, seconds)
    }

    pub fn scan_on(
        &mut self,
        device: &str,
        workflow: Workflow,
        data: &str,
        seconds: i64,
    ) -> ScanOutcome {
        self.station
            .process_scan(ScanInput {
                bytes: data.as_bytes().to_vec(),
                symbology: None,
                device: device.into(),
                operator: Some("ann".into()),
                workflow,
                at: t0() + Duration::seconds(seconds),
            })
            .unwrap()
    }

    pub fn scan(&mut self, workflow: Workflow, data: &str) -> ScanOutcome {
        self.scan_at(workflow, data, 0)
    }
}

/// "level: code code ..." for compact assertions.
pub fn summary(outcome: &ScanOutcome) -> String {
    let codes: Vec<&str> = outcome
        .verdict
        .reasons
        .iter()
        .map(|reason| reason.code.as_str())
        .collect();
    format!("{}: {}", outcome.verdict.level.as_str(), codes.join(" "))
        .trim_end()
        .to_owned()
}

/// An allocation request at `t0` without lot or standalone pattern.
pub fn request(gtin: &str, count: u64) -> scanstation::store::allocate::AllocationRequest<'_> {
    scanstation::store::allocate::AllocationRequest {
        gtin,
        lot: None,
        count,
        device: None,
        operator: None,
        at: t0(),
        today: day(2026, 3, 1),
        standalone: None,
    }
}
