//! The head-office HTTP(S) server (`scanstation hq serve`): tiny_http and a few worker threads.
//! Every storage call is one short transaction. A storage that takes concurrent writers
//! (PostgreSQL) gives each worker a handle of its own and keeps pushes correct with its own
//! locks; otherwise (SQLite, one writer) the workers share one handle behind a mutex.
//!
//! Each request is checked in this order: protocol version header (a clear
//! `protocol_mismatch` error naming the version spoken here), bearer token (by its SHA-256),
//! station header matching the token, then the route. Every answer carries the protocol
//! header and a content length, and is sent only after the storage committed.

use std::collections::BTreeMap;
use std::io::Read;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use chrono::Utc;
use serde_json::json;

use super::{sha256_hex, HqConfig, HqError, HqStorage, PushReply};
use crate::sync::protocol::{
    ErrorBody, PushRequest, CHANGES_PATH, EVENTS_PATH, IDEMPOTENCY_HEADER, IDEMPOTENCY_KEY_REUSED,
    PROTOCOL_HEADER, PROTOCOL_MISMATCH, PROTOCOL_VERSION, STATION_HEADER,
};

/// Largest pull page served, whatever a station asks for.
pub const MAX_PAGE: i64 = 100_000;

type SharedStorage = Arc<Mutex<Box<dyn HqStorage>>>;

/// A running server; stops (and joins its threads) on [`RunningHq::stop`] or drop.
pub struct RunningHq {
    addr: SocketAddr,
    server: Arc<tiny_http::Server>,
    stop: Arc<AtomicBool>,
    threads: Vec<JoinHandle<()>>,
}

impl std::fmt::Debug for RunningHq {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RunningHq")
            .field("addr", &self.addr)
            .finish()
    }
}

impl RunningHq {
    /// The bound address (useful with port 0).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops accepting requests and waits for the workers.
    pub fn stop(mut self) {
        self.shutdown();
    }

    /// Blocks until the server is stopped from another thread (or the process ends).
    pub fn wait(mut self) {
        for thread in self.threads.drain(..) {
            let _ = thread.join();
        }
    }

    fn shutdown(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        for _ in 0..self.threads.len() {
            self.server.unblock();
        }
        for thread in self.threads.drain(..) {
            let _ = thread.join();
        }
    }
}

impl Drop for RunningHq {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// Starts the server for `config` on `storage`.
pub fn start(config: &HqConfig, storage: Box<dyn HqStorage>) -> Result<RunningHq, HqError> {
    let listen_error = |detail: String| HqError::Listen {
        listen: config.listen.clone(),
        detail,
    };
    let server = match (&config.tls_cert, &config.tls_key) {
        (Some(cert), Some(key)) => {
            let read = |path: &std::path::PathBuf| {
                std::fs::read(path).map_err(|source| HqError::Io {
                    path: path.clone(),
                    source,
                })
            };
            let private_key = read(key)?;
            // tiny_http panics on a key it cannot read: check the PEM kind first.
            let text = String::from_utf8_lossy(&private_key);
            if !text.contains("-----BEGIN PRIVATE KEY-----")
                && !text.contains("-----BEGIN RSA PRIVATE KEY-----")
            {
                return Err(listen_error(format!(
                    "{} is not an unencrypted PKCS#8 or RSA private key in PEM; convert it with \
                     `openssl pkcs8 -topk8 -nocrypt -in KEY -out key.pem`",
                    key.display()
                )));
            }
            let certificate = read(cert)?;
            if !String::from_utf8_lossy(&certificate).contains("-----BEGIN CERTIFICATE-----") {
                return Err(listen_error(format!(
                    "{} holds no PEM certificate",
                    cert.display()
                )));
            }
            let ssl = tiny_http::SslConfig {
                certificate,
                private_key,
            };
            tiny_http::Server::https(config.listen.as_str(), ssl)
                .map_err(|err| listen_error(err.to_string()))?
        }
        _ => tiny_http::Server::http(config.listen.as_str())
            .map_err(|err| listen_error(err.to_string()))?,
    };
    let addr = server
        .server_addr()
        .to_ip()
        .ok_or_else(|| listen_error("not an IP address".into()))?;
    let server = Arc::new(server);
    let n_workers = config.threads.max(1);
    let mut storages: Vec<SharedStorage> = Vec::with_capacity(n_workers);
    for _ in 1..n_workers {
        match storage.open_another()? {
            Some(another) => storages.push(Arc::new(Mutex::new(another))),
            None => break,
        }
    }
    if storages.is_empty() {
        log::info!(workers = n_workers; "head office: the workers share one storage handle");
    } else {
        log::info!(workers = n_workers; "head office: one storage connection per worker");
    }
    storages.push(Arc::new(Mutex::new(storage)));
    let tokens = Arc::new(config.token_index());
    let stop = Arc::new(AtomicBool::new(false));
    let max_body = config.max_body_bytes;
    let threads = (0..n_workers)
        .map(|index| {
            let server = Arc::clone(&server);
            let storage = Arc::clone(&storages[index % storages.len()]);
            let tokens = Arc::clone(&tokens);
            let stop = Arc::clone(&stop);
            std::thread::spawn(move || {
                while !stop.load(Ordering::SeqCst) {
                    match server.recv_timeout(Duration::from_millis(250)) {
                        Ok(Some(request)) => handle(request, &storage, &tokens, max_body),
                        Ok(None) => {}
                        Err(err) => {
                            log::warn!(error:% = err; "head office: receiving a request failed");
                        }
                    }
                }
            })
        })
        .collect();
    log::info!(addr:% = addr, tls = config.tls_cert.is_some(); "head office listening");
    Ok(RunningHq {
        addr,
        server,
        stop,
        threads,
    })
}

struct Answer {
    status: u16,
    body: Vec<u8>,
}

fn error(status: u16, code: &str, message: impl Into<String>) -> Answer {
    let body = ErrorBody {
        error: code.into(),
        message: message.into(),
        supported_protocol: (code == PROTOCOL_MISMATCH).then_some(PROTOCOL_VERSION),
    };
    Answer {
        status,
        body: serde_json::to_vec(&body).unwrap_or_default(),
    }
}

fn header<'r>(request: &'r tiny_http::Request, name: &str) -> Option<&'r str> {
    request
        .headers()
        .iter()
        .find(|header| header.field.as_str().as_str().eq_ignore_ascii_case(name))
        .map(|header| header.value.as_str())
}

