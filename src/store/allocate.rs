//! Serial and lot number allocation: patterns, leased serial blocks, the standalone
//! station-prefixed counter, and `lot create`.
//!
//! Allocation runs in one IMMEDIATE transaction with its journal row, so a crash either keeps
//! both or neither. Counters only move forward (triggers in the schema), and every serial
//! handed out is inserted into `allocated_serials`, whose primary key makes reuse impossible
//! even if a pattern or a block were misconfigured. A void never returns a serial to a block.
//!
//! Pattern syntax: literal characters of GS1 CSET 82 plus placeholders `{station}`, `{yyyy}`,
//! `{yy}`, `{mm}`, `{dd}`, `{jjj}` (day of year) and exactly one counter `{seq}` or `{seq:N}`
//! (zero-padded to N digits). Every placeholder but the counter has a fixed width, so a
//! rendered value determines its counter; a standalone pattern must start with `{station}`
//! followed by a character that cannot occur in a station id, so two stations can never
//! produce the same serial.

use chrono::{DateTime, Datelike, Days, NaiveDate, Utc};
use rusqlite::{params, OptionalExtension};
use serde_json::json;

use super::master::normalize_gtin;
use super::{EventKind, JournalEntry, Lot, LotStatus, Store, StoreError, StoreTx};

/// The longest serial (AI 21) or lot (AI 10) GS1 allows: 20 characters (GS1 General
/// Specifications, AI table).
pub const MAX_GS1_TEXT: usize = 20;

/// The most serials one `allocate` call may ask for.
pub const MAX_ALLOCATION: u64 = 10_000;

/// A problem with a serial or lot pattern.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PatternError {
    #[error("pattern {0:?}: unknown placeholder {{{1}}} (use station, yyyy, yy, mm, dd, jjj, seq or seq:N)")]
    UnknownPlaceholder(String, String),
    #[error("pattern {0:?}: a '{{' is not closed")]
    Unclosed(String),
    #[error("pattern {0:?} must contain exactly one counter {{seq}} or {{seq:N}}")]
    Counter(String),
    #[error(
        "pattern {0:?}: character {1:?} is not allowed in GS1 serial or lot numbers (CSET 82)"
    )]
    Character(String, char),
    #[error("pattern {0:?}: counter width must be 1 to 18")]
    Width(String),
    #[error(
        "standalone pattern {0:?} must start with {{station}} followed by a separator that \
         cannot occur in a station id (e.g. \"{{station}}-{{seq:6}}\")"
    )]
    NotStationPrefixed(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Literal(String),
    Station,
    Year4,
    Year2,
    Month,
    Day,
    DayOfYear,
    Counter { width: usize },
}

/// A parsed serial or lot pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SerialPattern {
    source: String,
    parts: Vec<Part>,
}

/// True for the 82 characters GS1 allows in serial and lot numbers (GS1 General
/// Specifications 7.11, figure 7.11-1).
pub fn is_cset82(ch: char) -> bool {
    ch.is_ascii_alphanumeric() || "!\"%&'()*+,-./:;<=>?_".contains(ch)
}

impl SerialPattern {
    pub fn parse(text: &str) -> Result<SerialPattern, PatternError> {
        let mut parts = Vec::new();
        let mut literal = String::new();
        let mut rest = text;
        while let Some(ch) = rest.chars().next() {
            if ch == '{' {
                let close = rest
                    .find('}')
                    .ok_or_else(|| PatternError::Unclosed(text.to_owned()))?;
                let name = &rest[1..close];
                if !literal.is_empty() {
                    parts.push(Part::Literal(std::mem::take(&mut literal)));
                }
                parts.push(match name {
                    "station" => Part::Station,
                    "yyyy" => Part::Year4,
                    "yy" => Part::Year2,
                    "mm" => Part::Month,
                    "dd" => Part::Day,
                    "jjj" => Part::DayOfYear,
                    "seq" => Part::Counter { width: 1 },
                    _ => match name.strip_prefix("seq:").map(str::parse::<usize>) {
                        Some(Ok(width)) if (1..=18).contains(&width) => Part::Counter { width },
                        Some(_) => return Err(PatternError::Width(text.to_owned())),
                        None => {
                            return Err(PatternError::UnknownPlaceholder(
                                text.to_owned(),
                                name.to_owned(),
                            ))
                        }
                    },
                });
                rest = &rest[close + 1..];
            } else {
                if !is_cset82(ch) {
                    return Err(PatternError::Character(text.to_owned(), ch));
                }
                literal.push(ch);
                rest = &rest[ch.len_utf8()..];
            }
        }
        if !literal.is_empty() {
            parts.push(Part::Literal(literal));
        }
        let counters = parts
            .iter()
            .filter(|part| matches!(part, Part::Counter { .. }))
            .count();
        if counters != 1 {
            return Err(PatternError::Counter(text.to_owned()));
        }
        Ok(SerialPattern {
            source: text.to_owned(),
            parts,
        })
    }

