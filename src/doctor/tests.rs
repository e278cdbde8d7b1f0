//! Tests for `doctor`: targets from the daemon's `Config`, each check on temporary files, folders,
//! pseudo-terminals and loopback ports, the pure clock and disk decisions, and the JSON shape.
//!
//! Permission *denials* are not exercised on real files: CI runs as root, which passes every
//! access check. `permission_fix` (what the user is told) is tested on file modes instead.

use std::fs::{self, File};
use std::net::TcpListener;
use std::os::unix::fs::PermissionsExt;
use std::time::Duration;

use chrono::{TimeZone, Utc};
use tempfile::TempDir;

use super::*;

fn at(year: i32, month: u32, day: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(year, month, day, 12, 0, 0)
        .single()
        .unwrap()
}

fn statuses(checks: &[Check]) -> Vec<(String, Status)> {
    checks
        .iter()
        .map(|check| (check.name.clone(), check.status))
        .collect()
}

/// A pseudo-terminal's slave path (a real character device), kept open by the returned fd.
struct Pty {
    master: libc::c_int,
    path: PathBuf,
}

impl Pty {
    fn open() -> Pty {
        // SAFETY: plain libc calls on a descriptor we own; ptsname_r writes into our buffer.
        unsafe {
            let master = libc::posix_openpt(libc::O_RDWR | libc::O_NOCTTY);
            assert!(master >= 0, "posix_openpt failed");
            assert_eq!(libc::grantpt(master), 0);
            assert_eq!(libc::unlockpt(master), 0);
            let mut buffer = [0 as libc::c_char; 128];
            assert_eq!(
                libc::ptsname_r(master, buffer.as_mut_ptr(), buffer.len()),
                0
            );
            let path = CStr::from_ptr(buffer.as_ptr())
                .to_string_lossy()
                .into_owned();
            Pty {
                master,
                path: PathBuf::from(path),
            }
        }
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        // SAFETY: closing the descriptor opened in `open`.
        unsafe {
            libc::close(self.master);
        }
    }
}

const FULL_CONFIG: &str = r#"
[station]
id = "DOCK1"
labels_dir = "LABELS"

[store]
path = "/srv/station.db"

[[scanner]]
id = "dock"
kind = "serial"
path = "/dev/scanner-dock"

[[scanner]]
id = "wedge"
kind = "hid"
path = "/dev/input/by-id/usb-scanner-event-kbd"
exclusive = false

[[scanner]]
id = "wedge2"
kind = "hid"
name = "Honeywell*"

[[scanner]]
id = "keyboard"
kind = "stdin"

[[printer]]
name = "zt411"
transport = "tcp"
address = "192.0.2.10:9100"
dpi = 203
width_mm = 60.0
height_mm = 35.0

[[printer]]
name = "usbzebra"
transport = "usb"
device = "/dev/labelprinter-zt230"
dpi = 203
width_mm = 60.0
height_mm = 35.0

[[printer]]
name = "serialzebra"
transport = "serial"
device = "/dev/ttyUSB0"
dpi = 203
width_mm = 60.0
height_mm = 35.0

[[printer]]
name = "folder"
transport = "file"
path = "out/labels"
dpi = 203
width_mm = 60.0
height_mm = 35.0
"#;

#[test]
fn targets_come_from_the_daemons_config() {
    let config = crate::config::Config::from_toml(FULL_CONFIG, None).unwrap();
    let targets = Targets::from_config(&config);
    assert_eq!(targets.db, PathBuf::from("/srv/station.db"));
    assert_eq!(targets.station_id.as_deref(), Some("DOCK1"));
    assert_eq!(targets.labels_dir, Some(PathBuf::from("LABELS")));
    let scanners: Vec<(&str, ScannerKind, Option<&str>, bool)> = targets
        .scanners
        .iter()
        .map(|scanner| {
            (
                scanner.id.as_str(),
                scanner.kind,
                scanner.path.as_deref().and_then(Path::to_str),
                scanner.exclusive,
            )
        })
        .collect();
    assert_eq!(
        scanners,
        vec![
            ("dock", ScannerKind::Serial, Some("/dev/scanner-dock"), true),
            (
                "wedge",
                ScannerKind::Hid,
                Some("/dev/input/by-id/usb-scanner-event-kbd"),
                false
            ),
            ("wedge2", ScannerKind::Hid, None, true),
            ("keyboard", ScannerKind::Stdin, None, true),
        ]
    );
    assert_eq!(
        targets.printers,
        vec![
            PrinterTarget {
                name: "zt411".into(),
                transport: PrinterTransport::Tcp {
                    address: "192.0.2.10:9100".into()
                }
            },
            PrinterTarget {
                name: "usbzebra".into(),
                transport: PrinterTransport::Usb {
                    device: "/dev/labelprinter-zt230".into()
                }
            },
            PrinterTarget {
                name: "serialzebra".into(),
                transport: PrinterTransport::Serial {
                    device: "/dev/ttyUSB0".into()
                }
            },
            PrinterTarget {
                name: "folder".into(),
                transport: PrinterTransport::File {
                    path: "out/labels".into()
                }
            },
        ]
    );
    assert!(!targets.gpio_configured);
}

