//! The head-office protocol, version 1: every JSON shape and header exchanged between a station
//! and head office, and the conversions between them and store types. This is the only module
//! that knows the head-office JSON (docs/sync-protocol.md describes it for other implementers).
//!
//! A pushed event is a journal row field for field (the row is the sync payload): text fields
//! are sent exactly as stored so that head office can recompute the row's hash and check the
//! chain; the raw scan bytes travel as lowercase hex. Master-data changes carry one record each,
//! with the station's import column names as keys.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use serde_json::Value;

use crate::store::allocate::{is_cset82, MAX_GS1_TEXT};
use crate::store::master::normalize_gtin;
use crate::store::sync_state::{check_block_pattern, BlockLease, MasterRecord};
use crate::store::{JournalRow, Lot, LotStatus, Product, SerialRecord, SerialStatus, Tracking};

/// The protocol version this build speaks.
pub const PROTOCOL_VERSION: u32 = 1;
/// Request and response header carrying the protocol version.
pub const PROTOCOL_HEADER: &str = "X-Scanstation-Protocol";
/// Request header naming the station (must match the bearer token's station).
pub const STATION_HEADER: &str = "X-Scanstation-Station";
/// Request header of a push batch; a replay with the same key gets the stored answer.
pub const IDEMPOTENCY_HEADER: &str = "Idempotency-Key";
/// `POST`: push a batch of journal rows.
pub const EVENTS_PATH: &str = "/v1/events";
/// `GET ?after=CURSOR&limit=N`: master-data changes for this station.
pub const CHANGES_PATH: &str = "/v1/changes";
/// Error code of an answer to a request with another protocol version.
pub const PROTOCOL_MISMATCH: &str = "protocol_mismatch";
/// Error code (HTTP 409) of a push whose `Idempotency-Key` head office holds for a batch with
/// other content: final, a retry can never succeed.
pub const IDEMPOTENCY_KEY_REUSED: &str = "idempotency_key_reused";

/// One journal row on the wire.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WireEvent {
    pub seq: i64,
    pub event_id: String,
    pub format_version: i64,
    pub kind: String,
    pub at: String,
    pub station: String,
    pub device: Option<String>,
    pub operator: Option<String>,
    pub workflow: Option<String>,
    /// The scanned bytes, lowercase hex.
    pub raw_hex: Option<String>,
    /// JSON text, exactly as journaled.
    pub parsed: Option<String>,
    pub verdict: Option<String>,
    /// JSON text, exactly as journaled.
    pub reasons: Option<String>,
    pub gtin: Option<String>,
    pub lot: Option<String>,
    pub serial: Option<String>,
    pub sscc: Option<String>,
    pub master_version: Option<String>,
    /// JSON text, exactly as journaled.
    pub payload: Option<String>,
    pub prev_hash: String,
    pub hash: String,
}

impl From<&JournalRow> for WireEvent {
    fn from(row: &JournalRow) -> WireEvent {
        WireEvent {
            seq: row.seq,
            event_id: row.event_id.clone(),
            format_version: row.format_version,
            kind: row.kind.clone(),
            at: row.at.clone(),
            station: row.station.clone(),
            device: row.device.clone(),
            operator: row.operator.clone(),
            workflow: row.workflow.clone(),
            raw_hex: row.raw.as_ref().map(hex::encode),
            parsed: row.parsed.clone(),
            verdict: row.verdict.clone(),
            reasons: row.reasons.clone(),
            gtin: row.gtin.clone(),
            lot: row.lot.clone(),
            serial: row.serial.clone(),
            sscc: row.sscc.clone(),
            master_version: row.master_version.clone(),
            payload: row.payload.clone(),
            prev_hash: row.prev_hash.clone(),
            hash: row.hash.clone(),
        }
    }
}

