//! Keyboard-wedge scanners read through evdev: find the device (by path or name pattern),
//! take an exclusive grab, and turn key events into scans.
//!
//! The translation path is [`HidDecoder`]: key event → [`Keyboard`] (per-device modifiers
//! and layout) → [`Framer`]. It is pure and is what both the device loop and the tests feed,
//! so synthetic `(code, value)` events exercise exactly the code a real scanner does. The
//! device loop only adds IO: non-blocking reads with `poll(2)` (so `stop` is honoured within
//! ~50 ms), the grab (so scans do not also type into a console), lock LEDs read at open, and
//! reconnecting after an unplug.
//!
//! A key that cannot become a character (a GS in a form that is not enabled, a key the
//! layout has no character for) is reported as a drop *and* marks the scan it belongs to
//! damaged, so the station rejects it instead of judging `10ABC` + `21XYZ` as lot
//! `ABC21XYZ`. Keyboard state never outlives a connection: on every (re)open held modifiers,
//! a pending dead key and a half-typed Alt number are forgotten and the locks are read from
//! the device's LEDs; on `SYN_DROPPED` (the kernel's buffer overflowed) the scan in progress
//! is marked damaged, events up to the next `SYN_REPORT` are skipped and the held keys are
//! read back with `EVIOCGKEY`, as the evdev documentation prescribes.
//!
//! Choosing by name ([`choose_node`]): `/dev/input/event*` nodes are tried in number order;
//! a node must match the pattern *and* be able to type (Enter, letters, digits — a scanner's
//! consumer-control node has none), must not be read by another source of this station, and,
//! with `exclusive`, must accept the grab — a node grabbed elsewhere is skipped, so two
//! identical scanners configured with the same pattern each get their own node.

use std::io;
use std::os::fd::AsRawFd;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crossbeam_channel::Sender;

use super::devices::can_type_scans;
use super::framing::{Framed, Framer};
use super::keymap::{KeyOutput, Keyboard, KeyboardGs, Layout};
use super::serial::{sleep_unless_stopped, Backoff, MAX_BACKOFF};
use super::{
    send_framed, send_status, DeviceState, DropReason, GsForm, InputEvent, ScannerConfig, STOP_POLL,
};

/// Key events of one device → framed scans. Pure: time is passed in.
#[derive(Debug, Clone)]
pub struct HidDecoder {
    keyboard: Keyboard,
    framer: Framer,
    keys: Vec<KeyOutput>,
    /// The configured NumLock state for devices without a NumLock LED.
    configured_numlock: bool,
}

