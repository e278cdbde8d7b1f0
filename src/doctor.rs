//! `scanstation doctor`: looks at the things a station needs from the machine it runs on —
//! the database file, free disk, a sane clock, access to the configured scanners, printers
//! and GPIO — and says, for each, what is wrong and what to do about it.
//!
//! Every check yields a [`Check`] (`name`, `status` ok | warn | fail, `detail`, `fix`), the
//! stable JSON of `scanstation doctor --json`. The decisions that do not need the machine
//! (disk thresholds, clock sanity) are pure functions taking the observed facts, so tests can
//! feed them any situation; the rest is tested on temporary files, loopback ports and
//! pseudo-terminals.
//!
//! The config is read with the daemon's own `Config::load`, so doctor judges exactly the
//! file the daemon would start with: a file the daemon would refuse fails the `config` check
//! with every problem and its key, and the machine checks (database at the default path,
//! disk, clock) still run. The database is opened with `Store::open` (no create, full
//! integrity check, station id from the config) when its schema is current; an older schema
//! is only read (`PRAGMA quick_check` on a read-only connection), because the daemon migrates
//! it on start, and doctor must not migrate a database behind a stopped service's back.

use std::ffi::{CStr, CString};
use std::fs;
use std::io::{self, Read};
use std::net::{TcpStream, ToSocketAddrs};
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::{FileTypeExt, MetadataExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

use chrono::{DateTime, Datelike, Utc};
use serde::Serialize;

use crate::config::{Config, ConfigError};
use crate::input::SourceKind;
use crate::printer::TransportKind;
use crate::store::{IntegrityCheck, OpenOptions, Store, StoreError, MIGRATIONS};

/// Where the packaged service keeps its database (`[store] path` default).
pub const DEFAULT_DB: &str = "/var/lib/scanstation/station.db";
/// Config files looked for, in order, when `--config` is not given: the packaged conffile,
/// then the repository's example (running from a checkout).
pub const DEFAULT_CONFIGS: [&str; 2] = ["/etc/scanstation/station.toml", "config/station.toml"];
/// Below this much free space on the database's filesystem: warn (journal, WAL and
/// master-data imports need room; a full disk stops scans from being committed).
pub const DISK_WARN_BYTES: u64 = 500 * 1024 * 1024;
/// Below this: fail. SQLite needs room for the WAL and a checkpoint.
pub const DISK_FAIL_BYTES: u64 = 50 * 1024 * 1024;
/// A clock before this year is unset (a Pi has no battery-backed clock and boots at its last
/// saved time or 1970); expiry verdicts made with it would be wrong.
pub const MIN_SANE_YEAR: i32 = 2024;
/// The GPIO register device rppal uses: `/dev/gpiomem` on Pi 1–4, `/dev/gpiomem0` on Pi 5.
pub const GPIO_PATHS: [&str; 2] = ["/dev/gpiomem", "/dev/gpiomem0"];
/// Where evdev devices live.
pub const INPUT_DIR: &str = "/dev/input";
/// The service user the .deb creates; named in fixes.
pub const SERVICE_USER: &str = "scanstation";
/// How long `timedatectl` may take to answer before NTP state is reported as unknown.
const TIMEDATECTL_TIMEOUT: Duration = Duration::from_secs(3);
/// A file in the database directory written more than this after "now" means the clock went
/// backwards (allows for filesystems with coarse timestamps).
const FUTURE_FILE_TOLERANCE: chrono::TimeDelta = chrono::TimeDelta::minutes(5);
/// A clock more than this after the build is probably wrong (a station is rebuilt far more
/// often than this).
const FAR_AHEAD_OF_BUILD: chrono::TimeDelta = chrono::TimeDelta::days(20 * 366);
/// At most this many directory entries are looked at for the newest file.
const MAX_DIR_ENTRIES: usize = 10_000;

/// Outcome of one check. Ordered: `Ok < Warn < Fail`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Ok,
    Warn,
    Fail,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Warn => "warn",
            Status::Fail => "fail",
        }
    }
}

/// One finding. `fix` is what to do about it (`None` when there is nothing to do).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    pub name: String,
    pub status: Status,
    pub detail: String,
    pub fix: Option<String>,
}

impl Check {
    pub fn ok(name: impl Into<String>, detail: impl Into<String>) -> Check {
        Check {
            name: name.into(),
            status: Status::Ok,
            detail: detail.into(),
            fix: None,
        }
    }

    pub fn warn(
        name: impl Into<String>,
        detail: impl Into<String>,
        fix: impl Into<String>,
    ) -> Check {
        Check {
            name: name.into(),
            status: Status::Warn,
            detail: detail.into(),
            fix: Some(fix.into()),
        }
    }

    pub fn fail(
        name: impl Into<String>,
        detail: impl Into<String>,
        fix: impl Into<String>,
    ) -> Check {
        Check {
            name: name.into(),
            status: Status::Fail,
            detail: detail.into(),
            fix: Some(fix.into()),
        }
    }
}

/// All findings and the worst status among them: the JSON document of `doctor --json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    pub status: Status,
    pub checks: Vec<Check>,
}

impl Report {
    pub fn new(checks: Vec<Check>) -> Report {
        let status = checks
            .iter()
            .map(|check| check.status)
            .max()
            .unwrap_or(Status::Ok);
        Report { status, checks }
    }

    /// True when any check failed: the command then exits 1.
    pub fn has_failures(&self) -> bool {
        self.status == Status::Fail
    }
}

/// How a scanner reaches the station (the `kind` key of `[[scanner]]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScannerKind {
    Serial,
    Hid,
    Stdin,
    ImageDir,
}

impl From<SourceKind> for ScannerKind {
    fn from(kind: SourceKind) -> ScannerKind {
        match kind {
            SourceKind::Serial => ScannerKind::Serial,
            SourceKind::Hid => ScannerKind::Hid,
            SourceKind::Stdin => ScannerKind::Stdin,
            SourceKind::ImageDir => ScannerKind::ImageDir,
        }
    }
}

