//! Ported from gs1/gs1-syntax-dictionary src/lint_{couponcode,couponposoffer}.c (Apache-2.0, Copyright GS1 AISBL).
//!
//! The North American coupon linters: `couponcode` for AI (8110) and `couponposoffer` for
//! AI (8112), following "North American Coupon Application Guideline Using GS1 DataBar
//! Expanded Symbols". A coupon is a run of digits made of fields, many of them preceded by a
//! one-digit "VLI" (variable length indicator) giving their length. Each problem has its own
//! GS1 code; a missing field is reported over the whole value, a truncated one over what is
//! left of it.

use super::check::{any_gcp_is_valid, gcppos1_with, GcpStatus};
use super::datetime::yymmdd;
use super::{all_digits, fail, LintCode, LintError};

/// Walks the fields of a coupon: `pos` is the next unread byte.
struct Fields<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Fields<'a> {
    fn new(data: &'a [u8]) -> Fields<'a> {
        Fields { data, pos: 0 }
    }

    fn at_end(&self) -> bool {
        self.pos == self.data.len()
    }

    fn remaining(&self) -> usize {
        self.data.len() - self.pos
    }

    /// The next digit's value, if any, without consuming it.
    fn peek(&self) -> Option<u8> {
        self.data.get(self.pos).map(|digit| digit - b'0')
    }

    /// Whether the next byte is the optional-field indicator `digit`; consumes it if so.
    fn take_indicator(&mut self, digit: u8) -> bool {
        if self.peek() == Some(digit) {
            self.pos += 1;
            return true;
        }
        false
    }

    /// Consumes a one-digit field that must satisfy `valid`: `missing` when there is none,
    /// `invalid` (on that digit) when it does not.
    fn digit(
        &mut self,
        valid: impl Fn(u8) -> bool,
        missing: LintCode,
        invalid: LintCode,
    ) -> Result<u8, LintError> {
        let Some(digit) = self.peek() else {
            return Err(LintError {
                code: missing,
                start: 0,
                len: self.data.len(),
            });
        };
        if !valid(digit) {
            return Err(LintError {
                code: invalid,
                start: self.pos,
                len: 1,
            });
        }
        self.pos += 1;
        Ok(digit)
    }

    /// Consumes a field of `len` digits, or reports `truncated` over what is left of it (the
    /// whole value when nothing is left).
    fn field(&mut self, len: usize, truncated: LintCode) -> Result<&'a [u8], LintError> {
        if self.remaining() < len {
            let (start, len) = if self.at_end() {
                (0, self.data.len())
            } else {
                (self.pos, self.remaining())
            };
            return Err(LintError {
                code: truncated,
                start,
                len,
            });
        }
        let field = &self.data[self.pos..self.pos + len];
        self.pos += len;
        Ok(field)
    }

    /// Consumes a GS1 Company Prefix of `len` digits and has `gcp_lookup` judge it; a failure
    /// is reported over the prefix. A zero-length prefix (VLI "9": none given) is not looked up.
    fn gcp(
        &mut self,
        len: usize,
        truncated: LintCode,
        gcp_lookup: &mut dyn FnMut(&[u8]) -> GcpStatus,
    ) -> Result<(), LintError> {
        let start = self.pos;
        let gcp = self.field(len, truncated)?;
        if len > 0 {
            gcppos1_with(gcp, gcp_lookup).map_err(|error| LintError {
                code: error.code,
                start,
                len,
            })?;
        }
        Ok(())
    }

    /// Reports anything left after the last recognised field.
    fn finish(&self) -> Result<(), LintError> {
        if !self.at_end() {
            return fail(LintCode::CouponExcessData, self.pos, self.remaining());
        }
        Ok(())
    }
}

fn one_to_five(digit: u8) -> bool {
    (1..=5).contains(&digit)
}

fn requirement_code(digit: u8) -> bool {
    digit <= 4 || digit == 9
}

fn gcp_vli(digit: u8) -> bool {
    digit <= 6 || digit == 9
}

/// The length of a purchase GCP given its VLI: 6 + VLI digits, or none for VLI "9".
fn purchase_gcp_len(vli: u8) -> usize {
    if vli == 9 {
        0
    } else {
        usize::from(vli) + 6
    }
}

/// `couponcode`: an AI (8110) North American coupon code (no GCP allocation lookup).
pub fn couponcode(data: &[u8]) -> Result<(), LintError> {
    couponcode_with(data, &mut any_gcp_is_valid)
}

