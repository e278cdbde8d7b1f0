//! Keyboard-wedge scanners read through evdev: find the device (by path or name pattern),
//! take an exclusive grab, and turn key events into scans.
//!
//! The translation path is [`HidDecoder`]: key event → [`Keyboard`] (per-device modifiers
//! and layout) → [`Framer`]. It is pure and is what both the device loop and the tests feed,
//! so synthetic `(code, value)` events exercise exactly the code a real scanner does. The
//! device loop only adds IO: non-blocking reads with `poll(2)` (so `stop` is honoured within
//! ~50 ms), the grab (so scans do not also type into a console), lock LEDs read at open, and
//! reconnecting after an unplug.

use std::io;
use std::os::fd::AsRawFd;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crossbeam_channel::Sender;

use super::framing::{Framed, Framer};
use super::keymap::{KeyOutput, Keyboard, KeyboardGs, Layout};
use super::serial::{sleep_unless_stopped, MAX_BACKOFF};
use super::{
    send_framed, send_status, DeviceState, DropReason, InputEvent, ScannerConfig, STOP_POLL,
};

/// Key events of one device → framed scans. Pure: time is passed in.
#[derive(Debug, Clone)]
pub struct HidDecoder {
    keyboard: Keyboard,
    framer: Framer,
    keys: Vec<KeyOutput>,
}

impl HidDecoder {
    /// The decoder for a validated HID scanner config.
    pub fn new(config: &ScannerConfig) -> Option<HidDecoder> {
        let layout = Layout::find(&config.layout, &config.variant)?;
        let gs = KeyboardGs::from_forms(&config.effective_gs_forms(), config.gs_key_code());
        Some(HidDecoder {
            keyboard: Keyboard::new(layout, gs, config.numlock),
            framer: Framer::new(config.framing_options()),
            keys: Vec::with_capacity(4),
        })
    }

    pub fn keyboard_mut(&mut self) -> &mut Keyboard {
        &mut self.keyboard
    }

    pub fn framer(&self) -> &Framer {
        &self.framer
    }

    /// Feeds one key event (`code`, `value` as in `struct input_event`) received at `now`.
    #[inline]
    pub fn feed(&mut self, code: u16, value: i32, now: Duration, out: &mut Vec<Framed>) {
        self.framer.poll(now, out);
        self.keys.clear();
        self.keyboard.feed(code, value, &mut self.keys);
        for index in 0..self.keys.len() {
            match self.keys[index] {
                KeyOutput::Char(ch) => {
                    let mut utf8 = [0u8; 4];
                    for &byte in ch.encode_utf8(&mut utf8).as_bytes() {
                        self.framer.push_byte(byte, now, out);
                    }
                }
                KeyOutput::GsDisabled(form) => out.push(Framed::Dropped {
                    reason: DropReason::GsFormDisabled,
                    detail: format!(
                        "GS typed as {} but gs_forms does not include \"{}\": add it (the scan \
                         goes on without the separator)",
                        match form {
                            super::GsForm::CtrlBracket => "Ctrl+]",
                            super::GsForm::AltKeypad => "Alt+0 2 9 on the keypad",
                            _ => form.as_str(),
                        },
                        form.as_str()
                    ),
                }),
                KeyOutput::Unmapped(key) => out.push(Framed::Dropped {
                    reason: DropReason::UnmappedKey,
                    detail: format!(
                        "key {} has no character on layout {}{}",
                        key_name(key),
                        self.keyboard.layout().label(),
                        if self.keyboard.num_lock() {
                            ""
                        } else {
                            " (NumLock is off)"
                        }
                    ),
                }),
            }
        }
    }

    /// Applies timeouts at `now`.
    pub fn poll(&mut self, now: Duration, out: &mut Vec<Framed>) {
        self.framer.poll(now, out);
    }

    /// When `poll` next has something to do.
    pub fn deadline(&self) -> Option<Duration> {
        self.framer.deadline()
    }

    /// Reports a pending partial scan (device lost or stopping).
    pub fn flush(&mut self, now: Duration, out: &mut Vec<Framed>) {
        self.framer.flush(now, out);
    }
}

/// `KEY_F8` for messages.
pub fn key_name(code: u16) -> String {
    format!("{:?}", evdev::KeyCode::new(code))
}