/// One `[[scanner]]` as far as doctor cares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScannerTarget {
    pub id: String,
    pub kind: ScannerKind,
    pub path: Option<PathBuf>,
    /// `name` of an `hid` scanner chosen by name pattern instead of `path`.
    pub name: Option<String>,
    /// `exclusive` of the scanner: for `hid`, whether the daemon grabs the device.
    pub exclusive: bool,
}

/// How a printer is reached (the `transport` key of `[[printer]]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrinterTransport {
    /// `address = "host:port"`.
    Tcp { address: String },
    /// A USB printer-class device, `device = "/dev/usb/lp0"`.
    Usb { device: PathBuf },
    /// A serial port, `device = "/dev/ttyUSB0"`.
    Serial { device: PathBuf },
    /// A folder jobs are written to, `path = "out/labels"`.
    File { path: PathBuf },
}

/// One `[[printer]]` as far as doctor cares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrinterTarget {
    pub name: String,
    pub transport: PrinterTransport,
}

/// What doctor checks, taken from a validated [`Config`] (or the defaults when there is none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Targets {
    pub db: PathBuf,
    /// The station id the database must belong to; `None` when `--db` names another file.
    pub station_id: Option<String>,
    /// `[station] labels_dir`, checked when a config was read.
    pub labels_dir: Option<PathBuf>,
    pub scanners: Vec<ScannerTarget>,
    pub printers: Vec<PrinterTarget>,
    /// LEDs/buzzer/button pins are configured (`[feedback]`): on a Pi whose GPIO cannot be
    /// opened that is then a failure, not only information.
    pub gpio_configured: bool,
}

impl Default for Targets {
    fn default() -> Self {
        Targets {
            db: PathBuf::from(DEFAULT_DB),
            station_id: None,
            labels_dir: None,
            scanners: Vec::new(),
            printers: Vec::new(),
            gpio_configured: false,
        }
    }
}

impl Targets {
    /// The parts of a checked configuration doctor looks at. `Config::load` already refused
    /// printers without their address/device/path, so none is dropped here.
    pub fn from_config(config: &Config) -> Targets {
        let scanners = config
            .scanners
            .iter()
            .map(|scanner| ScannerTarget {
                id: scanner.id.clone(),
                kind: scanner.kind.into(),
                path: scanner.path.as_ref().map(PathBuf::from),
                name: scanner.name.clone(),
                exclusive: scanner.exclusive,
            })
            .collect();
        let printers = config
            .printers
            .iter()
            .filter_map(|printer| {
                let transport = match printer.transport {
                    TransportKind::Tcp => PrinterTransport::Tcp {
                        address: printer.address.clone()?,
                    },
                    TransportKind::Usb => PrinterTransport::Usb {
                        device: PathBuf::from(printer.device.as_ref()?),
                    },
                    TransportKind::Serial => PrinterTransport::Serial {
                        device: PathBuf::from(printer.device.as_ref()?),
                    },
                    TransportKind::File => PrinterTransport::File {
                        path: PathBuf::from(printer.path.as_ref()?),
                    },
                };
                Some(PrinterTarget {
                    name: printer.name.clone(),
                    transport,
                })
            })
            .collect();
        Targets {
            db: config.store.path.clone(),
            station_id: Some(config.station.id.clone()),
            labels_dir: Some(config.station.labels_dir.clone()),
            scanners,
            printers,
            gpio_configured: config.feedback.has_outputs() || config.feedback.button_pin.is_some(),
        }
    }
}

/// Finds and loads the config (`explicit`, else the first of `candidates` that exists) with
/// the daemon's own [`Config::load`], applies `db_override`, and describes the outcome as the
/// `config` check. A config the daemon would refuse fails here with every problem and its key;
/// the machine checks (database at the default path, disk, clock) still run.
pub fn resolve_targets(
    explicit: Option<&Path>,
    candidates: &[&Path],
    db_override: Option<&Path>,
) -> (Targets, Check) {
    let chosen = match explicit {
        Some(path) => Some(path.to_owned()),
        None => candidates
            .iter()
            .find(|path| path.exists())
            .map(|path| path.to_path_buf()),
    };
    let (mut targets, check) = match chosen {
        None => (
            Targets::default(),
            Check::warn(
                "config",
                format!(
                    "no config file found (looked for {}); checked the defaults",
                    candidates
                        .iter()
                        .map(|path| path.display().to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                "pass --config FILE, or install the package, which puts one at /etc/scanstation/station.toml",
            ),
        ),
        Some(path) => match Config::load(&path) {
            Err(err) => {
                let fix = match err {
                    ConfigError::Read { .. } => "check the path given to --config (the packaged file is /etc/scanstation/station.toml)",
                    _ => "fix each key named above (config/station.toml in the package docs explains every key), then check again with: scanstation run --config FILE --check",
                };
                (
                    Targets::default(),
                    Check::fail(
                        "config",
                        format!("{err}; the daemon will not start with it, so only the defaults were checked"),
                        fix,
                    ),
                )
            }
            Ok(config) => {
                let targets = Targets::from_config(&config);
                let check = Check::ok(
                    "config",
                    format!(
                        "{}: station {}, {} scanner(s), {} printer(s)",
                        path.display(),
                        config.station.id,
                        targets.scanners.len(),
                        targets.printers.len(),
                    ),
                );
                (targets, check)
            }
        },
    };
    if let Some(db) = db_override {
        targets.db = db.to_owned();
        targets.station_id = None;
    }
    (targets, check)
}

/// State of network time synchronisation, from `timedatectl`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NtpSync {
    Synchronized,
    NotSynchronized,
    /// Could not tell; the reason.
    Unknown(String),
}

/// Everything doctor takes from the machine besides the configured paths. [`Environment::system`]
/// reads the real one; tests build their own.
#[derive(Debug, Clone)]
pub struct Environment {
    pub now: DateTime<Utc>,
    /// When this binary was built: a lower bound for the real date.
    pub build_time: DateTime<Utc>,
    pub ntp: NtpSync,
    /// What rppal made of the GPIO here (see [`probe_gpio`]).
    pub gpio: GpioProbe,
    pub gpio_paths: Vec<PathBuf>,
    pub input_dir: PathBuf,
    pub tcp_timeout: Duration,
    pub effective_uid: u32,
}

impl Environment {
    pub fn system(tcp_timeout: Duration) -> Environment {
        Environment {
            now: Utc::now(),
            build_time: build_time(),
            ntp: ntp_state(),
            gpio: probe_gpio(),
            gpio_paths: GPIO_PATHS.iter().map(PathBuf::from).collect(),
            input_dir: PathBuf::from(INPUT_DIR),
            tcp_timeout,
            // SAFETY: geteuid has no preconditions and cannot fail.
            effective_uid: unsafe { libc::geteuid() },
        }
    }
}

/// What rppal (the GPIO library for the LEDs, buzzer and button) made of this machine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GpioProbe {
    /// rppal identified the board and opened its GPIO peripheral.
    Available { model: String },
    /// rppal does not recognise this machine as a Raspberry Pi (its error).
    NotAPi { reason: String },
    /// A Raspberry Pi, but opening the GPIO failed (rppal's error: permissions, no device).
    Failed { model: String, error: String },
}

