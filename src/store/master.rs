//! Master data and the local facts a verdict needs: products, lots, serials, service history,
//! serial blocks, what was already received, pending (unknown) lots.
//!
//! Master data belongs to head office; the station writes it only through import and sync,
//! plus the few local actions the issue names (a local lot status change, `lot create`, a
//! service event), each of which is journaled in the same transaction.

use chrono::{DateTime, Months, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde_json::{json, Map, Value};

use super::{classify, format_time, parse_time, Store, StoreError, StoreTx};

macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name { $($variant),+ }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable string stored in the database and shown in JSON.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// The accepted strings, for error messages.
            pub fn choices() -> String {
                Self::ALL.iter().map(|value| value.as_str()).collect::<Vec<_>>().join(", ")
            }
        }

        impl std::str::FromStr for $name {
            type Err = String;
            fn from_str(text: &str) -> Result<Self, String> {
                match text {
                    $($text => Ok($name::$variant),)+
                    _ => Err(format!("{text:?} is not one of {}", Self::choices())),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

string_enum!(
    /// How a product is tracked.
    Tracking { None => "none", Lot => "lot", Serial => "serial" }
);
string_enum!(
    /// Status of a lot; anything but `released` stops goods at the dock.
    LotStatus { Released => "released", Quarantined => "quarantined", Blocked => "blocked", Recalled => "recalled" }
);
string_enum!(
    /// Status of one serialised item.
    SerialStatus {
        InStock => "in_stock", Shipped => "shipped", Returned => "returned",
        InRepair => "in_repair", Scrapped => "scrapped",
    }
);
string_enum!(
    /// Kind of a service event in a serial's history.
    ServiceKind { Repair => "repair", Return => "return", Replace => "replace", Scrap => "scrap" }
);

fn date_text(date: Option<NaiveDate>) -> Option<String> {
    date.map(|date| date.format("%Y-%m-%d").to_string())
}

fn parse_date(text: Option<String>) -> Option<NaiveDate> {
    text.and_then(|text| NaiveDate::parse_from_str(&text, "%Y-%m-%d").ok())
}

fn parse_enum<T: std::str::FromStr>(text: String, index: usize) -> Result<T, rusqlite::Error> {
    text.parse().map_err(|_| {
        rusqlite::Error::FromSqlConversionFailure(
            index,
            rusqlite::types::Type::Text,
            format!("unexpected value {text:?}").into(),
        )
    })
}

/// A product of the master data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Product {
    pub gtin: String,
    pub name: String,
    pub tracking: Tracking,
    pub shelf_life_days: Option<i64>,
    pub warranty_months: Option<i64>,
    /// Net weight in kg as a decimal string (kept exact).
    pub net_weight_kg: Option<String>,
}

impl Product {
    pub fn to_json(&self) -> Value {
        json!({
            "gtin": self.gtin,
            "name": self.name,
            "tracking": self.tracking.as_str(),
            "shelf_life_days": self.shelf_life_days,
            "warranty_months": self.warranty_months,
            "net_weight_kg": self.net_weight_kg,
        })
    }

    fn from_row(row: &Row<'_>) -> Result<Product, rusqlite::Error> {
        Ok(Product {
            gtin: row.get(0)?,
            name: row.get(1)?,
            tracking: parse_enum(row.get(2)?, 2)?,
            shelf_life_days: row.get(3)?,
            warranty_months: row.get(4)?,
            net_weight_kg: row.get(5)?,
        })
    }
}

/// A lot of the master data (or created or changed locally: see `origin`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lot {
    pub gtin: String,
    pub lot: String,
    pub status: LotStatus,
    pub reason: Option<String>,
    pub reference: Option<String>,
    pub production_date: Option<NaiveDate>,
    /// The last day the goods may be used.
    pub expiry_date: Option<NaiveDate>,
    pub quantity: Option<i64>,
    /// `head_office` or `station`.
    pub origin: String,
    pub status_changed_at: Option<DateTime<Utc>>,
}

impl Lot {
    pub fn to_json(&self) -> Value {
        json!({
            "gtin": self.gtin,
            "lot": self.lot,
            "status": self.status.as_str(),
            "reason": self.reason,
            "reference": self.reference,
            "production_date": date_text(self.production_date),
            "expiry_date": date_text(self.expiry_date),
            "quantity": self.quantity,
            "origin": self.origin,
            "status_changed_at": self.status_changed_at.map(format_time),
        })
    }

    fn from_row(row: &Row<'_>) -> Result<Lot, rusqlite::Error> {
        Ok(Lot {
            gtin: row.get(0)?,
            lot: row.get(1)?,
            status: parse_enum(row.get(2)?, 2)?,
            reason: row.get(3)?,
            reference: row.get(4)?,
            production_date: parse_date(row.get(5)?),
            expiry_date: parse_date(row.get(6)?),
            quantity: row.get(7)?,
            origin: row.get(8)?,
            status_changed_at: row
                .get::<_, Option<String>>(9)?
                .and_then(|text| parse_time(&text)),
        })
    }
}

/// A serialised item of the master data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SerialRecord {
    pub gtin: String,
    pub serial: String,
    pub lot: Option<String>,
    pub status: SerialStatus,
    pub warranty_until: Option<NaiveDate>,
}

