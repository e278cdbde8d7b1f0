//! `scanstation import`: master data from CSV (header row) or NDJSON files with fixed column
//! names, so that any system can produce them.
//!
//! An import is all or nothing: rows are written inside one transaction while they are checked,
//! and a single problem anywhere rolls the whole file back. Every problem names its line and
//! field; up to [`MAX_REPORTED`] are listed so that a file can be fixed in one pass. A
//! successful import is journaled (file name, SHA-256, row count) and counts as a master-data
//! update for the staleness check; a lot whose status it changes gets a `recall_applied` row
//! too, as a pull does.
//!
//! A file may carry only some columns: on a row that exists already, a column the file does
//! not have (a CSV header without it, an NDJSON object without the key) keeps the cached value,
//! so a lots file with quantities only leaves recalls and expiry dates alone; a column that is
//! present but empty (or `null`) clears the value (or sets the default). A new row gets the
//! defaults for absent columns. Lots have no `reference` column: it is kept.

use std::collections::HashMap;
use std::fmt;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use super::allocate::{is_cset82, MAX_GS1_TEXT};
use super::master::normalize_gtin;
use super::{
    EventKind, JournalEntry, Lot, LotStatus, Product, SerialRecord, SerialStatus, Store,
    StoreError, StoreTx, Tracking,
};

/// How many problems an import error lists (the total is always given).
pub const MAX_REPORTED: usize = 50;

/// What a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportKind {
    Products,
    Lots,
    Serials,
}

impl ImportKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ImportKind::Products => "products",
            ImportKind::Lots => "lots",
            ImportKind::Serials => "serials",
        }
    }

    /// The fixed column names, in the documented order.
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            ImportKind::Products => &[
                "gtin",
                "name",
                "tracking",
                "shelf_life_days",
                "warranty_months",
                "net_weight_kg",
            ],
            ImportKind::Lots => &[
                "gtin",
                "lot",
                "status",
                "reason",
                "production_date",
                "expiry_date",
                "quantity",
            ],
            ImportKind::Serials => &["gtin", "serial", "lot", "status", "warranty_until"],
        }
    }

    /// The columns every row must have.
    pub fn required(self) -> &'static [&'static str] {
        match self {
            ImportKind::Products => &["gtin", "name"],
            ImportKind::Lots => &["gtin", "lot"],
            ImportKind::Serials => &["gtin", "serial"],
        }
    }
}

impl std::str::FromStr for ImportKind {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, String> {
        match text {
            "products" => Ok(ImportKind::Products),
            "lots" => Ok(ImportKind::Lots),
            "serials" => Ok(ImportKind::Serials),
            _ => Err(format!("{text:?} is not one of products, lots, serials")),
        }
    }
}

/// One problem in an import file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportProblem {
    /// 1-based line number in the file (0 when the problem is about the whole file).
    pub line: u64,
    pub field: Option<String>,
    pub message: String,
}

impl fmt::Display for ImportProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.field, self.line) {
            (None, 0) => write!(f, "{}", self.message),
            (Some(field), _) => write!(f, "line {}, field {field}: {}", self.line, self.message),
            (None, line) => write!(f, "line {line}: {}", self.message),
        }
    }
}

/// Why an import was refused. Nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(
        "{path}: {total} problem(s), nothing was imported; fix the file and import it again:\n{}{}",
        problems.iter().map(|problem| format!("  {problem}")).collect::<Vec<_>>().join("\n"),
        if *total > problems.len() { format!("\n  ... and {} more", total - problems.len()) } else { String::new() }
    )]
    Invalid {
        path: PathBuf,
        problems: Vec<ImportProblem>,
        total: usize,
    },
    #[error("{path}: cannot read ({source}); nothing was imported")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// The result of a successful import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportSummary {
    pub kind: ImportKind,
    pub rows: u64,
    pub seq: i64,
    pub sha256: String,
}

impl ImportSummary {
    pub fn to_json(&self) -> Value {
        json!({"kind": self.kind.as_str(), "rows": self.rows, "seq": self.seq, "sha256": self.sha256})
    }
}

/// A reader that hashes what passes through and reports progress.
struct HashingReader<'a, R> {
    inner: R,
    hasher: Sha256,
    bytes: u64,
    total: u64,
    progress: Option<&'a mut dyn FnMut(u64, u64)>,
    last_report: u64,
}

