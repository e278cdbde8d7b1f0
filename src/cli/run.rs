//! `scanstation run`: start the station daemon with a configuration file, or with the
//! embedded demo configuration when none is given. `--check` loads the configuration and
//! checks the configured devices with `doctor`'s checks, without starting anything.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::Args;

use crate::config::Config;
use crate::daemon::{self, OutputMode, RunOptions};
use crate::doctor;

#[derive(Debug, Args)]
pub struct RunArgs {
    /// Station configuration (e.g. /etc/scanstation/station.toml). Without it the embedded
    /// demo runs: stdin as the scanner, a demo database in ./scanstation-demo/.
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Print one JSON object per event on stdout (default when stdout is not a terminal).
    #[arg(long)]
    pub json: bool,
    /// Start even when a configured device cannot be opened.
    #[arg(long)]
    pub no_hardware: bool,
    /// Check the configuration and the configured scanners and printers, print what was
    /// found and exit (1 when a device is there but unusable; a missing one is a warning).
    #[arg(long)]
    pub check: bool,
}

/// How long `--check` waits for a network printer to accept a connection.
const CHECK_TCP_TIMEOUT: Duration = Duration::from_secs(2);

/// `run --check` after the configuration loaded: every scanner and printer, as `doctor`
/// checks them. A device that is not there, or a network printer that does not answer, is a
/// warning (it may be plugged in or switched on later); one that is there but cannot be used
/// (permissions) is a problem.
fn check(config: &Config) -> ExitCode {
    let targets = doctor::Targets::from_config(config);
    let mut checks = Vec::new();
    for scanner in &targets.scanners {
        checks.extend(doctor::check_scanner(scanner));
    }
    for printer in &targets.printers {
        let mut check = doctor::check_printer(printer, CHECK_TCP_TIMEOUT);
        // A network printer that does not answer may simply be switched off: the daemon
        // keeps its labels queued until it is back.
        if matches!(printer.transport, doctor::PrinterTransport::Tcp { .. })
            && check.status == doctor::Status::Fail
        {
            check.status = doctor::Status::Warn;
        }
        checks.push(check);
    }
    let count =
        |status: doctor::Status| checks.iter().filter(|check| check.status == status).count();
    println!(
        "configuration OK: station {}, {} scanner(s), {} printer(s)",
        config.station.id,
        config.scanners.len(),
        config.printers.len()
    );
    for check in &checks {
        let word = match check.status {
            doctor::Status::Ok => "ok     ",
            doctor::Status::Warn => "warning",
            doctor::Status::Fail => "problem",
        };
        println!("{word} {}: {}", check.name, check.detail);
        if let (doctor::Status::Warn | doctor::Status::Fail, Some(fix)) = (check.status, &check.fix)
        {
            println!("        fix: {fix}");
        }
    }
    let (warnings, failures) = (count(doctor::Status::Warn), count(doctor::Status::Fail));
    if warnings + failures > 0 {
        println!("{warnings} warning(s), {failures} problem(s)");
    }
    if failures > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

pub fn run(args: RunArgs) -> anyhow::Result<ExitCode> {
    let config = match &args.config {
        Some(path) => Config::load(path)?,
        None => Config::demo()?,
    };
    if args.check {
        return Ok(check(&config));
    }
    if args.config.is_none() && std::io::stdin().is_terminal() {
        eprintln!(
            "scanstation demo: paste or type scans, one per line (GS as \\x1d), e.g.\n  \
             ]d201095060001343521728123110DRILL2611\\x1d21SN1001\n  \
             ]d2010950600013436917270430\\x1d10Y2610B   (a recalled lot)\n\
             Serial labels: scan WORKFLOW:line, then (01)09506000134352(10)DRILL2611, then PRINT-NEXT;\n  \
             ZPL and PNG previews land in ./scanstation-demo/labels/. WORKFLOW:lookup shows a serial's warranty.\n\
             Ctrl+D or Ctrl+C stops."
        );
    }
    let output = if args.json || !std::io::stdout().is_terminal() {
        OutputMode::Json
    } else {
        OutputMode::Human
    };
    daemon::run(
        config,
        RunOptions {
            output,
            no_hardware: args.no_hardware,
            config_path: args.config.clone(),
        },
    )?;
    Ok(ExitCode::SUCCESS)
}