    /// A pattern for a standalone station: must start with `{station}` and a separator.
    pub fn parse_standalone(text: &str) -> Result<SerialPattern, PatternError> {
        let pattern = SerialPattern::parse(text)?;
        let prefixed = matches!(pattern.parts.first(), Some(Part::Station))
            && matches!(pattern.parts.get(1), Some(Part::Literal(literal))
                if literal.chars().next().is_some_and(|ch| !ch.is_ascii_alphanumeric()));
        if !prefixed {
            return Err(PatternError::NotStationPrefixed(text.to_owned()));
        }
        Ok(pattern)
    }

    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// The value for counter `value` on `date` at `station`.
    pub fn render(&self, station: &str, date: NaiveDate, value: u64) -> String {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                Part::Literal(text) => out.push_str(text),
                Part::Station => out.push_str(station),
                Part::Year4 => out.push_str(&format!("{:04}", date.year())),
                Part::Year2 => out.push_str(&format!("{:02}", date.year().rem_euclid(100))),
                Part::Month => out.push_str(&format!("{:02}", date.month())),
                Part::Day => out.push_str(&format!("{:02}", date.day())),
                Part::DayOfYear => out.push_str(&format!("{:03}", date.ordinal())),
                Part::Counter { width } => out.push_str(&format!("{value:0width$}")),
            }
        }
        out
    }
}

/// The last valid day of goods produced on `production` with a shelf life of `days` days:
/// the production day counts as day 1, so `production + days − 1` (at least the production
/// day). Used by `lot create` and by line labels of lots without an expiry date.
pub fn expiry_from_shelf_life(production: NaiveDate, days: i64) -> Option<NaiveDate> {
    let days = u64::try_from(days).ok()?;
    production.checked_add_days(Days::new(days.max(1) - 1))
}

/// A serial block as head office leases it: `pattern` rendered at `station` for counter values
/// `first..=last`, on any day.
#[derive(Debug, Clone, Copy)]
pub struct BlockRange<'a> {
    pub pattern: &'a SerialPattern,
    pub station: &'a str,
    pub first: u64,
    pub last: u64,
}

/// What one character position of a rendered value can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    /// A literal character (`{station}` included: its value is known per block).
    Literal(char),
    /// A digit of a date part: any digit, as far as this check goes.
    DateDigit,
    /// Digit `index` (0 = leftmost) of the counter.
    Counter(usize),
}

/// Number of decimal digits of `value` (1 for 0).
fn decimal_digits(value: u64) -> usize {
    value.checked_ilog10().map_or(1, |log| log as usize + 1)
}