impl WireEvent {
    /// The journal row this event carries; an error when `raw_hex` is not hex.
    pub fn to_row(&self) -> Result<JournalRow, String> {
        let raw = match &self.raw_hex {
            Some(text) => {
                Some(hex::decode(text).map_err(|err| format!("raw_hex is not hex: {err}"))?)
            }
            None => None,
        };
        Ok(JournalRow {
            seq: self.seq,
            event_id: self.event_id.clone(),
            format_version: self.format_version,
            kind: self.kind.clone(),
            at: self.at.clone(),
            station: self.station.clone(),
            device: self.device.clone(),
            operator: self.operator.clone(),
            workflow: self.workflow.clone(),
            raw,
            parsed: self.parsed.clone(),
            verdict: self.verdict.clone(),
            reasons: self.reasons.clone(),
            gtin: self.gtin.clone(),
            lot: self.lot.clone(),
            serial: self.serial.clone(),
            sscc: self.sscc.clone(),
            master_version: self.master_version.clone(),
            payload: self.payload.clone(),
            prev_hash: self.prev_hash.clone(),
            hash: self.hash.clone(),
        })
    }
}

/// Body of `POST /v1/events`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushRequest {
    pub station: String,
    pub events: Vec<WireEvent>,
}

/// Head office's answer for one event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EventStatus {
    /// Stored now.
    Accepted,
    /// Already stored by an earlier push.
    Duplicate,
    /// Not accepted: see `reason`; final unless `retry` is set.
    Rejected,
}

impl EventStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            EventStatus::Accepted => "accepted",
            EventStatus::Duplicate => "duplicate",
            EventStatus::Rejected => "rejected",
        }
    }
}

/// One entry of a push answer, in the order of the request's events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventResult {
    pub seq: i64,
    pub event_id: String,
    pub status: EventStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Set on a rejection the station must retry later (e.g. `gap`: earlier events missing).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub retry: bool,
}

/// Body of the answer to `POST /v1/events`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PushResponse {
    /// The request's `Idempotency-Key`, echoed so that a station can tell a stale answer.
    pub idempotency_key: String,
    pub results: Vec<EventResult>,
    /// The next seq head office expects from this station after this batch.
    pub expected_seq: i64,
    /// True when this is the stored answer to an earlier request with the same key and body
    /// (the station timed out or was killed before it heard it). The events that request
    /// stored are answered `duplicate` here, so that a station counts each event once.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub replayed: bool,
}

/// One master-data change on the wire; `data` is kept as received.
#[derive(Debug, Deserialize)]
pub struct WireChange {
    pub cursor: i64,
    pub kind: String,
    pub data: Box<RawValue>,
}

/// Body of the answer to `GET /v1/changes`.
#[derive(Debug, Deserialize)]
pub struct ChangesPage {
    pub changes: Vec<WireChange>,
    /// Where the next page starts (`after=next_cursor`).
    pub next_cursor: i64,
    /// More changes wait after this page.
    pub more: bool,
}

/// Body of every error answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// A stable code: `protocol_mismatch`, `unauthorized`, `bad_request`,
    /// `idempotency_key_reused`, `internal`.
    pub error: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub supported_protocol: Option<u32>,
}

/// Key of a push batch: station, seq range and the last row's hash, so that a retry of the same
/// rows uses the same key and a different batch never does.
pub fn idempotency_key(station: &str, events: &[WireEvent]) -> String {
    match (events.first(), events.last()) {
        (Some(first), Some(last)) => {
            let short = last.hash.get(..16).unwrap_or(&last.hash);
            format!("{station}:{}-{}:{short}", first.seq, last.seq)
        }
        _ => format!("{station}:empty"),
    }
}

// ---------------------------------------------------------------------------------------------
// Master data on the wire.

/// A product change (`kind: "product"`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductData {
    pub gtin: String,
    pub name: String,
    #[serde(default)]
    pub tracking: Option<String>,
    #[serde(default)]
    pub shelf_life_days: Option<i64>,
    #[serde(default)]
    pub warranty_months: Option<i64>,
    #[serde(default)]
    pub net_weight_kg: Option<String>,
}