/// Identifies the board and opens the GPIO peripheral with rppal, as the feedback code would,
/// then lets go of it. Never panics: an rppal panic is reported as a failure.
pub fn probe_gpio() -> GpioProbe {
    let model = match std::panic::catch_unwind(rppal::system::DeviceInfo::new) {
        Ok(Ok(info)) => info.model().to_string(),
        Ok(Err(err)) => {
            return GpioProbe::NotAPi {
                reason: err.to_string(),
            }
        }
        Err(_) => {
            return GpioProbe::NotAPi {
                reason: "rppal panicked while identifying the board".into(),
            }
        }
    };
    match std::panic::catch_unwind(rppal::gpio::Gpio::new) {
        Ok(Ok(gpio)) => {
            drop(gpio);
            GpioProbe::Available { model }
        }
        Ok(Err(err)) => GpioProbe::Failed {
            model,
            error: err.to_string(),
        },
        Err(_) => GpioProbe::Failed {
            model,
            error: "rppal panicked while opening the GPIO".into(),
        },
    }
}

/// The build time recorded by build.rs.
pub fn build_time() -> DateTime<Utc> {
    env!("SCANSTATION_BUILD_EPOCH")
        .parse::<i64>()
        .ok()
        .and_then(|seconds| DateTime::from_timestamp(seconds, 0))
        .unwrap_or(DateTime::UNIX_EPOCH)
}

/// Asks `timedatectl show -p NTPSynchronized --value`, waiting at most three seconds.
pub fn ntp_state() -> NtpSync {
    let child = Command::new("timedatectl")
        .args(["show", "-p", "NTPSynchronized", "--value"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(err) => return NtpSync::Unknown(format!("timedatectl not available ({err})")),
    };
    let deadline = Instant::now() + TIMEDATECTL_TIMEOUT;
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(20)),
            Ok(None) => {
                let _ = child.kill();
                let _ = child.wait();
                return NtpSync::Unknown("timedatectl did not answer within 3 s".into());
            }
            Err(err) => return NtpSync::Unknown(format!("waiting for timedatectl: {err}")),
        }
    }
    let mut stdout = String::new();
    let mut stderr = String::new();
    if let Some(mut pipe) = child.stdout.take() {
        let _ = pipe.read_to_string(&mut stdout);
    }
    if let Some(mut pipe) = child.stderr.take() {
        let _ = pipe.read_to_string(&mut stderr);
    }
    match stdout.trim() {
        "yes" => NtpSync::Synchronized,
        "no" => NtpSync::NotSynchronized,
        _ => NtpSync::Unknown(format!(
            "timedatectl: {}",
            first_line(&stderr).unwrap_or("no answer (is systemd running?)")
        )),
    }
}

fn first_line(text: &str) -> Option<&str> {
    text.lines().map(str::trim).find(|line| !line.is_empty())
}

/// Runs every check on `targets`. The `config` check comes from [`resolve_targets`].
pub fn run_checks(targets: &Targets, environment: &Environment) -> Vec<Check> {
    let mut checks = vec![check_user(environment.effective_uid)];
    checks.extend(check_database(&targets.db, targets.station_id.as_deref()));
    checks.push(check_disk(&targets.db));
    checks.push(clock_check(
        environment.now,
        environment.build_time,
        newest_file_near(&targets.db),
        &environment.ntp,
    ));
    for scanner in &targets.scanners {
        checks.extend(check_scanner(scanner));
        checks.extend(check_calibration(scanner, &targets.db));
    }
    let hid_by_name = targets
        .scanners
        .iter()
        .any(|scanner| scanner.kind == ScannerKind::Hid && scanner.path.is_none());
    if hid_by_name {
        checks.push(check_input_devices(&environment.input_dir));
    }
    if let Some(labels_dir) = &targets.labels_dir {
        checks.push(check_labels_dir(labels_dir));
    }
    if targets.printers.is_empty() {
        checks.push(Check::ok("printer", "no printer configured; labels off"));
    }
    for printer in &targets.printers {
        checks.push(check_printer(printer, environment.tcp_timeout));
    }
    checks.push(check_gpio(
        &environment.gpio,
        &environment.gpio_paths,
        targets.gpio_configured,
    ));
    checks
}

/// Who the checks ran as: root sees every device, so its answers say little about the service.
pub fn check_user(effective_uid: u32) -> Check {
    let name = user_name(effective_uid).unwrap_or_else(|| format!("uid {effective_uid}"));
    if effective_uid == 0 {
        Check::warn(
            "user",
            "running as root, which can open every device: permission checks do not show what the service can do",
            format!("run the checks as the service user: sudo -u {SERVICE_USER} scanstation doctor --config /etc/scanstation/station.toml"),
        )
    } else {
        Check::ok("user", format!("checked as {name} (uid {effective_uid})"))
    }
}

