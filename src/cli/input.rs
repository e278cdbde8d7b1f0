//! Scanner tools for the person setting up a station: `listen`, `devices`, `decode-image`
//! and `calibrate`. Each is a thin loop around `scanstation::input`; the JSON shapes printed
//! here are a stable interface (README documents them).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use chrono::{SecondsFormat, Utc};
use clap::{Args, Subcommand};
use serde_json::{json, Value};

use crate::gs1::{self, ParseOptions};
use crate::input::calibrate::{self, check_any, CalibrationReport, CALIBRATION_CODES};
use crate::input::escape::{escape_bytes, unescape};
use crate::input::image::{decode_file, parse_format, DecodeOptions, FORMAT_NAMES};
use crate::input::{
    devices, spawn_source, DropReason, GsForm, InputEvent, ScannerConfig, SourceKind,
};
use crate::label::{self, Dpi, FieldValues, Format};

/// Exit code of `decode-image` when an image holds no barcode.
pub const EXIT_NO_BARCODE: u8 = 3;

/// The `"parsed"` member of `listen` / `decode-image` JSON: `gs1::parse` of the AIM id +
/// payload, exactly as `scanstation parse --json` prints it.
fn parsed_json(bytes_with_symbology: &[u8]) -> Value {
    let options = ParseOptions {
        today: Some(chrono::Local::now().date_naive()),
        ..ParseOptions::default()
    };
    gs1::parse(bytes_with_symbology, &options).to_json()
}

// ---------------------------------------------------------------------------------------
// listen

#[derive(Debug, Args)]
pub struct ListenArgs {
    /// Station config with `[[scanner]]` tables; without it (or with --stdin) stdin is read.
    #[arg(long, default_value = "config/station.toml")]
    pub config: PathBuf,
    /// Read scans from standard input instead of the configured scanners.
    #[arg(long)]
    pub stdin: bool,
    /// Only this scanner id (repeatable).
    #[arg(long = "device")]
    pub devices: Vec<String>,
    /// Stop after this many scans.
    #[arg(long)]
    pub count: Option<usize>,
    /// Stop after this many seconds.
    #[arg(long)]
    pub timeout: Option<f64>,
}

/// Reads the `[[scanner]]` tables of a station config, validated.
pub fn load_scanners(path: &Path) -> anyhow::Result<Vec<ScannerConfig>> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("reading config {}", path.display()))?;
    let value: toml::Value =
        toml::from_str(&text).with_context(|| format!("parsing config {}", path.display()))?;
    let Some(tables) = value.get("scanner") else {
        return Ok(Vec::new());
    };
    let Some(tables) = tables.as_array() else {
        bail!(
            "{}: `scanner` must be an array of tables: write [[scanner]]",
            path.display()
        );
    };
    let mut scanners = Vec::new();
    let mut problems = Vec::new();
    for (index, table) in tables.iter().enumerate() {
        match table.clone().try_into::<ScannerConfig>() {
            Ok(config) => {
                for problem in config.validate() {
                    problems.push(format!("{}: {}", problem.key, problem.message));
                }
                if scanners
                    .iter()
                    .any(|known: &ScannerConfig| known.id == config.id)
                {
                    problems.push(format!(
                        "scanner[{}].id: used twice; every scanner needs its own id",
                        config.id
                    ));
                }
                scanners.push(config);
            }
            Err(error) => problems.push(format!("scanner[{index}]: {error}")),
        }
    }
    if !problems.is_empty() {
        bail!(
            "{} has {} problem(s):\n  {}",
            path.display(),
            problems.len(),
            problems.join("\n  ")
        );
    }
    Ok(scanners)
}

/// The scanner of `--stdin`: no debounce, so a file of scans piped in keeps its repeats.
fn stdin_scanner() -> ScannerConfig {
    let mut scanner = ScannerConfig::new("stdin", SourceKind::Stdin);
    scanner.debounce_ms = 0;
    scanner
}

