//! The linters of the GS1 Barcode Syntax Dictionary, in pure Rust.
//!
//! The dictionary names a linter after each component's format (`N14,csum,gcppos2`,
//! `X..35,pcenc`, `N3,iso3166999`, ...). Each linter here is a port of GS1's reference C
//! implementation (gs1/gs1-syntax-dictionary, `src/lint_*.c`, Apache-2.0, Copyright GS1
//! AISBL) and reports exactly what the C one reports: a `GS1_LINTER_*` code and the byte span
//! of the offending data, so that `tests/linters.rs` can hold every linter to GS1's own
//! pass/fail vectors. The component character-set checks (`cset82` for X, `cset39` for Y,
//! `cset64` for Z and `csetnumeric` for N) are linters too.
//!
//! Linters take bytes, never panic, and allocate nothing: the parser runs them on every
//! component of every scan. The few linters that could consult a GS1 Company Prefix service
//! (`gcppos1`, `gcppos2`, `couponcode`) have `*_with` variants taking a lookup function; the
//! registry versions treat every well-formed prefix as allocated, as GS1's C library does
//! when no lookup is compiled in.

mod charset;
mod check;
mod codes;
mod coupon;
mod datetime;
mod number;

pub use charset::in_cset82;
pub use check::{gcppos1_with, gcppos2_with, GcpStatus};
pub use coupon::couponcode_with;
pub use datetime::days_in_month;

/// How a linter failure should be classified by the parser, which maps it to its own error
/// codes (`check_digit`, `bad_date`, `illegal_char`, `bad_length`, `bad_value`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LintKind {
    /// A check digit, check character pair or IBAN checksum is wrong.
    CheckDigit,
    /// A date or time is malformed or does not exist.
    Date,
    /// A character is outside the set the component allows.
    Charset,
    /// The component is too short or too long for what the linter needs.
    Length,
    /// Any other rule: a code not in its list, a zero where none is allowed, a malformed coupon.
    Other,
}

/// A linter failure: which GS1 rule and where.
///
/// `start` and `len` are a byte span in the linted component; `len` may be zero (an empty
/// component, or a problem located between characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{} ({}; bytes {start}..{})", .code.message(), .code.gs1_name(), .start + .len)]
pub struct LintError {
    pub code: LintCode,
    pub start: usize,
    pub len: usize,
}

/// A linter: lints one component, or says what is wrong with it and where.
pub type Linter = fn(&[u8]) -> Result<(), LintError>;

/// The failure `code` at `start..start + len`.
#[inline]
fn fail(code: LintCode, start: usize, len: usize) -> Result<(), LintError> {
    Err(LintError { code, start, len })
}

/// The position of the first byte of `data` that is not an ASCII digit.
#[inline]
fn first_non_digit(data: &[u8]) -> Option<usize> {
    data.iter().position(|byte| !byte.is_ascii_digit())
}

/// Fails with `GS1_LINTER_NON_DIGIT_CHARACTER` at the first non-digit of `data`.
#[inline]
fn all_digits(data: &[u8]) -> Result<(), LintError> {
    match first_non_digit(data) {
        Some(pos) => fail(LintCode::NonDigitCharacter, pos, 1),
        None => Ok(()),
    }
}

macro_rules! lint_codes {
    ($($variant:ident => $gs1_name:literal, $kind:ident, $message:literal;)*) => {
        /// The `GS1_LINTER_*` codes the linters report, one variant per code used.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum LintCode {
            $(#[doc = $message] $variant,)*
        }

        impl LintCode {
            /// Every code, in GS1's order.
            pub const ALL: &'static [LintCode] = &[$(LintCode::$variant,)*];

            /// GS1's name for the code, e.g. `"GS1_LINTER_NON_DIGIT_CHARACTER"`.
            pub fn gs1_name(self) -> &'static str {
                match self {
                    $(LintCode::$variant => $gs1_name,)*
                }
            }

            /// A sentence for a person saying what is wrong.
            pub fn message(self) -> &'static str {
                match self {
                    $(LintCode::$variant => $message,)*
                }
            }

            /// How the parser should classify the failure.
            pub fn kind(self) -> LintKind {
                match self {
                    $(LintCode::$variant => LintKind::$kind,)*
                }
            }

            /// The code GS1 calls `gs1_name`, if it is one of ours.
            pub fn from_gs1_name(gs1_name: &str) -> Option<LintCode> {
                match gs1_name {
                    $($gs1_name => Some(LintCode::$variant),)*
                    _ => None,
                }
            }
        }
    };
}