/// `couponcode` with a GS1 Company Prefix lookup, called for each GCP in the coupon.
pub fn couponcode_with(
    data: &[u8],
    gcp_lookup: &mut dyn FnMut(&[u8]) -> GcpStatus,
) -> Result<(), LintError> {
    use LintCode::*;

    all_digits(data)?;
    let mut fields = Fields::new(data);

    // Primary GS1 Company Prefix: VLI 0-6 gives 6-12 digits.
    let vli = fields.digit(|d| d <= 6, CouponMissingGcpVli, CouponInvalidGcpLength)?;
    fields.gcp(usize::from(vli) + 6, CouponTruncatedGcp, gcp_lookup)?;
    fields.field(6, CouponTruncatedOfferCode)?;
    let vli = fields.digit(
        one_to_five,
        CouponMissingSaveValueVli,
        CouponInvalidSaveValueLength,
    )?;
    fields.field(usize::from(vli), CouponTruncatedSaveValue)?;
    let vli = fields.digit(
        one_to_five,
        CouponMissing1stPurchaseRequirementVli,
        CouponInvalid1stPurchaseRequirementLength,
    )?;
    fields.field(usize::from(vli), CouponTruncated1stPurchaseRequirement)?;
    fields.digit(
        requirement_code,
        CouponMissing1stPurchaseRequirementCode,
        CouponInvalid1stPurchaseRequirementCode,
    )?;
    fields.field(3, CouponTruncated1stPurchaseFamilyCode)?;

    // Optional field 1: additional purchase rules and a second purchase.
    if fields.take_indicator(1) {
        fields.digit(
            |d| d <= 3,
            CouponMissingAdditionalPurchaseRulesCode,
            CouponInvalidAdditionalPurchaseRulesCode,
        )?;
        let vli = fields.digit(
            one_to_five,
            CouponMissing2ndPurchaseRequirementVli,
            CouponInvalid2ndPurchaseRequirementLength,
        )?;
        fields.field(usize::from(vli), CouponTruncated2ndPurchaseRequirement)?;
        fields.digit(
            requirement_code,
            CouponMissing2ndPurchaseRequirementCode,
            CouponInvalid2ndPurchaseRequirementCode,
        )?;
        fields.field(3, CouponTruncated2ndPurchaseFamilyCode)?;
        let vli = fields.digit(
            gcp_vli,
            CouponMissing2ndPurchaseGcpVli,
            CouponInvalid2ndPurchaseGcpLength,
        )?;
        fields.gcp(
            purchase_gcp_len(vli),
            CouponTruncated2ndPurchaseGcp,
            gcp_lookup,
        )?;
    }

    // Optional field 2: a third purchase.
    if fields.take_indicator(2) {
        let vli = fields.digit(
            one_to_five,
            CouponMissing3rdPurchaseRequirementVli,
            CouponInvalid3rdPurchaseRequirementLength,
        )?;
        fields.field(usize::from(vli), CouponTruncated3rdPurchaseRequirement)?;
        fields.digit(
            requirement_code,
            CouponMissing3rdPurchaseRequirementCode,
            CouponInvalid3rdPurchaseRequirementCode,
        )?;
        fields.field(3, CouponTruncated3rdPurchaseFamilyCode)?;
        let vli = fields.digit(
            gcp_vli,
            CouponMissing3rdPurchaseGcpVli,
            CouponInvalid3rdPurchaseGcpLength,
        )?;
        fields.gcp(
            purchase_gcp_len(vli),
            CouponTruncated3rdPurchaseGcp,
            gcp_lookup,
        )?;
    }

    // Optional field 3: expiration date.
    let mut expiry_date = None;
    if fields.take_indicator(3) {
        let start = fields.pos;
        let date = fields.field(6, CouponTooShortForExpirationDate)?;
        if yymmdd(date).is_err() {
            return fail(CouponInvalidExipirationDate, start, 6);
        }
        expiry_date = Some(date);
    }

    // Optional field 4: start date, not after the expiration date. GS1 compares the YYMMDD
    // strings, so the check ignores centuries.
    if fields.take_indicator(4) {
        let start = fields.pos;
        let date = fields.field(6, CouponTooShortForStartDate)?;
        if yymmdd(date).is_err() {
            return fail(CouponInvalidStartDate, start, 6);
        }
        if expiry_date.is_some_and(|expiry_date| date > expiry_date) {
            // Both dates with their indicators: "3" YYMMDD "4" YYMMDD.
            return fail(CouponExpirationBeforeStart, start - 8, 14);
        }
    }

    // Optional field 5: serial number, VLI 0-9 gives 6-15 digits.
    if fields.take_indicator(5) {
        let vli = fields.digit(
            |_| true,
            CouponMissingSerialNumberVli,
            CouponMissingSerialNumberVli,
        )?;
        fields.field(usize::from(vli) + 6, CouponTruncatedSerialNumber)?;
    }

    // Optional field 6: retailer GCP or GLN, VLI 1-7 gives 7-13 digits.
    if fields.take_indicator(6) {
        let vli = fields.digit(
            |d| (1..=7).contains(&d),
            CouponMissingRetailerGcpOrGlnVli,
            CouponInvalidRetailerGcpOrGlnLength,
        )?;
        fields.gcp(
            usize::from(vli) + 6,
            CouponTruncatedRetailerGcpOrGln,
            gcp_lookup,
        )?;
    }

    // Optional field 9: miscellaneous flags.
    if fields.take_indicator(9) {
        fields.digit(
            |d| matches!(d, 0 | 1 | 2 | 5 | 6),
            CouponMissingSaveValueCode,
            CouponInvalidSaveValueCode,
        )?;
        fields.digit(
            |d| d <= 2,
            CouponMissingSaveValueAppliesToItem,
            CouponInvalidSaveValueAppliesToItem,
        )?;
        fields.digit(
            |_| true,
            CouponMissingStoreCouponFlag,
            CouponMissingStoreCouponFlag,
        )?;
        fields.digit(
            |d| d <= 1,
            CouponMissingDontMultiplyFlag,
            CouponInvalidDontMultiplyFlag,
        )?;
    }

    fields.finish()
}

