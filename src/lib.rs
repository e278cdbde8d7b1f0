//! scanstation: a lot- and serial-tracking station built from a handheld barcode scanner,
//! a thermal label printer and a small Linux computer.
//!
//! The crate is a library plus the `scanstation` binary. The library is split into a pure
//! core (`gs1`: parsing and validating GS1 data) and adapters that talk to the outside world.
//! See ARCHITECTURE.md for the code map and the invariants.

pub mod cli;
pub mod config;
pub mod daemon;
pub mod doctor;
pub mod feedback;
pub mod gs1;
pub mod hq;
pub mod input;
pub mod label;
pub mod printer;
pub mod station;
pub mod status;
pub mod store;
pub mod sync;
pub mod verdict;
