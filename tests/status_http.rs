//! The status server over real loopback HTTP: the JSON and Prometheus endpoints, methods,
//! unknown paths, the token, HTML escaping of hostile scan data, the last lookups, and the
//! page as a real headless Chromium renders it. Requests go to 127.0.0.1 on a port chosen by the kernel,
//! through a small HTTP/1.1 client written here over `TcpStream`; everything is bounded by
//! timeouts.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::{TimeDelta, Utc};
use scanstation::status::{
    DeviceStatus, LineStatus, LookupStatus, PrinterStatus, RecentScan, SharedStatus, Status,
    StatusBoard, StatusConfig, StatusServer, LATENCY_BUCKETS_SECONDS,
};
use scanstation::verdict::Level;
use serde_json::Value;

const TOKEN: &str = "s3cret-token-0123456789";
const HOSTILE_HRI: &str = "(01)09506000134352(10)<script>document.title='pwned'</script>";
const REJECT_REASON: &str = "lot L99 is recalled: put the carton on the red shelf";
const ACTIVE_LOT: &str = "L2024-07";
const LOOKED_UP_SERIAL: &str = "SN<1002>";
const SERVICE_EVENT: &str = "2026-03-02 repair: replaced the motor";

// ---------------------------------------------------------------------------------------
// Fixture: a station with two scanners, two printers, a line and a few scans.

fn fixture() -> SharedStatus {
    let now = Utc::now();
    let mut board = StatusBoard::new("dock1", "Dock door 1", now - TimeDelta::seconds(3725));
    board.version = "0.1.0-test".into();
    let status = Status::shared(board);
    let mut status_guard = status.write().unwrap();
    status_guard.set_scanner(DeviceStatus {
        id: "dock1-hid".into(),
        kind: "hid".into(),
        workflow: "receiving".into(),
        state: "ready".into(),
        message: None,
        last_seen: Some(now - TimeDelta::seconds(180)),
    });
    status_guard.set_scanner(DeviceStatus {
        id: "line-serial".into(),
        kind: "serial".into(),
        workflow: "line".into(),
        state: "lost".into(),
        message: Some("no answer on /dev/ttyUSB0: check the cable".into()),
        last_seen: None,
    });
    status_guard.set_printer(PrinterStatus {
        name: "zebra \"dock\"".into(),
        transport: "tcp".into(),
        state: "ready".into(),
        message: None,
        queued: 2,
    });
    status_guard.set_printer(PrinterStatus {
        name: "line\\printer".into(),
        transport: "usb".into(),
        state: "no_media".into(),
        message: Some("out of labels: load labels and close the head".into()),
        queued: 0,
    });
    status_guard.printer_error("zebra \"dock\"");
    status_guard.printer_error("zebra \"dock\"");
    status_guard.printer_error("line\\printer");
    status_guard.dropped("overlong");
    status_guard.set_line(Some(LineStatus {
        gtin: "09506000134352".into(),
        lot: Some(ACTIVE_LOT.into()),
        product_name: Some("Cold brew 250 ml".into()),
        printed: 41,
    }));
    status_guard.record_lookup(LookupStatus {
        at: now - TimeDelta::seconds(30),
        device: "dock1-hid".into(),
        gtin: "09506000134352".into(),
        serial: LOOKED_UP_SERIAL.into(),
        status: "shipped".into(),
        product_name: Some("Cordless drill".into()),
        lot: Some("DRILL2611".into()),
        warranty: "under_warranty".into(),
        warranty_until: Some("2028-11-01".into()),
        service_history: vec![SERVICE_EVENT.into()],
        message: None,
    });
    status_guard.set_master_data_pulled(now - TimeDelta::seconds(600));
    status_guard.set_journal_unsynced(Some(12));
    status_guard.set_serials_remaining(Some(958));
    status_guard.set_print_queue_depth(2);
    let scan = |seconds_ago: i64, hri: &str, reasons: &[&str]| RecentScan {
        at: now - TimeDelta::seconds(seconds_ago),
        device: "dock1-hid".into(),
        workflow: "receiving".into(),
        level: String::new(),
        hri: hri.into(),
        reasons: reasons.iter().map(|reason| reason.to_string()).collect(),
        latency_us: 0,
    };
    status_guard.record_scan(
        scan(300, "(01)09506000134352(10)L1", &[]),
        Level::Accept,
        Duration::from_micros(400),
    );
    status_guard.record_scan(
        scan(
            200,
            "(01)09506000134352(10)L2(17)250101",
            &["expires in 5 days"],
        ),
        Level::Warn,
        Duration::from_micros(1500),
    );
    status_guard.record_scan(
        scan(100, "(01)09506000134352(10)L99", &[REJECT_REASON]),
        Level::Reject,
        Duration::from_micros(3200),
    );
    status_guard.record_scan(
        scan(5, HOSTILE_HRI, &["<b>unknown</b> lot"]),
        Level::Warn,
        Duration::from_millis(2),
    );
    status_guard.record_scan(
        scan(1, "(01)09506000134352(10)L3", &[]),
        Level::Accept,
        Duration::from_millis(1500),
    );
    drop(status_guard);
    status
}