/// A lot change (`kind: "lot"`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LotData {
    pub gtin: String,
    pub lot: String,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub reason: Option<String>,
    #[serde(default)]
    pub reference: Option<String>,
    #[serde(default)]
    pub production_date: Option<String>,
    #[serde(default)]
    pub expiry_date: Option<String>,
    #[serde(default)]
    pub quantity: Option<i64>,
}

/// A serial change (`kind: "serial"`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SerialData {
    pub gtin: String,
    pub serial: String,
    #[serde(default)]
    pub lot: Option<String>,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub warranty_until: Option<String>,
}

/// A serial block leased to the receiving station (`kind: "serial_block"`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlockData {
    pub reference: String,
    pub gtin: String,
    #[serde(default)]
    pub lot: Option<String>,
    pub pattern: String,
    pub first: i64,
    pub last: i64,
}

fn gs1_text(field: &str, value: &str) -> Result<String, String> {
    if value.is_empty() || value.len() > MAX_GS1_TEXT || !value.chars().all(is_cset82) {
        return Err(format!(
            "{field} {value:?} is not valid GS1 text (1 to 20 characters of CSET 82)"
        ));
    }
    Ok(value.to_owned())
}

fn date(field: &str, value: Option<&str>) -> Result<Option<NaiveDate>, String> {
    match value.map(str::trim).filter(|text| !text.is_empty()) {
        None => Ok(None),
        Some(text) => NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| format!("{field} {text:?} is not a date YYYY-MM-DD")),
    }
}

fn non_negative(field: &str, value: Option<i64>) -> Result<Option<i64>, String> {
    match value {
        Some(number) if number < 0 => Err(format!("{field} {number} is negative")),
        other => Ok(other),
    }
}

fn choice<T: std::str::FromStr<Err = String>>(
    field: &str,
    value: Option<&str>,
    default: T,
) -> Result<T, String> {
    match value.map(str::trim).filter(|text| !text.is_empty()) {
        None => Ok(default),
        Some(text) => text
            .parse()
            .map_err(|message| format!("{field}: {message}")),
    }
}

fn date_text(date: Option<NaiveDate>) -> Option<String> {
    date.map(|date| date.format("%Y-%m-%d").to_string())
}

impl ProductData {
    pub fn check(&self) -> Result<Product, String> {
        let name = self.name.trim();
        if name.is_empty() {
            return Err("name is empty".into());
        }
        if let Some(weight) = &self.net_weight_kg {
            let (whole, fraction) = weight.split_once('.').unwrap_or((weight, ""));
            let digits = |part: &str| part.bytes().all(|byte| byte.is_ascii_digit());
            if whole.is_empty()
                || !digits(whole)
                || !digits(fraction)
                || (weight.contains('.') && fraction.is_empty())
            {
                return Err(format!(
                    "net_weight_kg {weight:?} is not a decimal number like 12.5"
                ));
            }
        }
        Ok(Product {
            gtin: normalize_gtin(&self.gtin)?,
            name: name.to_owned(),
            tracking: choice("tracking", self.tracking.as_deref(), Tracking::None)?,
            shelf_life_days: non_negative("shelf_life_days", self.shelf_life_days)?,
            warranty_months: non_negative("warranty_months", self.warranty_months)?,
            net_weight_kg: self.net_weight_kg.clone(),
        })
    }

    pub fn from_product(product: &Product) -> ProductData {
        ProductData {
            gtin: product.gtin.clone(),
            name: product.name.clone(),
            tracking: Some(product.tracking.as_str().to_owned()),
            shelf_life_days: product.shelf_life_days,
            warranty_months: product.warranty_months,
            net_weight_kg: product.net_weight_kg.clone(),
        }
    }
}