/// True when `name` matches `pattern`: `*` matches any text, case-insensitive; a pattern
/// without `*` matches anywhere in the name.
pub fn name_matches(pattern: &str, name: &str) -> bool {
    let pattern = pattern.to_lowercase();
    let name = name.to_lowercase();
    if !pattern.contains('*') {
        return name.contains(&pattern);
    }
    let parts: Vec<&str> = pattern.split('*').collect();
    let mut rest = name.as_str();
    for (index, part) in parts.iter().enumerate() {
        if part.is_empty() {
            continue;
        }
        if index == 0 {
            match rest.strip_prefix(part) {
                Some(after) => rest = after,
                None => return false,
            }
        } else if index == parts.len() - 1 {
            return rest.ends_with(part);
        } else {
            match rest.find(part) {
                Some(position) => rest = &rest[position + part.len()..],
                None => return false,
            }
        }
    }
    true
}

/// Why the device could not be used, with what to do.
#[derive(Debug, thiserror::Error)]
pub enum HidError {
    #[error("no input device matches {0}: plug the scanner in, or list devices with `scanstation devices`")]
    NotFound(String),
    #[error("permission denied opening {path}: add the station user to the `input` group (or install config/99-scanstation.rules)")]
    Permission { path: String },
    #[error("cannot open {path}: {error}")]
    Open { path: String, error: io::Error },
    #[error("cannot grab {path} exclusively: another program holds a grab (another scanstation, a kiosk app, `evtest --grab`): stop it, or set exclusive = false")]
    GrabBusy { path: String },
    #[error("cannot grab {path} exclusively: {error}")]
    Grab { path: String, error: io::Error },
}

impl HidError {
    pub fn state(&self) -> DeviceState {
        match self {
            HidError::NotFound(_) => DeviceState::NotFound,
            HidError::Permission { .. } | HidError::Open { .. } => DeviceState::OpenFailed,
            HidError::GrabBusy { .. } | HidError::Grab { .. } => DeviceState::GrabFailed,
        }
    }
}

fn find_device(
    config: &ScannerConfig,
) -> Result<(PathBuf, evdev::raw_stream::RawDevice), HidError> {
    if let Some(path) = &config.path {
        let path = PathBuf::from(path);
        if !path.exists() {
            return Err(HidError::NotFound(path.display().to_string()));
        }
        return open_device(&path).map(|device| (path, device));
    }
    let pattern = config.name.clone().unwrap_or_default();
    let mut permission_problem = None;
    for entry in std::fs::read_dir("/dev/input")
        .into_iter()
        .flatten()
        .flatten()
    {
        let path = entry.path();
        if !path
            .file_name()
            .and_then(|name| name.to_str())
            .is_some_and(|name| name.starts_with("event"))
        {
            continue;
        }
        match open_device(&path) {
            Ok(device) => {
                if name_matches(&pattern, device.name().unwrap_or("")) {
                    return Ok((path, device));
                }
            }
            Err(error @ HidError::Permission { .. }) => permission_problem = Some(error),
            Err(_) => {}
        }
    }
    Err(permission_problem.unwrap_or_else(|| HidError::NotFound(format!("name {pattern:?}"))))
}

fn open_device(path: &Path) -> Result<evdev::raw_stream::RawDevice, HidError> {
    evdev::raw_stream::RawDevice::open(path).map_err(|error| match error.kind() {
        io::ErrorKind::PermissionDenied => HidError::Permission {
            path: path.display().to_string(),
        },
        io::ErrorKind::NotFound => HidError::NotFound(path.display().to_string()),
        _ => HidError::Open {
            path: path.display().to_string(),
            error,
        },
    })
}

fn grab(device: &mut evdev::raw_stream::RawDevice, path: &Path) -> Result<(), HidError> {
    device.grab().map_err(|error| {
        if error.raw_os_error() == Some(libc::EBUSY) {
            HidError::GrabBusy {
                path: path.display().to_string(),
            }
        } else {
            HidError::Grab {
                path: path.display().to_string(),
                error,
            }
        }
    })
}

