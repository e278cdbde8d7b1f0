//! The line workflow's state: the active product and lot that serial labels are printed
//! for, set by scanning a product/work-order barcode at the line, by `scanstation line set`
//! (through the station database, `store::line_state`), or by `[line] gtin`/`lot` of the
//! configuration; and the preparation of each serial label.

use chrono::{DateTime, NaiveDate, Utc};

use crate::config::Config;
use crate::label::{self, png, zpl, FieldValues, Template};
use crate::printer::{PrinterConfig, TransportKind};
use crate::station::ScanOutcome;
use crate::store::allocate::AllocationRequest;
use crate::store::{LineControl, Lot, LotStatus, SerialPattern, Store};
use crate::verdict::Level;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineState {
    gtin: Option<String>,
    lot: Option<String>,
    /// The stored line state's revision this reflects (0: nothing stored).
    revision: i64,
    /// Labels printed since the product or lot became active.
    pub printed: u64,
}

impl LineState {
    pub fn new(gtin: Option<String>, lot: Option<String>) -> LineState {
        LineState {
            gtin,
            lot,
            revision: 0,
            printed: 0,
        }
    }

    /// The state stored in the station database.
    pub fn from_control(control: &LineControl) -> LineState {
        LineState {
            gtin: control.gtin.clone(),
            lot: control.gtin.as_ref().and(control.lot.clone()),
            revision: control.revision,
            printed: 0,
        }
    }

    /// The active product and lot.
    pub fn active(&self) -> Option<(&str, Option<&str>)> {
        self.gtin.as_deref().map(|gtin| (gtin, self.lot.as_deref()))
    }

    /// The stored revision this state reflects.
    pub fn revision(&self) -> i64 {
        self.revision
    }

    pub fn set_revision(&mut self, revision: i64) {
        self.revision = revision;
    }

    /// Makes `gtin`/`lot` active (`None`: no product). The printed count starts again when
    /// the product or lot changes.
    pub fn set(&mut self, gtin: Option<String>, lot: Option<String>) {
        let lot = gtin.as_ref().and(lot);
        if self.gtin != gtin || self.lot != lot {
            self.printed = 0;
        }
        self.gtin = gtin;
        self.lot = lot;
    }

    /// A product barcode without a serial (a GTIN, or GTIN + lot, e.g. from the work order)
    /// that was not rejected makes that product and lot active: a recalled, expired or
    /// unreadable work order does not. Returns true when it did.
    pub fn observe(&mut self, outcome: &ScanOutcome) -> bool {
        let parsed = &outcome.parsed;
        if !parsed.is_valid()
            || parsed.get("21").is_some()
            || outcome.verdict.level == Level::Reject
        {
            return false;
        }
        let Some(gtin) = parsed.get("01") else {
            return false;
        };
        self.set(Some(gtin.to_owned()), parsed.get("10").map(str::to_owned));
        true
    }
}

/// Why no line labels may be printed for this lot, or `None` when they may: the lot is not
/// released (recalled, quarantined, blocked), or its expiry date is before `today`. A lot
/// the station does not know is not refused (labels for a new lot may come before head
/// office sends it). Shared by label preparation and `scanstation line set`.
pub fn line_refusal(lot: Option<&Lot>, today: NaiveDate) -> Option<String> {
    let record = lot?;
    if record.status != LotStatus::Released {
        return Some(format!(
            "lot {} of {} is {}{}: no labels are printed for it",
            record.lot,
            record.gtin,
            record.status.as_str(),
            record
                .reason
                .as_deref()
                .map(|reason| format!(" ({reason})"))
                .unwrap_or_default()
        ));
    }
    match record.expiry_date {
        Some(expiry) if expiry < today => Some(format!(
            "lot {} of {} expired on {expiry}: no labels are printed for it (they would carry a past expiry date)",
            record.lot, record.gtin
        )),
        _ => None,
    }
}

/// What a printed line label carries, kept to check the operator's verification scan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrintedLabel {
    pub job_id: i64,
    pub printer: String,
    pub gtin: String,
    pub lot: Option<String>,
    pub serial: String,
    /// Expiry as GS1 YYMMDD (AI 17), when the label carries one.
    pub expiry: Option<String>,
}

impl PrintedLabel {
    /// The differences between this label and a scan of it (empty when it matches).
    pub fn mismatches(&self, outcome: &ScanOutcome) -> Vec<String> {
        let parsed = &outcome.parsed;
        let mut problems = Vec::new();
        if !parsed.is_valid() {
            problems.push("the scan is not valid GS1 data".to_owned());
        }
        let expected = [
            ("01", Some(self.gtin.as_str())),
            ("10", self.lot.as_deref()),
            ("21", Some(self.serial.as_str())),
            ("17", self.expiry.as_deref()),
        ];
        for (ai, want) in expected {
            let got = parsed.get(ai);
            if got != want {
                problems.push(format!(
                    "({ai}) is {} but the label was printed with {}",
                    got.unwrap_or("missing"),
                    want.unwrap_or("nothing")
                ));
            }
        }
        problems
    }
}