impl SerialRecord {
    pub fn to_json(&self) -> Value {
        json!({
            "gtin": self.gtin,
            "serial": self.serial,
            "lot": self.lot,
            "status": self.status.as_str(),
            "warranty_until": date_text(self.warranty_until),
        })
    }
}

/// A serial this station allocated itself (not yet in head office's master data).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllocatedSerial {
    pub gtin: String,
    pub serial: String,
    pub lot: Option<String>,
    pub journal_seq: i64,
    pub at: Option<DateTime<Utc>>,
}

impl AllocatedSerial {
    pub fn to_json(&self) -> Value {
        json!({
            "gtin": self.gtin,
            "serial": self.serial,
            "lot": self.lot,
            "status": "allocated",
            "allocated_seq": self.journal_seq,
            "allocated_at": self.at.map(format_time),
        })
    }
}

/// One entry of a serial's service history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceEvent {
    pub kind: ServiceKind,
    pub date: NaiveDate,
    pub note: Option<String>,
    /// `head_office` or `station`.
    pub origin: String,
    pub journal_seq: Option<i64>,
}

impl ServiceEvent {
    pub fn to_json(&self) -> Value {
        json!({
            "kind": self.kind.as_str(),
            "date": self.date.format("%Y-%m-%d").to_string(),
            "note": self.note,
            "origin": self.origin,
            "seq": self.journal_seq,
        })
    }
}

/// An earlier scan of the same SSCC or serial: when and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PriorScan {
    pub journal_seq: i64,
    pub at: DateTime<Utc>,
    pub station: String,
    pub device: Option<String>,
    pub operator: Option<String>,
}

impl PriorScan {
    /// "2026-03-01 06:00:01 UTC at station S1, device dock1, operator ann (event 12)".
    pub fn describe(&self) -> String {
        let mut text = format!(
            "{} at station {}",
            self.at.format("%Y-%m-%d %H:%M:%S UTC"),
            self.station
        );
        if let Some(device) = &self.device {
            text.push_str(&format!(", device {device}"));
        }
        if let Some(operator) = &self.operator {
            text.push_str(&format!(", operator {operator}"));
        }
        text.push_str(&format!(" (event {})", self.journal_seq));
        text
    }
}

/// Checks a GTIN (8, 12, 13 or 14 digits, GS1 mod-10 check digit) and returns it as 14 digits.
pub fn normalize_gtin(text: &str) -> Result<String, String> {
    let text = text.trim();
    if !matches!(text.len(), 8 | 12 | 13 | 14) || !text.bytes().all(|byte| byte.is_ascii_digit()) {
        return Err(format!("GTIN {text:?} must be 8, 12, 13 or 14 digits"));
    }
    let padded = format!("{text:0>14}");
    let digits: Vec<u32> = padded.bytes().map(|byte| u32::from(byte - b'0')).collect();
    // GS1 General Specifications 7.9.1: weights 3 and 1 alternate from the right, starting with
    // 3 on the digit left of the check digit.
    let sum: u32 = digits[..13]
        .iter()
        .enumerate()
        .map(|(index, digit)| if index % 2 == 0 { digit * 3 } else { *digit })
        .sum();
    let check = (10 - sum % 10) % 10;
    if check != digits[13] {
        return Err(format!(
            "GTIN {text:?} has a wrong check digit (expected {check})"
        ));
    }
    Ok(padded)
}

