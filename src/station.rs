//! The scan service: the one path every scan takes, whether it comes from `scanstation scan`
//! or from the daemon's device threads.
//!
//! parse → combine with the other barcodes of the same label → look up facts → judge → journal
//! (committed) → return. The verdict is returned only after its journal row is durable, so
//! whatever a caller shows the operator is never lost. Lookups, the verdict and the journal row
//! share one IMMEDIATE transaction: two processes scanning the same SSCC cannot both accept it.
//!
//! Label combining: a logistic label often carries its SSCC and its content (GTIN, count, lot)
//! in separate barcodes. Within `policy.label_window_ms`, a scan that lacks a mandatory partner
//! AI (GS1 `req=`) is combined with the previous scan of the same device (or completes a
//! previous scan that lacked one), as long as no AI has two different values; associations are
//! then checked over the combined label. The combined label, not the single barcode, is judged.

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset, Local, NaiveDate, Utc};
use serde_json::{json, Map, Value};

use crate::gs1::{self, check_associations, Element, ErrorCode, ParseOptions, Parsed};
use crate::store::master::{serial_key, sscc_key};
use crate::store::{
    AllocatedSerial, EventKind, JournalEntry, Lot, Product, SerialRecord, Store, StoreError,
};
use crate::verdict::{self, judge, Facts, Level, Policy, Verdict, Workflow};

/// One scan as delivered by a source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanInput {
    /// The scanned bytes (GS as 0x1D), with or without an AIM symbology identifier.
    pub bytes: Vec<u8>,
    /// The AIM symbology identifier (`]d2`) when the source reports it separately.
    pub symbology: Option<String>,
    pub device: String,
    pub operator: Option<String>,
    pub workflow: Workflow,
    pub at: DateTime<Utc>,
}

/// What a scan led to, after its journal row was committed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanOutcome {
    pub verdict: Verdict,
    pub event_id: String,
    pub seq: i64,
    /// The parse of this scan alone (exactly what `scanstation parse` prints).
    pub parsed: Parsed,
    /// The label that was judged: this scan combined with the earlier barcodes of the same
    /// label (`combined_with`), or the scan alone. A logistic label's SSCC and content read
    /// as separate barcodes are one label here.
    pub label: Parsed,
    pub product: Option<Product>,
    pub lot: Option<Lot>,
    pub serial: Option<SerialRecord>,
    /// The serial when this station allocated it and head office has not sent it yet.
    pub allocated: Option<AllocatedSerial>,
    /// Journal seqs of the earlier barcodes of the same label this scan was combined with.
    pub combined_with: Vec<i64>,
}

impl ScanOutcome {
    /// The `scan --json` object: `{"verdict", "reasons", "event_id", "seq", "parsed",
    /// "product"?, "lot"?, "serial"?}`.
    pub fn to_json(&self) -> Value {
        let mut object = Map::new();
        object.insert("verdict".into(), Value::from(self.verdict.level.as_str()));
        object.insert("reasons".into(), self.verdict.reasons_json());
        object.insert("event_id".into(), Value::from(self.event_id.as_str()));
        object.insert("seq".into(), Value::from(self.seq));
        object.insert("parsed".into(), self.parsed.to_json());
        if let Some(product) = &self.product {
            object.insert("product".into(), product.to_json());
        }
        if let Some(lot) = &self.lot {
            object.insert("lot".into(), lot.to_json());
        }
        if let Some(serial) = &self.serial {
            object.insert("serial".into(), serial.to_json());
        } else if let Some(allocated) = &self.allocated {
            object.insert("serial".into(), allocated.to_json());
        }
        Value::Object(object)
    }
}

/// How the station judges scans.
#[derive(Debug, Clone, Default)]
pub struct StationSettings {
    pub policy: Policy,
    /// Parse options (GS substitutes, ...); `today` is filled in per scan.
    pub parse_options: ParseOptions,
    /// The station's time zone for calendar dates; `None` uses the system's local time.
    pub local_offset: Option<FixedOffset>,
}

