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
use scanstation::input::serial::open_port;
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
    open_port(&name, 9600, true).unwrap();
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