impl LotData {
    pub fn check(&self) -> Result<Lot, String> {
        let production_date = date("production_date", self.production_date.as_deref())?;
        let expiry_date = date("expiry_date", self.expiry_date.as_deref())?;
        if let (Some(production), Some(expiry)) = (production_date, expiry_date) {
            if expiry < production {
                return Err(format!(
                    "expiry_date {expiry} is before the production date {production}"
                ));
            }
        }
        Ok(Lot {
            gtin: normalize_gtin(&self.gtin)?,
            lot: gs1_text("lot", &self.lot)?,
            status: choice("status", self.status.as_deref(), LotStatus::Released)?,
            reason: self.reason.clone().filter(|text| !text.trim().is_empty()),
            reference: self
                .reference
                .clone()
                .filter(|text| !text.trim().is_empty()),
            production_date,
            expiry_date,
            quantity: non_negative("quantity", self.quantity)?,
            origin: "head_office".into(),
            status_changed_at: None,
        })
    }

    pub fn from_lot(lot: &Lot) -> LotData {
        LotData {
            gtin: lot.gtin.clone(),
            lot: lot.lot.clone(),
            status: Some(lot.status.as_str().to_owned()),
            reason: lot.reason.clone(),
            reference: lot.reference.clone(),
            production_date: date_text(lot.production_date),
            expiry_date: date_text(lot.expiry_date),
            quantity: lot.quantity,
        }
    }
}

impl SerialData {
    pub fn check(&self) -> Result<SerialRecord, String> {
        Ok(SerialRecord {
            gtin: normalize_gtin(&self.gtin)?,
            serial: gs1_text("serial", &self.serial)?,
            lot: match self
                .lot
                .as_deref()
                .map(str::trim)
                .filter(|text| !text.is_empty())
            {
                Some(lot) => Some(gs1_text("lot", lot)?),
                None => None,
            },
            status: choice("status", self.status.as_deref(), SerialStatus::InStock)?,
            warranty_until: date("warranty_until", self.warranty_until.as_deref())?,
        })
    }

    pub fn from_serial(serial: &SerialRecord) -> SerialData {
        SerialData {
            gtin: serial.gtin.clone(),
            serial: serial.serial.clone(),
            lot: serial.lot.clone(),
            status: Some(serial.status.as_str().to_owned()),
            warranty_until: date_text(serial.warranty_until),
        }
    }
}

impl BlockData {
    pub fn check(&self) -> Result<BlockLease, String> {
        if self.reference.trim().is_empty() {
            return Err("reference is empty".into());
        }
        check_block_pattern(&self.pattern).map_err(|message| format!("pattern: {message}"))?;
        if self.first < 0 || self.first > self.last {
            return Err(format!(
                "serial block range {}..={} is empty or negative",
                self.first, self.last
            ));
        }
        Ok(BlockLease {
            reference: self.reference.clone(),
            gtin: normalize_gtin(&self.gtin)?,
            lot: match self.lot.as_deref().filter(|text| !text.is_empty()) {
                Some(lot) => Some(gs1_text("lot", lot)?),
                None => None,
            },
            pattern: self.pattern.clone(),
            first_value: self.first,
            last_value: self.last,
        })
    }

    pub fn from_lease(block: &BlockLease) -> BlockData {
        BlockData {
            reference: block.reference.clone(),
            gtin: block.gtin.clone(),
            lot: block.lot.clone(),
            pattern: block.pattern.clone(),
            first: block.first_value,
            last: block.last_value,
        }
    }
}

fn parse_data<T: serde::de::DeserializeOwned>(kind: &str, data: &str) -> Result<T, String> {
    serde_json::from_str(data).map_err(|err| format!("{kind} data is not valid: {err}"))
}