impl<R: Read> Read for HashingReader<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let count = self.inner.read(buf)?;
        self.hasher.update(&buf[..count]);
        self.bytes += count as u64;
        if let Some(progress) = self.progress.as_mut() {
            if self.bytes - self.last_report >= 256 * 1024 || count == 0 {
                self.last_report = self.bytes;
                progress(self.bytes, self.total);
            }
        }
        Ok(count)
    }
}

/// Collects problems, keeping the first [`MAX_REPORTED`].
#[derive(Default)]
struct Problems {
    kept: Vec<ImportProblem>,
    total: usize,
}

impl Problems {
    fn push(&mut self, line: u64, field: Option<&str>, message: impl Into<String>) {
        self.total += 1;
        if self.kept.len() < MAX_REPORTED {
            self.kept.push(ImportProblem {
                line,
                field: field.map(str::to_owned),
                message: message.into(),
            });
        }
    }
}

/// One row's values by column index of [`ImportKind::columns`].
type Fields = Vec<Option<String>>;

fn text_value(value: &Option<String>) -> Option<&str> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|text| !text.is_empty())
}

struct RowChecker<'a> {
    kind: ImportKind,
    line: u64,
    fields: &'a Fields,
    problems: &'a mut Problems,
    ok: bool,
}

impl RowChecker<'_> {
    fn index(&self, column: &str) -> usize {
        self.kind
            .columns()
            .iter()
            .position(|name| *name == column)
            .unwrap_or(0)
    }

    fn get(&self, column: &str) -> Option<&str> {
        self.fields.get(self.index(column)).and_then(text_value)
    }

    fn fail(&mut self, column: &str, message: String) {
        self.ok = false;
        self.problems.push(self.line, Some(column), message);
    }

    fn required(&mut self, column: &str) -> Option<String> {
        let value = self.get(column).map(str::to_owned);
        if value.is_none() {
            self.fail(column, "is required and empty".into());
        }
        value
    }

    fn gtin(&mut self) -> Option<String> {
        let text = self.required("gtin")?;
        match normalize_gtin(&text) {
            Ok(gtin) => Some(gtin),
            Err(message) => {
                self.fail("gtin", message);
                None
            }
        }
    }

    fn gs1_text(&mut self, column: &str, required: bool) -> Option<String> {
        let value = if required {
            self.required(column)?
        } else {
            self.get(column)?.to_owned()
        };
        if value.len() > MAX_GS1_TEXT || !value.chars().all(is_cset82) {
            self.fail(
                column,
                format!("{value:?} is not a valid GS1 {column} (up to 20 characters of CSET 82)"),
            );
            return None;
        }
        Some(value)
    }

    fn date(&mut self, column: &str) -> Option<NaiveDate> {
        let text = self.get(column)?.to_owned();
        match NaiveDate::parse_from_str(&text, "%Y-%m-%d") {
            Ok(date) => Some(date),
            Err(_) => {
                self.fail(column, format!("{text:?} is not a date YYYY-MM-DD"));
                None
            }
        }
    }

    fn count(&mut self, column: &str) -> Option<i64> {
        let text = self.get(column)?.to_owned();
        match text.parse::<i64>() {
            Ok(value) if value >= 0 => Some(value),
            _ => {
                self.fail(column, format!("{text:?} is not a whole number >= 0"));
                None
            }
        }
    }

    fn choice<T: std::str::FromStr<Err = String>>(&mut self, column: &str, default: T) -> T {
        match self.get(column).map(str::to_owned) {
            None => default,
            Some(text) => match text.parse() {
                Ok(value) => value,
                Err(message) => {
                    self.fail(column, message);
                    default
                }
            },
        }
    }

    fn decimal(&mut self, column: &str) -> Option<String> {
        let text = self.get(column)?.to_owned();
        let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
        let digits = |part: &str| part.bytes().all(|byte| byte.is_ascii_digit());
        if whole.is_empty()
            || !digits(whole)
            || !digits(fraction)
            || (text.contains('.') && fraction.is_empty())
        {
            self.fail(
                column,
                format!("{text:?} is not a decimal number like 12.5"),
            );
            return None;
        }
        Some(text)
    }
}

/// A checked row, ready to write.
enum Record {
    Product(Product),
    Lot(Lot),
    Serial(SerialRecord),
}

impl Record {
    fn key(&self) -> String {
        match self {
            Record::Product(product) => product.gtin.clone(),
            Record::Lot(lot) => format!("{}\u{1d}{}", lot.gtin, lot.lot),
            Record::Serial(serial) => format!("{}\u{1d}{}", serial.gtin, serial.serial),
        }
    }
}