impl BlockRange<'_> {
    fn counter_width(&self) -> usize {
        self.pattern
            .parts
            .iter()
            .find_map(|part| match part {
                Part::Counter { width } => Some(*width),
                _ => None,
            })
            .unwrap_or(1)
    }

    /// The counter's rendered lengths over the range (zero padding up to the width, longer
    /// values as they are).
    fn counter_lengths(&self) -> std::ops::RangeInclusive<usize> {
        let width = self.counter_width();
        decimal_digits(self.first).max(width)..=decimal_digits(self.last).max(width)
    }

    /// The slots of a value whose counter renders with `counter_length` digits.
    fn slots(&self, counter_length: usize) -> Vec<Slot> {
        let mut slots = Vec::new();
        for part in &self.pattern.parts {
            match part {
                Part::Literal(text) => slots.extend(text.chars().map(Slot::Literal)),
                Part::Station => slots.extend(self.station.chars().map(Slot::Literal)),
                Part::Year4 => slots.extend([Slot::DateDigit; 4]),
                Part::Year2 | Part::Month | Part::Day => slots.extend([Slot::DateDigit; 2]),
                Part::DayOfYear => slots.extend([Slot::DateDigit; 3]),
                Part::Counter { .. } => slots.extend((0..counter_length).map(Slot::Counter)),
            }
        }
        slots
    }

    /// The counter values of the range that render with exactly `length` digits.
    fn values_of_length(&self, length: usize) -> Option<(u64, u64)> {
        let width = self.counter_width();
        let power = |exponent: usize| 10u128.checked_pow(exponent as u32);
        let (low, high) = if length == width {
            (0, power(width)? - 1)
        } else {
            (power(length - 1)?, power(length)? - 1)
        };
        let low = u128::from(self.first).max(low);
        let high = u128::from(self.last).min(high);
        (low <= high).then_some((low as u64, high as u64))
    }
}

/// True when some value in `low..=high`, written with `length` digits (zero-padded), has the
/// digit `digit` at every position `template` fixes.
fn range_has_digits(low: u64, high: u64, length: usize, template: &[Option<u8>]) -> bool {
    let low_digits: Vec<u8> = format!("{low:0length$}")
        .bytes()
        .map(|b| b - b'0')
        .collect();
    // The smallest matching number >= low, digit by digit (backtracking only while it is
    // still equal to low's prefix).
    fn smallest(low: &[u8], template: &[Option<u8>], at: usize, tight: bool) -> Option<Vec<u8>> {
        if at == low.len() {
            return Some(Vec::new());
        }
        let start = if tight { low[at] } else { 0 };
        for digit in start..=9 {
            if template[at].is_some_and(|fixed| fixed != digit) {
                continue;
            }
            if let Some(mut rest) = smallest(low, template, at + 1, tight && digit == low[at]) {
                rest.insert(0, digit);
                return Some(rest);
            }
        }
        None
    }
    smallest(&low_digits, template, 0, true).is_some_and(|digits| {
        let value = digits
            .iter()
            .fold(0u128, |value, digit| value * 10 + u128::from(*digit));
        value <= u128::from(high)
    })
}

/// True when blocks `a` and `b` may render the same serial on some days (always true when
/// they do; false only when they provably never do). Positions are compared character by
/// character for every pair of counter lengths: literals must match, a digit can only meet a
/// digit; a counter whose digits face literal digits of the other pattern must have a value
/// with those digits; two counters at exactly the same positions must share a value. Date
/// parts count as any digits, and counters that only partly face each other are not compared
/// with each other: both err on the side of "may collide". Used by head office before leasing
/// a block (`A1{seq:5}` and `A{seq:6}` collide at `A100001` unless the second block's range
/// stays below 100000).
pub fn blocks_may_collide(a: &BlockRange<'_>, b: &BlockRange<'_>) -> bool {
    for length_a in a.counter_lengths() {
        let Some((low_a, high_a)) = a.values_of_length(length_a) else {
            continue;
        };
        let slots_a = a.slots(length_a);
        for length_b in b.counter_lengths() {
            let Some((low_b, high_b)) = b.values_of_length(length_b) else {
                continue;
            };
            let slots_b = b.slots(length_b);
            if slots_a.len() != slots_b.len() {
                continue;
            }
            let mut template_a = vec![None; length_a];
            let mut template_b = vec![None; length_b];
            let mut compatible = true;
            let mut counters_face = 0;
            let mut aligned = true;
            for (slot_a, slot_b) in slots_a.iter().zip(&slots_b) {
                let digit = |ch: char| ch.to_digit(10).map(|digit| digit as u8);
                match (*slot_a, *slot_b) {
                    (Slot::Literal(x), Slot::Literal(y)) => compatible &= x == y,
                    (Slot::Literal(x), Slot::DateDigit) | (Slot::DateDigit, Slot::Literal(x)) => {
                        compatible &= x.is_ascii_digit()
                    }
                    (Slot::Literal(x), Slot::Counter(index)) => match digit(x) {
                        Some(fixed) => template_b[index] = Some(fixed),
                        None => compatible = false,
                    },
                    (Slot::Counter(index), Slot::Literal(y)) => match digit(y) {
                        Some(fixed) => template_a[index] = Some(fixed),
                        None => compatible = false,
                    },
                    (Slot::Counter(x), Slot::Counter(y)) => {
                        counters_face += 1;
                        aligned &= x == y;
                    }
                    (Slot::DateDigit, _) | (_, Slot::DateDigit) => {}
                }
                if !compatible {
                    break;
                }
            }
            if !compatible {
                continue;
            }
            let exactly_aligned = aligned && counters_face == length_a && counters_face == length_b;
            let may = if exactly_aligned {
                // Same positions, so the same value: the ranges must share one.
                low_a.max(low_b) <= high_a.min(high_b)
            } else {
                range_has_digits(low_a, high_a, length_a, &template_a)
                    && range_has_digits(low_b, high_b, length_b, &template_b)
            };
            if may {
                return true;
            }
        }
    }
    false
}

