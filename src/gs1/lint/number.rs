//! Ported from gs1/gs1-syntax-dictionary src/lint_{nonzero,nozeroprefix,zero,latitude,longitude,pieceoftotal,posinseqslash}.c (Apache-2.0, Copyright GS1 AISBL).
//!
//! Numeric value linters: zero and non-zero values, leading zeros, coordinates, and the
//! "piece of total" and "position in sequence" pairs.

use super::{all_digits, fail, LintCode, LintError};

/// `nonzero`: digits whose value is not zero.
pub fn nonzero(data: &[u8]) -> Result<(), LintError> {
    all_digits(data)?;
    if data.iter().all(|&byte| byte == b'0') {
        return fail(LintCode::IllegalZeroValue, 0, data.len());
    }
    Ok(())
}

/// `nozeroprefix`: digits that do not start with a zero.
pub fn nozeroprefix(data: &[u8]) -> Result<(), LintError> {
    all_digits(data)?;
    if data.first() == Some(&b'0') {
        return fail(LintCode::IllegalZeroPrefix, 0, 1);
    }
    Ok(())
}

/// `zero`: one or more zeros and nothing else.
pub fn zero(data: &[u8]) -> Result<(), LintError> {
    if data.is_empty() || data.iter().any(|&byte| byte != b'0') {
        return fail(LintCode::NotZero, 0, data.len());
    }
    Ok(())
}

/// Ten digits whose value is at most `max`.
#[inline]
fn coordinate(
    data: &[u8],
    max: u64,
    bad_length: LintCode,
    out_of_range: LintCode,
) -> Result<(), LintError> {
    if data.len() != 10 {
        return fail(bad_length, 0, data.len());
    }
    all_digits(data)?;
    let value = data
        .iter()
        .fold(0u64, |value, &digit| value * 10 + u64::from(digit - b'0'));
    if value > max {
        return fail(out_of_range, 0, 10);
    }
    Ok(())
}

/// `latitude`: a latitude as ten digits, 0000000000-1800000000 (degrees + 90, times 10^7).
pub fn latitude(data: &[u8]) -> Result<(), LintError> {
    coordinate(
        data,
        1_800_000_000,
        LintCode::LatitudeInvalidLength,
        LintCode::InvalidLatitude,
    )
}

/// `longitude`: a longitude as ten digits, 0000000000-3600000000 (degrees + 180, times 10^7).
pub fn longitude(data: &[u8]) -> Result<(), LintError> {
    coordinate(
        data,
        3_600_000_000,
        LintCode::LongitudeInvalidLength,
        LintCode::InvalidLongitude,
    )
}

/// `pieceoftotal`: a piece number followed by a total count of the same length, neither zero
/// and the piece not above the total.
pub fn pieceoftotal(data: &[u8]) -> Result<(), LintError> {
    let len = data.len();
    if len == 0 || len % 2 != 0 {
        return fail(LintCode::InvalidLengthForPieceOfTotal, 0, len);
    }
    all_digits(data)?;
    let (piece, total) = data.split_at(len / 2);
    if piece.iter().all(|&byte| byte == b'0') {
        return fail(LintCode::ZeroPieceNumber, 0, len / 2);
    }
    if total.iter().all(|&byte| byte == b'0') {
        return fail(LintCode::ZeroTotalPieces, len / 2, len / 2);
    }
    // Equal lengths, so comparing the digit strings compares the numbers.
    if piece > total {
        return fail(LintCode::PieceNumberExceedsTotal, 0, len);
    }
    Ok(())
}

