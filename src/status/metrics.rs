//! Counters and the scan-to-verdict latency histogram, rendered in the Prometheus text
//! exposition format 0.0.4 together with gauges read from the board.
//!
//! The format (prometheus.io/docs/instrumenting/exposition_formats, "Text-based format"):
//! one `# HELP` and one `# TYPE` line per metric family, then its samples; label values
//! escape `\`, `"` and line feed; HELP text escapes `\` and line feed. A histogram has one
//! cumulative `_bucket{le="…"}` sample per upper bound, ending with `le="+Inf"`, then `_sum`
//! and `_count`, where `+Inf` equals `_count`. Counters end in `_total`. Gauges that are
//! unknown (sync off, no serial block) have no sample, which Prometheus reads as absent.
//!
//! Latencies are counted in whole nanoseconds against bounds in nanoseconds, so a bucket
//! boundary is exact and the sum does not drift as floating point would.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::time::Duration;

use chrono::{DateTime, Utc};

use super::{state_class, StateClass, StatusBoard};
use crate::verdict::Level;

/// Upper bounds of the scan-to-verdict histogram, in seconds (`+Inf` follows). A verdict
/// comes from the local SQLite cache, so most scans land in the first buckets; the tail
/// shows a slow SD card or a lock held by sync.
pub const LATENCY_BUCKETS_SECONDS: [f64; 10] = [
    0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0,
];

/// The same bounds in nanoseconds.
const LATENCY_BUCKETS_NANOS: [u128; 10] = [
    500_000,
    1_000_000,
    2_000_000,
    5_000_000,
    10_000_000,
    25_000_000,
    50_000_000,
    100_000_000,
    250_000_000,
    1_000_000_000,
];

const LEVELS: [Level; 3] = [Level::Accept, Level::Warn, Level::Reject];

/// Counters since the daemon started.
#[derive(Debug, Clone, Default)]
pub struct Metrics {
    scans_by_level: [u64; 3],
    /// Scans per bucket, not cumulative; the last slot is above the last bound (`+Inf`).
    latency_buckets: [u64; 11],
    latency_sum_nanos: u128,
    latency_count: u64,
    printer_errors: BTreeMap<String, u64>,
    dropped_by_reason: BTreeMap<String, u64>,
}

fn level_index(level: Level) -> usize {
    match level {
        Level::Accept => 0,
        Level::Warn => 1,
        Level::Reject => 2,
    }
}

impl Metrics {
    /// Counts a scan with verdict `level`, decided `latency` after the scan arrived.
    pub fn record_scan(&mut self, level: Level, latency: Duration) {
        self.scans_by_level[level_index(level)] += 1;
        let nanos = latency.as_nanos();
        let bucket = LATENCY_BUCKETS_NANOS
            .iter()
            .position(|bound| nanos <= *bound)
            .unwrap_or(LATENCY_BUCKETS_NANOS.len());
        self.latency_buckets[bucket] += 1;
        self.latency_sum_nanos = self.latency_sum_nanos.saturating_add(nanos);
        self.latency_count += 1;
    }

    /// Counts a failed print on printer `name`.
    pub fn printer_error(&mut self, name: &str) {
        *self.printer_errors.entry(name.to_owned()).or_default() += 1;
    }

    /// Counts input dropped for `reason`.
    pub fn dropped(&mut self, reason: &str) {
        *self.dropped_by_reason.entry(reason.to_owned()).or_default() += 1;
    }

    /// Errors counted for printer `name`.
    pub fn printer_errors(&self, name: &str) -> u64 {
        self.printer_errors.get(name).copied().unwrap_or(0)
    }

    /// Scans counted with verdict `level`.
    pub fn scans(&self, level: Level) -> u64 {
        self.scans_by_level[level_index(level)]
    }

