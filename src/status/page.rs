//! The HTML status page: one self-contained document (inline CSS, no scripts, no external
//! assets) that reloads itself with `<meta http-equiv="refresh">`, so it works on a
//! locked-down browser, a phone on the shop floor or a kiosk screen.
//!
//! Every value from outside is escaped: scan data comes straight from a barcode and is
//! hostile input (a lot printed as `<script>` must show as text). Class names are never
//! taken from data, only chosen from fixed lists.

use std::fmt::Write as _;

use chrono::{DateTime, Utc};

use super::{state_class, LineStatus, StateClass, StatusBoard};

/// The page's style sheet: verdicts green, amber and red, like the station's LEDs.
const STYLE: &str = "\
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:0;padding:1rem 1.5rem;background:#f6f7f9;color:#1d2329}
header{border-bottom:2px solid #d0d5db;margin-bottom:1rem}
h1{margin:0 0 .25rem;font-size:1.6rem}
h2{font-size:1.15rem;margin:1.5rem 0 .5rem}
.meta{color:#55606b;margin:.25rem 0 .75rem}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{text-align:left;padding:.35rem .6rem;border-bottom:1px solid #e3e6ea;vertical-align:top}
th{background:#eceff2;font-weight:600}
td.nowrap{white-space:nowrap}
code{font-family:ui-monospace,Menlo,Consolas,monospace;word-break:break-all}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.3rem 1.2rem;background:#fff;padding:.6rem .8rem;margin:0}
dt{font-weight:600}dd{margin:0}
.empty{color:#55606b;font-style:italic}
.verdict,.state{display:inline-block;padding:.05rem .5rem;border-radius:.8rem;font-weight:700;font-size:.85rem}
tr.accept td:first-child{border-left:6px solid #1b7f3b}
tr.warn td:first-child{border-left:6px solid #c77700}
tr.reject td:first-child{border-left:6px solid #c4001d}
tr.reject{background:#fdf0f2}
.verdict.accept,.state.good{background:#dcf3e3;color:#135c2a}
.verdict.warn,.state.warn{background:#fff0cc;color:#7a4a00}
.verdict.reject,.state.bad{background:#fbd9de;color:#8f0016}
ul.reasons{margin:0;padding-left:1.1rem}
footer{margin-top:2rem;color:#55606b;font-size:.85rem}
";

/// The page for `board` at `now`. `refresh_secs` 0 means no automatic reload; `token`, when
/// the page was opened with `?token=`, is carried into the links to the other endpoints.
pub fn render_page(
    board: &StatusBoard,
    now: DateTime<Utc>,
    refresh_secs: u32,
    token: Option<&str>,
) -> String {
    let mut out = String::with_capacity(8 * 1024);
    let station = escape(&board.station_id);
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    if refresh_secs > 0 {
        let _ = writeln!(
            out,
            "<meta http-equiv=\"refresh\" content=\"{refresh_secs}\">"
        );
    }
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(out, "<title>{station} · scanstation</title>");
    let _ = writeln!(out, "<style>\n{STYLE}</style>\n</head>\n<body>");

    // Station header.
    let _ = writeln!(
        out,
        "<header id=\"station\">\n<h1>Station <span class=\"station-id\">{station}</span></h1>"
    );
    let mut meta = Vec::new();
    if !board.location.is_empty() {
        meta.push(format!(
            "<span class=\"location\">{}</span>",
            escape(&board.location)
        ));
    }
    meta.push(format!("scanstation {}", escape(&board.version)));
    meta.push(format!(
        "up {} (since {})",
        human_duration(board.uptime_secs(now)),
        board.started_at.format("%Y-%m-%d %H:%M UTC")
    ));
    meta.push(format!("updated {}", now.format("%H:%M:%S UTC")));
    let _ = writeln!(out, "<p class=\"meta\">{}</p>\n</header>", meta.join(" · "));

    scanners(&mut out, board, now);
    printers(&mut out, board);
    line(&mut out, board.line.as_ref());
    recent(&mut out, board, now);
    lookups(&mut out, board, now);
    sync(&mut out, board, now);

    let query = token.map_or_else(String::new, |token| format!("?token={}", escape(token)));
    let _ = writeln!(
        out,
        "<footer>Also as <a href=\"/status.json{query}\">JSON</a> and \
         <a href=\"/metrics{query}\">Prometheus metrics</a>.</footer>\n</body>\n</html>"
    );
    out
}

fn scanners(out: &mut String, board: &StatusBoard, now: DateTime<Utc>) {
    out.push_str("<section id=\"scanners\">\n<h2>Scanners</h2>\n");
    if board.scanners.is_empty() {
        out.push_str("<p class=\"empty\">No scanner configured.</p>\n</section>\n");
        return;
    }
    out.push_str(
        "<table>\n<tr><th>Scanner</th><th>Kind</th><th>Workflow</th><th>State</th>\
         <th>Last seen</th><th>Message</th></tr>\n",
    );
    for scanner in &board.scanners {
        let last_seen = scanner.last_seen.map(|at| (now - at).num_seconds());
        let _ = writeln!(
            out,
            "<tr class=\"scanner\"><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&scanner.id),
            escape(&scanner.kind),
            escape(&scanner.workflow),
            state_badge(&scanner.state),
            human_age(last_seen),
            escape(scanner.message.as_deref().unwrap_or("")),
        );
    }
    out.push_str("</table>\n</section>\n");
}

fn printers(out: &mut String, board: &StatusBoard) {
    out.push_str("<section id=\"printers\">\n<h2>Printers</h2>\n");
    if board.printers.is_empty() {
        out.push_str("<p class=\"empty\">No printer configured: labels are off.</p>\n</section>\n");
        return;
    }
    out.push_str(
        "<table>\n<tr><th>Printer</th><th>Transport</th><th>State</th><th>Queued</th>\
         <th>Message</th></tr>\n",
    );
    for printer in &board.printers {
        let _ = writeln!(
            out,
            "<tr class=\"printer\"><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&printer.name),
            escape(&printer.transport),
            state_badge(&printer.state),
            printer.queued,
            escape(printer.message.as_deref().unwrap_or("")),
        );
    }
    out.push_str("</table>\n</section>\n");
}

fn line(out: &mut String, line: Option<&LineStatus>) {
    out.push_str("<section id=\"line\">\n<h2>Line</h2>\n");
    let Some(line) = line else {
        out.push_str("<p class=\"empty\">No active product.</p>\n</section>\n");
        return;
    };
    let product = match &line.product_name {
        Some(name) => format!(
            "{} (GTIN <code class=\"gtin\">{}</code>)",
            escape(name),
            escape(&line.gtin)
        ),
        None => format!("GTIN <code class=\"gtin\">{}</code>", escape(&line.gtin)),
    };
    let lot = match &line.lot {
        Some(lot) => format!("<code class=\"lot\">{}</code>", escape(lot)),
        None => "<span class=\"empty\">none</span>".into(),
    };
    let _ = writeln!(
        out,
        "<dl>\n<dt>Product</dt><dd>{product}</dd>\n<dt>Lot</dt><dd>{lot}</dd>\n\
         <dt>Printed</dt><dd>{} label{}</dd>\n</dl>\n</section>",
        line.printed,
        plural(line.printed),
    );
}

fn recent(out: &mut String, board: &StatusBoard, now: DateTime<Utc>) {
    out.push_str("<section id=\"recent\">\n<h2>Recent scans</h2>\n");
    if board.recent.is_empty() {
        out.push_str("<p class=\"empty\">No scans yet.</p>\n</section>\n");
        return;
    }
    out.push_str(
        "<table>\n<tr><th>Time</th><th>Scanner</th><th>Workflow</th><th>Verdict</th>\
         <th>Data</th><th>Reasons</th><th>Latency</th></tr>\n",
    );
    for scan in &board.recent {
        let level = level_class(&scan.level);
        let reasons = if scan.reasons.is_empty() {
            String::new()
        } else {
            let items: Vec<String> = scan
                .reasons
                .iter()
                .map(|reason| format!("<li>{}</li>", escape(reason)))
                .collect();
            format!("<ul class=\"reasons\">{}</ul>", items.concat())
        };
        let _ = writeln!(
            out,
            "<tr class=\"scan {level}\"><td class=\"nowrap\" title=\"{}\">{} ({})</td><td class=\"nowrap\">{}</td><td>{}</td>\
             <td><span class=\"verdict {level}\">{}</span></td><td><code class=\"hri\">{}</code></td>\
             <td>{reasons}</td><td>{}</td></tr>",
            scan.at.to_rfc3339(),
            scan.at.format("%H:%M:%S"),
            human_age(Some((now - scan.at).num_seconds())),
            escape(&scan.device),
            escape(&scan.workflow),
            level.to_uppercase(),
            escape(&scan.hri),
            human_latency(scan.latency_us),
        );
    }
    out.push_str("</table>\n</section>\n");
}

/// The lookup workflow's answers: serial status, warranty and service history.
fn lookups(out: &mut String, board: &StatusBoard, now: DateTime<Utc>) {
    out.push_str("<section id=\"lookups\">\n<h2>Lookups</h2>\n");
    if board.lookups.is_empty() {
        out.push_str("<p class=\"empty\">No serial looked up yet.</p>\n</section>\n");
        return;
    }
    out.push_str(
        "<table>\n<tr><th>Time</th><th>Scanner</th><th>Serial</th><th>Product</th><th>Status</th>\
         <th>Warranty</th><th>Service history</th></tr>\n",
    );
    for lookup in &board.lookups {
        let warranty_class = match lookup.warranty.as_str() {
            "under_warranty" => "accept",
            "expired" => "reject",
            _ => "warn",
        };
        let warranty = match &lookup.warranty_until {
            Some(until) => format!(
                "<span class=\"verdict {warranty_class}\">{}</span> until {}",
                escape(&lookup.warranty),
                escape(until)
            ),
            None => format!(
                "<span class=\"verdict {warranty_class}\">{}</span>",
                escape(&lookup.warranty)
            ),
        };
        let history = if lookup.service_history.is_empty() {
            match &lookup.message {
                Some(message) => format!("<span class=\"empty\">{}</span>", escape(message)),
                None => "<span class=\"empty\">none</span>".into(),
            }
        } else {
            let items: Vec<String> = lookup
                .service_history
                .iter()
                .map(|event| format!("<li>{}</li>", escape(event)))
                .collect();
            format!("<ul class=\"reasons\">{}</ul>", items.concat())
        };
        let product = match (&lookup.product_name, &lookup.lot) {
            (Some(name), Some(lot)) => format!("{} (lot {})", escape(name), escape(lot)),
            (Some(name), None) => escape(name),
            (None, Some(lot)) => format!("lot {}", escape(lot)),
            (None, None) => String::new(),
        };
        let _ = writeln!(
            out,
            "<tr class=\"lookup\"><td class=\"nowrap\">{} ({})</td><td>{}</td>\
             <td><code class=\"serial\">{}</code> <code class=\"gtin\">{}</code></td><td>{product}</td>\
             <td class=\"serial-status\">{}</td><td class=\"warranty\">{warranty}</td><td>{history}</td></tr>",
            lookup.at.format("%H:%M:%S"),
            human_age(Some((now - lookup.at).num_seconds())),
            escape(&lookup.device),
            escape(&lookup.serial),
            escape(&lookup.gtin),
            escape(&lookup.status),
        );
    }
    out.push_str("</table>\n</section>\n");
}

fn sync(out: &mut String, board: &StatusBoard, now: DateTime<Utc>) {
    out.push_str("<section id=\"sync\">\n<h2>Master data and sync</h2>\n<dl>\n");
    let master_data = match board.master_data_age_secs(now) {
        Some(age) => format!("pulled {}", human_age(Some(age))),
        None => "never pulled".into(),
    };
    let unsynced = match board.journal_unsynced {
        Some(count) => format!("{count} event{}", plural(count)),
        None => "sync is off".into(),
    };
    let serials = match board.serials_remaining {
        Some(count) => count.to_string(),
        None => "no serial block".into(),
    };
    let oldest = match board.oldest_unsent_at {
        Some(at) => format!(
            "journaled {}",
            human_age(Some((now - at).num_seconds().max(0)))
        ),
        None => "none".into(),
    };
    let last_sync = match &board.last_sync {
        Some(outcome) => format!(
            "<span class=\"{}\">{}</span> {}: {}",
            if outcome.ok { "accept" } else { "reject" },
            if outcome.ok { "OK" } else { "FAILED" },
            human_age(Some((now - outcome.finished_at).num_seconds().max(0))),
            escape(&outcome.message)
        ),
        None => "not yet".into(),
    };
    let queue = board.print_queue_depth;
    let _ = writeln!(
        out,
        "<dt>Master data</dt><dd class=\"master-data\">{master_data}</dd>\n\
         <dt>Last sync</dt><dd class=\"last-sync\">{last_sync}</dd>\n\
         <dt>Journal not yet synced</dt><dd class=\"journal\">{unsynced}</dd>\n\
         <dt>Oldest unsent event</dt><dd class=\"oldest-unsent\">{oldest}</dd>\n\
         <dt>Serials remaining</dt><dd class=\"serials\">{serials}</dd>\n\
         <dt>Print queue</dt><dd class=\"queue\">{queue} label{}</dd>\n</dl>\n</section>",
        plural(queue)
    );
}

/// The CSS class for a verdict level; anything unexpected is shown neutral.
fn level_class(level: &str) -> &'static str {
    match level {
        "accept" => "accept",
        "warn" => "warn",
        "reject" => "reject",
        _ => "unknown",
    }
}

fn state_badge(state: &str) -> String {
    let class = match state_class(state) {
        StateClass::Good => "good",
        StateClass::Warn => "warn",
        StateClass::Bad => "bad",
    };
    format!("<span class=\"state {class}\">{}</span>", escape(state))
}

fn plural<N: PartialEq + From<u8>>(count: N) -> &'static str {
    if count == N::from(1) {
        ""
    } else {
        "s"
    }
}

/// Escapes text for HTML element content and quoted attribute values.
fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            // Control characters (a GS separator in raw scan data) are shown, not passed on.
            c if c.is_control() && c != '\n' && c != '\t' => escaped.push('\u{FFFD}'),
            c => escaped.push(c),
        }
    }
    escaped
}

/// An age for people: `just now`, `42 s ago`, `3 min ago`, `5 h ago`, `2 days ago`, or
/// `never` for `None`. A negative age (clock changed) reads `just now`.
pub fn human_age(age_secs: Option<i64>) -> String {
    match age_secs {
        None => "never".into(),
        Some(secs) if secs <= 0 => "just now".into(),
        Some(secs) if secs < 60 => format!("{secs} s ago"),
        Some(secs) if secs < 3600 => format!("{} min ago", secs / 60),
        Some(secs) if secs < 86_400 => format!("{} h ago", secs / 3600),
        Some(secs) => {
            let days = secs / 86_400;
            format!("{days} day{} ago", plural(days))
        }
    }
}

/// A duration for people, in its two largest units: `42 s`, `5 min 3 s`, `3 h 12 min`,
/// `2 d 4 h`.
fn human_duration(secs: i64) -> String {
    let secs = secs.max(0);
    let (days, hours, minutes, seconds) =
        (secs / 86_400, secs / 3600 % 24, secs / 60 % 60, secs % 60);
    if days > 0 {
        format!("{days} d {hours} h")
    } else if hours > 0 {
        format!("{hours} h {minutes} min")
    } else if minutes > 0 {
        format!("{minutes} min {seconds} s")
    } else {
        format!("{seconds} s")
    }
}

fn human_latency(micros: u64) -> String {
    if micros < 1000 {
        format!("{micros} µs")
    } else if micros < 1_000_000 {
        format!("{:.1} ms", micros as f64 / 1000.0)
    } else {
        format!("{:.2} s", micros as f64 / 1e6)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::status::{RecentScan, Status};
    use crate::verdict::Level;
    use std::time::Duration;

    #[test]
    fn human_ages() {
        for (age, expected) in [
            (None, "never"),
            (Some(-5), "just now"),
            (Some(0), "just now"),
            (Some(42), "42 s ago"),
            (Some(180), "3 min ago"),
            (Some(3599), "59 min ago"),
            (Some(7200), "2 h ago"),
            (Some(86_400), "1 day ago"),
            (Some(3 * 86_400 + 5), "3 days ago"),
        ] {
            assert_eq!(human_age(age), expected, "{age:?}");
        }
        assert_eq!(human_duration(3 * 3600 + 12 * 60 + 5), "3 h 12 min");
        assert_eq!(human_duration(42), "42 s");
        assert_eq!(human_latency(450), "450 µs");
        assert_eq!(human_latency(1234), "1.2 ms");
    }

    #[test]
    fn scan_data_is_text_not_markup() {
        let now = DateTime::UNIX_EPOCH;
        let mut status = Status::new(StatusBoard::new("d<1>", "", now));
        status.record_scan(
            RecentScan {
                at: now,
                device: "\"dock\"".into(),
                workflow: "receiving".into(),
                level: "\" onmouseover=\"x".into(),
                hri: "(10)<script>alert('x')</script>&amp;\u{1d}".into(),
                reasons: vec!["lot <b>X</b> recalled".into()],
                latency_us: 0,
            },
            Level::Reject,
            Duration::ZERO,
        );
        // The level is set from the verdict, but the page must not trust it either.
        status.board.recent[0].level = "\" onmouseover=\"x".into();
        let page = render_page(&status.board, now, 2, Some("tok\"en"));
        assert!(!page.contains("<script"), "{page}");
        assert!(!page.contains("<b>"), "{page}");
        assert!(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;amp;\u{FFFD}"));
        assert!(page.contains("lot &lt;b&gt;X&lt;/b&gt; recalled"));
        assert!(page.contains("<span class=\"station-id\">d&lt;1&gt;</span>"));
        assert!(page.contains("<tr class=\"scan unknown\">"), "{page}");
        assert!(!page.contains("onmouseover"), "{page}");
        assert!(page.contains("/metrics?token=tok&quot;en"));
        assert!(page.contains("<meta http-equiv=\"refresh\" content=\"2\">"));
    }
}