fn start(token: Option<&str>) -> StatusServer {
    let config = StatusConfig {
        bind: "127.0.0.1:0".into(),
        token: token.map(str::to_owned),
        ..StatusConfig::default()
    };
    StatusServer::start(&config, fixture()).expect("starting the status server")
}

// ---------------------------------------------------------------------------------------
// A minimal HTTP/1.1 client: one request per connection, `Connection: close`.

struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }
}

fn request(addr: SocketAddr, method: &str, target: &str, headers: &[(&str, &str)]) -> Response {
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(5)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream
        .set_write_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut text = format!("{method} {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (name, value) in headers {
        text.push_str(&format!("{name}: {value}\r\n"));
    }
    text.push_str("\r\n");
    stream.write_all(text.as_bytes()).unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let raw = String::from_utf8(raw).expect("the answer is UTF-8");
    let (head, body) = raw
        .split_once("\r\n\r\n")
        .unwrap_or_else(|| panic!("no end of headers in {raw:?}"));
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap();
    let status = status_line
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("bad status line {status_line:?}"));
    let headers: Vec<(String, String)> = lines
        .map(|line| {
            let (name, value) = line.split_once(':').unwrap();
            (name.trim().to_owned(), value.trim().to_owned())
        })
        .collect();
    let response = Response {
        status,
        headers,
        body: body.to_owned(),
    };
    if method != "HEAD" {
        let length: usize = response
            .header("Content-Length")
            .expect("a Content-Length")
            .parse()
            .unwrap();
        assert_eq!(length, response.body.len(), "Content-Length of {target}");
    }
    response
}

fn get(addr: SocketAddr, target: &str) -> Response {
    request(addr, "GET", target, &[])
}

// ---------------------------------------------------------------------------------------
// /status.json