/// The reader thread body for `kind = "hid"`.
pub fn run(config: &ScannerConfig, tx: &Sender<InputEvent>, stop: &AtomicBool) {
    let device_id = config.id.as_str();
    let Some(mut decoder) = HidDecoder::new(config) else {
        send_status(
            device_id,
            DeviceState::OpenFailed,
            format!("layout {:?} is not known", config.layout),
            tx,
        );
        return;
    };
    let origin = Instant::now();
    let mut backoff = Duration::from_millis(100);
    let mut last_failure: Option<String> = None;
    while !stop.load(Ordering::Relaxed) {
        let opened = find_device(config).and_then(|(path, mut device)| {
            if config.exclusive {
                grab(&mut device, &path)?;
            }
            Ok((path, device))
        });
        match opened {
            Ok((path, device)) => {
                last_failure = None;
                backoff = Duration::from_millis(100);
                if let Ok(leds) = device.get_led_state() {
                    let caps = leds.contains(evdev::LedCode::LED_CAPSL);
                    decoder.keyboard_mut().set_locks(
                        caps,
                        config.numlock || leds.contains(evdev::LedCode::LED_NUML),
                    );
                }
                let message = format!(
                    "reading {} ({}), layout {}{}",
                    path.display(),
                    device.name().unwrap_or("unnamed"),
                    config.layout,
                    if config.exclusive { ", grabbed" } else { "" }
                );
                if !send_status(device_id, DeviceState::Connected, message, tx) {
                    return;
                }
                match read_loop(device_id, device, &mut decoder, origin, tx, stop) {
                    Ok(true) => break,
                    Ok(false) => return,
                    Err(reason) => {
                        let mut out = Vec::new();
                        decoder.flush(origin.elapsed(), &mut out);
                        if !send_framed(device_id, out, tx)
                            || !send_status(
                                device_id,
                                DeviceState::Disconnected,
                                format!("{}: {reason}", path.display()),
                                tx,
                            )
                        {
                            return;
                        }
                    }
                }
            }
            Err(error) => {
                let message = error.to_string();
                if last_failure.as_deref() != Some(message.as_str()) {
                    if !send_status(device_id, error.state(), message.clone(), tx) {
                        return;
                    }
                    last_failure = Some(message);
                }
                sleep_unless_stopped(backoff, stop);
                backoff = (backoff * 2).min(MAX_BACKOFF);
            }
        }
    }
    send_status(device_id, DeviceState::Stopped, "stop requested", tx);
}

/// Reads until stop (`Ok(true)`), receiver gone (`Ok(false)`) or device lost (`Err`).
fn read_loop(
    device_id: &str,
    mut device: evdev::raw_stream::RawDevice,
    decoder: &mut HidDecoder,
    origin: Instant,
    tx: &Sender<InputEvent>,
    stop: &AtomicBool,
) -> Result<bool, String> {
    let fd = device.as_raw_fd();
    // SAFETY: fcntl on a descriptor owned by `device`.
    let flags = unsafe { libc::fcntl(fd, libc::F_GETFL) };
    if flags >= 0 {
        // SAFETY: as above; adds O_NONBLOCK so fetch_events returns WouldBlock when drained.
        unsafe { libc::fcntl(fd, libc::F_SETFL, flags | libc::O_NONBLOCK) };
    }
    let mut out = Vec::new();
    loop {
        if stop.load(Ordering::Relaxed) {
            decoder.flush(origin.elapsed(), &mut out);
            let _ = device.ungrab();
            return Ok(send_framed(device_id, out, tx));
        }
        let now = origin.elapsed();
        let wait = decoder
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
        // SAFETY: one valid pollfd for a descriptor owned by `device`.
        let ready = unsafe { libc::poll(&mut poll_fd, 1, timeout_ms) };
        if ready > 0 {
            match device.fetch_events() {
                Ok(events) => {
                    let now = origin.elapsed();
                    for event in events {
                        if event.event_type() == evdev::EventType::KEY {
                            decoder.feed(event.code(), event.value(), now, &mut out);
                        }
                    }
                }
                Err(error) if error.kind() == io::ErrorKind::WouldBlock => {}
                Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                Err(error) => return Err(format!("read failed ({error}): unplugged?")),
            }
            if poll_fd.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0 {
                return Err("the device went away (unplugged?)".to_owned());
            }
        }
        decoder.poll(origin.elapsed(), &mut out);
        if !out.is_empty() && !send_framed(device_id, std::mem::take(&mut out), tx) {
            return Ok(false);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_patterns() {
        assert!(name_matches(
            "honeywell",
            "Honeywell Imaging & Mobility 1900"
        ));
        assert!(name_matches(
            "*Imaging*1900",
            "Honeywell Imaging & Mobility 1900"
        ));
        assert!(name_matches(
            "Honeywell*",
            "Honeywell Imaging & Mobility 1900"
        ));
        assert!(!name_matches("Zebra*", "Honeywell Imaging & Mobility 1900"));
        assert!(!name_matches("*1900x", "Honeywell Imaging & Mobility 1900"));
    }
}
