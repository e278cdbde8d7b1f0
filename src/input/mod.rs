//! Scanner input: everything between a scanner and a [`Scan`].
//!
//! Real handheld scanners reach the station as a serial / USB CDC-ACM byte stream
//! ([`serial`]), as a USB keyboard ("HID keyboard wedge", [`hid`] + [`keymap`]), as lines on
//! standard input ([`stdin`], for demos and pipes) or as images dropped into a folder
//! ([`image_dir`], decoded by [`image`]). Each configured `[[scanner]]` gets one reader thread
//! ([`spawn_source`]) and all of them feed one `crossbeam_channel` of [`InputEvent`]s, so the
//! daemon sees every scan, status change and rejected fragment in a single `match`.
//!
//! The byte-level rules (terminators, idle and inter-character timeouts, AIM symbology id,
//! prefix/suffix stripping, GS stand-ins, maximum length, debounce, UTF-8 and control noise)
//! live in [`framing::Framer`], which is pure: it is fed bytes and a monotonic timestamp and
//! returns complete scans and drops. The key-event translation in [`keymap`] is pure too, so
//! tests drive exactly the code path a real device uses.

pub mod calibrate;
pub mod config;
pub mod devices;
pub mod escape;
pub mod framing;
pub mod hid;
pub mod image;
pub mod image_dir;
pub mod keymap;
mod keymaps;
pub mod serial;
pub mod stdin;

use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::thread::JoinHandle;

use chrono::{DateTime, Utc};
use crossbeam_channel::Sender;

pub use config::{ConfigProblem, GsForm, ScannerConfig, SourceKind, Terminator};
pub use framing::{Framed, Framer, FramingOptions};

/// How often reader threads look at their stop flag at the latest. Sources block on their
/// device for at most this long, so a thread ends within ~100 ms of `stop` being set.
pub const STOP_POLL: std::time::Duration = std::time::Duration::from_millis(50);

/// One complete scan as the scanner delivered it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scan {
    /// The `id` of the `[[scanner]]` that produced it.
    pub device: String,
    /// When the scan was complete (wall clock).
    pub at: DateTime<Utc>,
    /// The AIM symbology identifier (`]d2`, `]C1`, `]Q3`, ...) when the scanner sent one.
    pub symbology: Option<String>,
    /// The payload without AIM id, prefix, suffix and terminator; GS as 0x1D.
    pub bytes: Vec<u8>,
    /// The bytes as the framer received them (before prefix, AIM id and suffix were split
    /// off and stand-ins replaced), terminator excluded. For `listen`.
    pub raw: Vec<u8>,
    /// Empty for a good scan. Otherwise characters were lost on the way (a GS in a form that
    /// is not enabled, a key the layout cannot type, a GS byte removed as noise): each entry
    /// says which and what setting to change. The station rejects a damaged scan
    /// (`malformed`) instead of judging data it knows to be wrong.
    pub problems: Vec<String>,
}

impl Scan {
    /// A good scan whose raw bytes are the AIM id and payload (tests, the daemon's fakes).
    pub fn new(device: &str, at: DateTime<Utc>, symbology: Option<String>, bytes: Vec<u8>) -> Scan {
        let mut scan = Scan {
            device: device.to_owned(),
            at,
            symbology,
            bytes,
            raw: Vec::new(),
            problems: Vec::new(),
        };
        scan.raw = scan.bytes_with_symbology();
        scan
    }

    /// True when characters were lost on the way (see [`Scan::problems`]).
    pub fn is_damaged(&self) -> bool {
        !self.problems.is_empty()
    }

    /// The payload with the AIM id in front, as `gs1::parse` wants it.
    pub fn bytes_with_symbology(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.bytes.len() + 3);
        if let Some(symbology) = &self.symbology {
            out.extend_from_slice(symbology.as_bytes());
        }
        out.extend_from_slice(&self.bytes);
        out
    }
}

/// The state of a device, reported as [`InputEvent::Status`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeviceState {
    /// The device is open and being read.
    Connected,
    /// The device went away (unplugged, read error); the source keeps retrying.
    Disconnected,
    /// The configured path or name matches no device (yet); the source keeps retrying.
    NotFound,
    /// The device exists but could not be opened (permissions, busy, locked by another program).
    OpenFailed,
    /// An HID device opened but the exclusive grab failed.
    GrabFailed,
    /// The source ended (stop requested, or end of input for stdin).
    Stopped,
}

impl DeviceState {
    /// The stable name used in JSON and logs.
    pub fn as_str(self) -> &'static str {
        match self {
            DeviceState::Connected => "connected",
            DeviceState::Disconnected => "disconnected",
            DeviceState::NotFound => "not_found",
            DeviceState::OpenFailed => "open_failed",
            DeviceState::GrabFailed => "grab_failed",
            DeviceState::Stopped => "stopped",
        }
    }
}