#[test]
fn json_endpoint_shows_the_board() {
    let server = start(None);
    let response = get(server.local_addr(), "/status.json");
    assert_eq!(response.status, 200, "{}", response.body);
    assert_eq!(response.header("Content-Type"), Some("application/json"));
    assert_eq!(response.header("Cache-Control"), Some("no-store"));
    assert_eq!(response.header("X-Content-Type-Options"), Some("nosniff"));
    let json: Value = serde_json::from_str(&response.body).unwrap();
    assert_eq!(json["station_id"], "dock1");
    assert_eq!(json["location"], "Dock door 1");
    assert_eq!(json["version"], "0.1.0-test");
    assert!(json["uptime_secs"].as_i64().unwrap() >= 3725);
    assert!(json["master_data_age_secs"].as_i64().unwrap() >= 600);
    assert_eq!(json["journal_unsynced"], 12);
    assert_eq!(json["serials_remaining"], 958);
    assert_eq!(json["print_queue_depth"], 2);
    assert_eq!(json["scanners"][1]["id"], "line-serial");
    assert_eq!(json["scanners"][1]["state"], "lost");
    assert_eq!(json["printers"][0]["name"], "zebra \"dock\"");
    assert_eq!(json["line"]["lot"], ACTIVE_LOT);
    assert_eq!(json["line"]["printed"], 41);
    let lookup = &json["lookups"][0];
    assert_eq!(lookup["serial"], LOOKED_UP_SERIAL);
    assert_eq!(lookup["warranty"], "under_warranty");
    assert_eq!(lookup["warranty_until"], "2028-11-01");
    assert_eq!(lookup["service_history"][0], SERVICE_EVENT);
    let recent = json["recent"].as_array().unwrap();
    assert_eq!(recent.len(), 5);
    assert_eq!(recent[0]["hri"], "(01)09506000134352(10)L3", "newest first");
    assert_eq!(recent[2]["level"], "reject");
    assert_eq!(recent[2]["reasons"][0], REJECT_REASON);
    assert_eq!(recent[2]["latency_us"], 3200);
    assert_eq!(json["scans"]["accept"], 2);
    assert_eq!(json["scans"]["warn"], 2);
    assert_eq!(json["scans"]["reject"], 1);
    server.stop();
}

// ---------------------------------------------------------------------------------------
// /metrics

/// One sample line: `name{labels} value`, with the label values unescaped.
struct Sample {
    name: String,
    labels: Vec<(String, String)>,
    value: f64,
}

fn parse_sample(line: &str) -> Sample {
    let (name_and_labels, value) = line
        .rsplit_once(' ')
        .unwrap_or_else(|| panic!("no value in {line:?}"));
    let value = match value {
        "+Inf" => f64::INFINITY,
        value => value
            .parse()
            .unwrap_or_else(|_| panic!("bad value in {line:?}")),
    };
    let Some((name, labels_text)) = name_and_labels.split_once('{') else {
        return Sample {
            name: name_and_labels.to_owned(),
            labels: Vec::new(),
            value,
        };
    };
    let labels_text = labels_text
        .strip_suffix('}')
        .unwrap_or_else(|| panic!("unclosed labels in {line:?}"));
    let mut labels = Vec::new();
    let mut chars = labels_text.chars().peekable();
    while chars.peek().is_some() {
        let label: String = chars.by_ref().take_while(|c| *c != '=').collect();
        assert_eq!(chars.next(), Some('"'), "{line:?}");
        let mut label_value = String::new();
        loop {
            match chars.next() {
                Some('\\') => match chars.next() {
                    Some('\\') => label_value.push('\\'),
                    Some('"') => label_value.push('"'),
                    Some('n') => label_value.push('\n'),
                    other => panic!("bad escape {other:?} in {line:?}"),
                },
                Some('"') => break,
                Some(c) => label_value.push(c),
                None => panic!("unterminated label value in {line:?}"),
            }
        }
        labels.push((label, label_value));
        if chars.peek() == Some(&',') {
            chars.next();
        }
    }
    Sample {
        name: name.to_owned(),
        labels,
        value,
    }
}

fn label<'s>(sample: &'s Sample, name: &str) -> Option<&'s str> {
    sample
        .labels
        .iter()
        .find(|(label, _)| label == name)
        .map(|(_, value)| value.as_str())
}