/// The line workflow's label printing: the template (loaded once at start) and how serials
/// are allocated. [`LineLabels::prepare`] turns the active product and lot into a queued job.
pub struct LineLabels {
    template: Template,
    standalone: Option<SerialPattern>,
}

/// Who asked for a label, and when.
#[derive(Debug, Clone, Copy)]
pub struct Trigger<'a> {
    pub device: Option<&'a str>,
    pub operator: Option<&'a str>,
    pub now: DateTime<Utc>,
    /// The station's calendar date at `now`.
    pub today: NaiveDate,
}

/// A label ready to queue: the ZPL (setup block + one format) and its data.
pub struct PreparedLabel {
    pub label: PrintedLabel,
    pub template: String,
    pub fields_json: String,
    pub payload: Vec<u8>,
    pub png: Option<Vec<u8>>,
}

/// The serial label template shipped in `labels/`, used by the embedded demo when no
/// `labels/` folder is beside it.
const EMBEDDED_SERIAL_TEMPLATE: &str = include_str!("../../labels/serial.toml");

impl LineLabels {
    /// Loads `[line] template`. `None` (with a warning) when the station has no printer.
    pub fn load(config: &Config) -> Result<Option<LineLabels>, String> {
        if config.line_printer().is_none() {
            return Ok(None);
        }
        let path = config.line_template_path();
        let template = match Template::load(&path) {
            Ok(template) => template,
            Err(_) if config.path.is_none() && !path.exists() => {
                Template::parse(EMBEDDED_SERIAL_TEMPLATE, "serial")
                    .map_err(|err| err.to_string())?
            }
            Err(err) => return Err(format!("line.template {}: {err}", path.display())),
        };
        for required in ["gtin", "serial"] {
            if !template.fields().any(|(name, _)| name == required) {
                return Err(format!(
                    "line.template {}: a line label needs a {{{required}}} field",
                    path.display()
                ));
            }
        }
        let standalone = config
            .store
            .standalone_serial_pattern
            .as_deref()
            .map(SerialPattern::parse_standalone)
            .transpose()
            .map_err(|err| format!("store.standalone_serial_pattern: {err}"))?;
        Ok(Some(LineLabels {
            template,
            standalone,
        }))
    }

    /// Allocates the next serial for the active product and lot (committed and journaled)
    /// and renders its label for `printer`. Errors are messages for the operator.
    pub fn prepare(
        &self,
        store: &mut Store,
        line: &LineState,
        expiry_days: Option<u32>,
        printer: &PrinterConfig,
        trigger: &Trigger<'_>,
    ) -> Result<PreparedLabel, String> {
        let Trigger {
            device,
            operator,
            now,
            today,
        } = *trigger;
        let Some((gtin, lot)) = line.active() else {
            return Err("no product is active: scan the work order's product barcode (GTIN + lot) in the line workflow, or run `scanstation line set --gtin G --lot L`".into());
        };
        let needs = |field: &str| self.template.fields().any(|(name, _)| name == field);
        if needs("lot") && lot.is_none() {
            return Err(format!("product {gtin} is active without a lot, but the label needs one: scan the work order's GTIN + lot barcode"));
        }
        printer.check_fits(self.template.name(), self.template.size_mm())?;
        let product = store.product(gtin).map_err(|err| err.to_string())?;
        let lot_record = match lot {
            Some(lot) => store.lot(gtin, lot).map_err(|err| err.to_string())?,
            None => None,
        };
        if let Some(refusal) = line_refusal(lot_record.as_ref(), today) {
            return Err(refusal);
        }
        let expiry = lot_record
            .as_ref()
            .and_then(|record| record.expiry_date)
            .or_else(|| {
                let days = product
                    .as_ref()
                    .and_then(|product| product.shelf_life_days)?;
                crate::store::allocate::expiry_from_shelf_life(today, days)
            })
            .or_else(|| today.checked_add_signed(chrono::Duration::days(i64::from(expiry_days?))));
        if needs("expiry") && expiry.is_none() {
            return Err(format!("no expiry for {gtin}: the lot has no expiry date, the product no shelf life, and [line] expiry_days is not set"));
        }
        let allocation = store
            .allocate_serials(&AllocationRequest {
                gtin,
                lot,
                count: 1,
                device,
                operator,
                at: now,
                today,
                standalone: self.standalone.as_ref(),
            })
            .map_err(|err| format!("no serial allocated: {err}"))?;
        let Some(serial) = allocation.serials.first().cloned() else {
            return Err("no serial allocated".into());
        };
        let mut values = FieldValues::new();
        let mut offer = |name: &str, value: Option<String>| {
            if let Some(value) = value.filter(|_| needs(name)) {
                values.set(name, &value);
            }
        };
        offer("gtin", Some(gtin.to_owned()));
        offer("lot", lot.map(str::to_owned));
        offer("serial", Some(serial.clone()));
        offer("expiry", expiry.map(|date| date.to_string()));
        offer(
            "production",
            lot_record
                .as_ref()
                .and_then(|record| record.production_date)
                .or(Some(today))
                .map(|date| date.to_string()),
        );
        offer(
            "product_name",
            product.as_ref().map(|product| product.name.clone()),
        );
        offer(
            "weight_kg",
            product
                .as_ref()
                .and_then(|product| product.net_weight_kg.clone()),
        );
        // The serial is allocated and journaled: from here on a failure must say which
        // serial it burned, so the operator can trace the gap.
        let burned = |err: String| {
            format!("serial {serial} was allocated but its label cannot be made: {err}")
        };
        let rendered = render(&self.template, &values, printer).map_err(burned)?;
        Ok(PreparedLabel {
            label: PrintedLabel {
                job_id: 0,
                printer: printer.name.clone(),
                gtin: gtin.to_owned(),
                lot: lot.filter(|_| needs("lot")).map(str::to_owned),
                serial,
                expiry: expiry
                    .filter(|_| needs("expiry"))
                    .map(|date| date.format("%y%m%d").to_string()),
            },
            template: self.template.name().to_owned(),
            fields_json: rendered.fields_json,
            payload: rendered.payload,
            png: rendered.png,
        })
    }
}