/// A request for serials.
#[derive(Debug, Clone)]
pub struct AllocationRequest<'a> {
    pub gtin: &'a str,
    pub lot: Option<&'a str>,
    pub count: u64,
    pub device: Option<&'a str>,
    pub operator: Option<&'a str>,
    pub at: DateTime<Utc>,
    /// The station's local date, for date parts of the pattern.
    pub today: NaiveDate,
    /// The standalone pattern, used only when no block was ever leased for this GTIN.
    pub standalone: Option<&'a SerialPattern>,
}

/// Serials handed out by one allocation, and the journal row that records them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Allocation {
    pub serials: Vec<String>,
    pub seq: i64,
    pub event_id: String,
}

/// Serials taken with their block ids, and each visited block's new `next_value`.
type Taken = (Vec<(String, i64)>, Vec<(i64, i64)>);

struct Block {
    id: i64,
    pattern: String,
    next_value: i64,
    last_value: i64,
}

impl StoreTx<'_> {
    fn serial_taken(&self, gtin: &str, serial: &str) -> Result<bool, StoreError> {
        self.sql()
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM allocated_serials WHERE gtin = ?1 AND serial = ?2)
                     OR EXISTS (SELECT 1 FROM serials WHERE gtin = ?1 AND serial = ?2)",
            )
            .and_then(|mut statement| statement.query_row([gtin, serial], |row| row.get(0)))
            .map_err(self.err("checking a serial"))
    }

    /// Takes up to `count` serials from the blocks, in order; returns them with the blocks'
    /// new counters. Skips (and logs) values already taken.
    fn take_from_blocks(
        &self,
        gtin: &str,
        blocks: &[Block],
        count: u64,
        today: NaiveDate,
    ) -> Result<Taken, StoreError> {
        let mut taken = Vec::new();
        let mut counters = Vec::new();
        for block in blocks {
            let pattern = SerialPattern::parse(&block.pattern).map_err(|err| {
                StoreError::Invalid(format!(
                    "serial block {} has a bad pattern ({err}): sync with head office for a corrected block",
                    block.id
                ))
            })?;
            let mut value = block.next_value;
            while (taken.len() as u64) < count && value <= block.last_value {
                let serial =
                    pattern.render(self.station_id(), today, u64::try_from(value).unwrap_or(0));
                value += 1;
                if serial.len() > MAX_GS1_TEXT {
                    return Err(StoreError::Invalid(format!(
                        "serial block {} renders {serial:?}, longer than {MAX_GS1_TEXT} characters: \
                         ask head office to fix the block pattern",
                        block.id
                    )));
                }
                if self.serial_taken(gtin, &serial)? {
                    log::warn!(gtin = gtin, serial = serial.as_str(); "serial from block already exists, skipped");
                    continue;
                }
                taken.push((serial, block.id));
            }
            counters.push((block.id, value));
            if taken.len() as u64 == count {
                break;
            }
        }
        Ok((taken, counters))
    }
}