#[test]
fn metrics_are_valid_prometheus_text() {
    let server = start(None);
    let response = get(server.local_addr(), "/metrics");
    assert_eq!(response.status, 200);
    assert_eq!(
        response.header("Content-Type"),
        Some("text/plain; version=0.0.4; charset=utf-8")
    );
    assert!(response.body.ends_with('\n'));

    let mut types: Vec<(String, String)> = Vec::new();
    let mut samples = Vec::new();
    for line in response.body.lines() {
        if let Some(rest) = line.strip_prefix("# TYPE ") {
            let (name, kind) = rest.split_once(' ').unwrap();
            assert!(
                ["counter", "gauge", "histogram"].contains(&kind),
                "{line:?}"
            );
            assert!(
                types.iter().all(|(known, _)| known != name),
                "TYPE twice: {line:?}"
            );
            types.push((name.to_owned(), kind.to_owned()));
        } else if line.starts_with("# HELP ") {
            continue;
        } else {
            assert!(!line.starts_with('#') && !line.is_empty(), "{line:?}");
            let sample = parse_sample(line);
            // The family of a sample was declared before it.
            let (family, kind) = types.last().expect("a sample before any TYPE");
            let suffix = sample.name.strip_prefix(family.as_str());
            let allowed: &[&str] = if kind == "histogram" {
                &["_bucket", "_sum", "_count"]
            } else {
                &[""]
            };
            assert!(
                suffix.is_some_and(|suffix| allowed.contains(&suffix)),
                "{} is not in family {family}",
                sample.name
            );
            if kind == "counter" {
                assert!(sample.name.ends_with("_total"), "{}", sample.name);
            }
            samples.push(sample);
        }
    }

    // Scans by verdict.
    let scans = |level: &str| {
        samples
            .iter()
            .find(|sample| {
                sample.name == "scanstation_scans_total" && label(sample, "level") == Some(level)
            })
            .map(|sample| sample.value)
    };
    assert_eq!(scans("accept"), Some(2.0));
    assert_eq!(scans("warn"), Some(2.0));
    assert_eq!(scans("reject"), Some(1.0));

    // The histogram: every bound once, ascending, cumulative, +Inf = count, sum right.
    let buckets: Vec<(f64, f64)> = samples
        .iter()
        .filter(|sample| sample.name == "scanstation_scan_verdict_seconds_bucket")
        .map(|sample| {
            let le = label(sample, "le").expect("a bucket has le");
            let bound = if le == "+Inf" {
                f64::INFINITY
            } else {
                le.parse().unwrap()
            };
            (bound, sample.value)
        })
        .collect();
    let mut expected_bounds = LATENCY_BUCKETS_SECONDS.to_vec();
    expected_bounds.push(f64::INFINITY);
    assert_eq!(
        buckets.iter().map(|(bound, _)| *bound).collect::<Vec<_>>(),
        expected_bounds
    );
    for pair in buckets.windows(2) {
        assert!(pair[0].1 <= pair[1].1, "not cumulative: {buckets:?}");
    }
    let value = |name: &str| {
        samples
            .iter()
            .find(|sample| sample.name == name)
            .map(|sample| sample.value)
            .unwrap_or_else(|| panic!("no {name}"))
    };
    let count = value("scanstation_scan_verdict_seconds_count");
    assert_eq!(count, 5.0);
    assert_eq!(buckets.last().unwrap().1, count);
    // 400 µs, 1.5 ms, 2 ms (on the bound), 3.2 ms, 1.5 s.
    let cumulative: Vec<f64> = buckets.iter().map(|(_, count)| *count).collect();
    assert_eq!(
        cumulative,
        [1.0, 1.0, 3.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0, 5.0]
    );
    let sum = value("scanstation_scan_verdict_seconds_sum");
    assert!((sum - 1.5071).abs() < 1e-9, "sum {sum}");

    // Printer errors, with label values that need escaping.
    let printer_errors = |printer: &str| {
        samples
            .iter()
            .find(|sample| {
                sample.name == "scanstation_printer_errors_total"
                    && label(sample, "printer") == Some(printer)
            })
            .map(|sample| sample.value)
    };
    assert_eq!(printer_errors("zebra \"dock\""), Some(2.0));
    assert_eq!(printer_errors("line\\printer"), Some(1.0));
    assert!(response
        .body
        .contains("scanstation_printer_errors_total{printer=\"zebra \\\"dock\\\"\"} 2\n"));

    // Gauges.
    assert_eq!(value("scanstation_print_queue_depth"), 2.0);
    assert_eq!(value("scanstation_journal_unsynced"), 12.0);
    assert_eq!(value("scanstation_serials_remaining"), 958.0);
    assert!(value("scanstation_uptime_seconds") >= 3725.0);
    assert!(value("scanstation_master_data_age_seconds") >= 600.0);
    assert_eq!(value("scanstation_input_dropped_total"), 1.0);
    server.stop();
}

