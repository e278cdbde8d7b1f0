//! Serial scanner source on real pseudo-terminals: terminators, idle timeout, writes split
//! mid-scan, bursts, exclusive lock, and unplug/replug with the link path recreated (socat).
//! Sources must stop within ~100 ms; the tests allow 300 ms for a busy CI machine.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crossbeam_channel::Receiver;
use scanstation::input::config::{OneOrMany, Terminator};
use scanstation::input::framing::Framer;
use scanstation::input::serial::{open_port, read_until_lost, ReadEnd};
use scanstation::input::{
    spawn_source, DeviceState, DropReason, InputEvent, ScannerConfig, SourceKind,
};
use serialport::{SerialPort, TTYPort};

struct Running {
    rx: Receiver<InputEvent>,
    stop: Arc<AtomicBool>,
    handle: Option<JoinHandle<()>>,
}

impl Running {
    fn start(config: &ScannerConfig) -> Running {
        let (tx, rx) = crossbeam_channel::unbounded();
        let stop = Arc::new(AtomicBool::new(false));
        let handle = spawn_source(config, tx, Arc::clone(&stop)).unwrap();
        Running {
            rx,
            stop,
            handle: Some(handle),
        }
    }

    /// The next event that `accept` wants, within `timeout`; other events are collected.
    fn wait_for(
        &self,
        timeout: Duration,
        accept: impl Fn(&InputEvent) -> bool,
    ) -> (InputEvent, Vec<InputEvent>) {
        let deadline = Instant::now() + timeout;
        let mut skipped = Vec::new();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left) {
                Ok(event) if accept(&event) => return (event, skipped),
                Ok(event) => skipped.push(event),
                Err(_) => panic!("no matching event within {timeout:?}; got {skipped:?}"),
            }
        }
    }

    fn connected(&self) {
        self.wait_for(Duration::from_secs(5), |event| {
            matches!(
                event,
                InputEvent::Status {
                    state: DeviceState::Connected,
                    ..
                }
            )
        });
    }

    fn scan(&self) -> (String, Option<String>) {
        let (event, skipped) = self.wait_for(Duration::from_secs(5), |event| {
            matches!(event, InputEvent::Scan(_))
        });
        assert!(
            !skipped
                .iter()
                .any(|event| matches!(event, InputEvent::Dropped { .. })),
            "unexpected drops before the scan: {skipped:?}"
        );
        match event {
            InputEvent::Scan(scan) => (String::from_utf8(scan.bytes).unwrap(), scan.symbology),
            _ => unreachable!(),
        }
    }

    fn stop(mut self) -> Duration {
        let started = Instant::now();
        self.stop.store(true, Ordering::Relaxed);
        if let Some(handle) = self.handle.take() {
            handle.join().unwrap();
        }
        started.elapsed()
    }
}

fn pty() -> (TTYPort, TTYPort, String) {
    let (master, slave) = TTYPort::pair().unwrap();
    let name = slave.name().unwrap();
    (master, slave, name)
}

fn serial_config(path: &str) -> ScannerConfig {
    let mut config = ScannerConfig::new("dock1", SourceKind::Serial);
    config.path = Some(path.to_owned());
    config.debounce_ms = 0;
    config
}

#[test]
fn terminators_split_writes_and_bursts() {
    let (mut master, _slave, name) = pty();
    let running = Running::start(&serial_config(&name));
    running.connected();
    // A scan split into three writes with pauses well under the inter-character timeout.
    master.write_all(b"]d2010950600").unwrap();
    std::thread::sleep(Duration::from_millis(30));
    master.write_all(b"0134352\x1d10AB").unwrap();
    std::thread::sleep(Duration::from_millis(30));
    master.write_all(b"C\r\n").unwrap();
    assert_eq!(
        running.scan(),
        (
            "0109506000134352\u{1d}10ABC".to_owned(),
            Some("]d2".to_owned())
        )
    );
    // A burst with two terminators is two scans.
    master.write_all(b"FIRST\rSECOND\n").unwrap();
    assert_eq!(running.scan().0, "FIRST");
    assert_eq!(running.scan().0, "SECOND");
    // A fragment that goes quiet is reported, never taken as a scan.
    master.write_all(b"HALF").unwrap();
    let (event, _) = running.wait_for(Duration::from_secs(3), |event| {
        matches!(event, InputEvent::Dropped { .. } | InputEvent::Scan(_))
    });
    assert!(
        matches!(
            event,
            InputEvent::Dropped {
                reason: DropReason::Fragment,
                ..
            }
        ),
        "{event:?}"
    );
    let stopped_in = running.stop();
    assert!(
        stopped_in < Duration::from_millis(300),
        "stop took {stopped_in:?}"
    );
}

