//! GS1 data: the AI table generated from the GS1 Barcode Syntax Dictionary, the
//! dictionary's linters, and the four ways GS1 data reaches the station (AIM-prefixed scan
//! data, bracketed HRI, unbracketed element strings with GS, Digital Link URIs).
//!
//! Everything here is pure: values in, values out, no IO and no clock. A scan that is only
//! partly valid still yields every element that could be read, plus a list of [`Gs1Error`]s,
//! so that callers can show the operator exactly what is wrong.

pub mod dictionary;
mod digital_link;
mod element_string;
pub mod lint;
mod model;
mod parse;
mod validate;

pub use dictionary::{ai_entry, AiEntry};
pub use digital_link::{digital_link_uri, DigitalLinkError};
pub use element_string::{build_element_string, build_element_string_with, hri, ElementString};
pub use model::{Element, ErrorCode, Gs1Error, Kind, Parsed};
pub use parse::{
    is_valid_gs_substitute, parse, parse_bracketed, parse_element_string, ParseOptions,
};
pub use validate::check_associations;

/// The ASCII group separator (0x1D) that ends a variable-length field in an element string.
pub const GS: u8 = 0x1D;
