//! Reference head office.
