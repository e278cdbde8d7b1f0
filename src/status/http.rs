//! The status server: tiny_http on one thread, no async runtime. It only reads the shared
//! status (a copy is taken under the read lock, then rendered without it), so a slow client
//! never holds up the daemon.
//!
//! Each request is checked in this order: method (GET or HEAD, else 405 with `Allow`),
//! `/healthz` (200 `ok` without a token, so systemd or a watchdog can probe it; it tells
//! nothing about the station), token (when configured: `Authorization: Bearer <token>` or
//! `?token=<token>`, compared in constant time, else 401), then the path (404 if unknown).
//! Every answer has a Content-Type, a Content-Length, `Cache-Control: no-store` and
//! `X-Content-Type-Options: nosniff`; the Content-Security-Policy forbids scripts and
//! outside resources, a second fence behind the page's escaping.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::{render_page, SharedStatus, Status, StatusBoard, StatusConfig, StatusError};
use crate::verdict::Level;

/// How often the server thread looks at the stop flag while idle.
const POLL_INTERVAL: Duration = Duration::from_millis(200);

const HTML: &str = "text/html; charset=utf-8";
const JSON: &str = "application/json";
/// Prometheus text exposition format 0.0.4.
const PROMETHEUS: &str = "text/plain; version=0.0.4; charset=utf-8";
const TEXT: &str = "text/plain; charset=utf-8";

/// Headers on every answer.
const COMMON_HEADERS: [(&str, &str); 4] = [
    ("Cache-Control", "no-store"),
    ("X-Content-Type-Options", "nosniff"),
    (
        "Content-Security-Policy",
        "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
    ),
    // The token may be in the URL: do not pass it on to another site.
    ("Referrer-Policy", "no-referrer"),
];

/// A running status server; stops (and joins its thread) on [`StatusServer::stop`] or drop.
pub struct StatusServer {
    addr: SocketAddr,
    server: Arc<tiny_http::Server>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for StatusServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StatusServer")
            .field("addr", &self.addr)
            .finish()
    }
}

/// What the request handler needs from the config.
struct Settings {
    /// SHA-256 of the token, compared against the hash of what the client sent.
    token_hash: Option<[u8; 32]>,
    refresh_secs: u32,
}

impl StatusServer {
    /// Checks `config` (as if enabled: the caller decides whether to start at all), binds
    /// `config.bind` and serves `status` on one thread.
    pub fn start(config: &StatusConfig, status: SharedStatus) -> Result<StatusServer, StatusError> {
        let checked = StatusConfig {
            enabled: true,
            ..config.clone()
        };
        let problems = checked.validate();
        if !problems.is_empty() {
            return Err(StatusError::Invalid(problems));
        }
        let bind_error = |detail: String| StatusError::Bind {
            bind: config.bind.clone(),
            detail,
        };
        let bind: SocketAddr = config
            .bind
            .parse()
            .map_err(|err: std::net::AddrParseError| bind_error(err.to_string()))?;
        let server = tiny_http::Server::http(bind).map_err(|err| bind_error(err.to_string()))?;
        let addr = server
            .server_addr()
            .to_ip()
            .ok_or_else(|| bind_error("not an IP address".into()))?;
        let server = Arc::new(server);
        let stop = Arc::new(AtomicBool::new(false));
        let settings = Settings {
            token_hash: config.token.as_deref().map(sha256),
            refresh_secs: config.refresh_secs,
        };
        let thread = {
            let server = Arc::clone(&server);
            let stop = Arc::clone(&stop);
            std::thread::Builder::new()
                .name("status-http".into())
                .spawn(move || {
                    while !stop.load(Ordering::SeqCst) {
                        match server.recv_timeout(POLL_INTERVAL) {
                            Ok(Some(request)) => handle(request, &settings, &status),
                            Ok(None) => {}
                            Err(err) => {
                                log::warn!(error:% = err; "status page: receiving a request failed");
                            }
                        }
                    }
                })
                .map_err(|err| bind_error(format!("cannot start the server thread: {err}")))?
        };
        log::info!(
            addr:% = addr,
            token = config.token.is_some();
            "status page listening"
        );
        Ok(StatusServer {
            addr,
            server,
            stop,
            thread: Some(thread),
        })
    }