fn time_now() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// One `listen` line; a struct so the keys keep the documented order.
#[derive(serde::Serialize)]
struct EventLine<'a> {
    event: &'static str,
    device: &'a str,
    time: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    state: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    detail: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    symbology: Option<Option<&'a str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    raw: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    payload: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    problems: Option<&'a [String]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    parsed: Option<Value>,
}

/// The JSON line `listen` prints for an event:
/// `{"event":"scan","device","time","symbology","raw","payload","text","problems","parsed"}`
/// (`raw`: the bytes as received, escaped; `payload`: after AIM id, prefix and suffix were
/// split off and stand-ins replaced, escaped; `text`: the payload as text; `problems`: empty,
/// or what the scan lost on the way — the daemon rejects such a scan),
/// `{"event":"status","device","time","state","message"}` or
/// `{"event":"dropped","device","time","reason","detail"}`.
pub fn event_json(event: &InputEvent) -> String {
    let empty = EventLine {
        event: "",
        device: event.device(),
        time: time_now(),
        state: None,
        message: None,
        reason: None,
        detail: None,
        symbology: None,
        raw: None,
        payload: None,
        text: None,
        problems: None,
        parsed: None,
    };
    let line = match event {
        InputEvent::Scan(scan) => EventLine {
            event: "scan",
            time: scan.at.to_rfc3339_opts(SecondsFormat::Millis, true),
            symbology: Some(scan.symbology.as_deref()),
            raw: Some(escape_bytes(&scan.raw)),
            payload: Some(escape_bytes(&scan.bytes)),
            text: Some(String::from_utf8_lossy(&scan.bytes).into_owned()),
            problems: Some(&scan.problems),
            parsed: Some(parsed_json(&scan.bytes_with_symbology())),
            ..empty
        },
        InputEvent::Status { state, message, .. } => EventLine {
            event: "status",
            state: Some(state.as_str()),
            message: Some(message),
            ..empty
        },
        InputEvent::Dropped { reason, detail, .. } => EventLine {
            event: "dropped",
            reason: Some(reason.as_str()),
            detail: Some(detail),
            ..empty
        },
    };
    serde_json::to_string(&line).unwrap_or_default()
}

/// Starts the given scanners and hands every event to `on_event` until it returns false,
/// the deadline passes, Ctrl+C, or all sources end.
fn run_sources(
    scanners: &[ScannerConfig],
    deadline: Option<Instant>,
    mut on_event: impl FnMut(&InputEvent) -> bool,
) -> anyhow::Result<()> {
    let stop = Arc::new(AtomicBool::new(false));
    signal_hook::flag::register(signal_hook::consts::SIGINT, Arc::clone(&stop))
        .context("installing Ctrl+C handler")?;
    signal_hook::flag::register(signal_hook::consts::SIGTERM, Arc::clone(&stop))
        .context("installing SIGTERM handler")?;
    let (tx, rx) = crossbeam_channel::unbounded();
    let mut handles = Vec::new();
    for scanner in scanners {
        handles.push(
            spawn_source(scanner, tx.clone(), Arc::clone(&stop))
                .with_context(|| format!("starting scanner {}", scanner.id))?,
        );
    }
    drop(tx);
    loop {
        if stop.load(Ordering::Relaxed)
            || deadline.is_some_and(|deadline| Instant::now() >= deadline)
        {
            break;
        }
        match rx.recv_timeout(Duration::from_millis(50)) {
            Ok(event) => {
                if !on_event(&event) {
                    break;
                }
            }
            Err(crossbeam_channel::RecvTimeoutError::Timeout) => {}
            Err(crossbeam_channel::RecvTimeoutError::Disconnected) => break,
        }
    }
    stop.store(true, Ordering::Relaxed);
    for handle in handles {
        let _ = handle.join();
    }
    // Events sent while stopping (a flushed fragment, `stopped`).
    for event in rx.try_iter() {
        on_event(&event);
    }
    Ok(())
}

fn deadline_from(seconds: Option<f64>) -> Option<Instant> {
    seconds
        .filter(|seconds| seconds.is_finite() && *seconds >= 0.0)
        .map(|seconds| Instant::now() + Duration::from_secs_f64(seconds))
}