// ---------------------------------------------------------------------------------------
// Methods, paths, headers.

#[test]
fn post_is_not_allowed() {
    let server = start(None);
    let response = request(
        server.local_addr(),
        "POST",
        "/status.json",
        &[("Content-Length", "0")],
    );
    assert_eq!(response.status, 405);
    assert_eq!(response.header("Allow"), Some("GET, HEAD"));
    server.stop();
}

#[test]
fn unknown_path_is_404_and_healthz_is_ok() {
    let server = start(None);
    let response = get(server.local_addr(), "/admin");
    assert_eq!(response.status, 404);
    assert_eq!(response.header("Cache-Control"), Some("no-store"));
    let response = get(server.local_addr(), "/healthz");
    assert_eq!((response.status, response.body.as_str()), (200, "ok\n"));
    server.stop();
}

#[test]
fn head_has_headers_and_no_body() {
    let server = start(None);
    let response = request(server.local_addr(), "HEAD", "/", &[]);
    assert_eq!(response.status, 200);
    assert_eq!(
        response.header("Content-Type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(response.body, "");
    server.stop();
}

// ---------------------------------------------------------------------------------------
// The token.

#[test]
fn token_is_required_when_configured() {
    let server = start(Some(TOKEN));
    let addr = server.local_addr();
    let without = get(addr, "/status.json");
    assert_eq!(without.status, 401);
    assert!(without
        .header("WWW-Authenticate")
        .is_some_and(|value| value.starts_with("Bearer")));
    assert!(!without.body.contains("dock1"), "{}", without.body);
    let bearer = format!("Bearer {TOKEN}");
    let with_header = request(addr, "GET", "/status.json", &[("Authorization", &bearer)]);
    assert_eq!(with_header.status, 200);
    let with_query = get(addr, &format!("/metrics?token={TOKEN}"));
    assert_eq!(with_query.status, 200);
    let page = get(addr, &format!("/?token={TOKEN}"));
    assert_eq!(page.status, 200);
    assert!(page.body.contains(&format!("/metrics?token={TOKEN}")));
    let wrong = request(
        addr,
        "GET",
        "/",
        &[("Authorization", "Bearer s3cret-token-0123456780")],
    );
    assert_eq!(wrong.status, 401);
    assert_eq!(
        get(addr, "/nope").status,
        401,
        "no path probing without a token"
    );
    assert_eq!(get(addr, "/healthz").status, 200, "healthz needs no token");
    server.stop();
}

#[test]
fn a_public_bind_without_token_does_not_start() {
    let config = StatusConfig {
        bind: "0.0.0.0:0".into(),
        ..StatusConfig::default()
    };
    let error = StatusServer::start(&config, fixture()).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("status.bind: 0.0.0.0:0 is not loopback"),
        "{error}"
    );
}

// ---------------------------------------------------------------------------------------
// The HTML page.

#[test]
fn page_escapes_hostile_scan_data() {
    let server = start(None);
    let response = get(server.local_addr(), "/");
    assert_eq!(response.status, 200);
    let page = &response.body;
    assert!(!page.contains("<script"), "{page}");
    assert!(!page.contains("<b>unknown"), "{page}");
    assert!(page.contains(
        "(01)09506000134352(10)&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;"
    ));
    assert!(page.contains("&lt;b&gt;unknown&lt;/b&gt; lot"));
    assert!(page.contains("zebra &quot;dock&quot;"));
    assert!(
        page.contains("<code class=\"serial\">SN&lt;1002&gt;</code>"),
        "{page}"
    );
    assert!(page.contains("<meta http-equiv=\"refresh\" content=\"2\">"));
    let policy = response.header("Content-Security-Policy").unwrap();
    assert!(policy.contains("default-src 'none'"), "{policy}");
    server.stop();
}

/// The first browser found on `PATH`.
fn find_browser() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .flat_map(|name| std::env::split_paths(&path).map(move |dir| dir.join(name)))
        .find(|candidate| candidate.is_file())
}