/// Why input was not turned into a scan. Stable strings, counted by the daemon.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DropReason {
    /// More bytes than `max_len` before the terminator.
    TooLong,
    /// Input without a terminator that went quiet for longer than the inter-character timeout.
    Fragment,
    /// The same code again within `debounce_ms`.
    Debounced,
    /// Control characters that belong to no scan (removed and reported).
    Noise,
    /// The payload is not valid UTF-8 (wrong baud rate or encoding).
    InvalidUtf8,
    /// Nothing left after stripping AIM id, prefix and suffix.
    Empty,
    /// A GS arrived in a form that is not enabled for this device (the GS was not inserted;
    /// the scan it belongs to is delivered damaged, see [`Scan::problems`]).
    GsFormDisabled,
    /// A key the layout cannot translate (the scan it belongs to is delivered damaged).
    UnmappedKey,
    /// Key events were lost in the kernel (`SYN_DROPPED`: the station read too slowly); the
    /// scan in progress is delivered damaged and the keyboard state is read again.
    EventsLost,
    /// An image that could not be read or held no barcode.
    Image,
}

impl DropReason {
    /// The stable name used in JSON and logs.
    pub fn as_str(self) -> &'static str {
        match self {
            DropReason::TooLong => "too_long",
            DropReason::Fragment => "fragment",
            DropReason::Debounced => "debounced",
            DropReason::Noise => "noise",
            DropReason::InvalidUtf8 => "invalid_utf8",
            DropReason::Empty => "empty",
            DropReason::GsFormDisabled => "gs_form_disabled",
            DropReason::UnmappedKey => "unmapped_key",
            DropReason::EventsLost => "events_lost",
            DropReason::Image => "image",
        }
    }
}

/// Everything a source reports. One channel carries these from all sources.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputEvent {
    Scan(Scan),
    Status {
        device: String,
        state: DeviceState,
        message: String,
    },
    Dropped {
        device: String,
        reason: DropReason,
        detail: String,
    },
}

impl InputEvent {
    /// The device the event belongs to.
    pub fn device(&self) -> &str {
        match self {
            InputEvent::Scan(scan) => &scan.device,
            InputEvent::Status { device, .. } | InputEvent::Dropped { device, .. } => device,
        }
    }
}

/// Errors starting a source. Device trouble after start is reported as [`InputEvent::Status`].
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("scanner {device:?}: configuration is invalid: {problems}")]
    Config { device: String, problems: String },
    #[error("scanner {device:?}: could not start the reader thread: {source}")]
    Thread {
        device: String,
        source: std::io::Error,
    },
}

/// Starts the reader thread for one configured scanner.
///
/// The thread sends every [`InputEvent`] on `tx`, retries lost devices by itself and ends
/// within about 100 ms after `stop` is set (or when the receiver is dropped). Configuration
/// problems are returned here, before any thread starts.
pub fn spawn_source(
    config: &ScannerConfig,
    tx: Sender<InputEvent>,
    stop: Arc<AtomicBool>,
) -> Result<JoinHandle<()>, InputError> {
    let problems = config.validate();
    if !problems.is_empty() {
        let problems = problems
            .iter()
            .map(|problem| format!("{}: {}", problem.key, problem.message))
            .collect::<Vec<_>>()
            .join("; ");
        return Err(InputError::Config {
            device: config.id.clone(),
            problems,
        });
    }
    let config = config.clone();
    let name = format!("scanner-{}", config.id);
    let device = config.id.clone();
    let spawned = std::thread::Builder::new()
        .name(name)
        .spawn(move || match config.kind {
            SourceKind::Serial => serial::run(&config, &tx, &stop),
            SourceKind::Hid => hid::run(&config, &tx, &stop),
            SourceKind::Stdin => stdin::run(&config, std::io::stdin(), &tx, &stop),
            SourceKind::ImageDir => image_dir::run(&config, &tx, &stop),
        });
    spawned.map_err(|source| InputError::Thread { device, source })
}

/// Sends framer output for `device` on `tx`. Returns false when the receiver is gone.
pub(crate) fn send_framed(device: &str, framed: Vec<Framed>, tx: &Sender<InputEvent>) -> bool {
    for item in framed {
        let event = match item {
            Framed::Scan {
                symbology,
                bytes,
                raw,
                problems,
            } => {
                if problems.is_empty() {
                    log::debug!(device = device, len = bytes.len(); "scan");
                } else {
                    log::warn!(device = device, len = bytes.len(); "damaged scan (characters lost): {}", problems.join("; "));
                }
                InputEvent::Scan(Scan {
                    device: device.to_owned(),
                    at: Utc::now(),
                    symbology,
                    bytes,
                    raw,
                    problems,
                })
            }
            Framed::Dropped { reason, detail } => {
                log::info!(device = device, reason = reason.as_str(); "input dropped: {detail}");
                InputEvent::Dropped {
                    device: device.to_owned(),
                    reason,
                    detail,
                }
            }
        };
        if tx.send(event).is_err() {
            return false;
        }
    }
    true
}

/// Sends a status event and logs it (device attached / lost is an operator-relevant event).
pub(crate) fn send_status(
    device: &str,
    state: DeviceState,
    message: impl Into<String>,
    tx: &Sender<InputEvent>,
) -> bool {
    let message = message.into();
    match state {
        DeviceState::Connected | DeviceState::Stopped => {
            log::info!(device = device, state = state.as_str(); "{message}")
        }
        _ => log::warn!(device = device, state = state.as_str(); "{message}"),
    }
    tx.send(InputEvent::Status {
        device: device.to_owned(),
        state,
        message,
    })
    .is_ok()
}
