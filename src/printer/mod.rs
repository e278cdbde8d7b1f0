//! Printers: profiles (`[[printer]]` config), transports (TCP 9100, USB lp, serial, folder),
//! status (`~HS`, `~HQES`, `~HI`) and the queue worker that moves jobs of the durable print
//! queue to a printer and records whether the label came out.
//!
//! The queue's SQL lives in `store/print_queue.rs` (only `store` writes SQL). Until the
//! store module is wired in, that file is compiled here and re-exported as
//! [`print_queue`]; wiring it means replacing the `#[path]` module below with
//! `pub use crate::store::print_queue;`.

pub mod config;
pub mod status;
pub mod transport;
pub mod worker;

#[path = "../store/print_queue.rs"]
pub mod print_queue;

pub use config::{PrinterConfig, PrintersFile, TransportKind};
pub use status::PrinterState;
pub use transport::{Transport, TransportError};
pub use worker::{Outcome, PrinterError, StatusReport, Worker};
