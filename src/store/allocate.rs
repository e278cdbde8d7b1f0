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
                        return Err(StoreError::BlockExhausted {
                            gtin: gtin.clone(),
                            lot: request.lot.map(str::to_owned),
                            needed: request.count,
                            available: taken.len() as u64,
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
    /// with the product's shelf life giving the expiry date, and journals it.
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
            let expiry_date = product
                .as_ref()
                .and_then(|product| product.shelf_life_days)
                .and_then(|days| u64::try_from(days).ok())
                .and_then(|days| today.checked_add_days(Days::new(days)));
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
