//! Ported from gs1/gs1-syntax-dictionary src/lint_{yymmdd,yymmd0,yyyymmdd,yyyymmd0,hh,mi,ss,hhmi}.c (Apache-2.0, Copyright GS1 AISBL).
//!
//! Date and time linters. They only validate; turning a YYMMDD date into a calendar date
//! (GS1 General Specifications 7.12 century rule, DD=00 meaning the last day of the month)
//! is the parser's job, with [`days_in_month`] shared from here.

use super::{all_digits, fail, LintCode, LintError};

/// The number of days in `month` (1-12) of `year` in the proleptic Gregorian calendar, or 0
/// for a month outside 1-12.
pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

/// The two-digit number at `data[at..at + 2]`, which must be digits.
#[inline]
fn two_digits(data: &[u8], at: usize) -> u32 {
    u32::from(data[at] - b'0') * 10 + u32::from(data[at + 1] - b'0')
}

/// Checks the month at `data[at..at + 2]` and the day after it against `year`; DD=00 passes.
#[inline]
fn month_and_day(data: &[u8], at: usize, year: i32) -> Result<(), LintError> {
    let month = two_digits(data, at);
    if !(1..=12).contains(&month) {
        return fail(LintCode::IllegalMonth, at, 2);
    }
    if two_digits(data, at + 2) > days_in_month(year, month) {
        return fail(LintCode::IllegalDay, at + 2, 2);
    }
    Ok(())
}

/// Fails with a date length error unless `data` is `expected` bytes long.
#[inline]
fn date_length(data: &[u8], expected: usize) -> Result<(), LintError> {
    match data.len() {
        len if len < expected => fail(LintCode::DateTooShort, 0, len),
        len if len > expected => fail(LintCode::DateTooLong, 0, len),
        _ => Ok(()),
    }
}

/// GS1's C linters pick the century of YY only to decide whether 29 February exists, with a
/// fixed window around 2021 (lint_yymmd0.c, `CURRENT_YEAR` 21): 72-99 are 19YY, the rest 20YY.
const CURRENT_YY: i32 = 21;

fn yy_to_year(yy: i32) -> i32 {
    if yy - CURRENT_YY >= 51 {
        1900 + yy
    } else if yy - CURRENT_YY > -50 {
        2000 + yy
    } else {
        2100 + yy
    }
}

/// `yyyymmd0`: a YYYYMMDD date, where DD may be 00 (day not given).
pub fn yyyymmd0(data: &[u8]) -> Result<(), LintError> {
    date_length(data, 8)?;
    all_digits(data)?;
    let year = (two_digits(data, 0) * 100 + two_digits(data, 2)) as i32;
    month_and_day(data, 4, year)
}

/// `yyyymmdd`: a YYYYMMDD date.
pub fn yyyymmdd(data: &[u8]) -> Result<(), LintError> {
    yyyymmd0(data)?;
    if &data[6..8] == b"00" {
        return fail(LintCode::IllegalDay, 6, 2);
    }
    Ok(())
}

/// `yymmd0`: a YYMMDD date, where DD may be 00 (day not given).
pub fn yymmd0(data: &[u8]) -> Result<(), LintError> {
    date_length(data, 6)?;
    all_digits(data)?;
    month_and_day(data, 2, yy_to_year(two_digits(data, 0) as i32))
}

/// `yymmdd`: a YYMMDD date.
pub fn yymmdd(data: &[u8]) -> Result<(), LintError> {
    yymmd0(data)?;
    if &data[4..6] == b"00" {
        return fail(LintCode::IllegalDay, 4, 2);
    }
    Ok(())
}

/// A two-digit time field no greater than `max`.
#[inline]
fn time_field(
    data: &[u8],
    max: u32,
    too_short: LintCode,
    too_long: LintCode,
    illegal: LintCode,
) -> Result<(), LintError> {
    match data.len() {
        len if len < 2 => return fail(too_short, 0, len),
        len if len > 2 => return fail(too_long, 0, len),
        _ => {}
    }
    all_digits(data)?;
    if two_digits(data, 0) > max {
        return fail(illegal, 0, 2);
    }
    Ok(())
}

/// `hh`: an hour, 00-23.
pub fn hh(data: &[u8]) -> Result<(), LintError> {
    time_field(
        data,
        23,
        LintCode::HourTooShort,
        LintCode::HourTooLong,
        LintCode::IllegalHour,
    )
}