/// A label rendered for one printer: the ZPL job (setup block + one format), a PNG preview
/// for folder printers, and the field values as JSON (kept with the job for reprints).
pub struct Rendered {
    pub payload: Vec<u8>,
    pub png: Option<Vec<u8>>,
    pub fields_json: String,
}

/// Lays out `template` with `values` at the printer's resolution and renders it.
pub fn render(
    template: &Template,
    values: &FieldValues,
    printer: &PrinterConfig,
) -> Result<Rendered, String> {
    printer.check_fits(template.name(), template.size_mm())?;
    let laid_out =
        label::layout(template, values, printer.resolution()).map_err(|err| err.to_string())?;
    let mut payload = zpl::setup(&laid_out, &printer.media);
    payload.extend(zpl::render(&laid_out, 1).map_err(|err| err.to_string())?);
    let png = match printer.transport {
        TransportKind::File => Some(png::render(&laid_out).map_err(|err| err.to_string())?),
        _ => None,
    };
    let fields_json = serde_json::Value::Object(
        values
            .iter()
            .map(|(name, value)| (name.to_owned(), serde_json::Value::from(value)))
            .collect(),
    )
    .to_string();
    Ok(Rendered {
        payload,
        png,
        fields_json,
    })
}

/// The receiving workflow's internal pallet label (`[receiving] pallet_label`): printed for
/// an accepted logistic label that carries an SSCC and its content (GTIN and count).
pub struct PalletLabels {
    template: Template,
}

/// The pallet template shipped in `labels/`, for the embedded demo.
const EMBEDDED_PALLET_TEMPLATE: &str = include_str!("../../labels/pallet.toml");

impl PalletLabels {
    /// Loads `[receiving] pallet_template` when `[receiving] pallet_label` is on.
    pub fn load(config: &Config) -> Result<Option<PalletLabels>, String> {
        if !config.receiving.pallet_label {
            return Ok(None);
        }
        let path = config
            .station
            .labels_dir
            .join(&config.receiving.pallet_template);
        let template = match Template::load(&path) {
            Ok(template) => template,
            Err(_) if config.path.is_none() && !path.exists() => {
                Template::parse(EMBEDDED_PALLET_TEMPLATE, "pallet")
                    .map_err(|err| err.to_string())?
            }
            Err(err) => {
                return Err(format!(
                    "receiving.pallet_template {}: {err}",
                    path.display()
                ))
            }
        };
        Ok(Some(PalletLabels { template }))
    }

    pub fn template(&self) -> &Template {
        &self.template
    }

    /// The field values for an accepted scan, or `None` when its label is not a logistic
    /// label with an SSCC, a content GTIN and a count. The combined label is used, so an SSCC
    /// and its content scanned as separate barcodes give one pallet label.
    pub fn values(
        &self,
        outcome: &ScanOutcome,
        company: &str,
        product_name: Option<&str>,
    ) -> Option<FieldValues> {
        let parsed = &outcome.label;
        let sscc = parsed.get("00")?;
        let gtin = parsed.get("02").or_else(|| parsed.get("01"))?;
        let count = parsed.get("37")?;
        let mut values = FieldValues::new();
        let declared = |name: &str| self.template.fields().any(|(field, _)| field == name);
        for (name, value) in [
            ("sscc", Some(sscc)),
            ("gtin", Some(gtin)),
            ("count", Some(count)),
            ("lot", parsed.get("10")),
            ("company", Some(company).filter(|text| !text.is_empty())),
            ("product_name", product_name),
        ] {
            if let Some(value) = value.filter(|_| declared(name)) {
                values.set(name, value);
            }
        }
        Some(values)
    }
}