const PRODUCT_COLUMNS: &str =
    "gtin, name, tracking, shelf_life_days, warranty_months, net_weight_kg";
const LOT_COLUMNS: &str = "gtin, lot, status, reason, reference, production_date, expiry_date, \
                           quantity, origin, status_changed_at";

pub(crate) fn product(conn: &Connection, gtin: &str) -> Result<Option<Product>, rusqlite::Error> {
    conn.prepare_cached(&format!(
        "SELECT {PRODUCT_COLUMNS} FROM products WHERE gtin = ?1"
    ))?
    .query_row([gtin], Product::from_row)
    .optional()
}

pub(crate) fn lot(
    conn: &Connection,
    gtin: &str,
    lot: &str,
) -> Result<Option<Lot>, rusqlite::Error> {
    conn.prepare_cached(&format!(
        "SELECT {LOT_COLUMNS} FROM lots WHERE gtin = ?1 AND lot = ?2"
    ))?
    .query_row([gtin, lot], Lot::from_row)
    .optional()
}

pub(crate) fn serial(
    conn: &Connection,
    gtin: &str,
    serial: &str,
) -> Result<Option<SerialRecord>, rusqlite::Error> {
    conn.prepare_cached(
        "SELECT gtin, serial, lot, status, warranty_until FROM serials WHERE gtin = ?1 AND serial = ?2",
    )?
    .query_row([gtin, serial], |row| {
        Ok(SerialRecord {
            gtin: row.get(0)?,
            serial: row.get(1)?,
            lot: row.get(2)?,
            status: parse_enum(row.get(3)?, 3)?,
            warranty_until: parse_date(row.get(4)?),
        })
    })
    .optional()
}

pub(crate) fn allocated(
    conn: &Connection,
    gtin: &str,
    serial: &str,
) -> Result<Option<AllocatedSerial>, rusqlite::Error> {
    conn.prepare_cached(
        "SELECT a.gtin, a.serial, a.lot, a.journal_seq, j.at FROM allocated_serials a
         LEFT JOIN journal j ON j.seq = a.journal_seq WHERE a.gtin = ?1 AND a.serial = ?2",
    )?
    .query_row([gtin, serial], |row| {
        Ok(AllocatedSerial {
            gtin: row.get(0)?,
            serial: row.get(1)?,
            lot: row.get(2)?,
            journal_seq: row.get(3)?,
            at: row
                .get::<_, Option<String>>(4)?
                .and_then(|text| parse_time(&text)),
        })
    })
    .optional()
}

pub(crate) fn service_history(
    conn: &Connection,
    gtin: &str,
    serial: &str,
) -> Result<Vec<ServiceEvent>, rusqlite::Error> {
    let mut statement = conn.prepare_cached(
        "SELECT kind, date, note, origin, journal_seq FROM service_events
         WHERE gtin = ?1 AND serial = ?2 ORDER BY date, id",
    )?;
    let rows = statement.query_map([gtin, serial], |row| {
        let date: String = row.get(1)?;
        Ok(ServiceEvent {
            kind: parse_enum(row.get(0)?, 0)?,
            date: parse_enum::<NaiveDate>(date, 1)?,
            note: row.get(2)?,
            origin: row.get(3)?,
            journal_seq: row.get(4)?,
        })
    })?;
    rows.collect()
}