/// The database file: exists, readable and writable (with its directory, for the WAL), and
/// healthy (see [`check_integrity`]). `station_id`: the station the file must belong to.
pub fn check_database(db: &Path, station_id: Option<&str>) -> Vec<Check> {
    let name = "database";
    let dir = parent_dir(db);
    let metadata = match fs::metadata(db) {
        Ok(metadata) => metadata,
        Err(err) if err.kind() == io::ErrorKind::NotFound => {
            let check = if !dir.is_dir() {
                Check::fail(
                    name,
                    format!("{} does not exist, nor does its directory {}", db.display(), dir.display()),
                    format!("create the directory for the service user: sudo install -d -o {SERVICE_USER} -g {SERVICE_USER} {} (the .deb does this)", dir.display()),
                )
            } else if let Err(err) = access(&dir, libc::W_OK | libc::X_OK) {
                Check::fail(
                    name,
                    format!(
                        "{} does not exist and its directory {} is not writable ({err})",
                        db.display(),
                        dir.display()
                    ),
                    permission_fix(&dir, 0o030),
                )
            } else {
                Check::warn(
                    name,
                    format!("{} does not exist yet; it is created on first use", db.display()),
                    "start the service (sudo systemctl start scanstation) or import master data (scanstation import)",
                )
            };
            return vec![check];
        }
        Err(err) => {
            return vec![Check::fail(
                name,
                format!("cannot look at {}: {err}", db.display()),
                permission_fix(&dir, 0o010),
            )]
        }
    };
    if !metadata.is_file() {
        return vec![Check::fail(
            name,
            format!("{} is not a regular file", db.display()),
            "point [store] path (or --db) at the database file",
        )];
    }
    if let Err(err) = access(db, libc::R_OK) {
        return vec![Check::fail(
            name,
            format!("{} is not readable ({err})", db.display()),
            permission_fix(db, 0o040),
        )];
    }
    let mut checks = Vec::new();
    let size = human_bytes(metadata.len());
    if let Err(err) = access(db, libc::W_OK) {
        checks.push(Check::fail(
            name,
            format!(
                "{} ({size}) is not writable ({err}): scans cannot be journalled",
                db.display()
            ),
            permission_fix(db, 0o020),
        ));
    } else if let Err(err) = access(&dir, libc::W_OK | libc::X_OK) {
        checks.push(Check::fail(
            name,
            format!("{} is writable but its directory {} is not ({err}): SQLite cannot create its -wal and -shm files", db.display(), dir.display()),
            permission_fix(&dir, 0o030),
        ));
    } else {
        checks.push(Check::ok(
            name,
            format!("{} ({size}) is readable and writable", db.display()),
        ));
    }
    checks.push(check_integrity(db, station_id));
    checks
}

/// What to do about a damaged database.
const RESTORE_FIX: &str = "stop the service (sudo systemctl stop scanstation), copy the station.db* files aside (they may hold journal rows not yet synced), then restore a backup or re-import master data";

/// Database health. The schema version is read first on a read-only connection: a current
/// schema is then opened with [`Store::open`] as the daemon does (no create, full
/// `quick_check`, station id); an older one only gets a read-only `quick_check`, since the
/// daemon migrates it on start; a newer one needs a newer scanstation.
pub fn check_integrity(db: &Path, station_id: Option<&str>) -> Check {
    let name = "database.integrity";
    let supported = MIGRATIONS.last().map_or(0, |(version, _)| *version);
    let flags =
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let connection = match rusqlite::Connection::open_with_flags(db, flags) {
        Ok(connection) => connection,
        Err(err) => {
            return Check::fail(
                name,
                format!("cannot open {} read-only: {err}", db.display()),
                "check the file and its directory permissions (see the database check)",
            )
        }
    };
    if let Err(err) = connection.busy_timeout(Duration::from_secs(5)) {
        return Check::fail(name, format!("setting a busy timeout: {err}"), RESTORE_FIX);
    }
    let user_version = connection.query_row("PRAGMA user_version", [], |row| row.get::<_, i64>(0));
    let user_version = match user_version {
        Ok(version) => version,
        Err(err) => {
            return Check::fail(
                name,
                format!("{} is not a usable SQLite database: {err}", db.display()),
                RESTORE_FIX,
            )
        }
    };
    if user_version > supported {
        return Check::fail(
            name,
            format!("{} has schema version {user_version}, newer than this scanstation supports ({supported})", db.display()),
            "install the scanstation version that wrote it (or newer): sudo apt install ./scanstation_VERSION_arm64.deb",
        );
    }
    if user_version < supported {
        return match quick_check_read_only(&connection) {
            Ok(()) => Check::warn(
                name,
                format!("quick_check ok; schema version {user_version}, older than this scanstation's {supported}"),
                "start the service (sudo systemctl restart scanstation): it migrates the database on start",
            ),
            Err(detail) => Check::fail(name, detail, RESTORE_FIX),
        };
    }
    drop(connection);
    let options = OpenOptions {
        station_id: station_id.map(str::to_owned),
        busy_timeout: Duration::from_secs(5),
        integrity_check: IntegrityCheck::Full,
        create: false,
        ..OpenOptions::default()
    };
    match Store::open(db, &options) {
        Ok(store) => Check::ok(
            name,
            format!(
                "opened as the daemon does: quick_check ok, schema version {user_version}, station {}",
                store.station_id()
            ),
        ),
        Err(err) => {
            let fix = match &err {
                StoreError::StationMismatch { .. } => "point [store] path at this station's database, or set [station] id to the id the database was created with".to_owned(),
                StoreError::Locked { .. } => "another process holds a write lock: wait and run doctor again; if it persists, stop the service (sudo systemctl stop scanstation) and check again".to_owned(),
                StoreError::DiskFull { .. } => "free space on the database's filesystem (see the disk check)".to_owned(),
                StoreError::Open { .. } | StoreError::Io { .. } => "check the file and its directory permissions (see the database check)".to_owned(),
                _ => RESTORE_FIX.to_owned(),
            };
            Check::fail(name, err.to_string(), fix)
        }
    }
}