/// `terminator = "cr"` and `"lf"` alone on a PTY: the other byte is not a terminator (it is
/// reported as noise, with a hint), and a scan that ends with it only is a fragment.
#[test]
fn cr_only_and_lf_only_terminators() {
    for (terminator, first, second, other) in [
        (Terminator::Cr, b"ONE\rTWO\r", b"THREE\r\n", b"HALF\n"),
        (Terminator::Lf, b"ONE\nTWO\n", b"THREE\r\n", b"HALF\r"),
    ] {
        let (mut master, _slave, name) = pty();
        let mut config = serial_config(&name);
        config.terminator = Some(OneOrMany::One(terminator));
        let running = Running::start(&config);
        running.connected();
        master.write_all(first).unwrap();
        assert_eq!(running.scan().0, "ONE", "{terminator:?}");
        assert_eq!(running.scan().0, "TWO", "{terminator:?}");
        // CR LF where only one of them ends scans: one scan, the other byte is noise (before
        // the scan with `lf`, after it with `cr`).
        master.write_all(second).unwrap();
        let (event, mut seen) = running.wait_for(Duration::from_secs(3), |event| {
            matches!(event, InputEvent::Scan(_))
        });
        assert!(
            matches!(&event, InputEvent::Scan(scan) if scan.bytes == b"THREE" && !scan.is_damaged()),
            "{terminator:?}: {event:?}"
        );
        if terminator == Terminator::Cr {
            seen.push(
                running
                    .wait_for(Duration::from_secs(3), |event| {
                        matches!(event, InputEvent::Dropped { .. })
                    })
                    .0,
            );
        }
        assert!(
            matches!(&seen[..], [InputEvent::Dropped { reason: DropReason::Noise, detail, .. }] if detail.contains("crlf")),
            "{terminator:?}: {seen:?}"
        );
        // Ending with the other byte is not a scan: it goes quiet and is a fragment.
        master.write_all(other).unwrap();
        let (event, _) = running.wait_for(Duration::from_secs(3), |event| {
            matches!(
                event,
                InputEvent::Dropped {
                    reason: DropReason::Fragment,
                    ..
                } | InputEvent::Scan(_)
            )
        });
        assert!(
            matches!(&event, InputEvent::Dropped { reason: DropReason::Fragment, detail, .. } if detail.contains("HALF")),
            "{terminator:?}: {event:?}"
        );
        running.stop();
    }
}