/// The barcodes of one label seen so far on one device.
#[derive(Debug, Clone)]
struct LabelBuffer {
    elements: Vec<Element>,
    last_at: DateTime<Utc>,
    seqs: Vec<i64>,
    /// A mandatory partner AI is still missing.
    unresolved: bool,
    /// The label was completed by combining; the next scan starts a new label.
    closed: bool,
}

/// What combining decided for one scan.
struct Combined {
    judged: Parsed,
    with_seqs: Vec<i64>,
    unresolved: bool,
}

/// The scan service. Owns the store; one per station process.
pub struct Station {
    store: Store,
    settings: StationSettings,
    labels: HashMap<String, LabelBuffer>,
}

fn is_association(code: ErrorCode) -> bool {
    matches!(code, ErrorCode::Requisite | ErrorCode::Exclusive)
}

fn conflicts(a: &[Element], b: &[Element]) -> bool {
    a.iter().any(|left| {
        b.iter()
            .any(|right| left.ai == right.ai && left.value != right.value)
    })
}

impl Station {
    pub fn new(store: Store, settings: StationSettings) -> Station {
        Station {
            store,
            settings,
            labels: HashMap::new(),
        }
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn store_mut(&mut self) -> &mut Store {
        &mut self.store
    }

    /// Gives the store back (to reopen it with other settings, or to close it).
    pub fn into_store(self) -> Store {
        self.store
    }

    pub fn settings(&self) -> &StationSettings {
        &self.settings
    }

    /// Replaces the settings (the daemon's SIGHUP reload of the verdict policy).
    pub fn set_settings(&mut self, settings: StationSettings) {
        self.settings = settings;
    }

    /// The station's calendar date at `at`.
    pub fn local_date(&self, at: DateTime<Utc>) -> NaiveDate {
        match self.settings.local_offset {
            Some(offset) => at.with_timezone(&offset).date_naive(),
            None => at.with_timezone(&Local).date_naive(),
        }
    }

    fn combine(&self, device: &str, parsed: &Parsed, at: DateTime<Utc>) -> Combined {
        let missing_partner = parsed
            .errors
            .iter()
            .any(|error| error.code == ErrorCode::Requisite);
        let window_ms = self.settings.policy.label_window_ms;
        let single = Combined {
            judged: parsed.clone(),
            with_seqs: Vec::new(),
            unresolved: missing_partner,
        };
        if window_ms == 0 || parsed.elements.is_empty() {
            return single;
        }
        let Some(buffer) = self.labels.get(device) else {
            return single;
        };
        let elapsed_ms = (at - buffer.last_at).num_milliseconds();
        let within = (0..=i64::try_from(window_ms).unwrap_or(i64::MAX)).contains(&elapsed_ms);
        if !within
            || buffer.closed
            || !(missing_partner || buffer.unresolved)
            || conflicts(&buffer.elements, &parsed.elements)
        {
            return single;
        }
        let mut elements = buffer.elements.clone();
        for element in &parsed.elements {
            if !elements.iter().any(|known| known.ai == element.ai) {
                elements.push(element.clone());
            }
        }
        let associations = check_associations(&elements);
        let unresolved = associations
            .iter()
            .any(|error| error.code == ErrorCode::Requisite);
        let mut errors: Vec<_> = parsed
            .errors
            .iter()
            .filter(|error| !is_association(error.code))
            .cloned()
            .collect();
        errors.extend(associations);
        let judged = Parsed {
            elements,
            errors,
            ..parsed.clone()
        };
        Combined {
            judged,
            with_seqs: buffer.seqs.clone(),
            unresolved,
        }
    }

    /// Parses, judges and journals one scan. Returns only after the journal row is committed.
    pub fn process_scan(&mut self, input: ScanInput) -> Result<ScanOutcome, StoreError> {
        self.process_scan_with_input_problems(input, &[])
    }

    /// [`Station::process_scan`] for a scan the input layer delivered damaged
    /// (`input::Scan::problems`: characters lost between scanner and station). A damaged scan
    /// is journaled as a `malformed` REJECT naming what was lost
    /// ([`verdict::reject_damaged_input`]); it is never combined with other barcodes of a
    /// label, marks nothing as seen and records no pending lot.
    pub fn process_scan_with_input_problems(
        &mut self,
        input: ScanInput,
        input_problems: &[String],
    ) -> Result<ScanOutcome, StoreError> {
        let damaged = !input_problems.is_empty();
        let today = self.local_date(input.at);
        let mut bytes = input.bytes.clone();
        if let Some(symbology) = &input.symbology {
            if !bytes.starts_with(b"]") {
                let mut prefixed = symbology.as_bytes().to_vec();
                prefixed.extend_from_slice(&bytes);
                bytes = prefixed;
            }
        }
        let options = ParseOptions {
            today: Some(today),
            ..self.settings.parse_options.clone()
        };
        let parsed = gs1::parse(&bytes, &options);
        let combined = if damaged {
            Combined {
                judged: parsed.clone(),
                with_seqs: Vec::new(),
                unresolved: false,
            }
        } else {
            self.combine(&input.device, &parsed, input.at)
        };
        let judged = &combined.judged;
        let policy = &self.settings.policy;
        let workflow = input.workflow;
        let gtin = verdict::scanned_gtin(judged).map(str::to_owned);
        let lot_code = judged.get("10").map(str::to_owned);
        let serial_code = judged.get("21").map(str::to_owned);
        let sscc = judged.get("00").map(str::to_owned);
        let master_updated_at = self.store.master_data_version()?.1;
        let with_seqs = combined.with_seqs.clone();
        let not_this_label = |prior: Option<crate::store::PriorScan>| {
            prior.filter(|prior| !with_seqs.contains(&prior.journal_seq))
        };

        let (verdict, appended, facts) = self.store.transaction(|tx| {
            let mut facts = Facts::empty(workflow, today);
            facts.master_updated_at = master_updated_at;
            if let Some(gtin) = &gtin {
                facts.product = tx.product(gtin)?;
                if let Some(lot_code) = &lot_code {
                    facts.lot = tx.lot(gtin, lot_code)?;
                }
                if let Some(serial_code) = &serial_code {
                    facts.serial = tx.serial(gtin, serial_code)?;
                    if facts.serial.is_none() {
                        facts.allocated = tx.allocated(gtin, serial_code)?;
                    }
                    let key = serial_key(gtin, serial_code);
                    match workflow {
                        Workflow::Receiving => {
                            facts.prior_serial_receipt = not_this_label(tx.seen("receiving", &key)?)
                        }
                        Workflow::Line => {
                            facts.prior_line_scan = not_this_label(tx.seen("line", &key)?)
                        }
                        Workflow::Lookup => {}
                    }
                }
                // A scan without AI 10 still belongs to the lot of its known serial.
                if facts.lot.is_none() && lot_code.is_none() {
                    let cached_lot = facts.serial.as_ref().and_then(|serial| serial.lot.clone());
                    if let Some(cached_lot) = cached_lot {
                        facts.lot = tx.lot(gtin, &cached_lot)?;
                    }
                }
            }
            if let (Some(sscc), Workflow::Receiving) = (&sscc, workflow) {
                facts.prior_sscc_receipt = not_this_label(tx.seen("receiving", &sscc_key(sscc))?);
            }
            let verdict = verdict::reject_damaged_input(
                judge(judged, &facts, policy, input.at),
                input_problems,
            );

            let mut entry = JournalEntry::new(EventKind::Scan, input.at);
            entry.device = Some(input.device.clone());
            entry.operator = input.operator.clone();
            entry.workflow = Some(workflow.as_str().to_owned());
            entry.raw = Some(bytes.clone());
            entry.parsed = Some(parsed.to_json().to_string());
            entry.verdict = Some(verdict.level.as_str().to_owned());
            entry.reasons = Some(verdict.reasons_json().to_string());
            entry.gtin = gtin.clone();
            entry.lot = lot_code
                .clone()
                .or_else(|| facts.lot.as_ref().map(|lot| lot.lot.clone()));
            entry.serial = serial_code.clone();
            entry.sscc = sscc.clone();
            let mut payload = Map::new();
            if !with_seqs.is_empty() {
                payload.insert("combined_with".into(), json!(with_seqs));
                payload.insert(
                    "label".into(),
                    Value::Array(judged.elements.iter().map(Element::to_json).collect()),
                );
            }
            if let Some(lot) = &facts.lot {
                payload.insert("lot_status".into(), Value::from(lot.status.as_str()));
            }
            if !payload.is_empty() {
                entry.payload = Some(Value::Object(payload).to_string());
            }
            let appended = tx.append(&entry)?;

            let let_through = verdict.level != Level::Reject;
            let key_workflow = match workflow {
                Workflow::Receiving => Some("receiving"),
                Workflow::Line => Some("line"),
                Workflow::Lookup => None,
            };
            if let (Some(key_workflow), true) = (key_workflow, let_through) {
                let device = Some(input.device.as_str());
                let operator = input.operator.as_deref();
                if let (Some(gtin), Some(serial_code)) = (&gtin, &serial_code) {
                    tx.mark_seen(
                        key_workflow,
                        &serial_key(gtin, serial_code),
                        appended.seq,
                        input.at,
                        device,
                        operator,
                    )?;
                }
                if let (Some(sscc), Workflow::Receiving) = (&sscc, workflow) {
                    tx.mark_seen(
                        "receiving",
                        &sscc_key(sscc),
                        appended.seq,
                        input.at,
                        device,
                        operator,
                    )?;
                }
            }
            let readable = !damaged
                && judged
                    .errors
                    .iter()
                    .all(|error| error.code == ErrorCode::Requisite);
            if let (Some(gtin), Some(lot_code), None, true) =
                (&gtin, &lot_code, &facts.lot, readable)
            {
                tx.note_pending_lot(gtin, lot_code, appended.seq, input.at)?;
            }
            Ok((verdict, appended, facts))
        })?;

        if damaged {
            self.labels.remove(&input.device);
        } else {
            self.remember_label(&input.device, &parsed, &combined, appended.seq, input.at);
        }
        let label = combined.judged.clone();
        log::debug!(
            device = input.device.as_str(), seq = appended.seq, verdict = verdict.level.as_str();
            "scan judged"
        );
        Ok(ScanOutcome {
            verdict,
            event_id: appended.event_id,
            seq: appended.seq,
            parsed,
            label,
            product: facts.product,
            lot: facts.lot,
            serial: facts.serial,
            allocated: facts.allocated,
            combined_with: combined.with_seqs,
        })
    }

    fn remember_label(
        &mut self,
        device: &str,
        parsed: &Parsed,
        combined: &Combined,
        seq: i64,
        at: DateTime<Utc>,
    ) {
        if self.settings.policy.label_window_ms == 0 || parsed.elements.is_empty() {
            self.labels.remove(device);
            return;
        }
        let buffer = if combined.with_seqs.is_empty() {
            LabelBuffer {
                elements: parsed.elements.clone(),
                last_at: at,
                seqs: vec![seq],
                unresolved: combined.unresolved,
                closed: false,
            }
        } else {
            let mut seqs = combined.with_seqs.clone();
            seqs.push(seq);
            LabelBuffer {
                elements: combined.judged.elements.clone(),
                last_at: at,
                seqs,
                unresolved: combined.unresolved,
                closed: !combined.unresolved,
            }
        };
        self.labels.insert(device.to_owned(), buffer);
    }
}