/// `PRAGMA quick_check` on a read-only connection; `Err` describes the damage.
fn quick_check_read_only(connection: &rusqlite::Connection) -> Result<(), String> {
    let rows = connection
        .prepare("PRAGMA quick_check")
        .and_then(|mut statement| {
            let rows = statement.query_map([], |row| row.get::<_, String>(0))?;
            rows.take(5).collect::<Result<Vec<String>, _>>()
        });
    match rows {
        Ok(rows) if rows.len() == 1 && rows[0] == "ok" => Ok(()),
        Ok(rows) => Err(format!("quick_check found damage: {}", rows.join("; "))),
        Err(err) => Err(format!("quick_check could not run: {err}")),
    }
}

/// `[station] labels_dir`: the label templates must be readable there.
pub fn check_labels_dir(labels_dir: &Path) -> Check {
    let name = "labels";
    let shown = labels_dir.display();
    let entries = match fs::read_dir(labels_dir) {
        Ok(entries) => entries,
        Err(err) => {
            return Check::warn(
                name,
                format!("cannot read the label folder {shown} ({err})"),
                "set [station] labels_dir to the templates folder (the package installs them in /usr/share/scanstation/labels)",
            )
        }
    };
    let templates = entries
        .take(MAX_DIR_ENTRIES)
        .filter_map(Result::ok)
        .filter(|entry| entry.path().extension().is_some_and(|ext| ext == "toml"))
        .count();
    if templates == 0 {
        Check::warn(
            name,
            format!("no label templates (*.toml) in {shown}"),
            "copy the templates there, or set [station] labels_dir to /usr/share/scanstation/labels",
        )
    } else {
        Check::ok(name, format!("{templates} label template(s) in {shown}"))
    }
}

/// Free space on the filesystem that holds the database.
pub fn check_disk(db: &Path) -> Check {
    let mut dir = parent_dir(db);
    // The database may not exist yet: measure the nearest directory that does.
    while !dir.exists() {
        match dir.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => dir = parent.to_path_buf(),
            _ => {
                dir = PathBuf::from(".");
                break;
            }
        }
    }
    match free_bytes(&dir) {
        Ok(free) => disk_check(&dir, free),
        Err(err) => Check::fail(
            "disk",
            format!("cannot measure free space on {}: {err}", dir.display()),
            "check that the database directory exists and is readable",
        ),
    }
}

/// Decides the disk check from the measured free space.
pub fn disk_check(dir: &Path, free: u64) -> Check {
    let detail = format!(
        "{} free on the filesystem of {}",
        human_bytes(free),
        dir.display()
    );
    let fix = "free space: remove old logs (sudo journalctl --vacuum-size=100M), old exports and label previews; or move the database to a larger disk";
    if free < DISK_FAIL_BYTES {
        Check::fail(
            "disk",
            format!("{detail}: below 50 MB, scans may fail to commit"),
            fix,
        )
    } else if free < DISK_WARN_BYTES {
        Check::warn("disk", format!("{detail}: below 500 MB"), fix)
    } else {
        Check::ok("disk", detail)
    }
}

/// The newest modification time among the entries of the database's directory.
pub fn newest_file_near(db: &Path) -> Option<(PathBuf, DateTime<Utc>)> {
    let entries = fs::read_dir(parent_dir(db)).ok()?;
    entries
        .take(MAX_DIR_ENTRIES)
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let modified: SystemTime = entry.metadata().ok()?.modified().ok()?;
            Some((entry.path(), DateTime::<Utc>::from(modified)))
        })
        .max_by_key(|(_, modified)| *modified)
}

/// Decides whether the clock can be trusted for expiry verdicts.
pub fn clock_check(
    now: DateTime<Utc>,
    build_time: DateTime<Utc>,
    newest_file: Option<(PathBuf, DateTime<Utc>)>,
    ntp: &NtpSync,
) -> Check {
    let name = "clock";
    let now_text = now.format("%Y-%m-%d %H:%M:%S UTC");
    let set_clock = "a Pi has no battery-backed clock: give it network and enable NTP (sudo timedatectl set-ntp true), or set it by hand (sudo timedatectl set-time 'YYYY-MM-DD HH:MM:SS'); then restart the service";
    if now.year() < MIN_SANE_YEAR {
        return Check::fail(
            name,
            format!("the clock reads {now_text}, before {MIN_SANE_YEAR}: expiry dates would be judged wrong"),
            set_clock,
        );
    }
    if now + chrono::TimeDelta::days(1) < build_time {
        return Check::fail(
            name,
            format!(
                "the clock reads {now_text}, earlier than this program was built ({})",
                build_time.format("%Y-%m-%d")
            ),
            set_clock,
        );
    }
    if let Some((path, modified)) = &newest_file {
        if *modified > now + FUTURE_FILE_TOLERANCE {
            return Check::fail(
                name,
                format!(
                    "the clock reads {now_text} but {} was written at {}: the clock went backwards",
                    path.display(),
                    modified.format("%Y-%m-%d %H:%M:%S UTC")
                ),
                set_clock,
            );
        }
    }
    if now > build_time + FAR_AHEAD_OF_BUILD {
        return Check::warn(
            name,
            format!(
                "the clock reads {now_text}, more than 20 years after this program was built ({}): probably wrong",
                build_time.format("%Y-%m-%d")
            ),
            set_clock,
        );
    }
    match ntp {
        NtpSync::Synchronized => Check::ok(name, format!("{now_text}, NTP synchronized")),
        NtpSync::NotSynchronized => Check::warn(
            name,
            format!("{now_text} looks plausible, but NTP is not synchronized"),
            "enable time sync (sudo timedatectl set-ntp true) and check that the station can reach an NTP server (systemctl status systemd-timesyncd)",
        ),
        NtpSync::Unknown(reason) => Check::ok(
            name,
            format!("{now_text} looks plausible; NTP state unknown: {reason}"),
        ),
    }
}

