//! Integration tests of the station store, the verdicts and the store CLI: one test binary,
//! one module per concern, every database a temporary file.

/// Shared fixtures: a temporary station database with known master data, a fixed clock.
mod common;

/// One scenario per verdict reason code, plus label combining across barcodes.
mod verdicts;

/// Journal chain, append-only triggers, verify reports; migrations; damaged, locked, full files.
mod journal;

/// Import: CSV and NDJSON, every kind of bad input, all-or-nothing.
mod import;

/// Serial allocation: blocks, exhaustion, standalone patterns, property tests across restarts,
/// threads and processes.
mod allocate;

/// Lot commands, recall traces and serial details.
mod recall;

/// The `scanstation` binary: JSON shapes, exit codes, and SIGKILL in the middle of a storm.
mod cli;