fn check_row(
    kind: ImportKind,
    line: u64,
    fields: &Fields,
    problems: &mut Problems,
) -> Option<Record> {
    let mut checker = RowChecker {
        kind,
        line,
        fields,
        problems,
        ok: true,
    };
    let gtin = checker.gtin();
    let record = match kind {
        ImportKind::Products => {
            let name = checker.required("name");
            let tracking = checker.choice("tracking", Tracking::None);
            let shelf_life_days = checker.count("shelf_life_days");
            let warranty_months = checker.count("warranty_months");
            let net_weight_kg = checker.decimal("net_weight_kg");
            Record::Product(Product {
                gtin: gtin.unwrap_or_default(),
                name: name.unwrap_or_default(),
                tracking,
                shelf_life_days,
                warranty_months,
                net_weight_kg,
            })
        }
        ImportKind::Lots => {
            let lot = checker.gs1_text("lot", true);
            let status = checker.choice("status", LotStatus::Released);
            let reason = checker.get("reason").map(str::to_owned);
            let production_date = checker.date("production_date");
            let expiry_date = checker.date("expiry_date");
            let quantity = checker.count("quantity");
            if let (Some(production), Some(expiry)) = (production_date, expiry_date) {
                if expiry < production {
                    checker.fail(
                        "expiry_date",
                        format!("{expiry} is before the production date {production}"),
                    );
                }
            }
            Record::Lot(Lot {
                gtin: gtin.unwrap_or_default(),
                lot: lot.unwrap_or_default(),
                status,
                reason,
                reference: None,
                production_date,
                expiry_date,
                quantity,
                origin: "head_office".into(),
                status_changed_at: None,
            })
        }
        ImportKind::Serials => {
            let serial = checker.gs1_text("serial", true);
            let lot = checker.gs1_text("lot", false);
            let status = checker.choice("status", SerialStatus::InStock);
            let warranty_until = checker.date("warranty_until");
            Record::Serial(SerialRecord {
                gtin: gtin.unwrap_or_default(),
                serial: serial.unwrap_or_default(),
                lot,
                status,
                warranty_until,
            })
        }
    };
    checker.ok.then_some(record)
}

/// Maps a header row to column indexes; problems for unknown, repeated or missing columns.
fn map_header(
    kind: ImportKind,
    names: &[String],
    line: u64,
    problems: &mut Problems,
) -> Vec<Option<usize>> {
    let columns = kind.columns();
    let mut mapping = Vec::new();
    let mut seen = vec![false; columns.len()];
    for name in names {
        let name = name.trim();
        match columns.iter().position(|column| *column == name) {
            Some(index) if seen[index] => {
                problems.push(line, Some(name), "column appears twice");
                mapping.push(None);
            }
            Some(index) => {
                seen[index] = true;
                mapping.push(Some(index));
            }
            None => {
                problems.push(
                    line,
                    Some(name),
                    format!(
                        "unknown column for {} (allowed: {})",
                        kind.as_str(),
                        columns.join(", ")
                    ),
                );
                mapping.push(None);
            }
        }
    }
    for required in kind.required() {
        let present = columns
            .iter()
            .position(|column| column == required)
            .is_some_and(|index| seen[index]);
        if !present {
            problems.push(line, Some(required), "required column is missing");
        }
    }
    mapping
}

struct Writer<'t, 'a> {
    tx: &'t StoreTx<'a>,
    kind: ImportKind,
    at: DateTime<Utc>,
    file_name: String,
    keys: HashMap<String, u64>,
    problems: Problems,
    rows: u64,
    /// Lot status changes journaled (`recall_applied`).
    status_changes: u64,
}

impl Writer<'_, '_> {
    fn row(&mut self, line: u64, fields: &Fields) -> Result<(), StoreError> {
        let Some(record) = check_row(self.kind, line, fields, &mut self.problems) else {
            return Ok(());
        };
        if let Some(first_line) = self.keys.insert(record.key(), line) {
            let what = match self.kind {
                ImportKind::Products => "gtin",
                ImportKind::Lots => "lot",
                ImportKind::Serials => "serial",
            };
            self.problems.push(
                line,
                Some(what),
                format!("duplicate key: same {what} as line {first_line}"),
            );
            return Ok(());
        }
        self.rows += 1;
        if self.problems.total > 0 {
            // The file will be refused; keep checking, stop writing.
            return Ok(());
        }
        // A column the file does not have keeps the cached value of an existing row (a
        // partial file updates what it names, nothing else); a new row gets the defaults.
        let columns = self.kind.columns();
        let present = |column: &str| {
            columns
                .iter()
                .position(|name| *name == column)
                .is_some_and(|index| fields.get(index).is_some_and(Option::is_some))
        };
        match &record {
            Record::Product(product) => self.tx.upsert_product_fields(product, &present),
            Record::Lot(lot) => {
                let previous = self.tx.lot(&lot.gtin, &lot.lot)?;
                self.tx.upsert_lot_fields(lot, self.at, &present)?;
                let status = if present("status") || previous.is_none() {
                    lot.status
                } else {
                    previous.as_ref().map_or(lot.status, |old| old.status)
                };
                let changed = match &previous {
                    Some(old) => old.status != status,
                    None => status != LotStatus::Released,
                };
                if changed {
                    self.journal_status_change(lot, status, previous.as_ref(), line)?;
                }
                Ok(())
            }
            Record::Serial(serial) => self.tx.upsert_serial_fields(serial, &present),
        }
    }

