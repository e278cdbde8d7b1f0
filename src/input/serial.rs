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
//! the path is retried with a [`Backoff`] that grows to 1 s; when it reappears (the udev
//! `/dev/serial/by-id/...` link is recreated) reading resumes with `connected`. The backoff
//! also applies after a lost connection and only starts small again once a connection stayed
//! up for [`STABLE_CONNECTION`], so a node that opens and hangs up at once is retried once a
//! second, not in a busy loop.
//!
//! Linux discards a tty's unread input when it hangs up (pseudo-terminals and `cdc-acm`
//! alike), so what the station can keep is what it read before; reading before looking at
//! `POLLHUP` makes sure that is everything that was there.

use std::io;
use std::os::fd::{AsRawFd, RawFd};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crossbeam_channel::Sender;

use super::framing::Framer;
use super::{send_framed, send_status, DeviceState, InputEvent, ScannerConfig, STOP_POLL};

/// Longest wait between two attempts to reopen a lost port.
pub const MAX_BACKOFF: Duration = Duration::from_millis(1000);
const FIRST_BACKOFF: Duration = Duration::from_millis(100);
/// A connection that stayed up this long was a real one: after losing it, retrying starts
/// again at the shortest wait.
pub const STABLE_CONNECTION: Duration = Duration::from_secs(10);

/// The wait before the next attempt to open a device, shared by the serial and HID sources.
///
/// It doubles from 100 ms to [`MAX_BACKOFF`] after every failed open *and* every lost
/// connection, and starts again from 100 ms only when the lost connection had been up for
/// [`STABLE_CONNECTION`]. Pure: times are passed in.
#[derive(Debug, Clone)]
pub struct Backoff {
    next: Duration,
    connected_at: Option<Duration>,
}

impl Default for Backoff {
    fn default() -> Backoff {
        Backoff {
            next: FIRST_BACKOFF,
            connected_at: None,
        }
    }
}

impl Backoff {
    /// The device was opened at `now`.
    pub fn opened(&mut self, now: Duration) {
        self.connected_at = Some(now);
    }

    /// Opening failed: how long to wait before the next attempt.
    pub fn failed(&mut self) -> Duration {
        let wait = self.next;
        self.next = self.next.saturating_mul(2).min(MAX_BACKOFF);
        wait
    }

    /// The open connection was lost at `now`: how long to wait before reopening.
    pub fn lost(&mut self, now: Duration) -> Duration {
        if let Some(connected_at) = self.connected_at.take() {
            if now.saturating_sub(connected_at) >= STABLE_CONNECTION {
                self.next = FIRST_BACKOFF;
            }
        }
        self.failed()
    }
}

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
    // `exclusive(false)` opens without TIOCEXCL and flock at all (rather than locking and
    // unlocking again, which would briefly keep another reader out).
    let builder = serialport::new(path, baud)
        .timeout(STOP_POLL)
        .exclusive(exclusive);
    serialport::TTYPort::open(&builder).map_err(|error| classify(path, &error))
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
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadEnd {
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
    let mut backoff = Backoff::default();
    let mut last_failure: Option<String> = None;
    while !stop.load(Ordering::Relaxed) {
        match open_port(&path, config.baud, config.exclusive) {
            Ok(port) => {
                last_failure = None;
                backoff.opened(origin.elapsed());
                let message = format!("reading {path} at {} baud", config.baud);
                if !send_status(device, DeviceState::Connected, message, tx) {
                    return;
                }
                match read_until_lost(device, port.as_raw_fd(), &mut framer, origin, tx, stop) {
                    ReadEnd::Stopped => break,
                    ReadEnd::ReceiverGone => return,
                    ReadEnd::Lost(reason) => {
                        drop(port);
                        let mut out = Vec::new();
                        framer.flush(origin.elapsed(), &mut out);
                        if !send_framed(device, out, tx) {
                            return;
                        }
                        let wait = backoff.lost(origin.elapsed());
                        let message = format!(
                            "{path}: {reason}; retrying in {} ms (every {} ms at most)",
                            wait.as_millis(),
                            MAX_BACKOFF.as_millis()
                        );
                        if !send_status(device, DeviceState::Disconnected, message, tx) {
                            return;
                        }
                        sleep_unless_stopped(wait, stop);
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
                sleep_unless_stopped(backoff.failed(), stop);
            }
        }
    }
    send_status(device, DeviceState::Stopped, "stop requested", tx);
}

/// Reads `fd` (an open port, or in tests a pipe) into `framer` until stop, receiver gone or
/// hang-up, sending what it frames. Bytes that arrive together with the hang-up (one `poll`
/// reporting both `POLLIN` and `POLLHUP`) are read and framed before the hang-up is noticed.
/// The caller flushes the framer after [`ReadEnd::Lost`].
pub fn read_until_lost(
    device: &str,
    fd: RawFd,
    framer: &mut Framer,
    origin: Instant,
    tx: &Sender<InputEvent>,
    stop: &AtomicBool,
) -> ReadEnd {
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
        // SAFETY: one valid pollfd for a descriptor the caller keeps open during the call.
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

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(value: u64) -> Duration {
        Duration::from_millis(value)
    }

    #[test]
    fn backoff_grows_to_a_second_and_survives_flapping() {
        let mut backoff = Backoff::default();
        let waits: Vec<u128> = (0..6).map(|_| backoff.failed().as_millis()).collect();
        assert_eq!(waits, vec![100, 200, 400, 800, 1000, 1000]);
        // A node that opens and hangs up at once keeps the long wait (issue 5 review).
        let mut flapping = Backoff::default();
        let mut waits = Vec::new();
        for step in 0..6 {
            flapping.opened(ms(step * 10));
            waits.push(flapping.lost(ms(step * 10 + 1)).as_millis());
        }
        assert_eq!(waits, vec![100, 200, 400, 800, 1000, 1000]);
        // A connection that stayed up for a while starts again from the shortest wait.
        flapping.opened(ms(100_000));
        assert_eq!(
            flapping.lost(ms(100_000) + STABLE_CONNECTION).as_millis(),
            100
        );
        assert_eq!(flapping.failed().as_millis(), 200);
    }
}