/// `mi`: a minute, 00-59.
pub fn mi(data: &[u8]) -> Result<(), LintError> {
    time_field(
        data,
        59,
        LintCode::MinuteTooShort,
        LintCode::MinuteTooLong,
        LintCode::IllegalMinute,
    )
}

/// `ss`: a second, 00-59.
pub fn ss(data: &[u8]) -> Result<(), LintError> {
    time_field(
        data,
        59,
        LintCode::SecondTooShort,
        LintCode::SecondTooLong,
        LintCode::IllegalSecond,
    )
}

/// `hhmi`: a time of day as HHMI.
pub fn hhmi(data: &[u8]) -> Result<(), LintError> {
    match data.len() {
        len if len < 4 => return fail(LintCode::HourWithMinuteTooShort, 0, len),
        len if len > 4 => return fail(LintCode::HourWithMinuteTooLong, 0, len),
        _ => {}
    }
    hh(&data[..2])?;
    mi(&data[2..]).map_err(|error| LintError {
        start: error.start + 2,
        ..error
    })
}

#[cfg(test)]
mod tests {
    use super::super::check;
    use super::*;

    #[test]
    fn days_in_month_follows_the_gregorian_calendar() {
        let cases = [
            (2024, 2, 29),
            (2023, 2, 28),
            (2000, 2, 29),
            (2100, 2, 28),
            (2026, 1, 31),
            (2026, 4, 30),
            (2026, 12, 31),
            (2026, 0, 0),
            (2026, 13, 0),
        ];
        for (year, month, days) in cases {
            assert_eq!(days_in_month(year, month), days, "{year}-{month}");
        }
    }

    #[test]
    fn yymmdd_cases() {
        check(yymmdd, "261231", "ok");
        check(yymmdd, "240229", "ok");
        check(yymmdd, "000229", "ok");
        check(yymmdd, "230229", "GS1_LINTER_ILLEGAL_DAY 2302*29*");
        check(yymmdd, "261300", "GS1_LINTER_ILLEGAL_MONTH 26*13*00");
        check(yymmdd, "260600", "GS1_LINTER_ILLEGAL_DAY 2606*00*");
        check(yymmdd, "2606", "GS1_LINTER_DATE_TOO_SHORT *2606*");
        check(yymmdd, "26x601", "GS1_LINTER_NON_DIGIT_CHARACTER 26*x*601");
        check(yymmd0, "260600", "ok");
        check(yymmd0, "260631", "GS1_LINTER_ILLEGAL_DAY 2606*31*");
        check(yymmd0, "2606011", "GS1_LINTER_DATE_TOO_LONG *2606011*");
    }

    #[test]
    fn yyyymmdd_cases() {
        check(yyyymmdd, "20000229", "ok");
        check(yyyymmdd, "21000229", "GS1_LINTER_ILLEGAL_DAY 210002*29*");
        check(yyyymmdd, "20260600", "GS1_LINTER_ILLEGAL_DAY 202606*00*");
        check(yyyymmd0, "20260600", "ok");
        check(yyyymmd0, "20260010", "GS1_LINTER_ILLEGAL_MONTH 2026*00*10");
        check(yyyymmd0, "2026061", "GS1_LINTER_DATE_TOO_SHORT *2026061*");
    }

    #[test]
    fn time_cases() {
        check(hh, "23", "ok");
        check(hh, "24", "GS1_LINTER_ILLEGAL_HOUR *24*");
        check(hh, "1", "GS1_LINTER_HOUR_TOO_SHORT *1*");
        check(mi, "59", "ok");
        check(mi, "60", "GS1_LINTER_ILLEGAL_MINUTE *60*");
        check(mi, "0x", "GS1_LINTER_NON_DIGIT_CHARACTER 0*x*");
        check(ss, "111", "GS1_LINTER_SECOND_TOO_LONG *111*");
        check(hhmi, "2359", "ok");
        check(hhmi, "2400", "GS1_LINTER_ILLEGAL_HOUR *24*00");
        check(hhmi, "0060", "GS1_LINTER_ILLEGAL_MINUTE 00*60*");
        check(hhmi, "000x", "GS1_LINTER_NON_DIGIT_CHARACTER 000*x*");
        check(hhmi, "111", "GS1_LINTER_HOUR_WITH_MINUTE_TOO_SHORT *111*");
    }
}