/// The earlier scan recorded under `key` in `workflow`, if any.
pub(crate) fn seen(
    conn: &Connection,
    workflow: &str,
    key: &str,
) -> Result<Option<PriorScan>, rusqlite::Error> {
    conn.prepare_cached(
        "SELECT s.journal_seq, s.at, j.station, s.device, s.operator FROM seen s
         LEFT JOIN journal j ON j.seq = s.journal_seq WHERE s.workflow = ?1 AND s.key = ?2",
    )?
    .query_row([workflow, key], |row| {
        let at: String = row.get(1)?;
        Ok(PriorScan {
            journal_seq: row.get(0)?,
            at: parse_time(&at).unwrap_or_default(),
            station: row.get::<_, Option<String>>(2)?.unwrap_or_default(),
            device: row.get(3)?,
            operator: row.get(4)?,
        })
    })
    .optional()
}

/// The `seen` key of an SSCC.
pub fn sscc_key(sscc: &str) -> String {
    format!("sscc:{sscc}")
}

/// The `seen` key of a serialised item.
pub fn serial_key(gtin: &str, serial: &str) -> String {
    format!("sgtin:{gtin}:{serial}")
}

impl StoreTx<'_> {
    pub fn product(&self, gtin: &str) -> Result<Option<Product>, StoreError> {
        product(self.sql(), gtin).map_err(self.err("reading a product"))
    }

    pub fn lot(&self, gtin: &str, lot_code: &str) -> Result<Option<Lot>, StoreError> {
        lot(self.sql(), gtin, lot_code).map_err(self.err("reading a lot"))
    }

    pub fn serial(
        &self,
        gtin: &str,
        serial_code: &str,
    ) -> Result<Option<SerialRecord>, StoreError> {
        serial(self.sql(), gtin, serial_code).map_err(self.err("reading a serial"))
    }

    pub fn allocated(
        &self,
        gtin: &str,
        serial_code: &str,
    ) -> Result<Option<AllocatedSerial>, StoreError> {
        allocated(self.sql(), gtin, serial_code).map_err(self.err("reading an allocated serial"))
    }

    pub fn seen(&self, workflow: &str, key: &str) -> Result<Option<PriorScan>, StoreError> {
        seen(self.sql(), workflow, key).map_err(self.err("reading earlier scans"))
    }

    /// Records that `key` was seen in `workflow` by journal row `seq` (first sighting wins).
    pub fn mark_seen(
        &self,
        workflow: &str,
        key: &str,
        seq: i64,
        at: DateTime<Utc>,
        device: Option<&str>,
        operator: Option<&str>,
    ) -> Result<(), StoreError> {
        self.sql()
            .prepare_cached(
                "INSERT INTO seen (workflow, key, journal_seq, at, device, operator)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING",
            )
            .and_then(|mut statement| {
                statement.execute(params![
                    workflow,
                    key,
                    seq,
                    format_time(at),
                    device,
                    operator
                ])
            })
            .map(|_| ())
            .map_err(self.err("recording a scan"))
    }

    /// Records a lot head office has not sent, for the next sync.
    pub fn note_pending_lot(
        &self,
        gtin: &str,
        lot_code: &str,
        seq: i64,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let at = format_time(at);
        self.sql()
            .prepare_cached(
                "INSERT INTO pending_lots (gtin, lot, first_seq, first_at, last_at, scans)
                 VALUES (?1, ?2, ?3, ?4, ?4, 1)
                 ON CONFLICT (gtin, lot) DO UPDATE SET last_at = excluded.last_at, scans = scans + 1",
            )
            .and_then(|mut statement| statement.execute(params![gtin, lot_code, seq, at]))
            .map(|_| ())
            .map_err(self.err("recording a pending lot"))
    }

    /// Writes a product (sync: the whole record).
    pub fn upsert_product(&self, product: &Product) -> Result<(), StoreError> {
        self.upsert_product_fields(product, &|_| true)
    }

    /// Writes a product; on an existing row only the optional fields `overwrite(column)`
    /// names are written (an import file without that column keeps the cached value); a new
    /// row takes every value of `product`. Columns as in `import`: `tracking`,
    /// `shelf_life_days`, `warranty_months`, `net_weight_kg` (`name` is always written).
    pub fn upsert_product_fields(
        &self,
        product: &Product,
        overwrite: &dyn Fn(&str) -> bool,
    ) -> Result<(), StoreError> {
        self.sql()
            .prepare_cached(
                "INSERT INTO products (gtin, name, tracking, shelf_life_days, warranty_months, net_weight_kg)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (gtin) DO UPDATE SET name = excluded.name,
                   tracking = CASE WHEN ?7 THEN excluded.tracking ELSE products.tracking END,
                   shelf_life_days = CASE WHEN ?8 THEN excluded.shelf_life_days ELSE products.shelf_life_days END,
                   warranty_months = CASE WHEN ?9 THEN excluded.warranty_months ELSE products.warranty_months END,
                   net_weight_kg = CASE WHEN ?10 THEN excluded.net_weight_kg ELSE products.net_weight_kg END",
            )
            .and_then(|mut statement| {
                statement.execute(params![
                    product.gtin,
                    product.name,
                    product.tracking.as_str(),
                    product.shelf_life_days,
                    product.warranty_months,
                    product.net_weight_kg,
                    overwrite("tracking"),
                    overwrite("shelf_life_days"),
                    overwrite("warranty_months"),
                    overwrite("net_weight_kg"),
                ])
            })
            .map(|_| ())
            .map_err(self.err("writing a product"))
    }

    /// Writes a lot from head office (sync: the whole record). `status_changed_at` is set to
    /// `at` when the status differs from the cached one.
    pub fn upsert_lot(&self, lot: &Lot, at: DateTime<Utc>) -> Result<(), StoreError> {
        self.upsert_lot_fields(lot, at, &|_| true)
    }

    /// Writes a lot; on an existing row only the fields `overwrite(column)` names are written
    /// (`status`, `reason`, `reference`, `production_date`, `expiry_date`, `quantity`): an
    /// import file without `status` keeps a recalled lot recalled, one without `expiry_date`
    /// keeps the expiry. A new row takes every value of `lot` (absent ones are defaults).
    pub fn upsert_lot_fields(
        &self,
        lot: &Lot,
        at: DateTime<Utc>,
        overwrite: &dyn Fn(&str) -> bool,
    ) -> Result<(), StoreError> {
        self.sql()
            .prepare_cached(
                "INSERT INTO lots (gtin, lot, status, reason, reference, production_date, expiry_date,
                                   quantity, origin, status_changed_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'head_office', ?9)
                 ON CONFLICT (gtin, lot) DO UPDATE SET
                   status_changed_at = CASE WHEN ?10 AND lots.status <> excluded.status
                                            THEN excluded.status_changed_at ELSE lots.status_changed_at END,
                   status = CASE WHEN ?10 THEN excluded.status ELSE lots.status END,
                   reason = CASE WHEN ?11 THEN excluded.reason ELSE lots.reason END,
                   reference = CASE WHEN ?12 THEN excluded.reference ELSE lots.reference END,
                   production_date = CASE WHEN ?13 THEN excluded.production_date ELSE lots.production_date END,
                   expiry_date = CASE WHEN ?14 THEN excluded.expiry_date ELSE lots.expiry_date END,
                   quantity = CASE WHEN ?15 THEN excluded.quantity ELSE lots.quantity END,
                   origin = 'head_office'",
            )
            .and_then(|mut statement| {
                statement.execute(params![
                    lot.gtin,
                    lot.lot,
                    lot.status.as_str(),
                    lot.reason,
                    lot.reference,
                    date_text(lot.production_date),
                    date_text(lot.expiry_date),
                    lot.quantity,
                    format_time(at),
                    overwrite("status"),
                    overwrite("reason"),
                    overwrite("reference"),
                    overwrite("production_date"),
                    overwrite("expiry_date"),
                    overwrite("quantity"),
                ])
            })
            .map(|_| ())
            .map_err(self.err("writing a lot"))
    }

    /// Writes a serial (sync: the whole record).
    pub fn upsert_serial(&self, record: &SerialRecord) -> Result<(), StoreError> {
        self.upsert_serial_fields(record, &|_| true)
    }

    /// Writes a serial; on an existing row only the fields `overwrite(column)` names are
    /// written (`lot`, `status`, `warranty_until`); a new row takes every value of `record`.
    pub fn upsert_serial_fields(
        &self,
        record: &SerialRecord,
        overwrite: &dyn Fn(&str) -> bool,
    ) -> Result<(), StoreError> {
        self.sql()
            .prepare_cached(
                "INSERT INTO serials (gtin, serial, lot, status, warranty_until) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (gtin, serial) DO UPDATE SET
                   lot = CASE WHEN ?6 THEN excluded.lot ELSE serials.lot END,
                   status = CASE WHEN ?7 THEN excluded.status ELSE serials.status END,
                   warranty_until = CASE WHEN ?8 THEN excluded.warranty_until ELSE serials.warranty_until END",
            )
            .and_then(|mut statement| {
                statement.execute(params![
                    record.gtin,
                    record.serial,
                    record.lot,
                    record.status.as_str(),
                    date_text(record.warranty_until),
                    overwrite("lot"),
                    overwrite("status"),
                    overwrite("warranty_until"),
                ])
            })
            .map(|_| ())
            .map_err(self.err("writing a serial"))
    }

    /// Adds a service event to a serial's history (from head office when `journal_seq` is
    /// `None`, else recorded at this station by that journal row).
    pub fn add_service_event(
        &self,
        gtin: &str,
        serial_code: &str,
        event: &ServiceEvent,
    ) -> Result<(), StoreError> {
        self.sql()
            .execute(
                "INSERT INTO service_events (gtin, serial, kind, date, note, origin, journal_seq)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    gtin,
                    serial_code,
                    event.kind.as_str(),
                    event.date.format("%Y-%m-%d").to_string(),
                    event.note,
                    event.origin,
                    event.journal_seq,
                ],
            )
            .map(|_| ())
            .map_err(self.err("writing a service event"))
    }

    /// Sets a lot's status at this station (creating the lot row when head office has not sent
    /// it), as a local decision that head office will confirm or override.
    pub(crate) fn set_lot_status_local(
        &self,
        gtin: &str,
        lot_code: &str,
        status: LotStatus,
        reason: &str,
        reference: Option<&str>,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        self.sql()
            .execute(
                "INSERT INTO lots (gtin, lot, status, reason, reference, origin, status_changed_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, 'station', ?6)
                 ON CONFLICT (gtin, lot) DO UPDATE SET status = excluded.status,
                   reason = excluded.reason, reference = IFNULL(excluded.reference, lots.reference),
                   status_changed_at = excluded.status_changed_at",
                params![
                    gtin,
                    lot_code,
                    status.as_str(),
                    reason,
                    reference,
                    format_time(at)
                ],
            )
            .map(|_| ())
            .map_err(self.err("changing a lot status"))
    }

    pub(crate) fn insert_local_lot(&self, lot: &Lot) -> Result<(), StoreError> {
        self.sql()
            .execute(
                "INSERT INTO lots (gtin, lot, status, production_date, expiry_date, origin)
                 VALUES (?1, ?2, 'released', ?3, ?4, 'station')",
                params![
                    lot.gtin,
                    lot.lot,
                    date_text(lot.production_date),
                    date_text(lot.expiry_date)
                ],
            )
            .map(|_| ())
            .map_err(self.err("creating a lot"))
    }
}