// Names and descriptions follow GS1's gs1syntaxdictionary.h (Apache-2.0, Copyright GS1 AISBL),
// including GS1's own spelling of "EXIPIRATION".
lint_codes! {
    NonDigitCharacter => "GS1_LINTER_NON_DIGIT_CHARACTER", Charset,
        "A non-digit character was found where a digit is expected.";
    InvalidCset82Character => "GS1_LINTER_INVALID_CSET82_CHARACTER", Charset,
        "A character outside GS1 character set 82 was found.";
    InvalidCset39Character => "GS1_LINTER_INVALID_CSET39_CHARACTER", Charset,
        "A character outside GS1 character set 39 was found.";
    IncorrectCheckDigit => "GS1_LINTER_INCORRECT_CHECK_DIGIT", CheckDigit,
        "The check digit is incorrect.";
    TooShortForCheckDigit => "GS1_LINTER_TOO_SHORT_FOR_CHECK_DIGIT", Length,
        "The value is too short to carry a check digit.";
    IncorrectCheckPair => "GS1_LINTER_INCORRECT_CHECK_PAIR", CheckDigit,
        "The check character pair is incorrect.";
    TooShortForCheckPair => "GS1_LINTER_TOO_SHORT_FOR_CHECK_PAIR", Length,
        "The value is too short to carry a check character pair.";
    TooLongForCheckPairImplementation => "GS1_LINTER_TOO_LONG_FOR_CHECK_PAIR_IMPLEMENTATION", Length,
        "The value is too long for the check character pair calculation (at most 99 characters).";
    GcpDatasourceOffline => "GS1_LINTER_GCP_DATASOURCE_OFFLINE", Other,
        "The GS1 Company Prefix could not be checked because its data source is offline.";
    InvalidGcpPrefix => "GS1_LINTER_INVALID_GCP_PREFIX", Other,
        "The value does not start with a valid GS1 Company Prefix.";
    ImporterIdxMustBeOneCharacter => "GS1_LINTER_IMPORTER_IDX_MUST_BE_ONE_CHARACTER", Length,
        "The importer index must be a single character.";
    InvalidImportIdxCharacter => "GS1_LINTER_INVALID_IMPORT_IDX_CHARACTER", Charset,
        "The importer index must be a letter, a digit, '-' or '_'.";
    IllegalZeroValue => "GS1_LINTER_ILLEGAL_ZERO_VALUE", Other,
        "The value must not be zero.";
    NotZero => "GS1_LINTER_NOT_ZERO", Other,
        "The value must be zero.";
    IllegalZeroPrefix => "GS1_LINTER_ILLEGAL_ZERO_PREFIX", Other,
        "The number must not start with a zero.";
    NotZeroOrOne => "GS1_LINTER_NOT_ZERO_OR_ONE", Other,
        "The value must be \"0\" or \"1\".";
    InvalidWindingDirection => "GS1_LINTER_INVALID_WINDING_DIRECTION", Other,
        "The winding direction must be \"0\", \"1\" or \"9\".";
    NotIso3166 => "GS1_LINTER_NOT_ISO3166", Other,
        "The value is not an ISO 3166 three-digit country code.";
    NotIso3166Or999 => "GS1_LINTER_NOT_ISO3166_OR_999", Other,
        "The value is neither an ISO 3166 three-digit country code nor \"999\".";
    NotIso3166Alpha2 => "GS1_LINTER_NOT_ISO3166_ALPHA2", Other,
        "The value is not an ISO 3166 two-letter country code.";
    NotIso4217 => "GS1_LINTER_NOT_ISO4217", Other,
        "The value is not an ISO 4217 three-digit currency code.";
    IbanTooShort => "GS1_LINTER_IBAN_TOO_SHORT", Length,
        "The IBAN is too short.";
    IbanTooLong => "GS1_LINTER_IBAN_TOO_LONG", Length,
        "The IBAN is too long (at most 34 characters).";
    InvalidIbanCharacter => "GS1_LINTER_INVALID_IBAN_CHARACTER", Charset,
        "The IBAN contains a character other than a digit or an upper-case letter.";
    IllegalIbanCountryCode => "GS1_LINTER_ILLEGAL_IBAN_COUNTRY_CODE", Other,
        "The IBAN does not start with an ISO 3166 two-letter country code.";
    IncorrectIbanChecksum => "GS1_LINTER_INCORRECT_IBAN_CHECKSUM", CheckDigit,
        "The IBAN check characters are incorrect.";
    DateTooShort => "GS1_LINTER_DATE_TOO_SHORT", Date,
        "The date is too short.";
    DateTooLong => "GS1_LINTER_DATE_TOO_LONG", Date,
        "The date is too long.";
    HourWithMinuteTooShort => "GS1_LINTER_HOUR_WITH_MINUTE_TOO_SHORT", Date,
        "The time is too short for HHMI format.";
    HourWithMinuteTooLong => "GS1_LINTER_HOUR_WITH_MINUTE_TOO_LONG", Date,
        "The time is too long for HHMI format.";
    IllegalMonth => "GS1_LINTER_ILLEGAL_MONTH", Date,
        "The month must be 01 to 12.";
    IllegalDay => "GS1_LINTER_ILLEGAL_DAY", Date,
        "The day does not exist in that month.";
    IllegalHour => "GS1_LINTER_ILLEGAL_HOUR", Date,
        "The hour must be 00 to 23.";
    IllegalMinute => "GS1_LINTER_ILLEGAL_MINUTE", Date,
        "The minute must be 00 to 59.";
    IllegalSecond => "GS1_LINTER_ILLEGAL_SECOND", Date,
        "The second must be 00 to 59.";
    InvalidLengthForPieceOfTotal => "GS1_LINTER_INVALID_LENGTH_FOR_PIECE_OF_TOTAL", Length,
        "The piece number and total must have the same length, so the value must have an even length.";
    ZeroPieceNumber => "GS1_LINTER_ZERO_PIECE_NUMBER", Other,
        "The piece number must not be zero.";
    ZeroTotalPieces => "GS1_LINTER_ZERO_TOTAL_PIECES", Other,
        "The total number of pieces must not be zero.";
    PieceNumberExceedsTotal => "GS1_LINTER_PIECE_NUMBER_EXCEEDS_TOTAL", Other,
        "The piece number must not exceed the total number of pieces.";
    InvalidPercentSequence => "GS1_LINTER_INVALID_PERCENT_SEQUENCE", Other,
        "A '%' must be followed by two hexadecimal digits.";
    CouponMissingFormatCode => "GS1_LINTER_COUPON_MISSING_FORMAT_CODE", Other,
        "The coupon's Format Code is missing.";
    CouponInvalidFormatCode => "GS1_LINTER_COUPON_INVALID_FORMAT_CODE", Other,
        "The coupon's Format Code must be \"0\" or \"1\".";
    CouponMissingFunderVli => "GS1_LINTER_COUPON_MISSING_FUNDER_VLI", Other,
        "The coupon's Funder VLI is missing.";
    CouponInvalidFunderLength => "GS1_LINTER_COUPON_INVALID_FUNDER_LENGTH", Other,
        "The coupon's Funder VLI must be \"0\" to \"6\".";
    CouponTruncatedFunder => "GS1_LINTER_COUPON_TRUNCATED_FUNDER", Other,
        "The coupon's Funder is shorter than its VLI says.";
    CouponTruncatedOfferCode => "GS1_LINTER_COUPON_TRUNCATED_OFFER_CODE", Other,
        "The coupon's Offer Code is shorter than the required six digits.";
    CouponMissingSerialNumberVli => "GS1_LINTER_COUPON_MISSING_SERIAL_NUMBER_VLI", Other,
        "The coupon's Serial Number VLI is missing.";
    CouponTruncatedSerialNumber => "GS1_LINTER_COUPON_TRUNCATED_SERIAL_NUMBER", Other,
        "The coupon's Serial Number is shorter than its VLI says.";
    CouponMissingGcpVli => "GS1_LINTER_COUPON_MISSING_GCP_VLI", Other,
        "The coupon's primary GS1 Company Prefix VLI is missing.";
    CouponInvalidGcpLength => "GS1_LINTER_COUPON_INVALID_GCP_LENGTH", Other,
        "The coupon's primary GS1 Company Prefix VLI must be \"0\" to \"6\".";
    CouponTruncatedGcp => "GS1_LINTER_COUPON_TRUNCATED_GCP", Other,
        "The coupon's primary GS1 Company Prefix is shorter than its VLI says.";
    CouponMissingSaveValueVli => "GS1_LINTER_COUPON_MISSING_SAVE_VALUE_VLI", Other,
        "The coupon's Save Value VLI is missing.";
    CouponInvalidSaveValueLength => "GS1_LINTER_COUPON_INVALID_SAVE_VALUE_LENGTH", Other,
        "The coupon's Save Value VLI must be \"1\" to \"5\".";
    CouponTruncatedSaveValue => "GS1_LINTER_COUPON_TRUNCATED_SAVE_VALUE", Other,
        "The coupon's Save Value is shorter than its VLI says.";
    CouponMissing1stPurchaseRequirementVli => "GS1_LINTER_COUPON_MISSING_1ST_PURCHASE_REQUIREMENT_VLI", Other,
        "The coupon's primary purchase Requirement VLI is missing.";
    CouponInvalid1stPurchaseRequirementLength => "GS1_LINTER_COUPON_INVALID_1ST_PURCHASE_REQUIREMENT_LENGTH", Other,
        "The coupon's primary purchase Requirement VLI must be \"1\" to \"5\".";
    CouponTruncated1stPurchaseRequirement => "GS1_LINTER_COUPON_TRUNCATED_1ST_PURCHASE_REQUIREMENT", Other,
        "The coupon's primary purchase Requirement is shorter than its VLI says.";
    CouponMissing1stPurchaseRequirementCode => "GS1_LINTER_COUPON_MISSING_1ST_PURCHASE_REQUIREMENT_CODE", Other,
        "The coupon's primary purchase Requirement Code is missing.";
    CouponInvalid1stPurchaseRequirementCode => "GS1_LINTER_COUPON_INVALID_1ST_PURCHASE_REQUIREMENT_CODE", Other,
        "The coupon's primary purchase Requirement Code must be \"0\" to \"4\" or \"9\".";
    CouponTruncated1stPurchaseFamilyCode => "GS1_LINTER_COUPON_TRUNCATED_1ST_PURCHASE_FAMILY_CODE", Other,
        "The coupon's primary purchase Family Code is shorter than the required three digits.";
    CouponMissingAdditionalPurchaseRulesCode => "GS1_LINTER_COUPON_MISSING_ADDITIONAL_PURCHASE_RULES_CODE", Other,
        "The coupon's Additional Purchase Rules Code is missing.";
    CouponInvalidAdditionalPurchaseRulesCode => "GS1_LINTER_COUPON_INVALID_ADDITIONAL_PURCHASE_RULES_CODE", Other,
        "The coupon's Additional Purchase Rules Code must be \"0\" to \"3\".";
    CouponMissing2ndPurchaseRequirementVli => "GS1_LINTER_COUPON_MISSING_2ND_PURCHASE_REQUIREMENT_VLI", Other,
        "The coupon's second purchase Requirement VLI is missing.";
    CouponInvalid2ndPurchaseRequirementLength => "GS1_LINTER_COUPON_INVALID_2ND_PURCHASE_REQUIREMENT_LENGTH", Other,
        "The coupon's second purchase Requirement VLI must be \"1\" to \"5\".";
    CouponTruncated2ndPurchaseRequirement => "GS1_LINTER_COUPON_TRUNCATED_2ND_PURCHASE_REQUIREMENT", Other,
        "The coupon's second purchase Requirement is shorter than its VLI says.";
    CouponMissing2ndPurchaseRequirementCode => "GS1_LINTER_COUPON_MISSING_2ND_PURCHASE_REQUIREMENT_CODE", Other,
        "The coupon's second purchase Requirement Code is missing.";
    CouponInvalid2ndPurchaseRequirementCode => "GS1_LINTER_COUPON_INVALID_2ND_PURCHASE_REQUIREMENT_CODE", Other,
        "The coupon's second purchase Requirement Code must be \"0\" to \"4\" or \"9\".";
    CouponTruncated2ndPurchaseFamilyCode => "GS1_LINTER_COUPON_TRUNCATED_2ND_PURCHASE_FAMILY_CODE", Other,
        "The coupon's second purchase Family Code is shorter than the required three digits.";
    CouponMissing2ndPurchaseGcpVli => "GS1_LINTER_COUPON_MISSING_2ND_PURCHASE_GCP_VLI", Other,
        "The coupon's second purchase GS1 Company Prefix VLI is missing.";
    CouponInvalid2ndPurchaseGcpLength => "GS1_LINTER_COUPON_INVALID_2ND_PURCHASE_GCP_LENGTH", Other,
        "The coupon's second purchase GS1 Company Prefix VLI must be \"0\" to \"6\" or \"9\".";
    CouponTruncated2ndPurchaseGcp => "GS1_LINTER_COUPON_TRUNCATED_2ND_PURCHASE_GCP", Other,
        "The coupon's second purchase GS1 Company Prefix is shorter than its VLI says.";
    CouponMissing3rdPurchaseRequirementVli => "GS1_LINTER_COUPON_MISSING_3RD_PURCHASE_REQUIREMENT_VLI", Other,
        "The coupon's third purchase Requirement VLI is missing.";
    CouponInvalid3rdPurchaseRequirementLength => "GS1_LINTER_COUPON_INVALID_3RD_PURCHASE_REQUIREMENT_LENGTH", Other,
        "The coupon's third purchase Requirement VLI must be \"1\" to \"5\".";
    CouponTruncated3rdPurchaseRequirement => "GS1_LINTER_COUPON_TRUNCATED_3RD_PURCHASE_REQUIREMENT", Other,
        "The coupon's third purchase Requirement is shorter than its VLI says.";
    CouponMissing3rdPurchaseRequirementCode => "GS1_LINTER_COUPON_MISSING_3RD_PURCHASE_REQUIREMENT_CODE", Other,
        "The coupon's third purchase Requirement Code is missing.";
    CouponInvalid3rdPurchaseRequirementCode => "GS1_LINTER_COUPON_INVALID_3RD_PURCHASE_REQUIREMENT_CODE", Other,
        "The coupon's third purchase Requirement Code must be \"0\" to \"4\" or \"9\".";
    CouponTruncated3rdPurchaseFamilyCode => "GS1_LINTER_COUPON_TRUNCATED_3RD_PURCHASE_FAMILY_CODE", Other,
        "The coupon's third purchase Family Code is shorter than the required three digits.";
    CouponMissing3rdPurchaseGcpVli => "GS1_LINTER_COUPON_MISSING_3RD_PURCHASE_GCP_VLI", Other,
        "The coupon's third purchase GS1 Company Prefix VLI is missing.";
    CouponInvalid3rdPurchaseGcpLength => "GS1_LINTER_COUPON_INVALID_3RD_PURCHASE_GCP_LENGTH", Other,
        "The coupon's third purchase GS1 Company Prefix VLI must be \"0\" to \"6\" or \"9\".";
    CouponTruncated3rdPurchaseGcp => "GS1_LINTER_COUPON_TRUNCATED_3RD_PURCHASE_GCP", Other,
        "The coupon's third purchase GS1 Company Prefix is shorter than its VLI says.";
    CouponTooShortForExpirationDate => "GS1_LINTER_COUPON_TOO_SHORT_FOR_EXPIRATION_DATE", Date,
        "The coupon's expiration date is too short for YYMMDD format.";
    CouponInvalidExipirationDate => "GS1_LINTER_COUPON_INVALID_EXIPIRATION_DATE", Date,
        "The coupon's expiration date is not a valid YYMMDD date.";
    CouponTooShortForStartDate => "GS1_LINTER_COUPON_TOO_SHORT_FOR_START_DATE", Date,
        "The coupon's start date is too short for YYMMDD format.";
    CouponInvalidStartDate => "GS1_LINTER_COUPON_INVALID_START_DATE", Date,
        "The coupon's start date is not a valid YYMMDD date.";
    CouponExpirationBeforeStart => "GS1_LINTER_COUPON_EXPIRATION_BEFORE_START", Date,
        "The coupon's expiration date is before its start date.";
    CouponMissingRetailerGcpOrGlnVli => "GS1_LINTER_COUPON_MISSING_RETAILER_GCP_OR_GLN_VLI", Other,
        "The coupon's Retailer GCP/GLN VLI is missing.";
    CouponInvalidRetailerGcpOrGlnLength => "GS1_LINTER_COUPON_INVALID_RETAILER_GCP_OR_GLN_LENGTH", Other,
        "The coupon's Retailer GCP/GLN VLI must be \"1\" to \"7\".";
    CouponTruncatedRetailerGcpOrGln => "GS1_LINTER_COUPON_TRUNCATED_RETAILER_GCP_OR_GLN", Other,
        "The coupon's Retailer GCP/GLN is shorter than its VLI says.";
    CouponMissingSaveValueCode => "GS1_LINTER_COUPON_MISSING_SAVE_VALUE_CODE", Other,
        "The coupon's Save Value Code is missing.";
    CouponInvalidSaveValueCode => "GS1_LINTER_COUPON_INVALID_SAVE_VALUE_CODE", Other,
        "The coupon's Save Value Code must be \"0\", \"1\", \"2\", \"5\" or \"6\".";
    CouponMissingSaveValueAppliesToItem => "GS1_LINTER_COUPON_MISSING_SAVE_VALUE_APPLIES_TO_ITEM", Other,
        "The coupon's Save Value Applies to Item is missing.";
    CouponInvalidSaveValueAppliesToItem => "GS1_LINTER_COUPON_INVALID_SAVE_VALUE_APPLIES_TO_ITEM", Other,
        "The coupon's Save Value Applies to Item must be \"0\" to \"2\".";
    CouponMissingStoreCouponFlag => "GS1_LINTER_COUPON_MISSING_STORE_COUPON_FLAG", Other,
        "The coupon's Store Coupon Flag is missing.";
    CouponMissingDontMultiplyFlag => "GS1_LINTER_COUPON_MISSING_DONT_MULTIPLY_FLAG", Other,
        "The coupon's Don't Multiply Flag is missing.";
    CouponInvalidDontMultiplyFlag => "GS1_LINTER_COUPON_INVALID_DONT_MULTIPLY_FLAG", Other,
        "The coupon's Don't Multiply Flag must be \"0\" or \"1\".";
    CouponExcessData => "GS1_LINTER_COUPON_EXCESS_DATA", Other,
        "The coupon has data after its last recognised field.";
    InvalidLatitude => "GS1_LINTER_INVALID_LATITUDE", Other,
        "The latitude must be 0000000000 to 1800000000.";
    InvalidLongitude => "GS1_LINTER_INVALID_LONGITUDE", Other,
        "The longitude must be 0000000000 to 3600000000.";
    InvalidMediaType => "GS1_LINTER_INVALID_MEDIA_TYPE", Other,
        "The value is not a valid AIDC media type.";
    LatitudeInvalidLength => "GS1_LINTER_LATITUDE_INVALID_LENGTH", Length,
        "The latitude must be 10 digits.";
    LongitudeInvalidLength => "GS1_LINTER_LONGITUDE_INVALID_LENGTH", Length,
        "The longitude must be 10 digits.";
    InvalidCset64Character => "GS1_LINTER_INVALID_CSET64_CHARACTER", Charset,
        "A character outside GS1 character set 64 (URL-safe base64) was found.";
    InvalidCset64Padding => "GS1_LINTER_INVALID_CSET64_PADDING", Charset,
        "The base64 padding ('=') is wrong.";
    NotHyphen => "GS1_LINTER_NOT_HYPHEN", Charset,
        "Only hyphens are allowed.";
    InvalidBiologicalSexCode => "GS1_LINTER_INVALID_BIOLOGICAL_SEX_CODE", Other,
        "The value is not an ISO/IEC 5218 biological sex code (0, 1, 2 or 9).";
    PositionInSequenceMalformed => "GS1_LINTER_POSITION_IN_SEQUENCE_MALFORMED", Other,
        "The value must have the form <position>/<end>.";
    PositionExceedsEnd => "GS1_LINTER_POSITION_EXCEEDS_END", Other,
        "The position must not exceed the end.";
    RequiresNonDigitCharacter => "GS1_LINTER_REQUIRES_NON_DIGIT_CHARACTER", Other,
        "The value must contain at least one non-digit character.";
    HourTooShort => "GS1_LINTER_HOUR_TOO_SHORT", Date,
        "The hour is too short for HH format.";
    HourTooLong => "GS1_LINTER_HOUR_TOO_LONG", Date,
        "The hour is too long for HH format.";
    MinuteTooShort => "GS1_LINTER_MINUTE_TOO_SHORT", Date,
        "The minute is too short for MI format.";
    MinuteTooLong => "GS1_LINTER_MINUTE_TOO_LONG", Date,
        "The minute is too long for MI format.";
    SecondTooShort => "GS1_LINTER_SECOND_TOO_SHORT", Date,
        "The second is too short for SS format.";
    SecondTooLong => "GS1_LINTER_SECOND_TOO_LONG", Date,
        "The second is too long for SS format.";
    InvalidPackageType => "GS1_LINTER_INVALID_PACKAGE_TYPE", Other,
        "The value is not a PackageTypeCode.";
    TooShortForGcp => "GS1_LINTER_TOO_SHORT_FOR_GCP", Length,
        "The value is shorter than the shortest GS1 Company Prefix.";
}