/// Runs `browser --dump-dom url` with a time limit; returns the serialized DOM.
fn dump_dom(browser: &PathBuf, url: &str) -> String {
    let profile = tempfile::tempdir().unwrap();
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-extensions",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(["--dump-dom", url])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|err| panic!("starting {}: {err}", browser.display()));
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let stdout_reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stdout.read_to_string(&mut text);
        text
    });
    let stderr_reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text);
        text
    });
    let deadline = Instant::now() + Duration::from_secs(90);
    let exit = loop {
        if let Some(exit) = child.try_wait().unwrap() {
            break exit;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "{} did not finish within 90 s; stderr:\n{}",
                browser.display(),
                stderr_reader.join().unwrap()
            );
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let dom = stdout_reader.join().unwrap();
    let errors = stderr_reader.join().unwrap();
    assert!(
        exit.success() && !dom.is_empty(),
        "{} failed ({exit}); stderr:\n{errors}",
        browser.display()
    );
    dom
}

#[test]
fn headless_chromium_shows_the_page() {
    let browser = find_browser().unwrap_or_else(|| {
        panic!(
            "no headless browser on PATH (tried chromium, chromium-browser, google-chrome): \
             install one with `apt-get update && apt-get install -y chromium` (Debian)"
        )
    });
    let server = start(None);
    let url = format!("http://{}/", server.local_addr());
    let dom = dump_dom(&browser, &url);
    server.stop();

    // The station header, a scanner, the active lot.
    assert!(
        dom.contains("<span class=\"station-id\">dock1</span>"),
        "{dom}"
    );
    assert!(dom.contains("<td>dock1-hid</td>"), "{dom}");
    assert!(dom.contains("<td>line-serial</td>"), "{dom}");
    assert!(dom.contains("3 min ago"), "{dom}");
    assert!(
        dom.contains(&format!("<code class=\"lot\">{ACTIVE_LOT}</code>")),
        "{dom}"
    );
    // The last lookup: the serial (as text), its warranty and its service history.
    let start = dom
        .find("<tr class=\"lookup\">")
        .unwrap_or_else(|| panic!("no lookup row in:\n{dom}"));
    let row = &dom[start..start + dom[start..].find("</tr>").unwrap()];
    assert!(
        row.contains("<code class=\"serial\">SN&lt;1002&gt;</code>"),
        "{row}"
    );
    assert!(row.contains("until 2028-11-01"), "{row}");
    assert!(row.contains(SERVICE_EVENT), "{row}");
    // The rejected scan: a row with class `reject` holding its reason.
    let start = dom
        .find("<tr class=\"scan reject\">")
        .unwrap_or_else(|| panic!("no rejected scan row in:\n{dom}"));
    let row = &dom[start..start + dom[start..].find("</tr>").unwrap()];
    assert!(row.contains(REJECT_REASON), "{row}");
    assert!(
        row.contains("<span class=\"verdict reject\">REJECT</span>"),
        "{row}"
    );
    // The hostile scan stayed text: no script element, title untouched.
    assert!(!dom.contains("<script"), "{dom}");
    assert!(
        dom.contains("&lt;script&gt;document.title='pwned'&lt;/script&gt;"),
        "{dom}"
    );
    assert!(dom.contains("<title>dock1 · scanstation</title>"), "{dom}");
}
