//! `scanstation parse`: parse and validate scans given as arguments or as stdin lines.
//!
//! One JSON object per input with `--json` (the stable contract other tools rely on), or the
//! HRI and a list of problems for a person. Invalid scans are data, not failures: the exit
//! code is 0 unless the command line itself is wrong or stdin cannot be read.

use std::io::{self, BufRead, Write};
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;

use crate::gs1::{self, ParseOptions, Parsed};

#[derive(Debug, Args)]
pub struct ParseArgs {
    /// Print one JSON object per scan.
    #[arg(long)]
    pub json: bool,
    /// A character that stands in for GS (0x1D) in element strings, for scanners that lose
    /// GS (e.g. `|`). May be repeated. Off by default.
    #[arg(long = "gs-substitute", value_name = "CHAR")]
    pub gs_substitutes: Vec<char>,
    /// Accept GTIN-8/12/13 (zero-suppressed) in Digital Link URIs.
    #[arg(long)]
    pub allow_zero_suppressed_gtin: bool,
    /// Do not check mandatory/forbidden AI pairs within each scan (for labels split over
    /// several barcodes).
    #[arg(long)]
    pub no_associations: bool,
    /// Scans to parse. Without any, one scan per line is read from stdin. A literal `\x1d`
    /// (or `\x1D`) stands for GS, since a terminal cannot type it.
    pub data: Vec<std::ffi::OsString>,
}

pub fn run(args: ParseArgs) -> anyhow::Result<ExitCode> {
    let mut gs_substitutes = Vec::new();
    for substitute in &args.gs_substitutes {
        let byte = u8::try_from(u32::from(*substitute))
            .ok()
            .filter(|byte| gs1::is_valid_gs_substitute(*byte));
        let byte = byte.with_context(|| {
            format!("--gs-substitute {substitute:?} cannot stand in for GS: it must be an ASCII character that GS1 data never contains (not a digit, letter or CSET 82 symbol), e.g. '|', '^', '~' or '#'")
        })?;
        gs_substitutes.push(byte);
    }
    let options = ParseOptions {
        today: Some(chrono::Local::now().date_naive()),
        gs_substitutes,
        check_associations: !args.no_associations,
        allow_zero_suppressed_gtin: args.allow_zero_suppressed_gtin,
    };
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut emit = |raw: &[u8]| -> anyhow::Result<()> {
        let parsed = gs1::parse(&unescape_gs(raw), &options);
        print_parsed(&mut out, &parsed, args.json).context("writing to stdout")
    };
    if args.data.is_empty() {
        let stdin = io::stdin();
        for line in stdin.lock().split(b'\n') {
            let mut line = line.context("reading scans from stdin")?;
            if line.last() == Some(&b'\r') {
                line.pop();
            }
            emit(&line)?;
        }
    } else {
        for data in &args.data {
            emit(data.as_encoded_bytes())?;
        }
    }
    out.flush().context("writing to stdout")?;
    Ok(ExitCode::SUCCESS)
}

/// Replaces the four-character text `\x1d` (either case) by the GS byte.
pub fn unescape_gs(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len());
    let mut idx = 0;
    while idx < raw.len() {
        match raw.get(idx..idx + 4) {
            Some(b"\\x1d" | b"\\x1D") => {
                out.push(gs1::GS);
                idx += 4;
            }
            _ => {
                out.push(raw[idx]);
                idx += 1;
            }
        }
    }
    out
}

fn print_parsed(out: &mut impl Write, parsed: &Parsed, json: bool) -> io::Result<()> {
    if json {
        return writeln!(out, "{}", parsed.to_json());
    }
    let symbology = parsed
        .symbology
        .as_deref()
        .map(|id| format!(" [{id}]"))
        .unwrap_or_default();
    let status = if parsed.is_valid() {
        "valid"
    } else {
        "INVALID"
    };
    match &parsed.text {
        Some(text) => writeln!(out, "{status} {}{symbology}: {text}", parsed.kind.as_str())?,
        None => writeln!(
            out,
            "{status} {}{symbology}: {}",
            parsed.kind.as_str(),
            parsed.hri()
        )?,
    }
    for element in &parsed.elements {
        let reading = element
            .date
            .map(|date| date.to_string())
            .or_else(|| element.decimal.clone())
            .map(|reading| format!(" = {reading}"))
            .unwrap_or_default();
        writeln!(
            out,
            "  ({}) {:<20} {}{reading}",
            element.ai, element.title, element.value
        )?;
    }
    for param in &parsed.ignored_params {
        writeln!(
            out,
            "  note: query parameter {param:?} is not an AI and was ignored"
        )?;
    }
    for error in &parsed.errors {
        writeln!(out, "  error [{}]: {}", error.code.as_str(), error.message)?;
    }
    Ok(())
}