macro_rules! registry {
    ($($name:literal => $linter:path,)*) => {
        const NAMES: &[&str] = &[$($name,)*];

        /// The linter the dictionary calls `name` (e.g. `"csum"`), if there is one.
        pub fn lookup(name: &str) -> Option<Linter> {
            match name {
                $($name => Some($linter as Linter),)*
                _ => None,
            }
        }
    };
}

registry! {
    "couponcode" => coupon::couponcode,
    "couponposoffer" => coupon::couponposoffer,
    "cset39" => charset::cset39,
    "cset64" => charset::cset64,
    "cset82" => charset::cset82,
    "csetnumeric" => charset::csetnumeric,
    "csum" => check::csum,
    "csumalpha" => check::csumalpha,
    "gcppos1" => check::gcppos1,
    "gcppos2" => check::gcppos2,
    "hasnondigit" => charset::hasnondigit,
    "hh" => datetime::hh,
    "hhmi" => datetime::hhmi,
    "hyphen" => charset::hyphen,
    "iban" => check::iban,
    "importeridx" => charset::importeridx,
    "iso3166" => codes::iso3166,
    "iso3166999" => codes::iso3166999,
    "iso3166alpha2" => codes::iso3166alpha2,
    "iso4217" => codes::iso4217,
    "iso5218" => codes::iso5218,
    "latitude" => number::latitude,
    "longitude" => number::longitude,
    "mediatype" => codes::mediatype,
    "mi" => datetime::mi,
    "nonzero" => number::nonzero,
    "nozeroprefix" => number::nozeroprefix,
    "packagetype" => codes::packagetype,
    "pcenc" => charset::pcenc,
    "pieceoftotal" => number::pieceoftotal,
    "posinseqslash" => number::posinseqslash,
    "ss" => datetime::ss,
    "winding" => codes::winding,
    "yesno" => codes::yesno,
    "yymmd0" => datetime::yymmd0,
    "yymmdd" => datetime::yymmdd,
    "yyyymmd0" => datetime::yyyymmd0,
    "yyyymmdd" => datetime::yyyymmdd,
    "zero" => number::zero,
}