pub fn listen(args: ListenArgs) -> anyhow::Result<ExitCode> {
    let mut scanners = if args.stdin {
        vec![stdin_scanner()]
    } else if args.config.exists() {
        load_scanners(&args.config)?
    } else {
        eprintln!(
            "{} not found: reading scans from standard input (one per line)",
            args.config.display()
        );
        vec![stdin_scanner()]
    };
    if !args.devices.is_empty() {
        let unknown: Vec<&String> = args
            .devices
            .iter()
            .filter(|id| !scanners.iter().any(|scanner| &scanner.id == *id))
            .collect();
        if !unknown.is_empty() {
            let known: Vec<&str> = scanners.iter().map(|scanner| scanner.id.as_str()).collect();
            bail!("no scanner with id {unknown:?} in the config; known: {known:?}");
        }
        scanners.retain(|scanner| args.devices.contains(&scanner.id));
    }
    if scanners.is_empty() {
        bail!("{} has no [[scanner]] table: add one (see config/scanners.example.toml) or use --stdin", args.config.display());
    }
    if !args.stdin && args.config.exists() {
        for note in calibration_notes(&scanners, &database_path(&args.config)?) {
            eprintln!("{note}");
        }
    }
    let mut scans = 0usize;
    let stdout = std::io::stdout();
    run_sources(&scanners, deadline_from(args.timeout), |event| {
        let mut out = stdout.lock();
        let _ = writeln!(out, "{}", event_json(event));
        let _ = out.flush();
        if matches!(event, InputEvent::Scan(_)) {
            scans += 1;
        }
        args.count.is_none_or(|count| scans < count)
    })?;
    Ok(ExitCode::SUCCESS)
}

// ---------------------------------------------------------------------------------------
// devices

#[derive(Debug, Args)]
pub struct DevicesArgs {
    /// Print one JSON object instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Also list input devices without a keyboard (mice, buttons).
    #[arg(long)]
    pub all: bool,
}

pub fn devices(args: DevicesArgs) -> anyhow::Result<ExitCode> {
    let serial = devices::serial_ports();
    let mut input = devices::input_devices();
    if !args.all {
        input.retain(|device| device.has_keys);
    }
    if args.json {
        let value = json!({
            "serial": serial.iter().map(devices::SerialListing::to_json).collect::<Vec<_>>(),
            "input": input.iter().map(devices::InputListing::to_json).collect::<Vec<_>>(),
        });
        println!("{value}");
        return Ok(ExitCode::SUCCESS);
    }
    println!("Serial ports (kind = \"serial\", use the by-id path):");
    if serial.is_empty() {
        println!("  none found");
    }
    for port in &serial {
        let usb = match (port.vid, port.pid) {
            (Some(vid), Some(pid)) => format!(" usb {vid:04x}:{pid:04x}"),
            _ => String::new(),
        };
        let vendor = port
            .vid
            .and_then(devices::scanner_vendor)
            .map(|name| format!("  [scanner maker: {name}]"))
            .unwrap_or_default();
        println!(
            "  {}{} ({}{usb}{}{}){vendor}",
            port.path,
            port.by_id
                .as_deref()
                .map(|link| format!("  {link}"))
                .unwrap_or_default(),
            port.kind,
            port.serial_number
                .as_deref()
                .map(|serial| format!(" serial {serial}"))
                .unwrap_or_default(),
            port.product
                .as_deref()
                .map(|product| format!(" {product}"))
                .unwrap_or_default()
        );
    }
    println!("Input devices (kind = \"hid\", use the by-id path or name):");
    if input.is_empty() {
        println!("  none found (no /dev/input access? add the user to group `input`)");
    }
    for device in &input {
        println!(
            "  {} {:?} usb {:04x}:{:04x}{}{}",
            device.path,
            device.name,
            device.vid,
            device.pid,
            device
                .by_id
                .as_deref()
                .map(|link| format!("  {link}"))
                .unwrap_or_default(),
            device
                .scanner_hint
                .as_deref()
                .map(|why| format!("  <- looks like a scanner: {why}"))
                .unwrap_or_default()
        );
    }
    Ok(ExitCode::SUCCESS)
}