/// The stored `calibrate check` result of a serial or hid scanner (`calibration/<id>.json`
/// next to the database): ok when it passed, warn with the fixes when it failed. Never
/// calibrated is only a hint (ok), since many stations scan fine without it.
pub fn check_calibration(scanner: &ScannerTarget, db: &Path) -> Option<Check> {
    if !matches!(scanner.kind, ScannerKind::Serial | ScannerKind::Hid) {
        return None;
    }
    let name = format!("scanner.{}.calibration", scanner.id);
    let dir = crate::input::calibrate::results_dir(db);
    let how = format!(
        "print the calibration label (scanstation calibrate render -o label.pdf, or label print --template labels/calibration.toml), then run scanstation calibrate check --device {}",
        scanner.id
    );
    Some(
        match crate::input::calibrate::load_result(&dir, &scanner.id) {
            Ok(Some(saved)) if saved.ok => Check::ok(name, saved.summary()),
            Ok(Some(saved)) => Check::warn(
                name,
                saved.summary(),
                format!("change the settings named, then check again: {how}"),
            ),
            Ok(None) => Check::ok(name, format!("not calibrated yet (optional): {how}")),
            Err(error) => Check::warn(name, error.to_string(), how),
        },
    )
}

/// One scanner: its device (or folder) is there and accessible; for `hid`, whether an
/// exclusive grab is possible.
pub fn check_scanner(scanner: &ScannerTarget) -> Vec<Check> {
    let name = format!("scanner.{}", scanner.id);
    let path = match (&scanner.kind, &scanner.path) {
        (ScannerKind::Stdin, _) => {
            return vec![Check::ok(name, "reads standard input; nothing to check")]
        }
        // An hid scanner chosen by name: find the node the daemon would take, then check
        // it (readable, grab) as if it had been given by path.
        (ScannerKind::Hid, None) => {
            let pattern = scanner.name.as_deref().unwrap_or("*");
            match crate::input::hid::find_node_by_name(Path::new(INPUT_DIR), pattern) {
                Ok(path) => {
                    let by_path = ScannerTarget {
                        path: Some(path),
                        ..scanner.clone()
                    };
                    return check_scanner(&by_path);
                }
                Err(crate::input::hid::HidError::NotFound(what)) => {
                    return vec![Check::warn(
                        name,
                        format!("no input device matches {what} (the daemon waits for it to be plugged in)"),
                        "plug the scanner in; see its name with scanstation devices, then set name = \"*part of it*\"",
                    )]
                }
                Err(err) => {
                    return vec![Check::fail(
                        name,
                        format!("a device matching name {pattern:?} cannot be used: {err}"),
                        permission_fix(Path::new(INPUT_DIR), 0o040),
                    )]
                }
            }
        }
        (_, None) => {
            return vec![Check::fail(
                name,
                "no path is set",
                "set path = \"/dev/scanner-...\" (serial) or the folder to watch (image_dir)",
            )]
        }
        (_, Some(path)) => path,
    };
    let shown = path.display();
    if scanner.kind == ScannerKind::ImageDir {
        return vec![if !path.is_dir() {
            Check::warn(
                name,
                format!("folder {shown} does not exist"),
                format!("create it: mkdir -p {shown}"),
            )
        } else if let Err(err) = access(path, libc::R_OK | libc::W_OK | libc::X_OK) {
            Check::fail(
                name,
                format!("folder {shown} is not readable and writable ({err})"),
                permission_fix(path, 0o070),
            )
        } else {
            Check::ok(name, format!("folder {shown} is readable and writable"))
        }];
    }
    let metadata = match fs::metadata(path) {
        Ok(metadata) => metadata,
        Err(err) if err.kind() == io::ErrorKind::NotFound => {
            return vec![Check::warn(
                name,
                format!("{shown} is not present (the daemon waits for it to be plugged in)"),
                "plug the scanner in; list what is there with ls -l /dev/serial/by-id/ /dev/input/by-id/; config/99-scanstation.rules creates /dev/scanner-* names",
            )]
        }
        Err(err) => {
            return vec![Check::fail(
                name,
                format!("cannot look at {shown}: {err}"),
                permission_fix(&parent_dir(path), 0o010),
            )]
        }
    };
    let is_char_device = metadata.file_type().is_char_device();
    match scanner.kind {
        ScannerKind::Hid => {
            let first = match access(path, libc::R_OK) {
                Err(err) => {
                    return vec![Check::fail(
                        name,
                        format!("{shown} is not readable ({err})"),
                        permission_fix(path, 0o040),
                    )]
                }
                Ok(()) => Check::ok(name.clone(), format!("{shown} is readable")),
            };
            if scanner.exclusive {
                vec![first, check_grab(&format!("{name}.grab"), path)]
            } else {
                vec![first]
            }
        }
        _ => {
            let access_result = access(path, libc::R_OK | libc::W_OK);
            vec![match (access_result, is_char_device) {
                (Err(err), _) => Check::fail(
                    name,
                    format!("{shown} is not readable and writable ({err})"),
                    permission_fix(path, 0o060),
                ),
                (Ok(()), false) => Check::warn(
                    name,
                    format!("{shown} is readable and writable but not a character device"),
                    "point path at the scanner's serial device (/dev/scanner-*, /dev/serial/by-id/..., /dev/ttyACM0)",
                ),
                (Ok(()), true) => Check::ok(name, format!("{shown} is readable and writable")),
            }]
        }
    }
}