fn handle(
    mut request: tiny_http::Request,
    storage: &SharedStorage,
    tokens: &BTreeMap<String, String>,
    max_body: u64,
) {
    let answer = route(&mut request, storage, tokens, max_body);
    let mut response = tiny_http::Response::from_data(answer.body).with_status_code(answer.status);
    for (name, value) in [
        ("Content-Type", "application/json".to_owned()),
        (PROTOCOL_HEADER, PROTOCOL_VERSION.to_string()),
    ] {
        if let Ok(header) = tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()) {
            response.add_header(header);
        }
    }
    if let Err(err) = request.respond(response) {
        log::info!(error:% = err; "head office: the station went away before the answer was sent");
    }
}

fn query_value(url: &str, name: &str) -> Option<String> {
    let (_, query) = url.split_once('?')?;
    query.split('&').find_map(|pair| {
        let (key, value) = pair.split_once('=')?;
        (key == name).then(|| value.to_owned())
    })
}

fn route(
    request: &mut tiny_http::Request,
    storage: &SharedStorage,
    tokens: &BTreeMap<String, String>,
    max_body: u64,
) -> Answer {
    let path = request.url().split('?').next().unwrap_or("").to_owned();
    if path == "/v1/health" {
        return Answer {
            status: 200,
            body: json!({"ok": true, "protocol": PROTOCOL_VERSION})
                .to_string()
                .into_bytes(),
        };
    }
    match header(request, PROTOCOL_HEADER).map(str::trim) {
        Some(version) if version == PROTOCOL_VERSION.to_string() => {}
        other => {
            return error(
                400,
                PROTOCOL_MISMATCH,
                format!(
                    "this head office speaks protocol version {PROTOCOL_VERSION}, the request {}: update the station",
                    other.map_or_else(|| "named none".to_owned(), |version| format!("speaks {version}"))
                ),
            )
        }
    }
    let token = header(request, "Authorization")
        .and_then(|value| value.strip_prefix("Bearer "))
        .unwrap_or("");
    let Some(station) = tokens.get(&sha256_hex(token.trim().as_bytes())).cloned() else {
        return error(
            401,
            "unauthorized",
            "unknown bearer token: check the station's [sync] token_file",
        );
    };
    if header(request, STATION_HEADER) != Some(station.as_str()) {
        return error(
            403,
            "unauthorized",
            format!(
                "the token belongs to station {station}, not {:?}",
                header(request, STATION_HEADER)
            ),
        );
    }
    let method = request.method().clone();
    match (method, path.as_str()) {
        (tiny_http::Method::Post, EVENTS_PATH) => push(request, storage, &station, max_body),
        (tiny_http::Method::Get, CHANGES_PATH) => changes(request, storage, &station),
        _ => error(404, "not_found", format!("no route {path}")),
    }
}