impl Store {
    pub fn product(&self, gtin: &str) -> Result<Option<Product>, StoreError> {
        product(self.conn(), gtin).map_err(|err| classify(self.path(), "reading a product", err))
    }

    pub fn lot(&self, gtin: &str, lot_code: &str) -> Result<Option<Lot>, StoreError> {
        lot(self.conn(), gtin, lot_code).map_err(|err| classify(self.path(), "reading a lot", err))
    }

    pub fn serial(
        &self,
        gtin: &str,
        serial_code: &str,
    ) -> Result<Option<SerialRecord>, StoreError> {
        serial(self.conn(), gtin, serial_code)
            .map_err(|err| classify(self.path(), "reading a serial", err))
    }

    /// Lots scanned here that head office has not sent: `(gtin, lot, first seen, scans)`.
    pub fn pending_lots(&self) -> Result<Vec<(String, String, String, i64)>, StoreError> {
        let run = || -> Result<Vec<(String, String, String, i64)>, rusqlite::Error> {
            let mut statement = self.conn().prepare(
                "SELECT gtin, lot, first_at, scans FROM pending_lots ORDER BY first_seq",
            )?;
            let rows = statement.query_map([], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
            })?;
            rows.collect()
        };
        run().map_err(|err| classify(self.path(), "reading pending lots", err))
    }

    /// Changes a lot's status at this station (`lot recall|quarantine|release`) and journals
    /// it, in one transaction. Returns the journal seq.
    #[allow(clippy::too_many_arguments)]
    pub fn set_lot_status(
        &mut self,
        gtin: &str,
        lot_code: &str,
        status: LotStatus,
        reason: &str,
        reference: Option<&str>,
        operator: Option<&str>,
        at: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        let gtin = normalize_gtin(gtin).map_err(StoreError::Invalid)?;
        if reason.trim().is_empty() {
            return Err(StoreError::Invalid(
                "a lot status change needs a --reason".into(),
            ));
        }
        self.transaction(|tx| {
            let before = tx.lot(&gtin, lot_code)?;
            tx.set_lot_status_local(&gtin, lot_code, status, reason, reference, at)?;
            let mut entry = super::JournalEntry::new(super::EventKind::LotStatus, at);
            entry.operator = operator.map(str::to_owned);
            entry.gtin = Some(gtin.clone());
            entry.lot = Some(lot_code.to_owned());
            entry.payload = Some(
                json!({
                    "status": status.as_str(),
                    "previous_status": before.as_ref().map(|lot| lot.status.as_str()),
                    "reason": reason,
                    "reference": reference,
                    "lot_known": before.is_some(),
                })
                .to_string(),
            );
            Ok(tx.append(&entry)?.seq)
        })
    }

    /// Records a service event for a serial at this station and journals it.
    #[allow(clippy::too_many_arguments)]
    pub fn record_service_event(
        &mut self,
        gtin: &str,
        serial_code: &str,
        kind: ServiceKind,
        note: Option<&str>,
        operator: Option<&str>,
        at: DateTime<Utc>,
        today: NaiveDate,
    ) -> Result<i64, StoreError> {
        let gtin = normalize_gtin(gtin).map_err(StoreError::Invalid)?;
        self.transaction(|tx| {
            let known = tx.serial(&gtin, serial_code)?.is_some()
                || tx.allocated(&gtin, serial_code)?.is_some();
            let mut entry = super::JournalEntry::new(super::EventKind::ServiceEvent, at);
            entry.operator = operator.map(str::to_owned);
            entry.gtin = Some(gtin.clone());
            entry.serial = Some(serial_code.to_owned());
            entry.payload = Some(
                json!({"kind": kind.as_str(), "date": today.format("%Y-%m-%d").to_string(),
                       "note": note, "serial_known": known})
                .to_string(),
            );
            let seq = tx.append(&entry)?.seq;
            tx.add_service_event(
                &gtin,
                serial_code,
                &ServiceEvent {
                    kind,
                    date: today,
                    note: note.map(str::to_owned),
                    origin: "station".into(),
                    journal_seq: Some(seq),
                },
            )?;
            Ok(seq)
        })
    }

    /// Everything known about one serial: `serial show`.
    pub fn serial_details(
        &self,
        gtin: &str,
        serial_code: &str,
        today: NaiveDate,
    ) -> Result<Value, StoreError> {
        let gtin = normalize_gtin(gtin).map_err(StoreError::Invalid)?;
        let err = |action| move |err| classify(self.path(), action, err);
        let record = serial(self.conn(), &gtin, serial_code).map_err(err("reading a serial"))?;
        let allocation =
            allocated(self.conn(), &gtin, serial_code).map_err(err("reading an allocation"))?;
        let history = service_history(self.conn(), &gtin, serial_code)
            .map_err(err("reading service history"))?;
        if record.is_none() && allocation.is_none() && history.is_empty() {
            return Err(StoreError::NotFound(format!(
                "serial {serial_code} of GTIN {gtin} is not in this station's data: check the \
                 numbers, or sync master data from head office"
            )));
        }
        let product = product(self.conn(), &gtin).map_err(err("reading a product"))?;
        let lot_code = record
            .as_ref()
            .and_then(|record| record.lot.clone())
            .or_else(|| {
                allocation
                    .as_ref()
                    .and_then(|allocation| allocation.lot.clone())
            });
        let lot_record = match &lot_code {
            Some(code) => lot(self.conn(), &gtin, code).map_err(err("reading a lot"))?,
            None => None,
        };
        let warranty = warranty_status(
            record.as_ref().and_then(|record| record.warranty_until),
            product.as_ref().and_then(|product| product.warranty_months),
            lot_record
                .as_ref()
                .and_then(|lot| lot.production_date)
                .or_else(|| {
                    allocation
                        .as_ref()
                        .and_then(|allocation| allocation.at.map(|at| at.date_naive()))
                }),
            today,
        );
        let mut object = Map::new();
        object.insert("gtin".into(), Value::from(gtin.clone()));
        object.insert("serial".into(), Value::from(serial_code));
        object.insert(
            "status".into(),
            Value::from(match (&record, &allocation) {
                (Some(record), _) => record.status.as_str(),
                (None, Some(_)) => "allocated",
                (None, None) => "unknown",
            }),
        );
        object.insert("lot".into(), lot_code.map_or(Value::Null, Value::from));
        object.insert(
            "product".into(),
            product.as_ref().map_or(Value::Null, Product::to_json),
        );
        object.insert("warranty".into(), warranty);
        object.insert(
            "allocation".into(),
            allocation
                .as_ref()
                .map_or(Value::Null, AllocatedSerial::to_json),
        );
        object.insert(
            "service_history".into(),
            Value::Array(history.iter().map(ServiceEvent::to_json).collect()),
        );
        Ok(Value::Object(object))
    }
}