#[test]
fn the_shipped_station_config_is_what_doctor_reads() {
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("config/station.toml");
    let (targets, check) = resolve_targets(Some(&shipped), &[], None);
    assert_eq!(check.status, Status::Ok, "{}", check.detail);
    assert_eq!(targets.db, PathBuf::from(DEFAULT_DB));
    assert_eq!(
        targets.labels_dir,
        Some(PathBuf::from("/usr/share/scanstation/labels")),
        "the package installs the labels where the shipped config looks for them"
    );
}

#[test]
fn resolve_targets_reports_the_config_it_used() {
    let dir = TempDir::new().unwrap();
    let good = dir.path().join("station.toml");
    fs::write(
        &good,
        "[station]\nid = \"pi7\"\n[store]\npath = \"a.db\"\n[[scanner]]\nid = \"s\"\nkind = \"stdin\"\n",
    )
    .unwrap();
    let bad = dir.path().join("bad.toml");
    fs::write(&bad, "[store\n").unwrap();
    let invalid = dir.path().join("invalid.toml");
    fs::write(
        &invalid,
        "[station]\nid = \"dock 1!\"\n[[printer]]\nname = \"p\"\ntransport = \"tcp\"\ndpi = 203\nwidth_mm = 60.0\nheight_mm = 35.0\n",
    )
    .unwrap();
    let missing = dir.path().join("missing.toml");

    let (targets, check) = resolve_targets(Some(&good), &[], None);
    assert_eq!(check.status, Status::Ok);
    assert!(
        check
            .detail
            .ends_with("station.toml: station pi7, 1 scanner(s), 0 printer(s)"),
        "{}",
        check.detail
    );
    assert_eq!(targets.db, PathBuf::from("a.db"));
    assert_eq!(targets.station_id.as_deref(), Some("pi7"));

    let (targets, _) = resolve_targets(Some(&good), &[], Some(Path::new("b.db")));
    assert_eq!(
        targets.db,
        PathBuf::from("b.db"),
        "--db wins over [store] path"
    );
    assert_eq!(targets.station_id, None, "--db names a file of any station");

    let (_, check) = resolve_targets(Some(&bad), &[], None);
    assert_eq!(check.status, Status::Fail);
    assert!(
        check.detail.contains("is not valid TOML"),
        "{}",
        check.detail
    );

    // Every problem the daemon would refuse is named with its key, and a fix is given.
    let (targets, check) = resolve_targets(Some(&invalid), &[], None);
    assert_eq!(check.status, Status::Fail);
    assert!(check.detail.contains("station.id"), "{}", check.detail);
    assert!(check.detail.contains("printer"), "{}", check.detail);
    assert!(check.fix.as_deref().unwrap().contains("--check"));
    assert_eq!(
        targets.db,
        PathBuf::from(DEFAULT_DB),
        "the defaults are still checked"
    );

    let (targets, check) = resolve_targets(Some(&missing), &[], None);
    assert_eq!(check.status, Status::Fail);
    assert!(check.detail.starts_with("cannot read"), "{}", check.detail);
    assert_eq!(targets.db, PathBuf::from(DEFAULT_DB));

    let (_, check) = resolve_targets(None, &[missing.as_path(), good.as_path()], None);
    assert_eq!(
        check.status,
        Status::Ok,
        "the first candidate that exists is used"
    );

    let (_, check) = resolve_targets(None, &[missing.as_path()], None);
    assert_eq!(check.status, Status::Warn);
    assert!(check.detail.contains("missing.toml"));
}