/// Opens an evdev device and tries EVIOCGRAB, releasing it at once.
pub fn check_grab(name: &str, path: &Path) -> Check {
    let shown = path.display();
    let mut device = match evdev::Device::open(path) {
        Ok(device) => device,
        Err(err) if err.kind() == io::ErrorKind::PermissionDenied => {
            return Check::fail(
                name,
                format!("cannot open {shown} ({err})"),
                permission_fix(path, 0o040),
            )
        }
        Err(err) => {
            return Check::fail(
                name,
                format!("{shown} is not an input event device ({err})"),
                "point path at the scanner's event device, e.g. /dev/input/by-id/usb-...-event-kbd (ls -l /dev/input/by-id/)",
            )
        }
    };
    match device.grab() {
        Ok(()) => {
            let released = device.ungrab();
            drop(device);
            match released {
                Ok(()) => Check::ok(name, format!("exclusive grab of {shown} possible (taken and released)")),
                // Closing the descriptor releases the grab in any case.
                Err(err) => Check::ok(name, format!("exclusive grab of {shown} possible (released on close; ungrab said: {err})")),
            }
        }
        Err(err) if err.raw_os_error() == Some(libc::EBUSY) => Check::warn(
            name,
            format!("another process holds an exclusive grab on {shown}"),
            format!("expected while the service runs (systemctl is-active scanstation); otherwise find the holder with sudo fuser -v {shown} and stop it"),
        ),
        Err(err) => Check::fail(
            name,
            format!("exclusive grab of {shown} failed: {err}"),
            "set exclusive = false for this scanner, or find what blocks the grab",
        ),
    }
}

/// For hid scanners chosen by name: how many `/dev/input/event*` devices can be read.
pub fn check_input_devices(input_dir: &Path) -> Check {
    let name = "input";
    let mut events: Vec<PathBuf> = match fs::read_dir(input_dir) {
        Ok(entries) => entries
            .take(MAX_DIR_ENTRIES)
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|path| {
                path.file_name()
                    .and_then(|file| file.to_str())
                    .is_some_and(|file| file.starts_with("event"))
            })
            .collect(),
        Err(err) => return Check::fail(
            name,
            format!("cannot list {}: {err}", input_dir.display()),
            "hid scanners need evdev (/dev/input); plug the scanner in, or use a serial scanner",
        ),
    };
    events.sort();
    if events.is_empty() {
        return Check::warn(
            name,
            format!("no event devices in {}", input_dir.display()),
            "plug the scanner in (ls -l /dev/input/by-id/)",
        );
    }
    let readable: Vec<&PathBuf> = events
        .iter()
        .filter(|path| access(path, libc::R_OK).is_ok())
        .collect();
    if readable.is_empty() {
        Check::fail(
            name,
            format!(
                "none of the {} event devices in {} is readable",
                events.len(),
                input_dir.display()
            ),
            permission_fix(&events[0], 0o040),
        )
    } else {
        Check::ok(
            name,
            format!(
                "{} of {} event devices in {} readable",
                readable.len(),
                events.len(),
                input_dir.display()
            ),
        )
    }
}

/// One printer: a TCP connection within the timeout, or a writable device / folder.
pub fn check_printer(printer: &PrinterTarget, tcp_timeout: Duration) -> Check {
    let name = format!("printer.{}", printer.name);
    match &printer.transport {
        PrinterTransport::Tcp { address } => check_tcp(&name, address, tcp_timeout),
        PrinterTransport::Usb { device } | PrinterTransport::Serial { device } => {
            let shown = device.display();
            if !device.exists() {
                Check::warn(
                    name,
                    format!("{shown} is not present"),
                    "switch the printer on and plug it in; config/99-scanstation.rules names Zebra USB printers /dev/labelprinter-*",
                )
            } else if let Err(err) = access(device, libc::W_OK) {
                Check::fail(
                    name,
                    format!("{shown} is not writable ({err})"),
                    permission_fix(device, 0o020),
                )
            } else {
                Check::ok(name, format!("{shown} is writable"))
            }
        }
        PrinterTransport::File { path } => {
            let shown = path.display();
            if !path.is_dir() {
                Check::warn(
                    name,
                    format!("folder {shown} does not exist"),
                    format!("create it: mkdir -p {shown}"),
                )
            } else if let Err(err) = access(path, libc::W_OK | libc::X_OK) {
                Check::fail(
                    name,
                    format!("folder {shown} is not writable ({err})"),
                    permission_fix(path, 0o030),
                )
            } else {
                Check::ok(name, format!("folder {shown} is writable"))
            }
        }
    }
}

fn check_tcp(name: &str, address: &str, timeout: Duration) -> Check {
    let fix = format!("check that the printer is on and cabled, that {address} is its address and raw port (9100; see its configuration label), and that the network lets it through (nc -vz HOST PORT)");
    let addresses: Vec<_> = match address.to_socket_addrs() {
        Ok(addresses) => addresses.collect(),
        Err(err) => {
            return Check::fail(
                name,
                format!("cannot resolve {address}: {err}"),
                "write address as host:port, e.g. 192.0.2.10:9100",
            )
        }
    };
    let mut errors = Vec::new();
    for socket_address in &addresses {
        let started = Instant::now();
        match TcpStream::connect_timeout(socket_address, timeout) {
            Ok(_) => {
                return Check::ok(
                    name,
                    format!(
                        "connected to {socket_address} in {} ms",
                        started.elapsed().as_millis()
                    ),
                )
            }
            Err(err) => errors.push(format!("{socket_address}: {err}")),
        }
    }
    if errors.is_empty() {
        errors.push("no address".into());
    }
    Check::fail(
        name,
        format!(
            "no connection to {address} within {} ms ({})",
            timeout.as_millis(),
            errors.join("; ")
        ),
        fix,
    )
}

