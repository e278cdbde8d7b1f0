//! `scanstation doctor`: checks what the station needs from the machine — database, disk,
//! clock, scanners, printers, GPIO — and prints each finding with what to fix.
//!
//! With `--json`, one document `{"status", "checks": [{"name", "status", "detail", "fix"}]}`.
//! Exit code 0 when nothing failed (warnings allowed), 1 when a check failed.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;
use clap::Args;

use crate::doctor::{self, Environment, Report, Status};

#[derive(Debug, Args)]
pub struct DoctorArgs {
    /// Station config to check. Default: /etc/scanstation/station.toml, else
    /// config/station.toml, else the built-in defaults.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Database to check instead of the config's `[store] path`.
    #[arg(long, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Print one JSON document instead of a table.
    #[arg(long)]
    pub json: bool,
    /// How long to wait for a TCP printer to accept a connection, in milliseconds.
    #[arg(long, value_name = "MS", default_value_t = 2000)]
    pub printer_timeout_ms: u64,
}

pub fn run(args: DoctorArgs) -> anyhow::Result<ExitCode> {
    let candidates: Vec<&Path> = doctor::DEFAULT_CONFIGS.iter().map(Path::new).collect();
    let (targets, config_check) =
        doctor::resolve_targets(args.config.as_deref(), &candidates, args.db.as_deref());
    let environment = Environment::system(Duration::from_millis(args.printer_timeout_ms));
    let mut checks = vec![config_check];
    checks.extend(doctor::run_checks(&targets, &environment));
    let report = Report::new(checks);

    let stdout = io::stdout();
    let mut out = stdout.lock();
    if args.json {
        serde_json::to_writer(&mut out, &report).context("writing the report")?;
        writeln!(out).context("writing the report")?;
    } else {
        write_table(&mut out, &report).context("writing the report")?;
    }
    Ok(if report.has_failures() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn write_table(out: &mut impl Write, report: &Report) -> io::Result<()> {
    let width = report
        .checks
        .iter()
        .map(|check| check.name.len())
        .max()
        .unwrap_or(0);
    for check in &report.checks {
        let label = match check.status {
            Status::Ok => "ok  ",
            Status::Warn => "WARN",
            Status::Fail => "FAIL",
        };
        writeln!(out, "{label}  {:width$}  {}", check.name, check.detail)?;
        if let Some(fix) = &check.fix {
            writeln!(out, "      {:width$}  fix: {fix}", "")?;
        }
    }
    let count = |status: Status| {
        report
            .checks
            .iter()
            .filter(|check| check.status == status)
            .count()
    };
    writeln!(
        out,
        "{} ok, {} warn, {} fail",
        count(Status::Ok),
        count(Status::Warn),
        count(Status::Fail)
    )
}