#[test]
fn database_missing_file_missing_dir_and_not_a_file() {
    let dir = TempDir::new().unwrap();
    let checks = check_database(&dir.path().join("station.db"), None);
    assert_eq!(statuses(&checks), vec![("database".into(), Status::Warn)]);
    assert!(checks[0].detail.contains("does not exist yet"));

    let checks = check_database(&dir.path().join("nope/station.db"), None);
    assert_eq!(statuses(&checks), vec![("database".into(), Status::Fail)]);
    assert!(checks[0]
        .fix
        .as_deref()
        .unwrap()
        .contains("sudo install -d -o scanstation"));

    let checks = check_database(dir.path(), None);
    assert_eq!(statuses(&checks), vec![("database".into(), Status::Fail)]);
    assert!(checks[0].detail.contains("is not a regular file"));
}

/// A station database made by the store, as the daemon makes it.
fn station_database(dir: &Path, station_id: &str) -> PathBuf {
    let db = dir.join("station.db");
    let options = OpenOptions {
        station_id: Some(station_id.into()),
        ..OpenOptions::default()
    };
    drop(Store::open(&db, &options).unwrap());
    db
}

#[test]
fn database_healthy_opens_as_the_daemon_does() {
    let dir = TempDir::new().unwrap();
    let db = station_database(dir.path(), "dock1");
    // Doctor runs beside the live daemon: keep a writer's connection open meanwhile.
    let writer = Store::open(&db, &OpenOptions::default()).unwrap();
    let checks = check_database(&db, Some("dock1"));
    assert_eq!(
        statuses(&checks),
        vec![
            ("database".into(), Status::Ok),
            ("database.integrity".into(), Status::Ok)
        ]
    );
    let supported = MIGRATIONS.last().unwrap().0;
    assert_eq!(
        checks[1].detail,
        format!(
            "opened as the daemon does: quick_check ok, schema version {supported}, station dock1"
        )
    );
    assert!(checks[1].fix.is_none());
    drop(writer);
}

#[test]
fn database_of_another_station_fails_with_what_to_change() {
    let dir = TempDir::new().unwrap();
    let db = station_database(dir.path(), "dock1");
    let check = check_integrity(&db, Some("line2"));
    assert_eq!(check.status, Status::Fail);
    assert!(
        check.detail.contains("belongs to station"),
        "{}",
        check.detail
    );
    assert!(check.fix.as_deref().unwrap().contains("[station] id"));
    // Without a station to compare (--db), the same file is fine.
    assert_eq!(check_integrity(&db, None).status, Status::Ok);
}

#[test]
fn database_older_or_newer_schema() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("station.db");
    let connection = rusqlite::Connection::open(&db).unwrap();
    connection
        .execute_batch(
            "PRAGMA user_version = 1; CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);",
        )
        .unwrap();
    let old = check_integrity(&db, Some("dock1"));
    assert_eq!(old.status, Status::Warn, "{}", old.detail);
    assert!(
        old.detail.contains("schema version 1, older"),
        "{}",
        old.detail
    );
    assert!(old.fix.as_deref().unwrap().contains("migrates"));
    let version: i64 = connection
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .unwrap();
    assert_eq!(version, 1, "doctor does not migrate");

    connection
        .execute_batch("PRAGMA user_version = 999;")
        .unwrap();
    let new = check_integrity(&db, None);
    assert_eq!(new.status, Status::Fail);
    assert!(
        new.detail.contains("newer than this scanstation"),
        "{}",
        new.detail
    );
}

#[test]
fn labels_folder() {
    let dir = TempDir::new().unwrap();
    assert_eq!(
        check_labels_dir(&dir.path().join("none")).status,
        Status::Warn
    );
    assert_eq!(check_labels_dir(dir.path()).status, Status::Warn);
    fs::write(dir.path().join("serial.toml"), "").unwrap();
    let check = check_labels_dir(dir.path());
    assert_eq!(check.status, Status::Ok);
    assert!(check.detail.starts_with("1 label template(s)"));
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("labels");
    assert_eq!(check_labels_dir(&shipped).status, Status::Ok);
}

#[test]
fn database_garbage_file_fails_integrity() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("station.db");
    fs::write(&db, vec![0x5a_u8; 8192]).unwrap();
    let checks = check_database(&db, None);
    assert_eq!(
        statuses(&checks),
        vec![
            ("database".into(), Status::Ok),
            ("database.integrity".into(), Status::Fail)
        ]
    );
    assert!(
        checks[1].detail.contains("not a usable SQLite database"),
        "{}",
        checks[1].detail
    );
    assert!(checks[1]
        .fix
        .as_deref()
        .unwrap()
        .contains("copy the station.db* files aside"));
}

