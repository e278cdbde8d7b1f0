//! Serial and USB CDC-ACM scanners: open the port (exclusive lock), read bytes into the
//! [`Framer`], and survive unplugging.
//!
//! The port is opened with `serialport` (TIOCEXCL plus an exclusive `flock`, so a second
//! program — or a second station — cannot read the same scanner). Reading uses `poll(2)` and
//! `read(2)` on the port's descriptor directly rather than `serialport`'s `Read`, because that
//! one reports a hang-up before handing over bytes that arrived together with it; reading
//! first and noticing the hang-up afterwards means nothing the scanner sent before the
//! unplug is lost. On a hang-up or read error the pending bytes are flushed through the
//! framer (a partial scan is reported as a fragment), a `disconnected` status is sent, and
//! the path is retried with a backoff that grows to 1 s; when it reappears (the udev
//! `/dev/serial/by-id/...` link is recreated) reading resumes with `connected`.

use std::io;
use std::os::fd::AsRawFd;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crossbeam_channel::Sender;

use super::framing::Framer;
use super::{send_framed, send_status, DeviceState, InputEvent, ScannerConfig, STOP_POLL};

/// Longest wait between two attempts to reopen a lost port.
pub const MAX_BACKOFF: Duration = Duration::from_millis(1000);
const FIRST_BACKOFF: Duration = Duration::from_millis(100);

/// Why opening failed, with a message that says what to do.
#[derive(Debug, thiserror::Error)]
pub enum SerialError {
    #[error("{path} does not exist (yet): plug the scanner in, or check the path with `scanstation devices`")]
    NotFound { path: String },
    #[error("permission denied opening {path}: add the station user to the `dialout` group (or install config/99-scanstation.rules)")]
    Permission { path: String },
    #[error("{path} is in use by another program (exclusive lock): stop it (ModemManager, screen, minicom, another scanstation)")]
    Busy { path: String },
    #[error("cannot open {path}: {message}")]
    Other { path: String, message: String },
}

impl SerialError {
    pub fn state(&self) -> DeviceState {
        match self {
            SerialError::NotFound { .. } => DeviceState::NotFound,
            _ => DeviceState::OpenFailed,
        }
    }
}

/// Opens `path` for a scanner: raw 8N1 at `baud`, exclusive when asked.
pub fn open_port(
    path: &str,
    baud: u32,
    exclusive: bool,
) -> Result<serialport::TTYPort, SerialError> {
    if !std::path::Path::new(path).exists() {
        return Err(SerialError::NotFound {
            path: path.to_owned(),
        });
    }
    let builder = serialport::new(path, baud).timeout(STOP_POLL);
    let mut port = match serialport::TTYPort::open(&builder) {
        Ok(port) => port,
        Err(error) => return Err(classify(path, &error)),
    };
    if !exclusive {
        if let Err(error) = port.set_exclusive(false) {
            return Err(classify(path, &error));
        }
    }
    Ok(port)
}

fn classify(path: &str, error: &serialport::Error) -> SerialError {
    let path = path.to_owned();
    match error.kind() {
        serialport::ErrorKind::NoDevice if error.description.contains("lock") => {
            SerialError::Busy { path }
        }
        serialport::ErrorKind::Io(io::ErrorKind::NotFound) => SerialError::NotFound { path },
        serialport::ErrorKind::Io(io::ErrorKind::PermissionDenied) => {
            SerialError::Permission { path }
        }
        _ if error.description.contains("Permission denied") => SerialError::Permission { path },
        _ if error.description.contains("No such file") => SerialError::NotFound { path },
        _ if error.description.contains("busy") || error.description.contains("lock") => {
            SerialError::Busy { path }
        }
        _ => SerialError::Other {
            path,
            message: error.description.clone(),
        },
    }
}

/// Outcome of reading until something happens.
enum ReadEnd {
    Stopped,
    ReceiverGone,
    Lost(String),
}

