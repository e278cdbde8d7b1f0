//! Command-line interface: the clap definitions and one thin function per subcommand.
//!
//! Each subcommand's arguments and body live in a sibling file named for the capability
//! (`parse.rs`, ...). Bodies convert arguments, call into the library and print; they hold no
//! logic of their own. `anyhow` is allowed here (and in `main`) and nowhere else.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod doctor;
mod parse;

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
    /// Check the machine for the station: database, disk, clock, device permissions, printers, GPIO.
    Doctor(doctor::DoctorArgs),
}

/// Parses `std::env::args` and runs the chosen subcommand.
pub fn run() -> anyhow::Result<ExitCode> {
    let cli = Cli::parse();
    match cli.command {
        Command::Parse(args) => parse::run(args),
        Command::Doctor(args) => doctor::run(args),
    }
}