/// How a GS form is typed, for messages.
fn gs_form_typed(form: GsForm) -> &'static str {
    match form {
        GsForm::CtrlBracket => "Ctrl+]",
        GsForm::AltKeypad => "Alt+0 2 9 on the keypad",
        GsForm::MappedKey => "the mapped key",
        GsForm::Byte => "the byte 0x1D",
        GsForm::Substitute => "the stand-in text",
    }
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
            configured_numlock: config.numlock,
        })
    }

    pub fn keyboard_mut(&mut self) -> &mut Keyboard {
        &mut self.keyboard
    }

    pub fn keyboard(&self) -> &Keyboard {
        &self.keyboard
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
                KeyOutput::GsDisabled(form) => {
                    let typed = gs_form_typed(form);
                    out.push(Framed::Dropped {
                        reason: DropReason::GsFormDisabled,
                        detail: format!(
                            "GS typed as {typed} but gs_forms does not include \"{}\": add it \
                             (the scan is delivered damaged and will be rejected)",
                            form.as_str()
                        ),
                    });
                    self.framer.mark_damaged(
                        format!(
                            "a GS separator typed as {typed} was lost: gs_forms does not include \
                             \"{}\"; add it to gs_forms",
                            form.as_str()
                        ),
                        now,
                    );
                }
                KeyOutput::Unmapped(key) => {
                    let name = key_name(key);
                    let layout = self.keyboard.layout().label();
                    let keypad_without_numlock = is_keypad_key(key) && !self.keyboard.num_lock();
                    let fix = if keypad_without_numlock {
                        "NumLock is off: set the scanner to send NumLock on (or main-block \
                         digits), or set numlock = true if the scanner has no NumLock LED"
                            .to_owned()
                    } else {
                        format!(
                            "check layout and variant (run `scanstation calibrate check`); if this \
                             key stands for GS, set gs_key = \"{name}\" and add \"mapped_key\" to \
                             gs_forms"
                        )
                    };
                    out.push(Framed::Dropped {
                        reason: DropReason::UnmappedKey,
                        detail: format!(
                            "key {name} has no character on layout {layout}{} (the scan is \
                             delivered damaged and will be rejected)",
                            if keypad_without_numlock {
                                " (NumLock is off)"
                            } else {
                                ""
                            }
                        ),
                    });
                    self.framer.mark_damaged(
                        format!("a character was lost: key {name} has no character on layout {layout}; {fix}"),
                        now,
                    );
                }
            }
        }
    }

    /// The kernel dropped key events (`SYN_DROPPED`) at `now`: the scan in progress is
    /// damaged and whatever was half typed is forgotten. The caller then skips events up to
    /// the next `SYN_REPORT` and calls [`HidDecoder::resync`].
    pub fn events_lost(&mut self, now: Duration, out: &mut Vec<Framed>) {
        out.push(Framed::Dropped {
            reason: DropReason::EventsLost,
            detail: "the kernel dropped key events (SYN_DROPPED: the station read too slowly); \
                     the scan in progress is delivered damaged and will be rejected"
                .to_owned(),
        });
        self.framer.mark_damaged(
            "key events were lost in the kernel (SYN_DROPPED): characters are missing; scan \
             again, and check that the station is not overloaded"
                .to_owned(),
            now,
        );
        self.keyboard.reset();
    }

    /// Takes the held modifiers from the device's key state after lost events.
    pub fn resync(&mut self, is_down: impl Fn(u16) -> bool) {
        self.keyboard.resync(is_down);
    }

    /// The device was (re)opened: nothing held on the old connection survives, and the lock
    /// states come from the device's LEDs where it has them (see [`resolve_locks`]).
    pub fn connected(&mut self, leds: LedInfo) {
        self.keyboard.reset();
        let (caps_lock, num_lock) = resolve_locks(leds, self.configured_numlock);
        self.keyboard.set_locks(caps_lock, num_lock);
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

/// What a device says about its lock LEDs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LedInfo {
    pub has_caps_lock_led: bool,
    pub has_num_lock_led: bool,
    /// The LED states, when they could be read.
    pub caps_lock_on: Option<bool>,
    pub num_lock_on: Option<bool>,
}

/// The lock states to start a connection with: a device's LED when it has one and it could
/// be read; otherwise CapsLock off and NumLock as configured (`numlock`).
pub fn resolve_locks(leds: LedInfo, configured_numlock: bool) -> (bool, bool) {
    let caps_lock = leds.has_caps_lock_led && leds.caps_lock_on.unwrap_or(false);
    let num_lock = match (leds.has_num_lock_led, leds.num_lock_on) {
        (true, Some(on)) => on,
        _ => configured_numlock,
    };
    (caps_lock, num_lock)
}

fn is_keypad_key(code: u16) -> bool {
    matches!(code, 55 | 71..=83 | 96 | 98 | 121)
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
    #[error("{path} is already read by scanner {holder:?} of this station: give each [[scanner]] its own path, or a name pattern that matches one node each")]
    Claimed { path: String, holder: String },
}

impl HidError {
    pub fn state(&self) -> DeviceState {
        match self {
            HidError::NotFound(_) => DeviceState::NotFound,
            HidError::Permission { .. } | HidError::Open { .. } => DeviceState::OpenFailed,
            HidError::GrabBusy { .. } | HidError::Grab { .. } | HidError::Claimed { .. } => {
                DeviceState::GrabFailed
            }
        }
    }
}

/// Event nodes this station's HID sources are reading, with the scanner id, so that a
/// second source never takes a node another one holds (with or without a grab).
static CLAIMED_NODES: Mutex<Vec<(PathBuf, String)>> = Mutex::new(Vec::new());

/// A node claimed by one source; released when dropped.
#[derive(Debug)]
pub struct NodeClaim {
    path: PathBuf,
}

impl NodeClaim {
    /// Claims `path` for `device`; `Err(holder)` when another source holds it.
    pub fn take(path: &Path, device: &str) -> Result<NodeClaim, String> {
        let canonical = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
        let mut claimed = CLAIMED_NODES
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some((_, holder)) = claimed
            .iter()
            .find(|(known, holder)| *known == canonical && holder != device)
        {
            return Err(holder.clone());
        }
        claimed.push((canonical.clone(), device.to_owned()));
        Ok(NodeClaim { path: canonical })
    }

    /// The scanner id holding `path`, if any.
    pub fn holder(path: &Path) -> Option<String> {
        let canonical = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
        CLAIMED_NODES
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .iter()
            .find(|(known, _)| *known == canonical)
            .map(|(_, holder)| holder.clone())
    }
}