/// `posinseqslash`: "<position>/<end>", both numbers without leading zeros and the position
/// not above the end.
pub fn posinseqslash(data: &[u8]) -> Result<(), LintError> {
    let len = data.len();
    let malformed = || fail(LintCode::PositionInSequenceMalformed, 0, len);
    let slash = data
        .iter()
        .position(|byte| !byte.is_ascii_digit())
        .unwrap_or(len);
    if slash == 0 || slash >= len || data[slash] != b'/' {
        return malformed();
    }
    let (position, end) = (&data[..slash], &data[slash + 1..]);
    if end.is_empty() || !end.iter().all(u8::is_ascii_digit) {
        return malformed();
    }
    if position[0] == b'0' {
        return fail(LintCode::IllegalZeroPrefix, 0, slash);
    }
    if end[0] == b'0' {
        return fail(LintCode::IllegalZeroPrefix, slash + 1, end.len());
    }
    // Neither number has a leading zero, so the longer one is the larger one.
    if (position.len(), position) > (end.len(), end) {
        return fail(LintCode::PositionExceedsEnd, 0, len);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::check;
    use super::*;

    #[test]
    fn zero_cases() {
        check(nonzero, "0009", "ok");
        check(nonzero, "000", "GS1_LINTER_ILLEGAL_ZERO_VALUE *000*");
        check(nonzero, "", "GS1_LINTER_ILLEGAL_ZERO_VALUE **");
        check(nonzero, "9A99", "GS1_LINTER_NON_DIGIT_CHARACTER 9*A*99");
        check(nozeroprefix, "", "ok");
        check(nozeroprefix, "10", "ok");
        check(nozeroprefix, "012", "GS1_LINTER_ILLEGAL_ZERO_PREFIX *0*12");
        check(zero, "000", "ok");
        check(zero, "", "GS1_LINTER_NOT_ZERO **");
        check(zero, "0X", "GS1_LINTER_NOT_ZERO *0X*");
    }

    #[test]
    fn coordinate_cases() {
        check(latitude, "1800000000", "ok");
        check(
            latitude,
            "1800000001",
            "GS1_LINTER_INVALID_LATITUDE *1800000001*",
        );
        check(
            latitude,
            "027908584",
            "GS1_LINTER_LATITUDE_INVALID_LENGTH *027908584*",
        );
        check(longitude, "3600000000", "ok");
        check(
            longitude,
            "9999999999",
            "GS1_LINTER_INVALID_LONGITUDE *9999999999*",
        );
        check(
            longitude,
            "123456789x",
            "GS1_LINTER_NON_DIGIT_CHARACTER 123456789*x*",
        );
    }

    #[test]
    fn pieceoftotal_cases() {
        check(pieceoftotal, "0203", "ok");
        check(pieceoftotal, "999999", "ok");
        check(
            pieceoftotal,
            "111",
            "GS1_LINTER_INVALID_LENGTH_FOR_PIECE_OF_TOTAL *111*",
        );
        check(pieceoftotal, "0001", "GS1_LINTER_ZERO_PIECE_NUMBER *00*01");
        check(
            pieceoftotal,
            "001000",
            "GS1_LINTER_ZERO_TOTAL_PIECES 001*000*",
        );
        check(
            pieceoftotal,
            "1009",
            "GS1_LINTER_PIECE_NUMBER_EXCEEDS_TOTAL *1009*",
        );
        check(
            pieceoftotal,
            "55x55555",
            "GS1_LINTER_NON_DIGIT_CHARACTER 55*x*55555",
        );
    }

    #[test]
    fn posinseqslash_cases() {
        check(posinseqslash, "9/10", "ok");
        check(posinseqslash, "100/100", "ok");
        check(
            posinseqslash,
            "1//2",
            "GS1_LINTER_POSITION_IN_SEQUENCE_MALFORMED *1//2*",
        );
        check(
            posinseqslash,
            "1/",
            "GS1_LINTER_POSITION_IN_SEQUENCE_MALFORMED *1/*",
        );
        check(
            posinseqslash,
            "01/2",
            "GS1_LINTER_ILLEGAL_ZERO_PREFIX *01*/2",
        );
        check(
            posinseqslash,
            "1/02",
            "GS1_LINTER_ILLEGAL_ZERO_PREFIX 1/*02*",
        );
        check(
            posinseqslash,
            "10/9",
            "GS1_LINTER_POSITION_EXCEEDS_END *10/9*",
        );
        check(
            posinseqslash,
            "99/98",
            "GS1_LINTER_POSITION_EXCEEDS_END *99/98*",
        );
    }
}
