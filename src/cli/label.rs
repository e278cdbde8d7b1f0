//! `scanstation label render|print`, `scanstation printer status` and
//! `scanstation queue list|retry|reprint|confirm|cancel|void`: thin wrappers over
//! `label`, `printer` and the print queue.
//!
//! Printer profiles are read from the `[[printer]]` tables of the file given with
//! `--config` (the station config, or a file like `config/printers.example.toml`). The
//! queue lives in the station database given with `--db` (created and migrated if needed).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context};
use chrono::Utc;
use clap::{Args, Subcommand};
use rusqlite::Connection;

use crate::label::{self, Dpi, FieldValues, Format, Template};
use crate::printer::print_queue::{self, JobState, NewJob};
use crate::printer::{transport, Outcome, PrinterConfig, Worker};
use crate::store::{OpenOptions, Store};

const DEFAULT_CONFIG: &str = "/etc/scanstation/station.toml";
const DEFAULT_DB: &str = "/var/lib/scanstation/station.db";

#[derive(Debug, Args)]
pub struct LabelArgs {
    #[command(subcommand)]
    pub command: LabelCommand,
}

#[derive(Debug, Subcommand)]
pub enum LabelCommand {
    /// Render a template with field values to ZPL, PNG or PDF.
    Render(RenderArgs),
    /// Queue a label for a printer and print it.
    Print(PrintArgs),
}

#[derive(Debug, Args)]
pub struct TemplateArgs {
    /// Template file, e.g. labels/serial.toml.
    #[arg(long)]
    pub template: PathBuf,
    /// A field value, NAME=VALUE (dates as ISO YYYY-MM-DD). Repeat for each field.
    #[arg(long = "set", value_name = "NAME=VALUE")]
    pub set: Vec<String>,
}

#[derive(Debug, Args)]
pub struct RenderArgs {
    #[command(flatten)]
    pub template: TemplateArgs,
    /// zpl, png or pdf.
    #[arg(long, default_value = "png")]
    pub format: String,
    /// Resolution (203, 300, 600); default: the template's.
    #[arg(long)]
    pub dpi: Option<u32>,
    /// ZPL only: put the printer setup block (size, media, UTF-8) before the label.
    #[arg(long)]
    pub with_setup: bool,
    /// Output file; `-` for standard output.
    #[arg(short = 'o', long)]
    pub output: PathBuf,
}

#[derive(Debug, Args)]
pub struct PrintArgs {
    #[command(flatten)]
    pub template: TemplateArgs,
    /// Printer name from the [[printer]] tables.
    #[arg(long)]
    pub printer: String,
    #[arg(long, default_value_t = 1)]
    pub copies: u32,
    #[arg(long, default_value = DEFAULT_CONFIG)]
    pub config: PathBuf,
    #[arg(long, default_value = DEFAULT_DB)]
    pub db: PathBuf,
    /// Only queue the job; the daemon's worker prints it.
    #[arg(long)]
    pub no_wait: bool,
}

#[derive(Debug, Args)]
pub struct PrinterArgs {
    #[command(subcommand)]
    pub command: PrinterCommand,
}

