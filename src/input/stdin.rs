//! Standard input as a scanner: one scan per line, for demos, pipes and scripts.
//!
//! `\x1d` written literally is read as GS (the default `gs_substitute` of this kind), so
//! `printf '0109506000134352\\x1d10ABC\n' | scanstation listen` works from any shell. The
//! descriptor is polled, so the thread notices `stop` within ~50 ms even while nobody types.
//! End of input flushes a last line without newline as a scan and reports `stopped`.

use std::io::{self, Read};
use std::os::fd::AsRawFd;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use crossbeam_channel::Sender;

use super::config::Terminator;
use super::framing::Framer;
use super::{send_framed, send_status, DeviceState, InputEvent, ScannerConfig, STOP_POLL};

/// The reader thread body for `kind = "stdin"`; `input` is stdin itself or, in tests, a pipe.
pub fn run<R: Read + AsRawFd>(
    config: &ScannerConfig,
    mut input: R,
    tx: &Sender<InputEvent>,
    stop: &AtomicBool,
) {
    let device = config.id.as_str();
    let mut options = config.framing_options();
    options.terminators = vec![Terminator::Crlf];
    options.idle_timeout = None;
    options.inter_char_timeout = None;
    let mut framer = Framer::new(options);
    let origin = Instant::now();
    if !send_status(
        device,
        DeviceState::Connected,
        "reading standard input, one scan per line",
        tx,
    ) {
        return;
    }
    let fd = input.as_raw_fd();
    let mut buffer = [0u8; 4096];
    let mut out = Vec::new();
    let reason = loop {
        if stop.load(Ordering::Relaxed) {
            break "stop requested".to_owned();
        }
        let mut poll_fd = libc::pollfd {
            fd,
            events: libc::POLLIN,
            revents: 0,
        };
        let timeout_ms = libc::c_int::try_from(STOP_POLL.as_millis()).unwrap_or(50);
        // SAFETY: one valid pollfd for a descriptor owned by `input`.
        let ready = unsafe { libc::poll(&mut poll_fd, 1, timeout_ms) };
        if ready <= 0 {
            continue;
        }
        match input.read(&mut buffer) {
            Ok(0) => break "end of input".to_owned(),
            Ok(count) => framer.push(
                &buffer[..count.min(buffer.len())],
                origin.elapsed(),
                &mut out,
            ),
            Err(error)
                if error.kind() == io::ErrorKind::Interrupted
                    || error.kind() == io::ErrorKind::WouldBlock => {}
            Err(error) => break format!("read failed: {error}"),
        }
        if !out.is_empty() && !send_framed(device, std::mem::take(&mut out), tx) {
            return;
        }
    };
    framer.end(origin.elapsed(), &mut out);
    if send_framed(device, out, tx) {
        send_status(device, DeviceState::Stopped, reason, tx);
    }
}