// ---------------------------------------------------------------------------------------
// decode-image

#[derive(Debug, Args)]
pub struct DecodeImageArgs {
    /// PNG or JPEG files.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// One JSON object per barcode: {"file","format","symbology","text","parsed"}.
    #[arg(long)]
    pub json: bool,
    /// Formats to look for, comma-separated (default: GS1 carriers and QR).
    #[arg(long, value_delimiter = ',')]
    pub formats: Vec<String>,
    /// Do not retry with the slower try-harder search.
    #[arg(long)]
    pub no_try_harder: bool,
}

/// One `decode-image --json` line; a struct so the keys keep the documented order.
#[derive(serde::Serialize)]
struct DecodedLine<'a> {
    file: String,
    format: &'a str,
    symbology: Option<&'a str>,
    text: &'a str,
    parsed: Value,
}

pub fn decode_image(args: DecodeImageArgs) -> anyhow::Result<ExitCode> {
    let mut options = DecodeOptions {
        try_harder: !args.no_try_harder,
        ..DecodeOptions::default()
    };
    if !args.formats.is_empty() {
        options.formats = Vec::new();
        for name in &args.formats {
            match parse_format(name) {
                Some(format) => options.formats.push(format),
                None => bail!(
                    "--formats: {name:?} is not a barcode format: use {}",
                    FORMAT_NAMES.join(", ")
                ),
            }
        }
    }
    let mut code = ExitCode::SUCCESS;
    let mut unreadable = false;
    for file in &args.files {
        let found = match decode_file(file, &options) {
            Ok(found) => found,
            Err(error) => {
                eprintln!("error: {error}");
                unreadable = true;
                continue;
            }
        };
        if found.is_empty() {
            eprintln!("no barcode found in {}", file.display());
            code = ExitCode::from(EXIT_NO_BARCODE);
        }
        for barcode in found {
            let format = crate::input::image::format_name(barcode.format);
            if args.json {
                let line = DecodedLine {
                    file: file.display().to_string(),
                    format,
                    symbology: barcode.symbology.as_deref(),
                    text: &barcode.text,
                    parsed: parsed_json(&barcode.bytes_with_symbology()),
                };
                println!("{}", serde_json::to_string(&line)?);
            } else {
                println!(
                    "{}: {format} {} {}",
                    file.display(),
                    barcode.symbology.as_deref().unwrap_or("-"),
                    escape_bytes(barcode.text.as_bytes())
                );
            }
        }
    }
    if unreadable {
        return Ok(ExitCode::from(2));
    }
    Ok(code)
}

// ---------------------------------------------------------------------------------------
// calibrate

#[derive(Debug, Args)]
pub struct CalibrateArgs {
    #[command(subcommand)]
    pub action: CalibrateAction,
}

#[derive(Debug, Subcommand)]
pub enum CalibrateAction {
    /// Render the calibration label (labels/calibration.toml: GS1-128, GS1 DataMatrix,
    /// Code 128 and QR with the codes `calibrate check` expects) as PNG, PDF or ZPL. Print
    /// it with `label print --template labels/calibration.toml`.
    Render {
        /// png, pdf or zpl.
        #[arg(long, default_value = "png")]
        format: String,
        /// Output file; `-` for standard output.
        #[arg(short = 'o', long)]
        output: PathBuf,
        /// Resolution (203, 300, 600); default: the template's (203).
        #[arg(long)]
        dpi: Option<u32>,
        /// Name printed in the label's title (default "scanstation").
        #[arg(long)]
        station: Option<String>,
        /// ZPL only: put the printer setup block (size, media, UTF-8) before the label.
        #[arg(long)]
        with_setup: bool,
    },
    /// Scan the calibration codes with one configured scanner and say what to change. The
    /// result is stored per device next to the station database (`calibration/<id>.json`),
    /// where `doctor` and `listen` show it.
    Check {
        /// The scanner id from the config.
        #[arg(long)]
        device: String,
        #[arg(long, default_value = "config/station.toml")]
        config: PathBuf,
        /// Check this scanner output (escaped, as `listen` prints it) instead of scanning.
        /// Stored only with --save.
        #[arg(long)]
        got: Option<String>,
        /// AIM id that came with --got.
        #[arg(long)]
        symbology: Option<String>,
        /// How many calibration scans to wait for.
        #[arg(long, default_value_t = 2)]
        count: usize,
        /// Give up after this many seconds.
        #[arg(long, default_value_t = 120.0)]
        timeout: f64,
        /// Store the result as `<DIR>/<device>.json` instead of in `calibration/` next to
        /// the config's `[store] path`.
        #[arg(long)]
        save: Option<PathBuf>,
        /// Do not store the result.
        #[arg(long, conflicts_with = "save")]
        no_save: bool,
        #[arg(long)]
        json: bool,
    },
}