    /// Journals a lot status set by the import, as sync does for a pull (`recall_applied`),
    /// so that a recall loaded from a file is on record like one from head office.
    fn journal_status_change(
        &mut self,
        lot: &Lot,
        status: LotStatus,
        previous: Option<&Lot>,
        line: u64,
    ) -> Result<(), StoreError> {
        let stored = self.tx.lot(&lot.gtin, &lot.lot)?;
        let mut entry = JournalEntry::new(EventKind::RecallApplied, self.at);
        entry.gtin = Some(lot.gtin.clone());
        entry.lot = Some(lot.lot.clone());
        entry.payload = Some(
            json!({"status": status.as_str(),
                   "previous_status": previous.map(|old| old.status.as_str()),
                   "reason": stored.as_ref().and_then(|lot| lot.reason.clone()),
                   "reference": stored.as_ref().and_then(|lot| lot.reference.clone()),
                   "import_file": self.file_name, "import_line": line})
            .to_string(),
        );
        super::journal::append(self.tx.sql(), self.tx.station_id(), &entry)
            .map_err(self.tx.err("appending to the journal"))?;
        self.status_changes += 1;
        Ok(())
    }
}

fn is_ndjson(path: &Path, first_byte: Option<u8>) -> bool {
    let extension = path
        .extension()
        .and_then(|ext| ext.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match extension.as_str() {
        "ndjson" | "jsonl" | "json" => true,
        "csv" => false,
        _ => first_byte == Some(b'{'),
    }
}

impl Store {
    /// Imports `path` (CSV with a header row, or NDJSON with the same keys) as `kind`, all or
    /// nothing. `progress(bytes_read, total_bytes)` is called as the file is read.
    pub fn import_file(
        &mut self,
        kind: ImportKind,
        path: &Path,
        at: DateTime<Utc>,
        progress: Option<&mut dyn FnMut(u64, u64)>,
    ) -> Result<ImportSummary, StoreError> {
        let read_error = |source| {
            StoreError::Import(ImportError::Read {
                path: path.to_owned(),
                source,
            })
        };
        let file = std::fs::File::open(path).map_err(read_error)?;
        let total = file.metadata().map(|meta| meta.len()).unwrap_or(0);
        let tracked = HashingReader {
            inner: file,
            hasher: Sha256::new(),
            bytes: 0,
            total,
            progress,
            last_report: 0,
        };
        let mut reader = BufReader::with_capacity(256 * 1024, tracked);
        let first_byte = reader
            .fill_buf()
            .map_err(read_error)?
            .iter()
            .copied()
            .find(|byte| !byte.is_ascii_whitespace() && *byte != 0xEF);
        let ndjson = is_ndjson(path, first_byte);
        let file_name = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        let invalid = |problems: Problems| {
            StoreError::Import(ImportError::Invalid {
                path: path.to_owned(),
                problems: problems.kept,
                total: problems.total,
            })
        };
        self.transaction(|tx| {
            let mut writer = Writer {
                tx,
                kind,
                at,
                file_name: file_name.clone(),
                keys: HashMap::new(),
                problems: Problems::default(),
                rows: 0,
                status_changes: 0,
            };
            if ndjson {
                read_ndjson(&mut reader, &mut writer).map_err(read_error)??;
            } else {
                read_csv(&mut reader, &mut writer)?;
            }
            if writer.rows == 0 && writer.problems.total == 0 {
                writer.problems.push(0, None, "the file holds no rows");
            }
            if writer.problems.total > 0 {
                return Err(invalid(std::mem::take(&mut writer.problems)));
            }
            let rows = writer.rows;
            // Drain what the parser left unread so that the hash covers the whole file.
            std::io::copy(&mut reader, &mut std::io::sink()).map_err(read_error)?;
            let tracked = reader.get_ref();
            let sha256 = hex::encode(tracked.hasher.clone().finalize());
            let mut entry = JournalEntry::new(EventKind::Import, at);
            entry.payload = Some(
                json!({"kind": kind.as_str(), "file": file_name, "sha256": sha256, "rows": rows,
                       "format": if ndjson { "ndjson" } else { "csv" },
                       "lot_status_changes": writer.status_changes})
                .to_string(),
            );
            let appended = tx.append(&entry)?;
            tx.set_master_data_version(&format!("import:{}:{}", kind.as_str(), &sha256[..12]), at)?;
            Ok(ImportSummary {
                kind,
                rows,
                seq: appended.seq,
                sha256,
            })
        })
    }
}

fn read_csv<R: Read>(reader: R, writer: &mut Writer<'_, '_>) -> Result<(), StoreError> {
    let mut csv_reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(reader);
    let header: Vec<String> = match csv_reader.headers() {
        Ok(header) => header
            .iter()
            .map(|name| name.trim_start_matches('\u{feff}').to_owned())
            .collect(),
        Err(err) => {
            writer
                .problems
                .push(1, None, format!("cannot read the header row: {err}"));
            return Ok(());
        }
    };
    let mapping = map_header(writer.kind, &header, 1, &mut writer.problems);
    if writer.problems.total > 0 {
        return Ok(());
    }
    let width = writer.kind.columns().len();
    let mut record = csv::StringRecord::new();
    loop {
        match csv_reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let line = record.position().map_or(0, |position| position.line());
                let mut fields: Fields = vec![None; width];
                for (value, column) in record.iter().zip(&mapping) {
                    if let Some(index) = column {
                        fields[*index] = Some(value.to_owned());
                    }
                }
                writer.row(line, &fields)?;
            }
            Err(err) => {
                let line = err.position().map_or(0, |position| position.line());
                let message = match err.kind() {
                    csv::ErrorKind::UnequalLengths {
                        expected_len, len, ..
                    } => {
                        format!("has {len} fields, the header has {expected_len}")
                    }
                    csv::ErrorKind::Utf8 { .. } => "is not valid UTF-8".to_owned(),
                    _ => format!("cannot be read as CSV: {err}"),
                };
                writer.problems.push(line, None, message);
                if matches!(err.kind(), csv::ErrorKind::Io(_)) {
                    break;
                }
            }
        }
    }
    Ok(())
}