/// A complete scan that arrives together with the hang-up (one `poll` reporting data and
/// `POLLHUP`) is delivered before the loss is reported. A pipe gives exactly that state;
/// a pseudo-terminal cannot, because Linux discards a tty's unread input on hang-up, and
/// killing socat right after the write loses the bytes inside socat before they reach the
/// station (measured: 0 of 20 with SIGKILL), which no reader could prevent.
#[test]
fn scan_arriving_with_the_hang_up_is_delivered() {
    let mut fds = [0; 2];
    // SAFETY: a valid array of two descriptors for pipe(2).
    assert_eq!(unsafe { libc::pipe(fds.as_mut_ptr()) }, 0);
    let (read_end, write_end) = (fds[0], fds[1]);
    let data = b"BEFORE\rLAST\rHALF";
    // SAFETY: `write_end` is open; `data` is valid for its length.
    let written = unsafe { libc::write(write_end, data.as_ptr().cast(), data.len()) };
    assert_eq!(usize::try_from(written).unwrap(), data.len());
    // SAFETY: closing our own descriptor: the reader now sees data and the hang-up at once.
    unsafe { libc::close(write_end) };
    let (tx, rx) = crossbeam_channel::unbounded();
    let stop = AtomicBool::new(false);
    let mut framer = Framer::new(serial_config("/unused").framing_options());
    let ended = read_until_lost("dock1", read_end, &mut framer, Instant::now(), &tx, &stop);
    assert!(matches!(ended, ReadEnd::Lost(_)), "{ended:?}");
    let scans: Vec<Vec<u8>> = rx
        .try_iter()
        .filter_map(|event| match event {
            InputEvent::Scan(scan) => Some(scan.bytes),
            _ => None,
        })
        .collect();
    assert_eq!(scans, vec![b"BEFORE".to_vec(), b"LAST".to_vec()]);
    // The half scan is still in the framer; `run` reports it as a fragment when it flushes.
    assert!(framer.is_pending());
    // SAFETY: closing our own descriptor.
    unsafe { libc::close(read_end) };
}

#[test]
fn idle_timeout_ends_scans_without_terminator() {
    let (mut master, _slave, name) = pty();
    let mut config = serial_config(&name);
    config.terminator = Some(OneOrMany::One(Terminator::None));
    config.idle_timeout_ms = Some(40);
    let running = Running::start(&config);
    running.connected();
    master.write_all(b"ABC").unwrap();
    std::thread::sleep(Duration::from_millis(10));
    master.write_all(b"123").unwrap();
    assert_eq!(running.scan().0, "ABC123");
    std::thread::sleep(Duration::from_millis(100));
    master.write_all(b"NEXT").unwrap();
    assert_eq!(running.scan().0, "NEXT");
    running.stop();
}

#[test]
fn exclusive_lock_keeps_a_second_reader_out() {
    let (_master, _slave, name) = pty();
    let first = open_port(&name, 9600, true).unwrap();
    let error = open_port(&name, 9600, true).unwrap_err();
    assert!(
        error.to_string().contains("in use by another program"),
        "{error}"
    );
    drop(first);
    let exclusive = open_port(&name, 9600, true).unwrap();
    // exclusive = false can neither take a port someone holds exclusively ...
    assert!(open_port(&name, 9600, false).is_err());
    drop(exclusive);
    // ... nor keeps another non-exclusive reader out (it never locks exclusively, not even
    // for a moment while opening).
    let shared = open_port(&name, 9600, false).unwrap();
    let second_shared = open_port(&name, 9600, false).unwrap();
    assert!(open_port(&name, 9600, true).is_err());
    drop((shared, second_shared));
}

#[test]
fn source_reports_busy_port() {
    let (_master, _slave, name) = pty();
    let _holder = open_port(&name, 9600, true).unwrap();
    let running = Running::start(&serial_config(&name));
    let (event, _) = running.wait_for(Duration::from_secs(3), |event| {
        matches!(event, InputEvent::Status { .. })
    });
    match event {
        InputEvent::Status { state, message, .. } => {
            assert_eq!(state, DeviceState::OpenFailed);
            assert!(message.contains("exclusive lock"), "{message}");
        }
        _ => unreachable!(),
    }
    running.stop();
}

/// socat joining two pseudo-terminals whose paths are links in `dir`: `scanner` (read by the
/// station) and `feeder` (written by the test). Killing it is an unplug.
struct Socat {
    child: Child,
}

impl Socat {
    fn start(dir: &Path) -> Socat {
        let scanner = dir.join("scanner");
        let feeder = dir.join("feeder");
        let child = Command::new("socat")
            .arg(format!("PTY,link={},raw,echo=0", scanner.display()))
            .arg(format!("PTY,link={},raw,echo=0", feeder.display()))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("socat is needed for the unplug test: apt-get install socat");
        let deadline = Instant::now() + Duration::from_secs(5);
        while !(scanner.exists() && feeder.exists()) {
            assert!(Instant::now() < deadline, "socat did not create its links");
            std::thread::sleep(Duration::from_millis(10));
        }
        Socat { child }
    }

