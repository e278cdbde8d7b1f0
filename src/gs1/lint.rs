//! Placeholder for the GS1 dictionary linters while the full port is in progress on the
//! `lint` branch: character sets and the mod-10 check digit only.

/// A linter failure: which rule and where (byte span in the component).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LintError {
    pub code: LintCode,
    pub start: usize,
    pub len: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LintCode {
    NonDigitCharacter,
    InvalidCset82Character,
    IncorrectCheckDigit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LintKind {
    CheckDigit,
    Date,
    Charset,
    Length,
    Other,
}

impl LintCode {
    pub fn gs1_name(self) -> &'static str {
        match self {
            LintCode::NonDigitCharacter => "GS1_LINTER_NON_DIGIT_CHARACTER",
            LintCode::InvalidCset82Character => "GS1_LINTER_INVALID_CSET82_CHARACTER",
            LintCode::IncorrectCheckDigit => "GS1_LINTER_INCORRECT_CHECK_DIGIT",
        }
    }
    pub fn message(self) -> &'static str {
        match self {
            LintCode::NonDigitCharacter => "a non-digit character is present",
            LintCode::InvalidCset82Character => {
                "a character outside GS1 character set 82 is present"
            }
            LintCode::IncorrectCheckDigit => "the check digit is incorrect",
        }
    }
    pub fn kind(self) -> LintKind {
        match self {
            LintCode::IncorrectCheckDigit => LintKind::CheckDigit,
            _ => LintKind::Charset,
        }
    }
}

pub type Linter = fn(&[u8]) -> Result<(), LintError>;

fn pass(_: &[u8]) -> Result<(), LintError> {
    Ok(())
}

fn csetnumeric(data: &[u8]) -> Result<(), LintError> {
    match data.iter().position(|byte| !byte.is_ascii_digit()) {
        Some(start) => Err(LintError {
            code: LintCode::NonDigitCharacter,
            start,
            len: 1,
        }),
        None => Ok(()),
    }
}

fn cset82(data: &[u8]) -> Result<(), LintError> {
    const OK: &[u8] = b"!\"%&'()*+,-./:;<=>?_";
    match data
        .iter()
        .position(|byte| !(byte.is_ascii_alphanumeric() || OK.contains(byte)))
    {
        Some(start) => Err(LintError {
            code: LintCode::InvalidCset82Character,
            start,
            len: 1,
        }),
        None => Ok(()),
    }
}

fn csum(data: &[u8]) -> Result<(), LintError> {
    csetnumeric(data)?;
    let Some((last, body)) = data.split_last() else {
        return Ok(());
    };
    let sum: u32 = body
        .iter()
        .rev()
        .enumerate()
        .map(|(i, d)| u32::from(d - b'0') * if i % 2 == 0 { 3 } else { 1 })
        .sum();
    if (10 - sum % 10) % 10 == u32::from(last - b'0') {
        Ok(())
    } else {
        Err(LintError {
            code: LintCode::IncorrectCheckDigit,
            start: data.len() - 1,
            len: 1,
        })
    }
}

const NAMES: &[&str] = &[
    "couponcode",
    "couponposoffer",
    "cset39",
    "cset64",
    "cset82",
    "csetnumeric",
    "csum",
    "csumalpha",
    "gcppos1",
    "gcppos2",
    "hasnondigit",
    "hh",
    "hhmi",
    "hyphen",
    "iban",
    "importeridx",
    "iso3166",
    "iso3166999",
    "iso3166alpha2",
    "iso4217",
    "iso5218",
    "latitude",
    "longitude",
    "mediatype",
    "mi",
    "nonzero",
    "nozeroprefix",
    "packagetype",
    "pcenc",
    "pieceoftotal",
    "posinseqslash",
    "ss",
    "winding",
    "yesno",
    "yymmd0",
    "yymmdd",
    "yyyymmd0",
    "yyyymmdd",
    "zero",
];

pub fn names() -> &'static [&'static str] {
    NAMES
}

pub fn lookup(name: &str) -> Option<Linter> {
    match name {
        "csetnumeric" => Some(csetnumeric),
        "cset82" => Some(cset82),
        "csum" => Some(csum),
        other if NAMES.contains(&other) => Some(pass),
        _ => None,
    }
}

pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}