fn lock(storage: &SharedStorage) -> std::sync::MutexGuard<'_, Box<dyn HqStorage>> {
    // A worker that panicked mid-call left no transaction open (rusqlite and postgres roll
    // back on drop), so the storage is still consistent: keep serving.
    storage
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn push(
    request: &mut tiny_http::Request,
    storage: &SharedStorage,
    station: &str,
    max_body: u64,
) -> Answer {
    let Some(key) = header(request, IDEMPOTENCY_HEADER)
        .map(str::to_owned)
        .filter(|key| !key.is_empty() && key.len() <= 200)
    else {
        return error(
            400,
            "bad_request",
            "missing Idempotency-Key header (1 to 200 characters)",
        );
    };
    let mut body = Vec::new();
    if let Err(err) = request
        .as_reader()
        .take(max_body + 1)
        .read_to_end(&mut body)
    {
        return error(
            400,
            "bad_request",
            format!("reading the body failed: {err}"),
        );
    }
    if body.len() as u64 > max_body {
        return error(
            413,
            "too_large",
            format!("the batch is larger than {max_body} bytes: lower [sync] push_batch"),
        );
    }
    let parsed: PushRequest = match serde_json::from_slice(&body) {
        Ok(parsed) => parsed,
        Err(err) => {
            return error(
                400,
                "bad_request",
                format!("the batch is not valid JSON: {err}"),
            )
        }
    };
    if parsed.station != station {
        return error(
            403,
            "unauthorized",
            format!(
                "the batch names station {}, the token {station}",
                parsed.station
            ),
        );
    }
    let request_sha256 = sha256_hex(&body);
    let reply = lock(storage).push(station, &key, &request_sha256, &parsed.events, Utc::now());
    match reply {
        Ok(PushReply::Fresh(response) | PushReply::Replay(response)) => {
            match serde_json::to_vec(&response) {
                Ok(body) => Answer { status: 200, body },
                Err(err) => error(500, "internal", err.to_string()),
            }
        }
        Ok(PushReply::KeyReused) => error(
            409,
            IDEMPOTENCY_KEY_REUSED,
            format!(
                "Idempotency-Key {key:?} was used before for a batch with other content: the \
                 station's journal no longer matches what it pushed (was its database restored \
                 from a backup or replaced?)"
            ),
        ),
        Err(err) => {
            log::error!(error:% = err, station = station; "head office: storing a push failed");
            error(
                500,
                "internal",
                format!("head office could not store the batch: {err}"),
            )
        }
    }
}

fn changes(request: &tiny_http::Request, storage: &SharedStorage, station: &str) -> Answer {
    let url = request.url();
    let after = match query_value(url, "after")
        .unwrap_or_else(|| "0".into())
        .parse::<i64>()
    {
        Ok(after) if after >= 0 => after,
        _ => return error(400, "bad_request", "after must be a cursor >= 0"),
    };
    let limit = match query_value(url, "limit")
        .unwrap_or_else(|| "10000".into())
        .parse::<i64>()
    {
        Ok(limit) if limit >= 1 => limit.min(MAX_PAGE),
        _ => return error(400, "bad_request", "limit must be >= 1"),
    };
    let rows = match lock(storage).changes(station, after, limit) {
        Ok(rows) => rows,
        Err(err) => {
            return error(
                500,
                "internal",
                format!("head office could not read changes: {err}"),
            )
        }
    };
    // Written by hand: `data` is JSON text head office wrote itself, copied without re-parsing.
    let mut body = Vec::with_capacity(
        64 + rows
            .changes
            .iter()
            .map(|(_, _, data)| data.len() + 48)
            .sum::<usize>(),
    );
    body.extend_from_slice(b"{\"changes\":[");
    for (index, (cursor, kind, data)) in rows.changes.iter().enumerate() {
        if index > 0 {
            body.push(b',');
        }
        body.extend_from_slice(format!("{{\"cursor\":{cursor},\"kind\":").as_bytes());
        body.extend_from_slice(serde_json::to_string(kind).unwrap_or_default().as_bytes());
        body.extend_from_slice(b",\"data\":");
        body.extend_from_slice(data.as_bytes());
        body.push(b'}');
    }
    body.extend_from_slice(
        format!(
            "],\"next_cursor\":{},\"more\":{}}}",
            rows.next_cursor, rows.more
        )
        .as_bytes(),
    );
    Answer { status: 200, body }
}
