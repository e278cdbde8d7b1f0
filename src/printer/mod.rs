//! Printers: profiles (`[[printer]]` config), transports (TCP 9100, USB lp, serial, folder),
//! status (`~HS`, `~HQES`, `~HI`) and the queue worker that moves jobs of the durable print
//! queue to a printer and records whether the label came out.
//!
//! The queue's SQL lives in `store/print_queue.rs` (only `store` writes SQL); it is
//! re-exported here as [`print_queue`] because the worker is its main user.

pub mod config;
pub mod status;
pub mod transport;
pub mod worker;

pub use crate::store::print_queue;

pub use config::{PrinterConfig, PrintersFile, TransportKind};
pub use status::PrinterState;
pub use transport::{Transport, TransportError};
pub use worker::{Outcome, PrinterError, StatusReport, Worker};