/// Decodes and checks one change's data (JSON text) of `kind`.
pub fn decode_change(kind: &str, data: &str) -> Result<MasterRecord, String> {
    match kind {
        "product" => parse_data::<ProductData>(kind, data)?
            .check()
            .map(MasterRecord::Product),
        "lot" => parse_data::<LotData>(kind, data)?
            .check()
            .map(MasterRecord::Lot),
        "serial" => parse_data::<SerialData>(kind, data)?
            .check()
            .map(MasterRecord::Serial),
        "serial_block" => parse_data::<BlockData>(kind, data)?
            .check()
            .map(MasterRecord::Block),
        other => Err(format!("unknown change kind {other:?}")),
    }
}

/// The change kind and data object of a record (head office writes its change log with this).
pub fn encode_record(record: &MasterRecord) -> (&'static str, Value) {
    let (kind, value) = match record {
        MasterRecord::Product(product) => (
            "product",
            serde_json::to_value(ProductData::from_product(product)),
        ),
        MasterRecord::Lot(lot) => ("lot", serde_json::to_value(LotData::from_lot(lot))),
        MasterRecord::Serial(serial) => (
            "serial",
            serde_json::to_value(SerialData::from_serial(serial)),
        ),
        MasterRecord::Block(block) => (
            "serial_block",
            serde_json::to_value(BlockData::from_lease(block)),
        ),
    };
    // Serialising these plain structs cannot fail (no maps with non-string keys, no floats).
    (kind, value.unwrap_or(Value::Null))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_checks_every_kind() {
        let ok = decode_change("product", r#"{"gtin":"9506000134352","name":"Tea"}"#).unwrap();
        let MasterRecord::Product(product) = ok else {
            panic!("not a product")
        };
        assert_eq!(product.gtin, "09506000134352");
        assert!(
            decode_change("product", r#"{"gtin":"09506000134353","name":"Tea"}"#)
                .unwrap_err()
                .contains("check digit")
        );
        assert!(decode_change(
            "lot",
            r#"{"gtin":"09506000134352","lot":"A","status":"gone"}"#
        )
        .unwrap_err()
        .contains("status"));
        assert!(decode_change("serial", r#"{"gtin":"09506000134352","serial":""}"#).is_err());
        assert!(decode_change(
            "serial_block",
            r#"{"reference":"B1","gtin":"09506000134352","pattern":"X{seq:6}","first":5,"last":1}"#
        )
        .unwrap_err()
        .contains("empty"));
        assert!(decode_change("pallet", "{}")
            .unwrap_err()
            .contains("unknown"));
        assert!(decode_change("lot", "not json")
            .unwrap_err()
            .contains("not valid"));
    }

    #[test]
    fn records_round_trip_through_the_wire() {
        let data = r#"{"gtin":"09506000134352","lot":"L1","status":"recalled","reason":"salmonella","expiry_date":"2027-01-31"}"#;
        let record = decode_change("lot", data).unwrap();
        let (kind, value) = encode_record(&record);
        assert_eq!(kind, "lot");
        assert_eq!(decode_change(kind, &value.to_string()).unwrap(), record);
    }

    #[test]
    fn idempotency_key_names_the_rows() {
        let row = |seq: i64, hash: &str| WireEvent {
            seq,
            event_id: format!("e{seq}"),
            format_version: 1,
            kind: "scan".into(),
            at: "2026-03-01T06:00:00.000000Z".into(),
            station: "S1".into(),
            device: None,
            operator: None,
            workflow: None,
            raw_hex: Some("0102".into()),
            parsed: None,
            verdict: None,
            reasons: None,
            gtin: None,
            lot: None,
            serial: None,
            sscc: None,
            master_version: None,
            payload: None,
            prev_hash: "0".repeat(64),
            hash: hash.to_owned(),
        };
        let events = vec![row(3, &"a".repeat(64)), row(4, &"b".repeat(64))];
        assert_eq!(
            idempotency_key("S1", &events),
            format!("S1:3-4:{}", "b".repeat(16))
        );
        assert_eq!(events[0].to_row().unwrap().raw, Some(vec![1, 2]));
    }
}