impl Drop for NodeClaim {
    fn drop(&mut self) {
        let mut claimed = CLAIMED_NODES
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(position) = claimed.iter().position(|(known, _)| *known == self.path) {
            claimed.remove(position);
        }
    }
}

/// What [`choose_node`] needs of an opened event node (a real device, or a fake in tests).
pub trait EventNode {
    fn node_name(&self) -> String;
    /// Enter, letters and digits (see `devices::can_type_scans`).
    fn can_type_scans(&self) -> bool;
    fn grab_node(&mut self, path: &Path) -> Result<(), HidError>;
}

impl EventNode for evdev::raw_stream::RawDevice {
    fn node_name(&self) -> String {
        self.name().unwrap_or("").to_owned()
    }

    fn can_type_scans(&self) -> bool {
        can_type_scans(self.supported_keys())
    }

    fn grab_node(&mut self, path: &Path) -> Result<(), HidError> {
        grab(self, path)
    }
}

/// `event12` → 12, for sorting nodes in number order (`read_dir` order is arbitrary).
fn event_number(path: &Path) -> Option<u32> {
    path.file_name()?
        .to_str()?
        .strip_prefix("event")?
        .parse()
        .ok()
}

/// The `/dev/input/event*` nodes of `dir`, in number order.
pub fn event_nodes(dir: &Path) -> Vec<PathBuf> {
    let mut nodes: Vec<(u32, PathBuf)> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let path = entry.path();
            event_number(&path).map(|number| (number, path))
        })
        .collect();
    nodes.sort();
    nodes.into_iter().map(|(_, path)| path).collect()
}

/// Picks the node for a name pattern from `nodes` (already in number order): the first that
/// matches the name, can type scans, is not held by another source (`holder(path)`) and, with
/// `exclusive`, accepts the grab. A node grabbed elsewhere is skipped, not fatal; only when no
/// node is left is the most telling reason returned (busy, then permissions, then a matching
/// node that cannot type, then not found).
pub fn choose_node<N: EventNode>(
    nodes: &[PathBuf],
    pattern: &str,
    exclusive: bool,
    holder: impl Fn(&Path) -> Option<String>,
    mut open: impl FnMut(&Path) -> Result<N, HidError>,
) -> Result<(PathBuf, N), HidError> {
    let mut busy = None;
    let mut held = None;
    let mut permission_problem = None;
    let mut cannot_type = None;
    for path in nodes {
        let mut node = match open(path) {
            Ok(node) => node,
            Err(error @ HidError::Permission { .. }) => {
                permission_problem.get_or_insert(error);
                continue;
            }
            Err(_) => continue,
        };
        let name = node.node_name();
        if !name_matches(pattern, &name) {
            continue;
        }
        if !node.can_type_scans() {
            cannot_type.get_or_insert((path.clone(), name));
            continue;
        }
        if let Some(other) = holder(path) {
            held.get_or_insert((path.clone(), other));
            continue;
        }
        if exclusive {
            match node.grab_node(path) {
                Ok(()) => {}
                Err(error @ HidError::GrabBusy { .. }) => {
                    busy.get_or_insert(error);
                    continue;
                }
                Err(error) => return Err(error),
            }
        }
        return Ok((path.clone(), node));
    }
    if let Some(error) = busy {
        return Err(error);
    }
    if let Some(error) = permission_problem {
        return Err(error);
    }
    if let Some((path, holder)) = held {
        return Err(HidError::Claimed {
            path: path.display().to_string(),
            holder,
        });
    }
    if let Some((path, name)) = cannot_type {
        return Err(HidError::NotFound(format!(
            "name {pattern:?} that can type (only {} {name:?}, which has no letter/Enter keys: \
             a consumer-control node; make the pattern match the scanner's keyboard node)",
            path.display()
        )));
    }
    Err(HidError::NotFound(format!("name {pattern:?}")))
}

/// The event node a scanner chosen by name would get in `dir` (the daemon's own choice, as
/// [`choose_node`] makes it, without grabbing it), for `scanstation doctor`.
pub fn find_node_by_name(dir: &Path, pattern: &str) -> Result<PathBuf, HidError> {
    choose_node(&event_nodes(dir), pattern, false, |_| None, open_device).map(|(path, _)| path)
}