    /// The bound address (with the real port when `bind` asked for port 0).
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops serving and waits for the server thread.
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        self.server.unblock();
        if let Some(thread) = self.thread.take() {
            if thread.join().is_err() {
                log::error!("status page: the server thread panicked");
            }
        }
    }
}

impl Drop for StatusServer {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// One answer, before it becomes a tiny_http response.
#[derive(Debug)]
struct Answer {
    status: u16,
    content_type: &'static str,
    body: Vec<u8>,
    extra_header: Option<(&'static str, &'static str)>,
}

impl Answer {
    fn new(status: u16, content_type: &'static str, body: impl Into<Vec<u8>>) -> Answer {
        Answer {
            status,
            content_type,
            body: body.into(),
            extra_header: None,
        }
    }

    fn with_header(mut self, name: &'static str, value: &'static str) -> Answer {
        self.extra_header = Some((name, value));
        self
    }
}

fn handle(request: tiny_http::Request, settings: &Settings, status: &SharedStatus) {
    let authorization = request
        .headers()
        .iter()
        .find(|header| header.field.equiv("Authorization"))
        .map(|header| header.value.as_str().to_owned());
    let method = request.method().clone();
    let answer = route(
        &method,
        request.url(),
        authorization.as_deref(),
        settings,
        status,
        Utc::now(),
    );
    log::debug!(
        method:% = method,
        url = request.url(),
        status = answer.status;
        "status page request"
    );
    let mut response = tiny_http::Response::from_data(answer.body).with_status_code(answer.status);
    let headers = COMMON_HEADERS
        .iter()
        .copied()
        .chain([("Content-Type", answer.content_type)])
        .chain(answer.extra_header);
    for (name, value) in headers {
        if let Ok(header) = tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()) {
            response.add_header(header);
        }
    }
    if let Err(err) = request.respond(response) {
        log::debug!(error:% = err; "status page: the client went away before the answer was sent");
    }
}

/// The answer to `method url` with the `Authorization` header `authorization`, at `now`.
fn route(
    method: &tiny_http::Method,
    url: &str,
    authorization: Option<&str>,
    settings: &Settings,
    status: &SharedStatus,
    now: DateTime<Utc>,
) -> Answer {
    if !matches!(method, tiny_http::Method::Get | tiny_http::Method::Head) {
        return Answer::new(
            405,
            TEXT,
            "method not allowed: the status page is read-only (GET or HEAD)\n",
        )
        .with_header("Allow", "GET, HEAD");
    }
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    if path == "/healthz" {
        return Answer::new(200, TEXT, "ok\n");
    }
    let query_token = query_value(query, "token");
    if let Some(expected) = &settings.token_hash {
        let header_ok = authorization
            .and_then(bearer_token)
            .is_some_and(|token| token_matches(token, expected));
        let query_ok = query_token.is_some_and(|token| token_matches(token, expected));
        if !(header_ok || query_ok) {
            return Answer::new(
                401,
                TEXT,
                "unauthorized: send `Authorization: Bearer <status.token>` or add ?token=<status.token> to the URL\n",
            )
            .with_header("WWW-Authenticate", "Bearer realm=\"scanstation status\"");
        }
    }
    match path {
        "/" | "/index.html" => {
            let snapshot = snapshot(status);
            // Carry a URL token into the page's links only when it is the right one.
            let link_token = query_token.filter(|token| {
                settings
                    .token_hash
                    .as_ref()
                    .is_some_and(|expected| token_matches(token, expected))
            });
            let page = render_page(&snapshot.board, now, settings.refresh_secs, link_token);
            Answer::new(200, HTML, page)
        }
        "/status.json" => {
            let snapshot = snapshot(status);
            match serde_json::to_vec_pretty(&StatusJson::new(&snapshot, now)) {
                Ok(mut body) => {
                    body.push(b'\n');
                    Answer::new(200, JSON, body)
                }
                Err(err) => Answer::new(500, TEXT, format!("cannot encode the status: {err}\n")),
            }
        }
        "/metrics" => {
            let snapshot = snapshot(status);
            Answer::new(
                200,
                PROMETHEUS,
                snapshot.metrics.render(&snapshot.board, now),
            )
        }
        _ => Answer::new(
            404,
            TEXT,
            "not found: try /, /status.json, /metrics or /healthz\n",
        ),
    }
}