#[test]
fn database_with_damaged_pages_fails_quick_check() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("station.db");
    {
        let connection = rusqlite::Connection::open(&db).unwrap();
        connection
            .execute_batch(
                "PRAGMA page_size = 4096;
                 CREATE TABLE scan (id INTEGER PRIMARY KEY, data TEXT);
                 CREATE INDEX scan_data ON scan (data);",
            )
            .unwrap();
        let transaction = connection.unchecked_transaction().unwrap();
        for index in 0..2000 {
            transaction
                .execute(
                    "INSERT INTO scan (data) VALUES (?1)",
                    [format!("row-{index:06}-padding-padding")],
                )
                .unwrap();
        }
        transaction.commit().unwrap();
    }
    // Overwrite the middle pages (b-tree pages of the table and index) with noise.
    let mut bytes = fs::read(&db).unwrap();
    assert!(bytes.len() > 8 * 4096);
    for byte in &mut bytes[3 * 4096..6 * 4096] {
        *byte = 0xa5;
    }
    fs::write(&db, &bytes).unwrap();
    let checks = check_database(&db, None);
    assert_eq!(checks[1].name, "database.integrity");
    assert_eq!(checks[1].status, Status::Fail, "{}", checks[1].detail);
}

#[test]
fn disk_thresholds() {
    let dir = Path::new("/var/lib/scanstation");
    let check = |free: u64| disk_check(dir, free).status;
    assert_eq!(check(0), Status::Fail);
    assert_eq!(check(DISK_FAIL_BYTES - 1), Status::Fail);
    assert_eq!(check(DISK_FAIL_BYTES), Status::Warn);
    assert_eq!(check(DISK_WARN_BYTES - 1), Status::Warn);
    assert_eq!(check(DISK_WARN_BYTES), Status::Ok);
    assert_eq!(
        disk_check(dir, 3 * 1024 * 1024 * 1024).detail,
        "3072 MiB free on the filesystem of /var/lib/scanstation"
    );
    assert_eq!(
        disk_check(dir, 10 * 1024 * 1024).detail,
        "10 MiB free on the filesystem of /var/lib/scanstation: below 50 MB, scans may fail to commit"
    );
}

#[test]
fn disk_is_measured_on_the_nearest_existing_directory() {
    let dir = TempDir::new().unwrap();
    let check = check_disk(&dir.path().join("not/yet/station.db"));
    assert_eq!(check.name, "disk");
    let expected = format!("free on the filesystem of {}", dir.path().display());
    assert!(check.detail.contains(&expected), "{}", check.detail);
}

#[test]
fn clock_decisions() {
    let build = at(2026, 11, 1);
    let synced = NtpSync::Synchronized;
    let cases: Vec<(&str, Check)> = vec![
        (
            "sane, synced",
            clock_check(at(2026, 11, 25), build, None, &synced),
        ),
        (
            "unset",
            clock_check(at(1970, 1, 1), DateTime::UNIX_EPOCH, None, &synced),
        ),
        (
            "before 2024",
            clock_check(at(2023, 12, 31), DateTime::UNIX_EPOCH, None, &synced),
        ),
        (
            "before build",
            clock_check(at(2026, 10, 1), build, None, &synced),
        ),
        (
            "file from the future",
            clock_check(
                at(2026, 11, 25),
                build,
                Some((
                    PathBuf::from("/var/lib/scanstation/station.db-wal"),
                    at(2026, 12, 1),
                )),
                &synced,
            ),
        ),
        (
            "file a minute ahead",
            clock_check(
                at(2026, 11, 25),
                build,
                Some((
                    PathBuf::from("station.db"),
                    at(2026, 11, 25) + chrono::TimeDelta::minutes(1),
                )),
                &synced,
            ),
        ),
        (
            "far ahead",
            clock_check(at(2050, 1, 1), build, None, &synced),
        ),
        (
            "not synced",
            clock_check(at(2026, 11, 25), build, None, &NtpSync::NotSynchronized),
        ),
        (
            "unknown",
            clock_check(
                at(2026, 11, 25),
                build,
                None,
                &NtpSync::Unknown("no systemd".into()),
            ),
        ),
    ];
    let got: Vec<(&str, Status)> = cases
        .iter()
        .map(|(case, check)| (*case, check.status))
        .collect();
    assert_eq!(
        got,
        vec![
            ("sane, synced", Status::Ok),
            ("unset", Status::Fail),
            ("before 2024", Status::Fail),
            ("before build", Status::Fail),
            ("file from the future", Status::Fail),
            ("file a minute ahead", Status::Ok),
            ("far ahead", Status::Warn),
            ("not synced", Status::Warn),
            ("unknown", Status::Ok),
        ]
    );
    assert_eq!(
        cases[0].1.detail,
        "2026-11-25 12:00:00 UTC, NTP synchronized"
    );
    assert!(cases[4]
        .1
        .detail
        .contains("station.db-wal was written at 2026-12-01"));
    assert!(cases[1]
        .1
        .fix
        .as_deref()
        .unwrap()
        .contains("timedatectl set-ntp true"));
    assert_eq!(
        cases[8].1.detail,
        "2026-11-25 12:00:00 UTC looks plausible; NTP state unknown: no systemd"
    );
}