fn find_device(
    config: &ScannerConfig,
) -> Result<(PathBuf, evdev::raw_stream::RawDevice, NodeClaim), HidError> {
    if let Some(path) = &config.path {
        let path = PathBuf::from(path);
        if !path.exists() {
            return Err(HidError::NotFound(path.display().to_string()));
        }
        let claim = NodeClaim::take(&path, &config.id).map_err(|holder| HidError::Claimed {
            path: path.display().to_string(),
            holder,
        })?;
        let mut device = open_device(&path)?;
        if config.exclusive {
            grab(&mut device, &path)?;
        }
        return Ok((path, device, claim));
    }
    let pattern = config.name.clone().unwrap_or_default();
    let nodes = event_nodes(Path::new("/dev/input"));
    let own_id = config.id.as_str();
    let (path, device) = choose_node(
        &nodes,
        &pattern,
        config.exclusive,
        |path| NodeClaim::holder(path).filter(|holder| holder != own_id),
        open_device,
    )?;
    let claim = NodeClaim::take(&path, own_id).map_err(|holder| HidError::Claimed {
        path: path.display().to_string(),
        holder,
    })?;
    Ok((path, device, claim))
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

/// The lock LEDs of an opened device.
fn led_info(device: &evdev::raw_stream::RawDevice) -> LedInfo {
    let supported = device.supported_leds();
    let state = device.get_led_state().ok();
    LedInfo {
        has_caps_lock_led: supported.is_some_and(|leds| leds.contains(evdev::LedCode::LED_CAPSL)),
        has_num_lock_led: supported.is_some_and(|leds| leds.contains(evdev::LedCode::LED_NUML)),
        caps_lock_on: state
            .as_ref()
            .map(|leds| leds.contains(evdev::LedCode::LED_CAPSL)),
        num_lock_on: state
            .as_ref()
            .map(|leds| leds.contains(evdev::LedCode::LED_NUML)),
    }
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
    let mut backoff = Backoff::default();
    let mut last_failure: Option<String> = None;
    while !stop.load(Ordering::Relaxed) {
        match find_device(config) {
            Ok((path, device, claim)) => {
                last_failure = None;
                backoff.opened(origin.elapsed());
                decoder.connected(led_info(&device));
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
                let ended = read_loop(device_id, device, &mut decoder, origin, tx, stop);
                drop(claim);
                match ended {
                    Ok(true) => break,
                    Ok(false) => return,
                    Err(reason) => {
                        let mut out = Vec::new();
                        decoder.flush(origin.elapsed(), &mut out);
                        let wait = backoff.lost(origin.elapsed());
                        if !send_framed(device_id, out, tx)
                            || !send_status(
                                device_id,
                                DeviceState::Disconnected,
                                format!(
                                    "{}: {reason}; retrying in {} ms (every {} ms at most)",
                                    path.display(),
                                    wait.as_millis(),
                                    MAX_BACKOFF.as_millis()
                                ),
                                tx,
                            )
                        {
                            return;
                        }
                        sleep_unless_stopped(wait, stop);
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
                sleep_unless_stopped(backoff.failed(), stop);
            }
        }
    }
    send_status(device_id, DeviceState::Stopped, "stop requested", tx);
}

/// `SYN_DROPPED` and `SYN_REPORT` (linux/input-event-codes.h).
const SYN_REPORT: u16 = 0;
const SYN_DROPPED: u16 = 3;

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
    // After SYN_DROPPED: events up to the next SYN_REPORT are incomplete and skipped.
    let mut skipping_until_report = false;
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
            let mut resync = false;
            match device.fetch_events() {
                Ok(events) => {
                    let now = origin.elapsed();
                    for event in events {
                        let event_type = event.event_type();
                        if event_type == evdev::EventType::SYNCHRONIZATION {
                            match event.code() {
                                SYN_DROPPED => {
                                    decoder.events_lost(now, &mut out);
                                    skipping_until_report = true;
                                }
                                SYN_REPORT if skipping_until_report => {
                                    skipping_until_report = false;
                                    resync = true;
                                }
                                _ => {}
                            }
                        } else if event_type == evdev::EventType::KEY && !skipping_until_report {
                            decoder.feed(event.code(), event.value(), now, &mut out);
                        }
                    }
                }
                Err(error) if error.kind() == io::ErrorKind::WouldBlock => {}
                Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
                Err(error) => return Err(format!("read failed ({error}): unplugged?")),
            }
            if resync {
                // EVIOCGKEY: which keys are down now (a Shift held across the gap).
                let held = device.get_key_state().ok();
                decoder.resync(|code| {
                    held.as_ref()
                        .is_some_and(|keys| keys.contains(evdev::KeyCode::new(code)))
                });
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

    /// A fake event node: its name, whether it can type, whether its grab is busy.
    struct FakeNode {
        name: &'static str,
        types: bool,
        grab_busy: bool,
    }

    impl EventNode for FakeNode {
        fn node_name(&self) -> String {
            self.name.to_owned()
        }
        fn can_type_scans(&self) -> bool {
            self.types
        }
        fn grab_node(&mut self, path: &Path) -> Result<(), HidError> {
            if self.grab_busy {
                Err(HidError::GrabBusy {
                    path: path.display().to_string(),
                })
            } else {
                Ok(())
            }
        }
    }

    /// `(node, name, can type, grab busy, held by)` → what `choose_node` picks for
    /// "honeywell", as `eventN` or `error: <Display>`.
    fn pick(nodes: &[(&str, &'static str, bool, bool, Option<&str>)]) -> String {
        let mut paths: Vec<PathBuf> = nodes
            .iter()
            .map(|(node, ..)| PathBuf::from(format!("/dev/input/{node}")))
            .collect();
        paths.sort_by_key(|path| event_number(path));
        let find = |path: &Path| {
            nodes
                .iter()
                .find(|(node, ..)| path.ends_with(node))
                .copied()
        };
        let chosen = choose_node(
            &paths,
            "honeywell",
            true,
            |path| find(path).and_then(|(.., held)| held.map(str::to_owned)),
            |path| {
                let (_, name, types, grab_busy, _) = find(path).unwrap();
                Ok(FakeNode {
                    name,
                    types,
                    grab_busy,
                })
            },
        );
        match chosen {
            Ok((path, _)) => path.file_name().unwrap().to_string_lossy().into_owned(),
            Err(error) => format!("error: {error}"),
        }
    }

    #[test]
    fn choosing_a_node_by_name() {
        const H: &str = "Honeywell 1900";
        const CC: &str = "Honeywell 1900 Consumer Control";
        // Number order, not directory order: event2 before event10.
        assert_eq!(
            pick(&[
                ("event10", H, true, false, None),
                ("event2", H, true, false, None)
            ]),
            "event2"
        );
        // The consumer-control node of the same scanner cannot type: skipped.
        assert_eq!(
            pick(&[
                ("event3", CC, false, false, None),
                ("event4", H, true, false, None)
            ]),
            "event4"
        );
        // Two identical scanners: the node the first source holds, or one grabbed by another
        // program, is skipped and the next match taken.
        assert_eq!(
            pick(&[
                ("event5", H, true, false, Some("dock1")),
                ("event6", H, true, false, None)
            ]),
            "event6"
        );
        assert_eq!(
            pick(&[
                ("event5", H, true, true, None),
                ("event6", H, true, false, None)
            ]),
            "event6"
        );
        // Nothing left: the most telling reason.
        assert!(pick(&[("event5", H, true, true, None)]).contains("another program holds a grab"));
        assert!(pick(&[("event5", H, true, false, Some("dock1"))])
            .contains("already read by scanner \"dock1\""));
        assert!(pick(&[("event3", CC, false, false, None)]).contains("consumer-control"));
        assert!(pick(&[("event1", "AT keyboard", true, false, None)])
            .starts_with("error: no input device matches name \"honeywell\""));
    }

    #[test]
    fn node_claims_are_exclusive_per_source_and_released() {
        let path = Path::new("/nonexistent/scanstation-claim-test-event9");
        let first = NodeClaim::take(path, "a").unwrap();
        assert_eq!(NodeClaim::take(path, "b").unwrap_err(), "a");
        assert_eq!(NodeClaim::holder(path).as_deref(), Some("a"));
        drop(first);
        assert_eq!(NodeClaim::holder(path), None);
        let _second = NodeClaim::take(path, "b").unwrap();
    }

    #[test]
    fn lock_states_come_from_leds_when_the_device_has_them() {
        let no_leds = LedInfo::default();
        assert_eq!(resolve_locks(no_leds, true), (false, true));
        assert_eq!(resolve_locks(no_leds, false), (false, false));
        let leds = LedInfo {
            has_caps_lock_led: true,
            has_num_lock_led: true,
            caps_lock_on: Some(true),
            num_lock_on: Some(false),
        };
        // numlock = true does not override a NumLock LED that says off (issue 5 review).
        assert_eq!(resolve_locks(leds, true), (true, false));
        let unreadable = LedInfo {
            caps_lock_on: None,
            num_lock_on: None,
            ..leds
        };
        assert_eq!(resolve_locks(unreadable, true), (false, true));
    }

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
