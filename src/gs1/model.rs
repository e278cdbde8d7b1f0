//! The output model of GS1 parsing: [`Parsed`] with its [`Element`]s and [`Gs1Error`]s, and
//! its stable JSON form (the `scanstation parse --json` contract, also embedded in
//! `scan --json` and `decode-image --json`).

use chrono::{NaiveDate, NaiveDateTime};
use serde_json::{json, Map, Value};

/// What kind of data a scan carried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// GS1 element strings (GS1-128, GS1 DataMatrix, GS1 QR, ..., or bracketed HRI).
    Gs1,
    /// A GS1 Digital Link URI.
    DigitalLink,
    /// A bare EAN/UPC/ITF-14 symbol: one GTIN.
    Gtin,
    /// Anything else: text that is not GS1 data.
    Plain,
}

impl Kind {
    /// The stable name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Gs1 => "gs1",
            Kind::DigitalLink => "digital_link",
            Kind::Gtin => "gtin",
            Kind::Plain => "plain",
        }
    }
}

/// Stable error codes. Scripts and the verdict engine match on these strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    CheckDigit,
    BadLength,
    IllegalChar,
    BadDate,
    UnknownAi,
    Empty,
    Requisite,
    Exclusive,
    DuplicateAi,
    DlSyntax,
    BadSyntax,
    BadSymbology,
    /// A component failed a dictionary linter other than a check digit, date or character set.
    BadValue,
}

impl ErrorCode {
    /// The stable name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::CheckDigit => "check_digit",
            ErrorCode::BadLength => "bad_length",
            ErrorCode::IllegalChar => "illegal_char",
            ErrorCode::BadDate => "bad_date",
            ErrorCode::UnknownAi => "unknown_ai",
            ErrorCode::Empty => "empty",
            ErrorCode::Requisite => "requisite",
            ErrorCode::Exclusive => "exclusive",
            ErrorCode::DuplicateAi => "duplicate_ai",
            ErrorCode::DlSyntax => "dl_syntax",
            ErrorCode::BadSyntax => "bad_syntax",
            ErrorCode::BadSymbology => "bad_symbology",
            ErrorCode::BadValue => "bad_value",
        }
    }
}

/// One problem found in a scan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gs1Error {
    pub code: ErrorCode,
    /// The AI the problem belongs to, when there is one.
    pub ai: Option<String>,
    /// A sentence for a person: what is wrong and, where it helps, what to do.
    pub message: String,
    /// Byte offset in the input, counting the symbology identifier, where the problem
    /// starts. Inside a value that had escapes (`\(` in bracketed HRI, `%XX` in a Digital
    /// Link) the offset within the value counts decoded characters.
    pub position: Option<usize>,
}

impl Gs1Error {
    pub(crate) fn new(code: ErrorCode, ai: Option<&str>, message: impl Into<String>) -> Gs1Error {
        Gs1Error {
            code,
            ai: ai.map(str::to_owned),
            message: message.into(),
            position: None,
        }
    }

    pub(crate) fn at(mut self, position: usize) -> Gs1Error {
        self.position = Some(position);
        self
    }

    pub fn to_json(&self) -> Value {
        let mut object = Map::new();
        object.insert("code".into(), Value::from(self.code.as_str()));
        object.insert(
            "ai".into(),
            self.ai.as_deref().map_or(Value::Null, Value::from),
        );
        object.insert("message".into(), Value::from(self.message.as_str()));
        if let Some(position) = self.position {
            object.insert("position".into(), Value::from(position));
        }
        Value::Object(object)
    }
}