impl Store {
    /// Serials left in the leased blocks, all GTINs; `None` when no block was ever leased.
    pub fn serials_remaining(&self) -> Result<Option<i64>, StoreError> {
        self.conn
            .query_row(
                "SELECT CASE WHEN COUNT(*) = 0 THEN NULL \
                 ELSE SUM(last_value - next_value + 1) END FROM serial_blocks",
                [],
                |row| row.get(0),
            )
            .map_err(|source| super::classify(self.path(), "counting serials left", source))
    }

    /// Allocates `request.count` new serials, commits them with their journal row, and returns
    /// them. All or nothing: an exhausted block allocates none.
    pub fn allocate_serials(
        &mut self,
        request: &AllocationRequest<'_>,
    ) -> Result<Allocation, StoreError> {
        let gtin = normalize_gtin(request.gtin).map_err(StoreError::Invalid)?;
        if request.count == 0 || request.count > MAX_ALLOCATION {
            return Err(StoreError::Invalid(format!(
                "--count must be 1 to {MAX_ALLOCATION}, not {}",
                request.count
            )));
        }
        self.transaction(|tx| {
            let any_block: bool = tx
                .sql()
                .query_row("SELECT EXISTS (SELECT 1 FROM serial_blocks WHERE gtin = ?1)", [&gtin], |row| row.get(0))
                .map_err(tx.err("reading serial blocks"))?;
            let (taken, source) = if any_block {
                let blocks = usable_blocks(tx, &gtin, request.lot)?;
                let available: i64 =
                    blocks.iter().map(|block| block.last_value - block.next_value + 1).sum();
                let (taken, counters) = tx.take_from_blocks(&gtin, &blocks, request.count, request.today)?;
                if (taken.len() as u64) < request.count {
                    return Err(StoreError::BlockExhausted {
                        gtin: gtin.clone(),
                        lot: request.lot.map(str::to_owned),
                        needed: request.count,
                        available: u64::try_from(available).unwrap_or(0),
                    });
                }
                for (block_id, next_value) in &counters {
                    tx.sql()
                        .execute("UPDATE serial_blocks SET next_value = ?1 WHERE id = ?2", params![next_value, block_id])
                        .map_err(tx.err("advancing a serial block"))?;
                }
                let taken: Vec<(String, Option<i64>)> =
                    taken.into_iter().map(|(serial, block)| (serial, Some(block))).collect();
                (taken, json!({"blocks": counters.iter().map(|(id, _)| id).collect::<Vec<_>>()}))
            } else if let Some(pattern) = request.standalone {
                // `{station}` makes standalone serials unique per station only when station
                // ids are: the default id is shared by every station set up without one.
                if tx.station_id() == super::DEFAULT_STATION_ID {
                    return Err(StoreError::StandaloneWithDefaultStationId);
                }
                let mut value: i64 = tx
                    .sql()
                    .query_row("SELECT next_value FROM serial_counters WHERE gtin = ?1", [&gtin], |row| row.get(0))
                    .optional()
                    .map_err(tx.err("reading the serial counter"))?
                    .unwrap_or(1);
                let mut taken = Vec::new();
                while (taken.len() as u64) < request.count {
                    let serial = pattern.render(tx.station_id(), request.today, u64::try_from(value).unwrap_or(0));
                    value += 1;
                    if serial.len() > MAX_GS1_TEXT {
                        return Err(StoreError::StandaloneExhausted {
                            gtin: gtin.clone(),
                            pattern: pattern.as_str().to_owned(),
                            next: serial,
                        });
                    }
                    if tx.serial_taken(&gtin, &serial)? {
                        log::warn!(gtin = gtin.as_str(), serial = serial.as_str(); "standalone serial already exists, skipped");
                        continue;
                    }
                    taken.push((serial, None));
                }
                tx.sql()
                    .execute(
                        "INSERT INTO serial_counters (gtin, next_value) VALUES (?1, ?2)
                         ON CONFLICT (gtin) DO UPDATE SET next_value = excluded.next_value",
                        params![gtin, value],
                    )
                    .map_err(tx.err("advancing the serial counter"))?;
                (taken, json!({"standalone_pattern": pattern.as_str()}))
            } else {
                return Err(StoreError::NoSerialSource { gtin: gtin.clone() });
            };
            let serials: Vec<String> = taken.iter().map(|(serial, _)| serial.clone()).collect();
            let mut entry = JournalEntry::new(EventKind::Allocation, request.at);
            entry.device = request.device.map(str::to_owned);
            entry.operator = request.operator.map(str::to_owned);
            entry.gtin = Some(gtin.clone());
            entry.lot = request.lot.map(str::to_owned);
            entry.payload = Some(json!({"serials": serials, "source": source}).to_string());
            let appended = tx.append(&entry)?;
            let mut insert = tx
                .sql()
                .prepare_cached(
                    "INSERT INTO allocated_serials (gtin, serial, lot, journal_seq, block_id)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                )
                .map_err(tx.err("recording allocated serials"))?;
            for (serial, block_id) in &taken {
                insert
                    .execute(params![gtin, serial, request.lot, appended.seq, block_id])
                    .map_err(tx.err("recording allocated serials"))?;
            }
            Ok(Allocation { serials, seq: appended.seq, event_id: appended.event_id })
        })
    }

    /// Records a serial block leased by head office (sync, or `serial lease` by hand).
    /// Idempotent on `reference`: leasing the same block twice keeps its counter.
    #[allow(clippy::too_many_arguments)]
    pub fn lease_serial_block(
        &mut self,
        gtin: &str,
        lot: Option<&str>,
        pattern: &str,
        first_value: i64,
        last_value: i64,
        reference: Option<&str>,
        at: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        let gtin = normalize_gtin(gtin).map_err(StoreError::Invalid)?;
        SerialPattern::parse(pattern).map_err(|err| StoreError::Invalid(err.to_string()))?;
        if first_value < 0 || first_value > last_value {
            return Err(StoreError::Invalid(format!(
                "serial block range {first_value}..={last_value} is empty or negative"
            )));
        }
        self.transaction(|tx| {
            if let Some(reference) = reference {
                let existing: Option<i64> = tx
                    .sql()
                    .query_row("SELECT id FROM serial_blocks WHERE reference = ?1", [reference], |row| row.get(0))
                    .optional()
                    .map_err(tx.err("reading serial blocks"))?;
                if let Some(id) = existing {
                    return Ok(id);
                }
            }
            tx.sql()
                .execute(
                    "INSERT INTO serial_blocks (gtin, lot, pattern, first_value, last_value, next_value, reference, leased_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?4, ?6, ?7)",
                    params![gtin, lot, pattern, first_value, last_value, reference, super::format_time(at)],
                )
                .map_err(tx.err("recording a serial block"))?;
            let id = tx.sql().last_insert_rowid();
            let mut entry = JournalEntry::new(EventKind::SerialLease, at);
            entry.gtin = Some(gtin.clone());
            entry.lot = lot.map(str::to_owned);
            entry.payload = Some(
                json!({"block": id, "pattern": pattern, "first": first_value, "last": last_value,
                       "reference": reference})
                .to_string(),
            );
            tx.append(&entry)?;
            Ok(id)
        })
    }

    /// Creates a new production lot from `pattern` (its counter numbers the lots of one day),
    /// with the product's shelf life giving the expiry date (its last valid day: production +
    /// shelf life − 1 day), and journals it.
    pub fn create_lot(
        &mut self,
        gtin: &str,
        pattern: &SerialPattern,
        operator: Option<&str>,
        at: DateTime<Utc>,
        today: NaiveDate,
    ) -> Result<Lot, StoreError> {
        let gtin = normalize_gtin(gtin).map_err(StoreError::Invalid)?;
        self.transaction(|tx| {
            let product = tx.product(&gtin)?;
            // The expiry date is the last valid day (as AI 17 and verdicts read it): a shelf
            // life of N days counts the production day as day 1, so it ends on production +
            // N − 1 — the same convention as a warranty of N months, which ends the day before
            // the anniversary. A shelf life of 0 or 1 day ends on the production day.
            let expiry_date = product
                .as_ref()
                .and_then(|product| product.shelf_life_days)
                .and_then(|days| expiry_from_shelf_life(today, days));
            let mut value = 1;
            let code = loop {
                let code = pattern.render(tx.station_id(), today, value);
                if code.len() > MAX_GS1_TEXT {
                    return Err(StoreError::Invalid(format!(
                        "lot pattern {:?} has no free lot number left today (next would be {code:?}): \
                         widen the counter",
                        pattern.as_str()
                    )));
                }
                if tx.lot(&gtin, &code)?.is_none() {
                    break code;
                }
                value += 1;
            };
            let lot = Lot {
                gtin: gtin.clone(),
                lot: code,
                status: LotStatus::Released,
                reason: None,
                reference: None,
                production_date: Some(today),
                expiry_date,
                quantity: None,
                origin: "station".into(),
                status_changed_at: None,
            };
            tx.insert_local_lot(&lot)?;
            let mut entry = JournalEntry::new(EventKind::LotCreate, at);
            entry.operator = operator.map(str::to_owned);
            entry.gtin = Some(gtin.clone());
            entry.lot = Some(lot.lot.clone());
            entry.payload = Some(json!({"lot": lot.to_json(), "pattern": pattern.as_str()}).to_string());
            tx.append(&entry)?;
            Ok(lot)
        })
    }
}

fn usable_blocks(
    tx: &StoreTx<'_>,
    gtin: &str,
    lot: Option<&str>,
) -> Result<Vec<Block>, StoreError> {
    // Blocks for this very lot first, then blocks for any lot of the GTIN, oldest first.
    let mut statement = tx
        .sql()
        .prepare_cached(
            "SELECT id, pattern, next_value, last_value FROM serial_blocks
             WHERE gtin = ?1 AND (lot IS NULL OR lot = ?2) AND next_value <= last_value
             ORDER BY lot IS NULL, id",
        )
        .map_err(tx.err("reading serial blocks"))?;
    let rows = statement
        .query_map(params![gtin, lot], |row| {
            Ok(Block {
                id: row.get(0)?,
                pattern: row.get(1)?,
                next_value: row.get(2)?,
                last_value: row.get(3)?,
            })
        })
        .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
        .map_err(tx.err("reading serial blocks"))?;
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, 1).unwrap()
    }

    #[test]
    fn patterns_render() {
        let check = |pattern: &str, value: u64, expected: &str| {
            let pattern = SerialPattern::parse(pattern).unwrap();
            assert_eq!(pattern.render("S1", day(), value), expected);
        };
        check("SN{seq:8}", 42, "SN00000042");
        check("{station}-{yy}{mm}{dd}{seq:4}", 7, "S1-2603010007");
        check("{yyyy}{jjj}-{seq}", 123, "2026060-123");
        check("X{seq:2}", 123, "X123");
    }

    #[test]
    fn blocks_collide_only_when_some_serial_can_be_rendered_by_both() {
        // (pattern, station, first, last) twice, and whether they may collide.
        type Block<'a> = (&'a str, &'a str, u64, u64);
        let cases: &[(Block<'_>, Block<'_>, bool)] = &[
            (
                ("SN{seq:8}", "S1", 1, 100),
                ("SN{seq:8}", "S2", 101, 200),
                false,
            ),
            (
                ("SN{seq:8}", "S1", 1, 100),
                ("SN{seq:8}", "S2", 100, 200),
                true,
            ),
            (
                ("A{seq:8}", "S1", 1, 100),
                ("B{seq:8}", "S1", 1, 100),
                false,
            ),
            // The review's example: A1 + 5 digits against A + 6 digits.
            (
                ("A1{seq:5}", "S1", 0, 99_999),
                ("A{seq:6}", "S1", 0, 999_999),
                true,
            ),
            (
                ("A1{seq:5}", "S1", 0, 99_999),
                ("A{seq:6}", "S1", 200_000, 999_999),
                false,
            ),
            (
                ("A1{seq:5}", "S1", 0, 99_999),
                ("A{seq:6}", "S1", 0, 99_999),
                false,
            ),
            (
                ("A1{seq:5}", "S1", 0, 99_999),
                ("A{seq:6}", "S1", 150_000, 150_000),
                true,
            ),
            // Padding: {seq:2} renders 100 as three digits.
            (("X{seq:2}", "S1", 1, 99), ("X1{seq:2}", "S1", 0, 99), false),
            (("X{seq:2}", "S1", 1, 150), ("X1{seq:2}", "S1", 0, 99), true),
            (("X{seq}", "S1", 1, 9), ("X{seq}", "S1", 10, 99), false),
            // A station-prefixed pattern per station never collides; without a separator a
            // shorter station id can.
            (
                ("{station}-{seq:3}", "A1", 0, 999),
                ("{station}-{seq:3}", "A", 0, 999),
                false,
            ),
            (
                ("{station}{seq:3}", "A1", 0, 999),
                ("{station}{seq:4}", "A", 1000, 1999),
                true,
            ),
            (
                ("{station}{seq:3}", "A1", 0, 999),
                ("{station}{seq:4}", "A", 2000, 2999),
                false,
            ),
            // Date parts are any digits: a counter facing them may collide.
            (
                ("SN{yy}{seq:4}", "S1", 0, 10),
                ("SN{seq:6}", "S1", 0, 10),
                true,
            ),
            (
                ("SN-{yy}{seq:4}", "S1", 0, 10),
                ("SN{seq:7}", "S1", 0, 10),
                false,
            ),
        ];
        for (
            (pattern_a, station_a, first_a, last_a),
            (pattern_b, station_b, first_b, last_b),
            expected,
        ) in cases
        {
            let pattern_a = SerialPattern::parse(pattern_a).unwrap();
            let pattern_b = SerialPattern::parse(pattern_b).unwrap();
            let a = BlockRange {
                pattern: &pattern_a,
                station: station_a,
                first: *first_a,
                last: *last_a,
            };
            let b = BlockRange {
                pattern: &pattern_b,
                station: station_b,
                first: *first_b,
                last: *last_b,
            };
            assert_eq!(blocks_may_collide(&a, &b), *expected, "{a:?} / {b:?}");
            assert_eq!(blocks_may_collide(&b, &a), *expected, "{b:?} / {a:?}");
        }
    }

    #[test]
    fn bad_patterns_are_rejected() {
        assert!(matches!(
            SerialPattern::parse("SN"),
            Err(PatternError::Counter(_))
        ));
        assert!(matches!(
            SerialPattern::parse("{seq}{seq}"),
            Err(PatternError::Counter(_))
        ));
        assert!(matches!(
            SerialPattern::parse("{seq"),
            Err(PatternError::Unclosed(_))
        ));
        assert!(matches!(
            SerialPattern::parse("{hour}{seq}"),
            Err(PatternError::UnknownPlaceholder(..))
        ));
        assert!(matches!(
            SerialPattern::parse("A B{seq}"),
            Err(PatternError::Character(..))
        ));
        assert!(matches!(
            SerialPattern::parse("{seq:0}"),
            Err(PatternError::Width(_))
        ));
        assert!(matches!(
            SerialPattern::parse_standalone("{seq:6}"),
            Err(PatternError::NotStationPrefixed(_))
        ));
        assert!(matches!(
            SerialPattern::parse_standalone("{station}{seq:6}"),
            Err(PatternError::NotStationPrefixed(_))
        ));
        assert!(matches!(
            SerialPattern::parse_standalone("{station}A{seq:6}"),
            Err(PatternError::NotStationPrefixed(_))
        ));
        assert!(SerialPattern::parse_standalone("{station}-{seq:6}").is_ok());
    }
}
