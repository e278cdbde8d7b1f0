//! `scanstation run`: start the station daemon with a configuration file, or with the
//! embedded demo configuration when none is given.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use crate::config::Config;
use crate::daemon::{self, OutputMode, RunOptions};

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
    /// Check the configuration, print the problems (if any) and exit.
    #[arg(long)]
    pub check: bool,
}

pub fn run(args: RunArgs) -> anyhow::Result<ExitCode> {
    let config = match &args.config {
        Some(path) => Config::load(path)?,
        None => Config::demo()?,
    };
    if args.check {
        println!(
            "configuration OK: station {}, {} scanner(s)",
            config.station.id,
            config.scanners.len()
        );
        return Ok(ExitCode::SUCCESS);
    }
    if args.config.is_none() && std::io::stdin().is_terminal() {
        eprintln!(
            "scanstation demo: paste or type scans, one per line (GS as \\x1d), e.g.\n  \
             ]d201095060001343521728123110DRILL2611\\x1d21SN1001\n  \
             ]d2010950600013436917270430\\x1d10Y2610B   (a recalled lot)\n\
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