#[test]
fn newest_file_in_the_database_directory() {
    let dir = TempDir::new().unwrap();
    let old = dir.path().join("station.db");
    let new = dir.path().join("station.db-wal");
    for (path, when) in [(&old, at(2025, 1, 1)), (&new, at(2026, 2, 3))] {
        let file = File::create(path).unwrap();
        file.set_modified(when.into()).unwrap();
    }
    assert_eq!(newest_file_near(&old), Some((new, at(2026, 2, 3))));
    assert_eq!(newest_file_near(&dir.path().join("none/station.db")), None);
}

#[test]
fn build_time_is_recorded() {
    assert!(build_time().year() >= MIN_SANE_YEAR, "{}", build_time());
}

#[test]
fn serial_scanner_on_a_pseudo_terminal() {
    let pty = Pty::open();
    let scanner = ScannerTarget {
        id: "dock".into(),
        kind: ScannerKind::Serial,
        path: Some(pty.path.clone()),
        name: None,
        exclusive: true,
    };
    let checks = check_scanner(&scanner);
    assert_eq!(statuses(&checks), vec![("scanner.dock".into(), Status::Ok)]);
    assert_eq!(
        checks[0].detail,
        format!("{} is readable and writable", pty.path.display())
    );
}

#[test]
fn serial_scanner_missing_plain_file_or_without_path() {
    let dir = TempDir::new().unwrap();
    let plain = dir.path().join("ttyFAKE");
    fs::write(&plain, "").unwrap();
    let serial = |path: Option<PathBuf>| {
        check_scanner(&ScannerTarget {
            id: "s".into(),
            kind: ScannerKind::Serial,
            path,
            name: None,
            exclusive: true,
        })
    };
    let missing = serial(Some(dir.path().join("ttyACM9")));
    assert_eq!(missing[0].status, Status::Warn);
    assert!(missing[0].detail.contains("is not present"));
    let not_a_device = serial(Some(plain));
    assert_eq!(not_a_device[0].status, Status::Warn);
    assert!(not_a_device[0].detail.contains("not a character device"));
    assert_eq!(serial(None)[0].status, Status::Fail);
}

#[test]
fn hid_scanner_fake_device_cannot_be_grabbed() {
    let dir = TempDir::new().unwrap();
    let fake = dir.path().join("event-kbd");
    fs::write(&fake, vec![0_u8; 64]).unwrap();
    let checks = check_scanner(&ScannerTarget {
        id: "wedge".into(),
        kind: ScannerKind::Hid,
        path: Some(fake.clone()),
        name: None,
        exclusive: true,
    });
    assert_eq!(
        statuses(&checks),
        vec![
            ("scanner.wedge".into(), Status::Ok),
            ("scanner.wedge.grab".into(), Status::Fail)
        ]
    );
    assert!(
        checks[1].detail.contains("is not an input event device"),
        "{}",
        checks[1].detail
    );

    let shared = check_scanner(&ScannerTarget {
        id: "wedge".into(),
        kind: ScannerKind::Hid,
        path: Some(fake.clone()),
        name: None,
        exclusive: false,
    });
    assert_eq!(
        statuses(&shared),
        vec![("scanner.wedge".into(), Status::Ok)],
        "exclusive = false: no grab is attempted"
    );

    let missing = check_scanner(&ScannerTarget {
        id: "wedge".into(),
        kind: ScannerKind::Hid,
        path: Some(dir.path().join("event99")),
        name: None,
        exclusive: true,
    });
    assert_eq!(
        statuses(&missing),
        vec![("scanner.wedge".into(), Status::Warn)]
    );
}

