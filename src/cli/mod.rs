//! Command-line interface: the clap definitions and one thin function per subcommand.
//!
//! Each subcommand's arguments and body live in a sibling file named for the capability
//! (`parse.rs`, ...). Bodies convert arguments, call into the library and print; they hold no
//! logic of their own. `anyhow` is allowed here (and in `main`) and nowhere else.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod doctor;
pub mod input;
mod label;
mod line;
mod parse;
mod run;
mod store;
mod sync;

/// Lot- and serial-tracking scan station.
#[derive(Debug, Parser)]
#[command(name = "scanstation", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Parse and validate GS1 scans (AIM-prefixed data, bracketed HRI, element strings, Digital Link URIs).
    Parse(parse::ParseArgs),
    /// Run the station daemon (the embedded demo when no --config is given).
    Run(run::RunArgs),
    /// Judge scans (parse, validate, verdict) and journal them: the daemon's own scan path.
    Scan(store::ScanArgs),
    /// The station journal.
    #[command(subcommand)]
    Journal(store::JournalCommand),
    /// Serial numbers: allocate, show, service events, leased blocks.
    #[command(subcommand)]
    Serial(store::SerialCommand),
    /// Lots: create, recall, quarantine, release, show, trace.
    #[command(subcommand)]
    Lot(store::LotCommand),
    /// The line workflow's active product and print trigger, for a running daemon: set, show, clear, print-next.
    #[command(subcommand)]
    Line(line::LineCommand),
    /// Import master data (products, lots, serials) from CSV or NDJSON, all or nothing.
    Import(store::ImportArgs),
    /// Bring an existing station database to this version's schema (run by the package on upgrade).
    Migrate(store::MigrateArgs),
    /// Sync with head office now: push the journal, then pull master data.
    Sync(sync::SyncArgs),
    /// Export the journal (CSV, NDJSON, EPCIS 2.0) for hand-carry.
    Export(sync::ExportArgs),
    /// The reference head office: serve, import, lease, recall, quarantine, release, alerts.
    #[command(subcommand)]
    Hq(sync::HqCommand),
    /// Print every scan from the configured scanners as a JSON line (for setting up scanners).
    Listen(input::ListenArgs),
    /// List serial ports and input devices that could be scanners.
    Devices(input::DevicesArgs),
    /// Decode barcodes in PNG/JPEG files (exit 3 when an image holds none).
    DecodeImage(input::DecodeImageArgs),
    /// Render the scanner calibration codes, or check a scanner against them.
    Calibrate(input::CalibrateArgs),
    /// Check the machine for the station: database, disk, clock, device permissions, printers, GPIO.
    Doctor(doctor::DoctorArgs),
    /// Render or print labels from templates.
    Label(label::LabelArgs),
    /// Printer status (~HS, ~HQES, ~HI).
    Printer(label::PrinterArgs),
    /// The durable print queue: list jobs, retry, reprint, confirm, cancel, void.
    Queue(label::QueueArgs),
}

/// Parses `std::env::args` and runs the chosen subcommand.
pub fn run() -> anyhow::Result<ExitCode> {
    let cli = Cli::parse();
    match cli.command {
        Command::Parse(args) => parse::run(args),
        Command::Run(args) => run::run(args),
        Command::Scan(args) => store::run_scan(args),
        Command::Journal(command) => store::run_journal(command),
        Command::Serial(command) => store::run_serial(command),
        Command::Lot(command) => store::run_lot(command),
        Command::Line(command) => line::run(command),
        Command::Import(args) => store::run_import(args),
        Command::Migrate(args) => store::run_migrate(args),
        Command::Sync(args) => sync::run_sync(args),
        Command::Export(args) => sync::run_export(args),
        Command::Hq(command) => sync::run_hq(command),
        Command::Listen(args) => input::listen(args),
        Command::Devices(args) => input::devices(args),
        Command::DecodeImage(args) => input::decode_image(args),
        Command::Calibrate(args) => input::calibrate(args),
        Command::Doctor(args) => doctor::run(args),
        Command::Label(args) => label::run_label(args),
        Command::Printer(args) => label::run_printer(args),
        Command::Queue(args) => label::run_queue(args),
    }
}