/// Warranty status from the serial's own date, or from the product's warranty months counted
/// from `start` (the lot's production date, or the day the station allocated the serial). The
/// warranty end is the last day covered.
pub fn warranty_status(
    serial_until: Option<NaiveDate>,
    product_months: Option<i64>,
    start: Option<NaiveDate>,
    today: NaiveDate,
) -> Value {
    let (until, source) = match (serial_until, product_months, start) {
        (Some(until), _, _) => (Some(until), "serial"),
        (None, Some(months), Some(start)) => {
            let months = u32::try_from(months).unwrap_or(0);
            let end = start
                .checked_add_months(Months::new(months))
                .and_then(|date| date.pred_opt());
            (end, "product")
        }
        _ => (None, "none"),
    };
    match until {
        Some(until) => json!({
            "status": if today <= until { "under_warranty" } else { "expired" },
            "until": until.format("%Y-%m-%d").to_string(),
            "source": source,
        }),
        None => json!({"status": "unknown", "until": null, "source": source}),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gtin_normalisation() {
        assert_eq!(
            normalize_gtin("9506000134352").as_deref(),
            Ok("09506000134352")
        );
        assert_eq!(
            normalize_gtin("09506000134352").as_deref(),
            Ok("09506000134352")
        );
        assert!(normalize_gtin("09506000134353").is_err());
        assert!(normalize_gtin("0950600013435").is_err());
        assert!(normalize_gtin("abc").is_err());
    }

    #[test]
    fn warranty_from_product_months_ends_the_day_before_the_anniversary() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let value = warranty_status(None, Some(12), Some(day(2025, 3, 1)), day(2026, 2, 28));
        assert_eq!(value["until"], "2026-02-28");
        assert_eq!(value["status"], "under_warranty");
        let value = warranty_status(None, Some(12), Some(day(2025, 3, 1)), day(2026, 3, 1));
        assert_eq!(value["status"], "expired");
        let value = warranty_status(Some(day(2030, 1, 1)), Some(12), None, day(2026, 3, 1));
        assert_eq!(value["source"], "serial");
        assert_eq!(
            warranty_status(None, None, None, day(2026, 3, 1))["status"],
            "unknown"
        );
    }
}