#[test]
fn stdin_and_image_dir_scanners() {
    let dir = TempDir::new().unwrap();
    let stdin = check_scanner(&ScannerTarget {
        id: "k".into(),
        kind: ScannerKind::Stdin,
        path: None,
        name: None,
        exclusive: true,
    });
    assert_eq!(stdin[0].status, Status::Ok);
    let folder = |path: PathBuf| {
        check_scanner(&ScannerTarget {
            id: "cam".into(),
            kind: ScannerKind::ImageDir,
            path: Some(path),
            name: None,
            exclusive: true,
        })[0]
            .status
    };
    assert_eq!(folder(dir.path().to_path_buf()), Status::Ok);
    assert_eq!(folder(dir.path().join("missing")), Status::Warn);
}

#[test]
fn input_devices_listing() {
    let dir = TempDir::new().unwrap();
    assert_eq!(check_input_devices(dir.path()).status, Status::Warn);
    for name in ["event0", "event1", "mice"] {
        fs::write(dir.path().join(name), "").unwrap();
    }
    let check = check_input_devices(dir.path());
    assert_eq!(check.status, Status::Ok);
    assert_eq!(
        check.detail,
        format!("2 of 2 event devices in {} readable", dir.path().display())
    );
    assert_eq!(
        check_input_devices(&dir.path().join("none")).status,
        Status::Fail
    );
}

#[test]
fn tcp_printer_open_and_closed_ports() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let open = listener.local_addr().unwrap();
    let closed = {
        let other = TcpListener::bind("127.0.0.1:0").unwrap();
        other.local_addr().unwrap()
    };
    let tcp = |address: String| {
        check_printer(
            &PrinterTarget {
                name: "zt".into(),
                transport: PrinterTransport::Tcp { address },
            },
            Duration::from_millis(500),
        )
    };
    let ok = tcp(open.to_string());
    assert_eq!((ok.name.as_str(), ok.status), ("printer.zt", Status::Ok));
    assert!(ok.detail.starts_with(&format!("connected to {open} in ")));

    let refused = tcp(closed.to_string());
    assert_eq!(refused.status, Status::Fail);
    assert!(
        refused
            .detail
            .starts_with(&format!("no connection to {closed} within 500 ms")),
        "{}",
        refused.detail
    );
    assert!(refused.fix.as_deref().unwrap().contains("9100"));

    let no_port = tcp("127.0.0.1".into());
    assert_eq!(no_port.status, Status::Fail);
    assert!(no_port.detail.starts_with("cannot resolve 127.0.0.1"));
    drop(listener);
}

#[test]
fn device_and_folder_printers() {
    let dir = TempDir::new().unwrap();
    let lp = dir.path().join("lp0");
    fs::write(&lp, "").unwrap();
    let printer = |transport: PrinterTransport| {
        check_printer(
            &PrinterTarget {
                name: "p".into(),
                transport,
            },
            Duration::from_millis(100),
        )
        .status
    };
    assert_eq!(
        printer(PrinterTransport::Usb { device: lp.clone() }),
        Status::Ok
    );
    assert_eq!(printer(PrinterTransport::Serial { device: lp }), Status::Ok);
    assert_eq!(
        printer(PrinterTransport::Usb {
            device: dir.path().join("lp9")
        }),
        Status::Warn
    );
    assert_eq!(
        printer(PrinterTransport::File {
            path: dir.path().to_path_buf()
        }),
        Status::Ok
    );
    assert_eq!(
        printer(PrinterTransport::File {
            path: dir.path().join("out")
        }),
        Status::Warn
    );
}

#[test]
fn gpio_off_a_pi_is_a_warning() {
    let dir = TempDir::new().unwrap();
    let missing = dir.path().join("gpiomem");
    let not_a_pi = GpioProbe::NotAPi {
        reason: "Unknown Raspberry Pi model".into(),
    };
    for configured in [false, true] {
        let check = check_gpio(&not_a_pi, std::slice::from_ref(&missing), configured);
        assert_eq!(check.status, Status::Warn, "{}", check.detail);
        assert!(
            check.detail.contains("Unknown Raspberry Pi model")
                && check.detail.contains("feedback goes to the log"),
            "{}",
            check.detail
        );
        assert!(check.fix.as_deref().unwrap().contains("Raspberry Pi OS"));
    }
}