/// The `[store] path` of a station config (the default when it has none).
fn database_path(config: &Path) -> anyhow::Result<PathBuf> {
    let default = crate::store::StoreConfig::default().path;
    if !config.exists() {
        return Ok(default);
    }
    let text = std::fs::read_to_string(config)
        .with_context(|| format!("reading config {}", config.display()))?;
    let value: toml::Value =
        toml::from_str(&text).with_context(|| format!("parsing config {}", config.display()))?;
    Ok(value
        .get("store")
        .and_then(|store| store.get("path"))
        .and_then(|path| path.as_str())
        .map(PathBuf::from)
        .unwrap_or(default))
}

/// What `listen` tells a person about each scanner's stored calibration (on stderr).
fn calibration_notes(scanners: &[ScannerConfig], database: &Path) -> Vec<String> {
    let dir = calibrate::results_dir(database);
    scanners
        .iter()
        .filter(|scanner| matches!(scanner.kind, SourceKind::Serial | SourceKind::Hid))
        .map(|scanner| match calibrate::load_result(&dir, &scanner.id) {
            Ok(Some(saved)) if saved.is_stale_for(scanner) => format!(
                "scanner {}: {}, but its layout setting changed since: run `scanstation calibrate check --device {}` again",
                scanner.id,
                saved.summary(),
                scanner.id
            ),
            Ok(Some(saved)) => format!("scanner {}: {}", scanner.id, saved.summary()),
            Ok(None) => format!(
                "scanner {}: not calibrated yet: print the calibration label (`scanstation calibrate render`) and run `scanstation calibrate check --device {}`",
                scanner.id, scanner.id
            ),
            Err(error) => format!("scanner {}: {error}", scanner.id),
        })
        .collect()
}

