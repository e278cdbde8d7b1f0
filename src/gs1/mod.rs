//! GS1 data: the AI table generated from the GS1 Barcode Syntax Dictionary, the
//! dictionary's linters, and the four ways GS1 data reaches the station (AIM-prefixed scan
//! data, bracketed HRI, unbracketed element strings with GS, Digital Link URIs).
//!
//! Everything here is pure: values in, values out, no IO and no clock. A scan that is only
//! partly valid still yields every element that could be read, plus a list of [`Gs1Error`]s,
//! so that callers can show the operator exactly what is wrong.

pub mod lint;
mod model;

pub use model::{Element, ErrorCode, Gs1Error, Kind, Parsed};

/// The ASCII group separator (0x1D) that ends a variable-length field in an element string.
pub const GS: u8 = 0x1D;