#[derive(Debug, Subcommand)]
pub enum PrinterCommand {
    /// Ask printers for their state (~HS, ~HQES, ~HI).
    Status(StatusArgs),
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    /// One printer; default: all.
    pub name: Option<String>,
    #[arg(long, default_value = DEFAULT_CONFIG)]
    pub config: PathBuf,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct QueueArgs {
    #[arg(long, default_value = DEFAULT_DB, global = true)]
    pub db: PathBuf,
    #[command(subcommand)]
    pub command: QueueCommand,
}

#[derive(Debug, Subcommand)]
pub enum QueueCommand {
    /// List jobs, newest first.
    List {
        /// queued, sending, printed, failed, unknown or cancelled.
        #[arg(long)]
        state: Option<String>,
        #[arg(long)]
        printer: Option<String>,
        #[arg(long, default_value_t = 50)]
        limit: u32,
        #[arg(long)]
        json: bool,
    },
    /// Queue a failed job (one that never reached the printer) again.
    Retry { id: i64 },
    /// Print an unknown, printed or failed job again as a new job with the same data
    /// (same serial).
    Reprint {
        id: i64,
        #[arg(long, default_value = "reprint requested by operator")]
        reason: String,
    },
    /// Record that an unknown job's label came out fine.
    Confirm { id: i64 },
    /// Cancel a queued job.
    Cancel { id: i64 },
    /// Record that a printed (or unknown) label is void.
    Void {
        id: i64,
        #[arg(long)]
        reason: String,
    },
}

fn load_template(path: &Path) -> anyhow::Result<Template> {
    Template::load(path).with_context(|| format!("loading template {}", path.display()))
}

fn values(args: &TemplateArgs) -> anyhow::Result<FieldValues> {
    Ok(FieldValues::from_assignments(
        args.set.iter().map(String::as_str),
    )?)
}

/// Reads the `[[printer]]` tables of a config file (other sections are ignored here).
pub fn load_printers(path: &Path) -> anyhow::Result<Vec<PrinterConfig>> {
    let text = std::fs::read_to_string(path).with_context(|| {
        format!(
            "reading {} (give the station config with --config)",
            path.display()
        )
    })?;
    let document: toml::Value =
        toml::from_str(&text).with_context(|| format!("{} is not valid TOML", path.display()))?;
    let tables = document
        .get("printer")
        .cloned()
        .unwrap_or(toml::Value::Array(Vec::new()));
    let file: crate::printer::PrintersFile =
        toml::Value::Table([("printer".to_owned(), tables)].into_iter().collect())
            .try_into()
            .with_context(|| format!("reading the [[printer]] tables of {}", path.display()))?;
    let problems = file.validate();
    if !problems.is_empty() {
        bail!(
            "{} has {} problem(s):\n  {}",
            path.display(),
            problems.len(),
            problems.join("\n  ")
        );
    }
    Ok(file.printer)
}

fn find_printer(printers: Vec<PrinterConfig>, name: &str) -> anyhow::Result<PrinterConfig> {
    let names: Vec<String> = printers.iter().map(|p| p.name.clone()).collect();
    printers
        .into_iter()
        .find(|printer| printer.name == name)
        .with_context(|| {
            format!(
                "no printer {name:?} in the config (configured: {})",
                names.join(", ")
            )
        })
}

/// Opens (creating and migrating when needed) the station database and returns a
/// connection for the print queue.
fn open_db(path: &Path) -> anyhow::Result<Connection> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("creating {}", parent.display()))?;
    }
    let store = Store::open(path, &OpenOptions::default())?;
    Ok(store.side_connection(OpenOptions::default().busy_timeout)?)
}

pub fn run_label(args: LabelArgs) -> anyhow::Result<ExitCode> {
    match args.command {
        LabelCommand::Render(args) => render(args),
        LabelCommand::Print(args) => print(args),
    }
}

fn render(args: RenderArgs) -> anyhow::Result<ExitCode> {
    let template = load_template(&args.template.template)?;
    let values = values(&args.template)?;
    let format = Format::parse(&args.format)
        .with_context(|| format!("--format {}: use zpl, png or pdf", args.format))?;
    let dpi = match args.dpi {
        Some(dpi) => {
            Dpi::from_dpi(dpi).with_context(|| format!("--dpi {dpi}: use 203, 300 or 600"))?
        }
        None => template.dpi(),
    };
    let laid_out = label::layout(&template, &values, dpi)?;
    let mut bytes = Vec::new();
    if format == Format::Zpl && args.with_setup {
        bytes.extend(label::zpl::setup(&laid_out, &Default::default()));
    }
    bytes.extend(match format {
        Format::Zpl => label::zpl::render(&laid_out, 1)?,
        Format::Png => label::png::render(&laid_out)?,
        Format::Pdf => label::pdf::render(&laid_out)?,
    });
    if args.output.as_os_str() == "-" {
        std::io::stdout().write_all(&bytes)?;
    } else {
        std::fs::write(&args.output, &bytes)
            .with_context(|| format!("writing {}", args.output.display()))?;
    }
    Ok(ExitCode::SUCCESS)
}