pub fn calibrate(args: CalibrateArgs) -> anyhow::Result<ExitCode> {
    match args.action {
        CalibrateAction::Render {
            format,
            output,
            dpi,
            station,
            with_setup,
        } => {
            let template = calibrate::calibration_template()?;
            let format = Format::parse(&format)
                .with_context(|| format!("--format {format}: use png, pdf or zpl"))?;
            let dpi = match dpi {
                Some(dpi) => Dpi::from_dpi(dpi)
                    .with_context(|| format!("--dpi {dpi}: use 203, 300 or 600"))?,
                None => template.dpi(),
            };
            let mut values = FieldValues::new();
            if let Some(station) = &station {
                values.set("station", station);
            }
            let laid_out = label::layout(&template, &values, dpi)?;
            let mut bytes = Vec::new();
            if format == Format::Zpl && with_setup {
                bytes.extend(label::zpl::setup(&laid_out, &Default::default()));
            }
            bytes.extend(match format {
                Format::Zpl => label::zpl::render(&laid_out, 1)?,
                Format::Png => label::png::render(&laid_out)?,
                Format::Pdf => label::pdf::render(&laid_out)?,
            });
            if output.as_os_str() == "-" {
                std::io::stdout().write_all(&bytes)?;
            } else {
                std::fs::write(&output, &bytes)
                    .with_context(|| format!("writing {}", output.display()))?;
                eprintln!("wrote {}; it carries:", output.display());
                for code in CALIBRATION_CODES {
                    eprintln!(
                        "  {:<14} {}  {}",
                        code.name,
                        code.symbology,
                        escape_bytes(code.payload.as_bytes())
                    );
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        CalibrateAction::Check {
            device,
            config,
            got,
            symbology,
            count,
            timeout,
            save,
            no_save,
            json,
        } => {
            let scanner = if device == "stdin" && !config.exists() {
                stdin_scanner()
            } else {
                load_scanners(&config)?
                    .into_iter()
                    .find(|scanner| scanner.id == device)
                    .with_context(|| {
                        format!("no scanner with id {device:?} in {}", config.display())
                    })?
            };
            let manual = got.is_some();
            let reports = match got {
                Some(got) => vec![check_any(
                    symbology.as_deref(),
                    &unescape(&got),
                    &scanner,
                    &[],
                )],
                None => scan_calibration(&scanner, count, timeout)?,
            };
            for report in &reports {
                print_report(report, json);
            }
            // A real scan is stored by default; a hand-typed --got only when asked.
            let no_station = !config.exists();
            let folder = match (save, no_save || manual || no_station || reports.is_empty()) {
                (Some(folder), _) => Some(folder),
                (None, false) => Some(calibrate::results_dir(&database_path(&config)?)),
                (None, true) => None,
            };
            if let Some(folder) = folder {
                match calibrate::save_result(&folder, &device, &scanner, &reports, &time_now()) {
                    Ok(path) => eprintln!("saved {}", path.display()),
                    Err(error) => eprintln!("warning: {error}"),
                }
            }
            if reports.is_empty() {
                bail!("no calibration scan arrived within {timeout} s: is scanner {device} connected (see `scanstation listen`)?");
            }
            Ok(if reports.iter().all(CalibrationReport::ok) {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
    }
}

fn scan_calibration(
    scanner: &ScannerConfig,
    count: usize,
    timeout: f64,
) -> anyhow::Result<Vec<CalibrationReport>> {
    let mut scanner = scanner.clone();
    scanner.debounce_ms = 0;
    eprintln!(
        "scan the calibration codes with {} now ({count} scan(s), {timeout} s)...",
        scanner.id
    );
    let mut reports = Vec::new();
    let mut gs_disabled: Vec<GsForm> = Vec::new();
    run_sources(
        std::slice::from_ref(&scanner),
        deadline_from(Some(timeout)),
        |event| {
            match event {
                InputEvent::Scan(scan) => {
                    reports.push(check_any(
                        scan.symbology.as_deref(),
                        &scan.bytes,
                        &scanner,
                        &gs_disabled,
                    ));
                    gs_disabled.clear();
                }
                InputEvent::Dropped {
                    reason: DropReason::GsFormDisabled,
                    detail,
                    ..
                } => {
                    if let Some(form) = GsForm::ALL
                        .iter()
                        .find(|form| detail.contains(&format!("\"{}\"", form.as_str())))
                    {
                        gs_disabled.push(*form);
                    }
                }
                InputEvent::Dropped { reason, detail, .. } => {
                    eprintln!("  ({}: {detail})", reason.as_str())
                }
                InputEvent::Status { state, message, .. } => {
                    eprintln!("  [{}] {message}", state.as_str())
                }
            }
            reports.len() < count
        },
    )?;
    Ok(reports)
}

fn print_report(report: &CalibrationReport, json: bool) {
    if json {
        println!("{}", report.to_json());
        return;
    }
    println!("scanned {:?}", escape_bytes(&report.got));
    if report.ok() {
        println!("  OK: layout and GS transport are right");
    }
    for finding in &report.findings {
        println!(
            "  {}: {}",
            if finding.error { "FIX" } else { "note" },
            finding.message
        );
        if let Some(setting) = &finding.setting {
            for line in setting.lines() {
                println!("      {line}");
            }
        }
    }
}