#[test]
fn gpio_on_a_pi_available_or_failing() {
    let dir = TempDir::new().unwrap();
    let fake = dir.path().join("gpiomem");
    fs::write(&fake, "").unwrap();
    fs::set_permissions(&fake, fs::Permissions::from_mode(0o660)).unwrap();
    let missing = dir.path().join("gpiomem0");
    let paths = [missing.clone(), fake.clone()];

    let available = GpioProbe::Available {
        model: "Raspberry Pi 4 B".into(),
    };
    let check = check_gpio(&available, &paths, true);
    assert_eq!(check.status, Status::Ok);
    assert_eq!(
        check.detail,
        format!("Raspberry Pi 4 B: GPIO opened through {}", fake.display())
    );

    let denied = GpioProbe::Failed {
        model: "Raspberry Pi 5".into(),
        error: "Permission denied: /dev/gpiomem0".into(),
    };
    let unconfigured = check_gpio(&denied, &paths, false);
    assert_eq!(unconfigured.status, Status::Warn);
    assert!(unconfigured.detail.contains("Permission denied"));
    // The fix is about the device that exists, with its group.
    let fix = unconfigured.fix.unwrap();
    assert!(
        fix.contains(&fake.display().to_string()) && fix.contains("usermod -aG"),
        "{fix}"
    );
    assert_eq!(check_gpio(&denied, &paths, true).status, Status::Fail);

    let no_device = check_gpio(&denied, std::slice::from_ref(&missing), true);
    assert_eq!(no_device.status, Status::Fail);
    assert!(
        no_device.fix.as_deref().unwrap().contains("none of"),
        "{:?}",
        no_device.fix
    );
}

#[test]
fn gpio_probe_does_not_crash_here() {
    // Off a Pi (CI, a laptop, qemu-user) rppal cannot identify the board; on a Pi it either
    // opens the GPIO or says why not. Either way doctor gets an answer, not a panic.
    let probe = probe_gpio();
    let on_a_pi = GPIO_PATHS.iter().any(|path| Path::new(path).exists());
    if !on_a_pi {
        assert!(
            matches!(probe, GpioProbe::NotAPi { .. } | GpioProbe::Failed { .. }),
            "{probe:?}"
        );
    }
    let check = check_gpio(
        &probe,
        &GPIO_PATHS.iter().map(PathBuf::from).collect::<Vec<_>>(),
        false,
    );
    assert_ne!(check.status, Status::Fail, "{}", check.detail);
}

#[test]
fn permission_fixes_name_the_group_or_the_udev_rule() {
    let dir = TempDir::new().unwrap();
    let file = dir.path().join("device");
    fs::write(&file, "").unwrap();
    fs::set_permissions(&file, fs::Permissions::from_mode(0o660)).unwrap();
    let fix = permission_fix(&file, 0o060);
    assert!(
        fix.contains("(mode 660): add the user to it (sudo usermod -aG "),
        "{fix}"
    );
    fs::set_permissions(&file, fs::Permissions::from_mode(0o600)).unwrap();
    let fix = permission_fix(&file, 0o060);
    assert!(
        fix.contains("has mode 600") && fix.contains("sudo chown scanstation:"),
        "{fix}"
    );
    let pty = Pty::open();
    let fix = permission_fix(&pty.path, 0o004);
    assert!(
        fix.contains("add the user") || fix.contains("99-scanstation.rules"),
        "{fix}"
    );
    let fix = permission_fix(&dir.path().join("gone"), 0o060);
    assert!(fix.starts_with("check that"), "{fix}");
}

#[test]
fn user_check_warns_for_root() {
    assert_eq!(check_user(0).status, Status::Warn);
    let nobody = check_user(65534);
    assert_eq!(nobody.status, Status::Ok);
    assert!(nobody.detail.ends_with("(uid 65534)"));
}

#[test]
fn report_json_shape_and_worst_status() {
    let report = Report::new(vec![
        Check::ok("disk", "plenty"),
        Check::warn("clock", "not synced", "enable NTP"),
    ]);
    assert!(!report.has_failures());
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "status": "warn",
            "checks": [
                {"name": "disk", "status": "ok", "detail": "plenty", "fix": null},
                {"name": "clock", "status": "warn", "detail": "not synced", "fix": "enable NTP"}
            ]
        })
    );
    let failed = Report::new(vec![Check::fail("gpio", "no access", "add group")]);
    assert!(failed.has_failures());
    assert_eq!(Report::new(Vec::new()).status, Status::Ok);
}