/// `couponposoffer`: an AI (8112) positive offer file coupon code.
pub fn couponposoffer(data: &[u8]) -> Result<(), LintError> {
    use LintCode::*;

    all_digits(data)?;
    let mut fields = Fields::new(data);
    fields.digit(|d| d <= 1, CouponMissingFormatCode, CouponInvalidFormatCode)?;
    // Funder ID: VLI 0-6 gives 6-12 digits.
    let vli = fields.digit(
        |d| d <= 6,
        CouponMissingFunderVli,
        CouponInvalidFunderLength,
    )?;
    fields.field(usize::from(vli) + 6, CouponTruncatedFunder)?;
    fields.field(6, CouponTruncatedOfferCode)?;
    // Serial number: VLI 0-9 gives 6-15 digits.
    let vli = fields.digit(
        |_| true,
        CouponMissingSerialNumberVli,
        CouponMissingSerialNumberVli,
    )?;
    fields.field(usize::from(vli) + 6, CouponTruncatedSerialNumber)?;
    fields.finish()
}

#[cfg(test)]
mod tests {
    use super::super::check;
    use super::*;

    #[test]
    fn couponcode_cases() {
        check(couponcode, "012345612345611110123", "ok");
        check(couponcode, "", "GS1_LINTER_COUPON_MISSING_GCP_VLI **");
        check(
            couponcode,
            "012345",
            "GS1_LINTER_COUPON_TRUNCATED_GCP 0*12345*",
        );
        check(
            couponcode,
            "71234567890123",
            "GS1_LINTER_COUPON_INVALID_GCP_LENGTH *7*1234567890123",
        );
        check(
            couponcode,
            "0123456123456",
            "GS1_LINTER_COUPON_MISSING_SAVE_VALUE_VLI *0123456123456*",
        );
        check(
            couponcode,
            "01234561234561111012a",
            "GS1_LINTER_NON_DIGIT_CHARACTER 01234561234561111012*a*",
        );
        // Optional fields 1 (second purchase, GCP VLI 9 = none), 3, 4, 5, 6 and 9.
        check(couponcode, "012345612345611110123101101239", "ok");
        check(couponcode, "0123456123456111101233261231", "ok");
        check(
            couponcode,
            "01234561234561111012332601014261231",
            "GS1_LINTER_COUPON_EXPIRATION_BEFORE_START 012345612345611110123*32601014261231*",
        );
        check(
            couponcode,
            "0123456123456111101235012345678",
            "GS1_LINTER_COUPON_EXCESS_DATA 01234561234561111012350123456*78*",
        );
        check(couponcode, "012345612345611110123611234567", "ok");
        check(couponcode, "01234561234561111012390010", "ok");
        check(
            couponcode,
            "01234561234561111012390012",
            "GS1_LINTER_COUPON_INVALID_DONT_MULTIPLY_FLAG 0123456123456111101239001*2*",
        );
    }

    #[test]
    fn couponcode_reports_the_gcp_a_lookup_rejects() {
        let mut calls = 0;
        let mut second_is_offline = |_: &[u8]| {
            calls += 1;
            if calls == 2 {
                GcpStatus::Offline
            } else {
                GcpStatus::Valid
            }
        };
        let error = couponcode_with(
            b"012345612345611110123101101230123456",
            &mut second_is_offline,
        )
        .unwrap_err();
        assert_eq!(
            (error.code, error.start, error.len),
            (LintCode::GcpDatasourceOffline, 30, 6)
        );
    }

    #[test]
    fn couponposoffer_cases() {
        check(couponposoffer, "001234561234560123456", "ok");
        check(
            couponposoffer,
            "201234561234560123456",
            "GS1_LINTER_COUPON_INVALID_FORMAT_CODE *2*01234561234560123456",
        );
        check(
            couponposoffer,
            "0",
            "GS1_LINTER_COUPON_MISSING_FUNDER_VLI *0*",
        );
        check(
            couponposoffer,
            "07",
            "GS1_LINTER_COUPON_INVALID_FUNDER_LENGTH 0*7*",
        );
        check(
            couponposoffer,
            "00123456123456",
            "GS1_LINTER_COUPON_MISSING_SERIAL_NUMBER_VLI *00123456123456*",
        );
        check(
            couponposoffer,
            "0012345612345601234567",
            "GS1_LINTER_COUPON_EXCESS_DATA 001234561234560123456*7*",
        );
    }
}