/// A copy of the status, so rendering does not hold the lock. A poisoned lock (the daemon
/// panicked while writing) still holds the last status, which is worth showing.
fn snapshot(status: &SharedStatus) -> Status {
    match status.read() {
        Ok(guard) => guard.clone(),
        Err(poisoned) => poisoned.into_inner().clone(),
    }
}

/// `/status.json`: the board, plus what is computed when asked.
#[derive(Serialize)]
struct StatusJson<'a> {
    #[serde(flatten)]
    board: &'a StatusBoard,
    uptime_secs: i64,
    master_data_age_secs: Option<i64>,
    scans: ScanCounts,
    generated_at: DateTime<Utc>,
}

#[derive(Serialize)]
struct ScanCounts {
    accept: u64,
    warn: u64,
    reject: u64,
}

impl<'a> StatusJson<'a> {
    fn new(status: &'a Status, now: DateTime<Utc>) -> StatusJson<'a> {
        StatusJson {
            board: &status.board,
            uptime_secs: status.board.uptime_secs(now),
            master_data_age_secs: status.board.master_data_age_secs(now),
            scans: ScanCounts {
                accept: status.metrics.scans(Level::Accept),
                warn: status.metrics.scans(Level::Warn),
                reject: status.metrics.scans(Level::Reject),
            },
            generated_at: now,
        }
    }
}

/// The value of `name` in a query string (`a=1&token=x`), taken as written: tokens are
/// limited to URL-safe characters, so there is nothing to decode.
fn query_value<'q>(query: &'q str, name: &str) -> Option<&'q str> {
    query.split('&').find_map(|pair| {
        let (key, value) = pair.split_once('=')?;
        (key == name).then_some(value)
    })
}

/// The token of `Bearer <token>` (the scheme is case-insensitive, RFC 7235 section 2.1).
fn bearer_token(authorization: &str) -> Option<&str> {
    let (scheme, token) = authorization.trim().split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then_some(token.trim())
}

fn sha256(text: &str) -> [u8; 32] {
    Sha256::digest(text.as_bytes()).into()
}

/// Compares hashes, so the time taken depends neither on where the first difference is nor
/// on the length of the guess.
fn token_matches(candidate: &str, expected: &[u8; 32]) -> bool {
    let candidate = sha256(candidate);
    let difference = candidate
        .iter()
        .zip(expected)
        .fold(0u8, |difference, (a, b)| difference | (a ^ b));
    difference == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::status::Status;

    fn answer(method: tiny_http::Method, url: &str, authorization: Option<&str>) -> u16 {
        let settings = Settings {
            token_hash: Some(sha256("0123456789abcdef")),
            refresh_secs: 2,
        };
        let status = Status::shared(StatusBoard::new("dock1", "", DateTime::UNIX_EPOCH));
        route(
            &method,
            url,
            authorization,
            &settings,
            &status,
            DateTime::UNIX_EPOCH,
        )
        .status
    }

    #[test]
    fn routes_and_token() {
        use tiny_http::Method::{Delete, Get, Head, Post};
        for (method, url, authorization, expected) in [
            (Get, "/healthz", None, 200),
            (Get, "/", None, 401),
            (Get, "/", Some("Bearer 0123456789abcdef"), 200),
            (Head, "/", Some("bearer  0123456789abcdef "), 200),
            (Get, "/", Some("Bearer 0123456789abcdeF"), 401),
            (Get, "/", Some("Basic 0123456789abcdef"), 401),
            (Get, "/", Some("Bearer"), 401),
            (Get, "/?token=0123456789abcdef", None, 200),
            (Get, "/metrics?x=1&token=0123456789abcdef", None, 200),
            (Get, "/status.json?token=0123456789abcde", None, 401),
            (Get, "/nope", None, 401),
            (Get, "/nope?token=0123456789abcdef", None, 404),
            (Post, "/", Some("Bearer 0123456789abcdef"), 405),
            (Delete, "/healthz", None, 405),
        ] {
            assert_eq!(
                answer(method.clone(), url, authorization),
                expected,
                "{method} {url} {authorization:?}"
            );
        }
    }
}