/// The names of all implemented linters, sorted.
pub fn names() -> &'static [&'static str] {
    NAMES
}

/// Lints `input` and compares the outcome, rendered as GS1's tests render it, with
/// `expected`: "ok", or the code name and the input with the offending span between asterisks.
#[cfg(test)]
fn check(linter: Linter, input: &str, expected: &str) {
    let bytes = input.as_bytes();
    let actual = match linter(bytes) {
        Ok(()) => "ok".to_owned(),
        Err(error) => {
            let end = (error.start + error.len).min(bytes.len());
            let start = error.start.min(end);
            format!(
                "{} {}*{}*{}",
                error.code.gs1_name(),
                String::from_utf8_lossy(&bytes[..start]),
                String::from_utf8_lossy(&bytes[start..end]),
                String::from_utf8_lossy(&bytes[end..])
            )
        }
    };
    assert_eq!(actual, expected, "input {input:?}");
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn names_are_sorted_unique_and_all_resolve() {
        assert!(NAMES.windows(2).all(|pair| pair[0] < pair[1]), "{NAMES:?}");
        for name in names() {
            assert!(
                lookup(name).is_some(),
                "{name} is listed but does not resolve"
            );
        }
        assert!(lookup("nosuchlinter").is_none());
    }

    /// Regression for issue 3: every linter the vendored dictionary names must exist.
    #[test]
    fn every_linter_named_by_the_dictionary_is_implemented() {
        let dictionary = include_str!("../../../data/gs1-syntax-dictionary.txt");
        let mut seen = 0;
        for line in dictionary.lines().filter(|line| !line.starts_with('#')) {
            let spec_words = line.split('#').next().unwrap_or("").split_whitespace();
            for word in spec_words.filter(|word| word.contains(',') && !word.contains('=')) {
                for linter in word.split(',').skip(1) {
                    seen += 1;
                    assert!(
                        lookup(linter).is_some(),
                        "dictionary linter {linter:?} in {line:?}"
                    );
                }
            }
        }
        assert!(
            seen > 100,
            "only {seen} linter references found; is the dictionary parsed?"
        );
    }

    #[test]
    fn codes_round_trip_through_their_gs1_names() {
        for &code in LintCode::ALL {
            assert!(code.gs1_name().starts_with("GS1_LINTER_"));
            assert!(code.message().ends_with('.'), "{code:?}");
            assert_eq!(LintCode::from_gs1_name(code.gs1_name()), Some(code));
        }
        assert_eq!(LintCode::from_gs1_name("GS1_LINTER_OK"), None);
    }

    #[test]
    fn error_display_names_the_rule_and_the_span() {
        let error = LintError {
            code: LintCode::IncorrectCheckDigit,
            start: 13,
            len: 1,
        };
        assert_eq!(
            error.to_string(),
            "The check digit is incorrect. (GS1_LINTER_INCORRECT_CHECK_DIGIT; bytes 13..14)"
        );
        assert_eq!(error.code.kind(), LintKind::CheckDigit);
    }

    proptest! {
        #![proptest_config(ProptestConfig {
            cases: 2000,
            rng_seed: proptest::test_runner::RngSeed::Fixed(0x6c69_6e74),
            ..ProptestConfig::default()
        })]

        /// No linter panics on arbitrary bytes, and every reported span lies inside the input.
        #[test]
        fn linters_never_panic_and_spans_stay_inside(data in proptest::collection::vec(any::<u8>(), 0..120)) {
            for name in names() {
                let linter = lookup(name).expect("listed linters resolve");
                if let Err(error) = linter(&data) {
                    prop_assert!(error.start + error.len <= data.len(), "{name}: {error:?} on {data:?}");
                }
            }
        }

        /// The same, on inputs drawn from the characters GS1 data is made of.
        #[test]
        fn linters_never_panic_on_gs1_like_data(data in "[0-9A-Za-z%/=_-]{0,60}") {
            for name in names() {
                let linter = lookup(name).expect("listed linters resolve");
                if let Err(error) = linter(data.as_bytes()) {
                    prop_assert!(error.start + error.len <= data.len(), "{name}: {error:?} on {data:?}");
                }
            }
        }
    }
}