    fn feeder(dir: &Path) -> std::fs::File {
        std::fs::OpenOptions::new()
            .write(true)
            .open(dir.join("feeder"))
            .unwrap()
    }

    fn unplug(mut self, dir: &Path) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
        // socat removes its links on exit; make sure they are gone like an unplugged by-id link.
        let deadline = Instant::now() + Duration::from_secs(2);
        while dir.join("scanner").exists() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(10));
        }
        let _ = std::fs::remove_file(dir.join("scanner"));
        let _ = std::fs::remove_file(dir.join("feeder"));
    }
}

#[test]
fn unplug_and_replug_with_link_recreated() {
    let dir = tempfile::tempdir().unwrap();
    let link: PathBuf = dir.path().join("scanner");
    let socat = Socat::start(dir.path());
    let running = Running::start(&serial_config(link.to_str().unwrap()));
    running.connected();
    let mut feeder = Socat::feeder(dir.path());
    feeder.write_all(b"BEFORE-1\rBEFORE-2\r").unwrap();
    feeder.flush().unwrap();
    assert_eq!(running.scan().0, "BEFORE-1");
    assert_eq!(running.scan().0, "BEFORE-2");
    // Half a scan, then the cable is pulled: the half is reported, not lost and not a scan.
    feeder.write_all(b"PARTIAL").unwrap();
    feeder.flush().unwrap();
    std::thread::sleep(Duration::from_millis(50));
    drop(feeder);
    socat.unplug(dir.path());
    let (event, before) = running.wait_for(Duration::from_secs(3), |event| {
        matches!(
            event,
            InputEvent::Status {
                state: DeviceState::Disconnected,
                ..
            }
        )
    });
    assert!(matches!(event, InputEvent::Status { .. }));
    assert!(
        before.iter().any(|event| matches!(event, InputEvent::Dropped { reason: DropReason::Fragment, detail, .. } if detail.contains("PARTIAL"))),
        "the partial scan must be reported: {before:?}"
    );
    std::thread::sleep(Duration::from_millis(300));
    // Plugged back in: the link reappears and reading resumes within the 1 s backoff.
    let replugged_at = Instant::now();
    let socat = Socat::start(dir.path());
    let (_, skipped) = running.wait_for(Duration::from_secs(3), |event| {
        matches!(
            event,
            InputEvent::Status {
                state: DeviceState::Connected,
                ..
            }
        )
    });
    assert!(
        replugged_at.elapsed() < Duration::from_millis(1500),
        "reconnect took {:?}",
        replugged_at.elapsed()
    );
    assert!(
        skipped
            .iter()
            .all(|event| matches!(event, InputEvent::Status { .. })),
        "{skipped:?}"
    );
    let mut feeder = Socat::feeder(dir.path());
    feeder.write_all(b"AFTER\r").unwrap();
    feeder.flush().unwrap();
    assert_eq!(running.scan().0, "AFTER");
    running.stop();
    socat.unplug(dir.path());
}

#[test]
fn missing_path_is_reported_and_retried() {
    let dir = tempfile::tempdir().unwrap();
    let link = dir.path().join("scanner");
    let running = Running::start(&serial_config(link.to_str().unwrap()));
    let (event, _) = running.wait_for(Duration::from_secs(3), |event| {
        matches!(event, InputEvent::Status { .. })
    });
    assert!(
        matches!(&event, InputEvent::Status { state: DeviceState::NotFound, message, .. } if message.contains("scanstation devices")),
        "{event:?}"
    );
    let socat = Socat::start(dir.path());
    running.connected();
    let mut feeder = Socat::feeder(dir.path());
    feeder.write_all(b"LATE\r").unwrap();
    feeder.flush().unwrap();
    assert_eq!(running.scan().0, "LATE");
    let stopped_in = running.stop();
    assert!(
        stopped_in < Duration::from_millis(300),
        "stop took {stopped_in:?}"
    );
    socat.unplug(dir.path());
}