/// The GPIO for the LEDs, buzzer and button, from [`probe_gpio`] and the register devices
/// in `gpio_paths` (named in the fix). Off a Raspberry Pi rppal cannot identify the board:
/// that is a warning, since feedback then only goes to the log. On a Pi whose GPIO cannot be
/// opened: a failure when pins are configured, else a warning.
pub fn check_gpio(probe: &GpioProbe, gpio_paths: &[PathBuf], configured: bool) -> Check {
    let name = "gpio";
    let device = gpio_paths.iter().find(|path| path.exists());
    match probe {
        GpioProbe::NotAPi { reason } => Check::warn(
            name,
            format!("rppal: {reason}: not a Raspberry Pi, so LEDs, buzzer and button are unavailable and feedback goes to the log only"),
            "expected on a development machine or in CI; on a station, run Raspberry Pi OS on the Pi (its kernel provides /dev/gpiomem)",
        ),
        GpioProbe::Available { model } => Check::ok(
            name,
            match device {
                Some(path) => format!("{model}: GPIO opened through {}", path.display()),
                None => format!("{model}: GPIO opened"),
            },
        ),
        GpioProbe::Failed { model, error } => {
            let detail = format!("{model}: rppal cannot open the GPIO ({error})");
            let fix = match device {
                Some(path) => permission_fix(path, 0o060),
                None => format!(
                    "none of {} exists: use Raspberry Pi OS, whose kernel provides it, and add the user to group gpio",
                    gpio_paths
                        .iter()
                        .map(|path| path.display().to_string())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            if configured {
                Check::fail(name, detail, fix)
            } else {
                Check::warn(name, detail, fix)
            }
        }
    }
}

/// `access(2)` with the effective ids, as the open that follows would use.
fn access(path: &Path, mode: libc::c_int) -> io::Result<()> {
    let c_path = CString::new(path.as_os_str().as_bytes())
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "path contains a NUL byte"))?;
    // SAFETY: c_path is a valid NUL-terminated string that outlives the call.
    let rc = unsafe { libc::faccessat(libc::AT_FDCWD, c_path.as_ptr(), mode, libc::AT_EACCESS) };
    if rc == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

/// Bytes available to unprivileged users on the filesystem holding `path`.
fn free_bytes(path: &Path) -> io::Result<u64> {
    let c_path = CString::new(path.as_os_str().as_bytes())
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "path contains a NUL byte"))?;
    // SAFETY: statvfs64 is plain old data; all-zero is a valid value.
    let mut stats: libc::statvfs64 = unsafe { std::mem::zeroed() };
    // SAFETY: c_path is NUL-terminated and stats is a valid, writable statvfs64.
    let rc = unsafe { libc::statvfs64(c_path.as_ptr(), &mut stats) };
    if rc != 0 {
        return Err(io::Error::last_os_error());
    }
    // f_frsize is a C `unsigned long`: 32 bits on armv7, 64 on aarch64/x86_64.
    #[allow(clippy::useless_conversion)]
    let fragment_size = u64::from(stats.f_frsize);
    Ok(stats.f_bavail.saturating_mul(fragment_size))
}

/// What to do about a path the current user cannot use. `group_bits` are the group mode bits
/// the access needs (0o060 read+write, 0o040 read, 0o020 write, 0o030 write+search, ...).
fn permission_fix(path: &Path, group_bits: u32) -> String {
    // SAFETY: geteuid has no preconditions and cannot fail.
    let uid = unsafe { libc::geteuid() };
    let user = user_name(uid).unwrap_or_else(|| SERVICE_USER.to_owned());
    let reload = "sudo udevadm control --reload && sudo udevadm trigger";
    let Ok(metadata) = fs::metadata(path) else {
        return format!(
            "check that {} exists and its directories are searchable",
            path.display()
        );
    };
    let mode = metadata.mode() & 0o7777;
    let group = group_name(metadata.gid()).unwrap_or_else(|| format!("gid {}", metadata.gid()));
    let is_device = metadata.file_type().is_char_device();
    if mode & group_bits == group_bits {
        format!(
            "{} belongs to group {group} (mode {mode:o}): add the user to it (sudo usermod -aG {group} {user}), then restart the service (sudo systemctl restart scanstation) or log in again",
            path.display()
        )
    } else if is_device {
        format!(
            "{} has mode {mode:o}, group {group}: install config/99-scanstation.rules in /etc/udev/rules.d/ (the .deb does) so udev grants the group access, then {reload} and replug",
            path.display()
        )
    } else {
        format!(
            "{} has mode {mode:o}, owner uid {}, group {group}: give the service user access (sudo chown {SERVICE_USER}: {})",
            path.display(),
            metadata.uid(),
            path.display()
        )
    }
}

fn group_name(gid: u32) -> Option<String> {
    let mut buffer = vec![0 as libc::c_char; 16 * 1024];
    // SAFETY: group is plain old data; all-zero is a valid value.
    let mut group: libc::group = unsafe { std::mem::zeroed() };
    let mut result: *mut libc::group = std::ptr::null_mut();
    // SAFETY: every pointer is valid for the call; the buffer length is passed along.
    let rc = unsafe {
        libc::getgrgid_r(
            gid,
            &mut group,
            buffer.as_mut_ptr(),
            buffer.len(),
            &mut result,
        )
    };
    if rc != 0 || result.is_null() || group.gr_name.is_null() {
        return None;
    }
    // SAFETY: on success gr_name points to a NUL-terminated string inside `buffer`.
    let name = unsafe { CStr::from_ptr(group.gr_name) };
    Some(name.to_string_lossy().into_owned())
}

fn user_name(uid: u32) -> Option<String> {
    let mut buffer = vec![0 as libc::c_char; 16 * 1024];
    // SAFETY: passwd is plain old data; all-zero is a valid value.
    let mut passwd: libc::passwd = unsafe { std::mem::zeroed() };
    let mut result: *mut libc::passwd = std::ptr::null_mut();
    // SAFETY: every pointer is valid for the call; the buffer length is passed along.
    let rc = unsafe {
        libc::getpwuid_r(
            uid,
            &mut passwd,
            buffer.as_mut_ptr(),
            buffer.len(),
            &mut result,
        )
    };
    if rc != 0 || result.is_null() || passwd.pw_name.is_null() {
        return None;
    }
    // SAFETY: on success pw_name points to a NUL-terminated string inside `buffer`.
    let name = unsafe { CStr::from_ptr(passwd.pw_name) };
    Some(name.to_string_lossy().into_owned())
}

fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

fn human_bytes(bytes: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if bytes >= 10 * 1024 * MIB {
        format!("{} GiB", bytes / (1024 * MIB))
    } else if bytes >= MIB {
        format!("{} MiB", bytes / MIB)
    } else {
        format!("{} KiB", bytes.div_ceil(1024))
    }
}

#[cfg(test)]
mod tests;