fn print(args: PrintArgs) -> anyhow::Result<ExitCode> {
    let template = load_template(&args.template.template)?;
    let values = values(&args.template)?;
    let printer = find_printer(load_printers(&args.config)?, &args.printer)?;
    printer
        .check_fits(template.name(), template.size_mm())
        .map_err(anyhow::Error::msg)?;
    let laid_out = label::layout(&template, &values, printer.resolution())?;
    let payload = label::zpl::render(&laid_out, args.copies)?;
    let fields: serde_json::Map<String, serde_json::Value> = values
        .iter()
        .map(|(k, v)| (k.to_owned(), serde_json::Value::from(v)))
        .collect();
    let fields_json = serde_json::Value::Object(fields).to_string();
    let mut conn = open_db(&args.db)?;
    let job_id = print_queue::enqueue(
        &mut conn,
        &NewJob {
            printer: &printer.name,
            template: template.name(),
            fields_json: &fields_json,
            copies: args.copies.max(1),
            payload: &payload,
            serial: values.get("serial"),
        },
        Utc::now(),
    )?;
    if args.no_wait {
        println!(
            "{}",
            serde_json::json!({ "job_id": job_id, "state": "queued" })
        );
        return Ok(ExitCode::SUCCESS);
    }
    let setup = label::zpl::setup(&laid_out, &printer.media);
    let transport = transport::open(&printer)?;
    let mut worker = Worker::new(printer, transport, setup);
    worker.recover(&mut conn, Utc::now())?;
    // Earlier queued jobs of this printer go first; stop at ours or when the printer is
    // not ready.
    let clock = || Utc::now();
    let outcome = loop {
        let outcome = worker.process_next(&mut conn, &clock)?;
        let done = match &outcome {
            Outcome::Idle => true,
            Outcome::NotReady { .. } | Outcome::Requeued { .. } => true,
            Outcome::Printed { job_id: id }
            | Outcome::Unknown { job_id: id, .. }
            | Outcome::Failed { job_id: id, .. } => *id == job_id,
        };
        if done {
            break outcome;
        }
    };
    let job = print_queue::get(&conn, job_id)?;
    println!(
        "{}",
        serde_json::json!({ "job_id": job_id, "state": job.state, "outcome": outcome, "last_error": job.last_error })
    );
    Ok(if job.state == JobState::Printed {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

pub fn run_printer(args: PrinterArgs) -> anyhow::Result<ExitCode> {
    let PrinterCommand::Status(args) = args.command;
    let printers = load_printers(&args.config)?;
    let selected: Vec<PrinterConfig> = match &args.name {
        Some(name) => vec![find_printer(printers, name)?],
        None => printers,
    };
    let mut reports = Vec::new();
    let mut all_ready = true;
    for printer in selected {
        let name = printer.name.clone();
        let report = match transport::open(&printer) {
            Ok(transport) => {
                let mut worker = Worker::new(printer, transport, Vec::new());
                let identity = worker.check_identity();
                let status = worker.status();
                let mut value = serde_json::to_value(&status)?;
                match identity {
                    Ok(identification) => {
                        value["identification"] = serde_json::to_value(identification)?
                    }
                    Err(err) => {
                        value["identification_error"] = serde_json::Value::from(err.to_string())
                    }
                }
                all_ready &= status.state.is_ready() && value.get("identification_error").is_none();
                value
            }
            Err(err) => {
                all_ready = false;
                serde_json::json!({ "printer": name, "state_name": "offline", "advice": err.to_string() })
            }
        };
        reports.push(report);
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&reports)?);
    } else {
        for report in &reports {
            let problem = report
                .get("identification_error")
                .and_then(|v| v.as_str())
                .unwrap_or("");
            println!(
                "{}: {} ({}) {}",
                report["printer"].as_str().unwrap_or("?"),
                report["state_name"].as_str().unwrap_or("?"),
                report["advice"].as_str().unwrap_or(""),
                problem
            );
        }
    }
    Ok(if all_ready {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

pub fn run_queue(args: QueueArgs) -> anyhow::Result<ExitCode> {
    let mut conn = open_db(&args.db)?;
    let now = Utc::now();
    match args.command {
        QueueCommand::List {
            state,
            printer,
            limit,
            json,
        } => {
            let state = match state {
                Some(text) => Some(JobState::parse(&text).with_context(|| {
                    format!("--state {text}: use queued, sending, printed, failed, unknown or cancelled")
                })?),
                None => None,
            };
            let jobs = print_queue::list(&conn, state, printer.as_deref(), limit)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&jobs)?);
            } else {
                for job in jobs {
                    println!(
                        "{:>6}  {:<9}  {:<10}  {:<12}  serial={}  {}",
                        job.id,
                        job.state.as_str(),
                        job.printer,
                        job.template,
                        job.serial.as_deref().unwrap_or("-"),
                        job.last_error.as_deref().unwrap_or("")
                    );
                }
            }
        }
        QueueCommand::Retry { id } => {
            print_queue::retry(&mut conn, id, now)?;
            println!("job {id} queued again");
        }
        QueueCommand::Reprint { id, reason } => {
            let new_id = print_queue::reprint(&mut conn, id, &reason, now)?;
            println!("job {id} reprinted as job {new_id} (same data)");
        }
        QueueCommand::Confirm { id } => {
            print_queue::confirm(&mut conn, id, now)?;
            println!("job {id} confirmed printed");
        }
        QueueCommand::Cancel { id } => {
            print_queue::cancel(&mut conn, id, now)?;
            println!("job {id} cancelled");
        }
        QueueCommand::Void { id, reason } => {
            print_queue::void(&mut conn, id, &reason, now)?;
            println!("job {id} voided");
        }
    }
    Ok(ExitCode::SUCCESS)
}