#[test]
fn run_checks_covers_every_target_in_order() {
    let dir = TempDir::new().unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let targets = Targets {
        db: dir.path().join("station.db"),
        station_id: Some("dock1".into()),
        labels_dir: Some(dir.path().join("labels")),
        scanners: vec![
            ScannerTarget {
                id: "k".into(),
                kind: ScannerKind::Stdin,
                path: None,
                name: None,
                exclusive: true,
            },
            ScannerTarget {
                id: "w".into(),
                kind: ScannerKind::Hid,
                path: None,
                name: None,
                exclusive: true,
            },
        ],
        printers: vec![PrinterTarget {
            name: "zt".into(),
            transport: PrinterTransport::Tcp {
                address: listener.local_addr().unwrap().to_string(),
            },
        }],
        gpio_configured: false,
    };
    let environment = Environment {
        now: at(2026, 11, 25),
        build_time: at(2026, 11, 1),
        ntp: NtpSync::Synchronized,
        gpio: GpioProbe::NotAPi {
            reason: "Unknown Raspberry Pi model".into(),
        },
        gpio_paths: vec![dir.path().join("gpiomem")],
        input_dir: dir.path().join("input"),
        tcp_timeout: Duration::from_millis(500),
        effective_uid: 65534,
    };
    let checks = run_checks(&targets, &environment);
    assert_eq!(
        statuses(&checks),
        vec![
            ("user".into(), Status::Ok),
            ("database".into(), Status::Warn),
            ("disk".into(), checks[2].status),
            ("clock".into(), Status::Ok),
            ("scanner.k".into(), Status::Ok),
            ("scanner.w".into(), Status::Warn),
            ("scanner.w.calibration".into(), Status::Ok),
            ("input".into(), Status::Fail),
            ("labels".into(), Status::Warn),
            ("printer.zt".into(), Status::Ok),
            ("gpio".into(), Status::Warn),
        ]
    );
}

#[test]
fn calibration_results_are_shown_per_scanner() {
    use crate::input::calibrate::{check, save_result, CALIBRATION_PLAIN};
    use crate::input::{ScannerConfig, SourceKind};
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("station.db");
    let target = |id: &str, kind| ScannerTarget {
        id: id.into(),
        kind,
        path: Some("/dev/ttyACM0".into()),
        name: None,
        exclusive: true,
    };
    assert_eq!(
        check_calibration(&target("k", ScannerKind::Stdin), &db),
        None
    );
    let never = check_calibration(&target("s", ScannerKind::Serial), &db).unwrap();
    assert_eq!(never.status, Status::Ok);
    assert!(
        never.detail.starts_with("not calibrated yet"),
        "{}",
        never.detail
    );
    let mut config = ScannerConfig::new("s", SourceKind::Serial);
    config.path = Some("/dev/ttyACM0".into());
    let results = crate::input::calibrate::results_dir(&db);
    let failed = check(CALIBRATION_PLAIN, Some("]C0"), b"garbage", &config, &[]);
    save_result(&results, "s", &config, &[failed], "2026-12-04T10:00:00Z").unwrap();
    let warned = check_calibration(&target("s", ScannerKind::Serial), &db).unwrap();
    assert_eq!(warned.status, Status::Warn);
    assert!(warned.detail.contains("FAILED"), "{}", warned.detail);
    let passed = check(
        CALIBRATION_PLAIN,
        Some("]C0"),
        CALIBRATION_PLAIN.as_bytes(),
        &config,
        &[],
    );
    save_result(&results, "s", &config, &[passed], "2026-12-04T11:00:00Z").unwrap();
    let ok = check_calibration(&target("s", ScannerKind::Serial), &db).unwrap();
    assert_eq!(
        (ok.status, ok.detail.as_str()),
        (
            Status::Ok,
            "calibrated OK at 2026-12-04T11:00:00Z (layout us)"
        )
    );
}

/// Issue 9 review: an hid scanner chosen by name is looked up as the daemon would (number
/// order, name pattern, can type), not only counted.
#[test]
fn hid_scanner_by_name_is_looked_up() {
    let checks = check_scanner(&ScannerTarget {
        id: "wedge".into(),
        kind: ScannerKind::Hid,
        path: None,
        name: Some("*NoSuchScanner-7f3a*".into()),
        exclusive: true,
    });
    assert_eq!(
        statuses(&checks),
        vec![("scanner.wedge".into(), Status::Warn)]
    );
    assert!(
        checks[0].detail.contains("NoSuchScanner-7f3a"),
        "{}",
        checks[0].detail
    );
}