/// The reader thread body for `kind = "serial"`.
pub fn run(config: &ScannerConfig, tx: &Sender<InputEvent>, stop: &AtomicBool) {
    let device = config.id.as_str();
    let path = config.path.clone().unwrap_or_default();
    let origin = Instant::now();
    let mut framer = Framer::new(config.framing_options());
    let mut backoff = FIRST_BACKOFF;
    let mut last_failure: Option<String> = None;
    while !stop.load(Ordering::Relaxed) {
        match open_port(&path, config.baud, config.exclusive) {
            Ok(port) => {
                last_failure = None;
                backoff = FIRST_BACKOFF;
                let message = format!("reading {path} at {} baud", config.baud);
                if !send_status(device, DeviceState::Connected, message, tx) {
                    return;
                }
                match read_loop(device, &port, &mut framer, origin, tx, stop) {
                    ReadEnd::Stopped => break,
                    ReadEnd::ReceiverGone => return,
                    ReadEnd::Lost(reason) => {
                        let mut out = Vec::new();
                        framer.flush(origin.elapsed(), &mut out);
                        if !send_framed(device, out, tx) {
                            return;
                        }
                        let message = format!(
                            "{path}: {reason}; retrying every {} ms at most",
                            MAX_BACKOFF.as_millis()
                        );
                        if !send_status(device, DeviceState::Disconnected, message, tx) {
                            return;
                        }
                    }
                }
            }
            Err(error) => {
                let message = error.to_string();
                if last_failure.as_deref() != Some(message.as_str()) {
                    if !send_status(device, error.state(), message.clone(), tx) {
                        return;
                    }
                    last_failure = Some(message);
                }
                sleep_unless_stopped(backoff, stop);
                backoff = (backoff * 2).min(MAX_BACKOFF);
            }
        }
    }
    send_status(device, DeviceState::Stopped, "stop requested", tx);
}

fn read_loop(
    device: &str,
    port: &serialport::TTYPort,
    framer: &mut Framer,
    origin: Instant,
    tx: &Sender<InputEvent>,
    stop: &AtomicBool,
) -> ReadEnd {
    let fd = port.as_raw_fd();
    let mut buffer = [0u8; 4096];
    let mut out = Vec::new();
    loop {
        if stop.load(Ordering::Relaxed) {
            let mut pending = Vec::new();
            framer.flush(origin.elapsed(), &mut pending);
            if !send_framed(device, pending, tx) {
                return ReadEnd::ReceiverGone;
            }
            return ReadEnd::Stopped;
        }
        let now = origin.elapsed();
        let wait = framer
            .deadline()
            .map(|deadline| deadline.saturating_sub(now))
            .unwrap_or(STOP_POLL)
            .min(STOP_POLL);
        let mut poll_fd = libc::pollfd {
            fd,
            events: libc::POLLIN,
            revents: 0,
        };
        let timeout_ms = libc::c_int::try_from(wait.as_millis()).unwrap_or(50).max(1);
        // SAFETY: one valid pollfd for a descriptor owned by `port`, which outlives the call.
        let ready = unsafe { libc::poll(&mut poll_fd, 1, timeout_ms) };
        if ready < 0 {
            let error = io::Error::last_os_error();
            if error.kind() == io::ErrorKind::Interrupted {
                continue;
            }
            return ReadEnd::Lost(format!("poll failed: {error}"));
        }
        if ready > 0
            && poll_fd.revents & (libc::POLLIN | libc::POLLHUP | libc::POLLERR | libc::POLLNVAL)
                != 0
        {
            // Read what is there first; a hang-up shows as 0 bytes or EIO afterwards.
            // SAFETY: `buffer` is valid for `buffer.len()` bytes and `fd` is open.
            let count = unsafe { libc::read(fd, buffer.as_mut_ptr().cast(), buffer.len()) };
            if count > 0 {
                let count = usize::try_from(count).unwrap_or(0).min(buffer.len());
                framer.push(&buffer[..count], origin.elapsed(), &mut out);
            } else if count == 0 {
                return ReadEnd::Lost("the device hung up (unplugged?)".to_owned());
            } else {
                let error = io::Error::last_os_error();
                match error.kind() {
                    io::ErrorKind::Interrupted | io::ErrorKind::WouldBlock => {}
                    _ => return ReadEnd::Lost(format!("read failed ({error}): unplugged?")),
                }
            }
        }
        framer.poll(origin.elapsed(), &mut out);
        if !out.is_empty() && !send_framed(device, std::mem::take(&mut out), tx) {
            return ReadEnd::ReceiverGone;
        }
    }
}

/// Sleeps for `duration` in slices, returning early when `stop` is set.
pub(crate) fn sleep_unless_stopped(duration: Duration, stop: &AtomicBool) {
    let until = Instant::now() + duration;
    while !stop.load(Ordering::Relaxed) {
        let left = until.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return;
        }
        std::thread::sleep(left.min(Duration::from_millis(20)));
    }
}