fn read_ndjson<R: BufRead>(
    reader: &mut R,
    writer: &mut Writer<'_, '_>,
) -> std::io::Result<Result<(), StoreError>> {
    let columns = writer.kind.columns();
    let mut line_text = Vec::new();
    let mut line = 0u64;
    loop {
        line_text.clear();
        if reader.read_until(b'\n', &mut line_text)? == 0 {
            break;
        }
        line += 1;
        let text = match std::str::from_utf8(&line_text) {
            Ok(text) => text.trim_start_matches('\u{feff}').trim(),
            Err(_) => {
                writer.problems.push(line, None, "is not valid UTF-8");
                continue;
            }
        };
        if text.is_empty() {
            continue;
        }
        let object = match serde_json::from_str::<Value>(text) {
            Ok(Value::Object(object)) => object,
            Ok(_) => {
                writer.problems.push(line, None, "is not a JSON object");
                continue;
            }
            Err(err) => {
                writer
                    .problems
                    .push(line, None, format!("is not valid JSON: {err}"));
                continue;
            }
        };
        let mut fields: Fields = vec![None; columns.len()];
        let mut good = true;
        for (key, value) in &object {
            let Some(index) = columns.iter().position(|column| column == key) else {
                writer.problems.push(
                    line,
                    Some(key),
                    format!(
                        "unknown key for {} (allowed: {})",
                        writer.kind.as_str(),
                        columns.join(", ")
                    ),
                );
                good = false;
                continue;
            };
            fields[index] = match value {
                // A key with null is present and empty (clears the value); a missing key
                // keeps the cached value.
                Value::Null => Some(String::new()),
                Value::String(text) => Some(text.clone()),
                Value::Number(number) => Some(number.to_string()),
                _ => {
                    writer
                        .problems
                        .push(line, Some(key), "must be a string, a number or null");
                    good = false;
                    continue;
                }
            };
        }
        if good {
            if let Err(err) = writer.row(line, &fields) {
                return Ok(Err(err));
            }
        }
    }
    Ok(Ok(()))
}