/// One AI element string: its AI, raw value and, where the AI has one, a typed reading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Element {
    pub ai: String,
    pub value: String,
    /// The dictionary's title ("GTIN", "BATCH/LOT", ...); empty for an unknown AI.
    pub title: &'static str,
    /// A calendar date for date AIs (11-17, 7006, 7007, ...), with DD=00 read as the last
    /// day of the month and the century chosen by GS1 GenSpecs 7.12 relative to the
    /// reference date given in [`ParseOptions`](crate::gs1::ParseOptions).
    pub date: Option<NaiveDate>,
    /// A date and time for date-time AIs (7003, 8008, 4324, 4325).
    pub date_time: Option<NaiveDateTime>,
    /// The decimal value of a measure or amount AI (310n-369n, 390n-395n, 7004 excluded):
    /// the implied decimal point applied, e.g. (3103)008450 = "8.450".
    pub decimal: Option<String>,
    /// ISO 4217 numeric currency code of an amount or price AI (391n, 393n).
    pub currency: Option<String>,
}

impl Element {
    pub fn to_json(&self) -> Value {
        let mut object = Map::new();
        object.insert("ai".into(), Value::from(self.ai.as_str()));
        object.insert("value".into(), Value::from(self.value.as_str()));
        object.insert("title".into(), Value::from(self.title));
        if let Some(date) = self.date {
            object.insert(
                "date".into(),
                Value::from(date.format("%Y-%m-%d").to_string()),
            );
        }
        if let Some(date_time) = self.date_time {
            object.insert(
                "date_time".into(),
                Value::from(date_time.format("%Y-%m-%dT%H:%M:%S").to_string()),
            );
        }
        if let Some(decimal) = &self.decimal {
            object.insert("decimal".into(), Value::from(decimal.as_str()));
        }
        if let Some(currency) = &self.currency {
            object.insert("currency".into(), Value::from(currency.as_str()));
        }
        Value::Object(object)
    }
}

/// The result of parsing one scan. Never fails as a whole: problems are in `errors`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    /// The input as received, lossily decoded for display (invalid UTF-8 shown as U+FFFD).
    pub input: String,
    /// The AIM symbology identifier (`]d2`, `]C1`, ...) when the data carried one.
    pub symbology: Option<String>,
    pub kind: Kind,
    pub elements: Vec<Element>,
    /// The text of a plain (non-GS1) scan.
    pub text: Option<String>,
    /// Query parameters of a Digital Link URI that are not AIs and were ignored.
    pub ignored_params: Vec<String>,
    pub errors: Vec<Gs1Error>,
}

impl Parsed {
    /// True when no problem was found.
    pub fn is_valid(&self) -> bool {
        self.errors.is_empty()
    }

    /// The value of the first element with this AI.
    pub fn get(&self, ai: &str) -> Option<&str> {
        self.elements
            .iter()
            .find(|element| element.ai == ai)
            .map(|element| element.value.as_str())
    }

    /// The first element with this AI.
    pub fn element(&self, ai: &str) -> Option<&Element> {
        self.elements.iter().find(|element| element.ai == ai)
    }

    /// The bracketed human-readable form `(01)09506000134352(10)ABC`, with literal `(` in
    /// values escaped as `\(`.
    pub fn hri(&self) -> String {
        crate::gs1::hri(
            self.elements
                .iter()
                .map(|element| (element.ai.as_str(), element.value.as_str())),
        )
    }

    /// The stable JSON object of `scanstation parse --json`.
    pub fn to_json(&self) -> Value {
        let mut object = Map::new();
        object.insert("input".into(), Value::from(self.input.as_str()));
        object.insert("valid".into(), Value::from(self.is_valid()));
        object.insert(
            "symbology".into(),
            self.symbology.as_deref().map_or(Value::Null, Value::from),
        );
        object.insert("kind".into(), Value::from(self.kind.as_str()));
        object.insert(
            "elements".into(),
            Value::Array(self.elements.iter().map(Element::to_json).collect()),
        );
        if let Some(text) = &self.text {
            object.insert("text".into(), Value::from(text.as_str()));
        }
        if !self.ignored_params.is_empty() {
            object.insert("ignored_params".into(), json!(self.ignored_params));
        }
        object.insert(
            "errors".into(),
            Value::Array(self.errors.iter().map(Gs1Error::to_json).collect()),
        );
        Value::Object(object)
    }
}