    /// The exposition text: these counters plus the board's gauges at `now`.
    pub fn render(&self, board: &StatusBoard, now: DateTime<Utc>) -> String {
        let mut out = String::new();

        family(
            &mut out,
            "scanstation_info",
            "gauge",
            "Station identity; the value is always 1.",
        );
        sample(
            &mut out,
            "scanstation_info",
            &[("station", &board.station_id), ("version", &board.version)],
            "1",
        );

        family(
            &mut out,
            "scanstation_scans_total",
            "counter",
            "Scans by verdict level (accept, warn, reject).",
        );
        for level in LEVELS {
            sample(
                &mut out,
                "scanstation_scans_total",
                &[("level", level.as_str())],
                &self.scans(level).to_string(),
            );
        }

        family(
            &mut out,
            "scanstation_scan_verdict_seconds",
            "histogram",
            "Time from receiving a scan to deciding its verdict.",
        );
        let mut cumulative = 0;
        for (bound, count) in LATENCY_BUCKETS_SECONDS.iter().zip(&self.latency_buckets) {
            cumulative += count;
            sample(
                &mut out,
                "scanstation_scan_verdict_seconds_bucket",
                &[("le", &bound.to_string())],
                &cumulative.to_string(),
            );
        }
        sample(
            &mut out,
            "scanstation_scan_verdict_seconds_bucket",
            &[("le", "+Inf")],
            &self.latency_count.to_string(),
        );
        // Display of an f64 never uses an exponent, which the format allows but some
        // parsers do not.
        let sum_seconds = self.latency_sum_nanos as f64 / 1e9;
        sample(
            &mut out,
            "scanstation_scan_verdict_seconds_sum",
            &[],
            &sum_seconds.to_string(),
        );
        sample(
            &mut out,
            "scanstation_scan_verdict_seconds_count",
            &[],
            &self.latency_count.to_string(),
        );

        family(
            &mut out,
            "scanstation_printer_errors_total",
            "counter",
            "Failed prints by printer.",
        );
        for (printer, count) in &self.printer_errors {
            sample(
                &mut out,
                "scanstation_printer_errors_total",
                &[("printer", printer)],
                &count.to_string(),
            );
        }

        family(
            &mut out,
            "scanstation_input_dropped_total",
            "counter",
            "Scanner input dropped before a verdict, by reason.",
        );
        for (reason, count) in &self.dropped_by_reason {
            sample(
                &mut out,
                "scanstation_input_dropped_total",
                &[("reason", reason)],
                &count.to_string(),
            );
        }

        family(
            &mut out,
            "scanstation_scanner_up",
            "gauge",
            "1 when the scanner is connected and ready, else 0.",
        );
        for scanner in &board.scanners {
            let up = state_class(&scanner.state) == StateClass::Good;
            sample(
                &mut out,
                "scanstation_scanner_up",
                &[("scanner", &scanner.id)],
                if up { "1" } else { "0" },
            );
        }

        family(
            &mut out,
            "scanstation_printer_ready",
            "gauge",
            "1 when the printer is ready to print, else 0.",
        );
        for printer in &board.printers {
            let ready = state_class(&printer.state) == StateClass::Good;
            sample(
                &mut out,
                "scanstation_printer_ready",
                &[("printer", &printer.name)],
                if ready { "1" } else { "0" },
            );
        }

        let gauges: [(&str, &str, Option<i64>); 5] = [
            (
                "scanstation_print_queue_depth",
                "Labels waiting in the print queue, all printers.",
                Some(board.print_queue_depth),
            ),
            (
                "scanstation_journal_unsynced",
                "Journal events not yet pushed to head office (absent when sync is off).",
                board.journal_unsynced,
            ),
            (
                "scanstation_serials_remaining",
                "Serials left in the allocated block (absent without a block).",
                board.serials_remaining,
            ),
            (
                "scanstation_master_data_age_seconds",
                "Seconds since master data was last pulled (absent if never).",
                board.master_data_age_secs(now),
            ),
            (
                "scanstation_uptime_seconds",
                "Seconds since the daemon started.",
                Some(board.uptime_secs(now)),
            ),
        ];
        for (name, help, value) in gauges {
            family(&mut out, name, "gauge", help);
            if let Some(value) = value {
                sample(&mut out, name, &[], &value.to_string());
            }
        }
        out
    }
}

/// The `# HELP` and `# TYPE` lines of a metric family.
fn family(out: &mut String, name: &str, kind: &str, help: &str) {
    let help = help.replace('\\', "\\\\").replace('\n', "\\n");
    let _ = writeln!(out, "# HELP {name} {help}");
    let _ = writeln!(out, "# TYPE {name} {kind}");
}

/// One sample line: `name{label="value",…} value`.
fn sample(out: &mut String, name: &str, labels: &[(&str, &str)], value: &str) {
    out.push_str(name);
    if !labels.is_empty() {
        out.push('{');
        for (index, (label, label_value)) in labels.iter().enumerate() {
            if index > 0 {
                out.push(',');
            }
            let _ = write!(out, "{label}=\"{}\"", escape_label_value(label_value));
        }
        out.push('}');
    }
    let _ = writeln!(out, " {value}");
}

/// Escapes a label value: `\` → `\\`, `"` → `\"`, line feed → `\n`.
fn escape_label_value(value: &str) -> String {
    let mut escaped = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => escaped.push_str("\\\\"),
            '"' => escaped.push_str("\\\""),
            '\n' => escaped.push_str("\\n"),
            c => escaped.push(c),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_values_are_escaped() {
        for (value, expected) in [
            ("zebra", "zebra"),
            (r#"dock "A""#, r#"dock \"A\""#),
            (r"C:\labels", r"C:\\labels"),
            ("two\nlines", r"two\nlines"),
        ] {
            assert_eq!(escape_label_value(value), expected, "{value:?}");
        }
    }

    #[test]
    fn histogram_buckets_are_inclusive_upper_bounds() {
        let mut metrics = Metrics::default();
        for micros in [500, 501, 1_000_000, 1_000_001] {
            metrics.record_scan(Level::Accept, Duration::from_micros(micros));
        }
        let board = StatusBoard::new("dock1", "", DateTime::UNIX_EPOCH);
        let text = metrics.render(&board, DateTime::UNIX_EPOCH);
        for line in [
            "scanstation_scan_verdict_seconds_bucket{le=\"0.0005\"} 1\n",
            "scanstation_scan_verdict_seconds_bucket{le=\"0.001\"} 2\n",
            "scanstation_scan_verdict_seconds_bucket{le=\"1\"} 3\n",
            "scanstation_scan_verdict_seconds_bucket{le=\"+Inf\"} 4\n",
            "scanstation_scan_verdict_seconds_sum 2.001002\n",
            "scanstation_scan_verdict_seconds_count 4\n",
            "scanstation_scans_total{level=\"accept\"} 4\n",
            "scanstation_scans_total{level=\"reject\"} 0\n",
            "scanstation_uptime_seconds 0\n",
        ] {
            assert!(text.contains(line), "missing {line:?} in:\n{text}");
        }
        assert!(!text.contains("\nscanstation_journal_unsynced "), "{text}");
    }
}
