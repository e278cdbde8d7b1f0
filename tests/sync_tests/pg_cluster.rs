//! A throwaway PostgreSQL cluster for the tests: `initdb` into a temporary folder, `postgres`
//! on a unix socket in that folder and a free 127.0.0.1 port, `fsync=off`; each head office
//! gets a schema of its own. The binaries come from Debian's packages
//! (`apt-get install -y postgresql`, see .ci/install-test-deps); without them the test FAILS
//! with that command, it is never skipped.
//!
//! PostgreSQL refuses to run as root, so as root every PostgreSQL program runs as the
//! `postgres` user the package creates (`Command::uid`), in a folder that user owns. Tests
//! running at the same time share one cluster; the last one to finish stops it
//! (`pg_ctl stop -m immediate`) and removes the folder. The server is started from a thread of
//! its own with a parent-death signal, so a test process killed mid-run takes it along. Every
//! wait is bounded.

use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex, Weak};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// What to run when the binaries are missing.
pub const INSTALL: &str = "apt-get update && apt-get install -y postgresql";

/// How long the server may take to accept connections.
const START_TIMEOUT: Duration = Duration::from_secs(60);

/// How long `pg_ctl stop` and the server's exit may take before it is killed.
const STOP_TIMEOUT: Duration = Duration::from_secs(15);

static SHARED: Mutex<Weak<PgCluster>> = Mutex::new(Weak::new());
static NEXT_SCHEMA: AtomicUsize = AtomicUsize::new(1);

/// One running cluster. Fields drop in order: the server stops before its folder goes.
pub struct PgCluster {
    server: Server,
    dir: tempfile::TempDir,
}

/// The running `postgres` and the thread it is a child of.
struct Server {
    bin: PathBuf,
    run_as: Option<(u32, u32)>,
    data: PathBuf,
    port: u16,
    stop: Option<mpsc::Sender<()>>,
    keeper: Option<JoinHandle<()>>,
}

/// A head office's own schema in the shared cluster.
pub struct PgSchema {
    pub cluster: Arc<PgCluster>,
    pub schema: String,
}

impl PgSchema {
    /// A fresh, unused schema name (the storage creates the schema when it opens).
    pub fn new() -> PgSchema {
        let cluster = PgCluster::shared();
        let schema = format!("hq_test_{}", NEXT_SCHEMA.fetch_add(1, Ordering::SeqCst));
        PgSchema { cluster, schema }
    }

    pub fn url(&self) -> String {
        self.cluster.url()
    }

    pub fn schema(&self) -> String {
        self.schema.clone()
    }

    /// Runs SQL statements in this schema, bypassing the storage (what a broken head office
    /// or a restore from a backup would do).
    pub fn execute(&self, sql: &str) {
        let mut client = self.cluster.client();
        client
            .batch_execute(&format!("SET search_path TO {};\n{sql}", self.schema))
            .unwrap_or_else(|err| panic!("{sql}: {err:?}"));
    }
}

/// The folder holding the PostgreSQL server programs, or a failure that says how to get them.
fn find_binaries() -> PathBuf {
    if let Some(dir) = std::env::var_os("SCANSTATION_PG_BIN") {
        let dir = PathBuf::from(dir);
        assert!(
            dir.join("initdb").is_file(),
            "SCANSTATION_PG_BIN={} holds no initdb: point it at PostgreSQL's bin folder, or \
             unset it and install the server with `{INSTALL}`",
            dir.display()
        );
        return dir;
    }
    let mut candidates: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let version = entry.file_name().to_str()?.parse::<u32>().ok()?;
            let bin = entry.path().join("bin");
            bin.join("initdb").is_file().then_some((version, bin))
        })
        .collect();
    candidates.sort();
    if let Some((_, bin)) = candidates.pop() {
        return bin;
    }
    let on_path = std::env::var_os("PATH").and_then(|path| {
        std::env::split_paths(&path).find(|dir| {
            ["initdb", "postgres", "pg_ctl"]
                .iter()
                .all(|name| dir.join(name).is_file())
        })
    });
    on_path.unwrap_or_else(|| {
        panic!(
            "PostgreSQL server programs (initdb, postgres, pg_ctl) not found in \
             /usr/lib/postgresql/*/bin or on PATH: install them with `{INSTALL}` \
             (CI does it in .ci/install-test-deps), or set SCANSTATION_PG_BIN to their folder"
        )
    })
}

/// `(uid, gid)` of the `postgres` user when running as root (PostgreSQL refuses root).
fn run_as() -> Option<(u32, u32)> {
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        return None;
    }
    let name = std::ffi::CString::new("postgres").unwrap();
    // SAFETY: getpwnam gets a valid C string; the result is read at once, before any other
    // call that could reuse its static buffer.
    let entry = unsafe { libc::getpwnam(name.as_ptr()) };
    assert!(
        !entry.is_null(),
        "running as root, and there is no `postgres` user to run PostgreSQL as: `{INSTALL}` creates it"
    );
    // SAFETY: non-null, just returned by getpwnam.
    let (uid, gid) = unsafe { ((*entry).pw_uid, (*entry).pw_gid) };
    Some((uid, gid))
}

fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

impl PgCluster {
    /// The cluster of the tests running now, started if there is none.
    pub fn shared() -> Arc<PgCluster> {
        let mut shared = SHARED.lock().unwrap_or_else(|err| err.into_inner());
        if let Some(cluster) = shared.upgrade() {
            return cluster;
        }
        let cluster = Arc::new(PgCluster::start());
        *shared = Arc::downgrade(&cluster);
        cluster
    }

    pub fn port(&self) -> u16 {
        self.server.port
    }

    /// Where clients connect: TCP on 127.0.0.1, as to a head-office database server.
    pub fn url(&self) -> String {
        format!("postgresql://postgres@127.0.0.1:{}/postgres", self.port())
    }

    /// A superuser connection over the unix socket.
    pub fn client(&self) -> ::postgres::Client {
        socket_client(self.dir.path(), self.port(), 10)
            .unwrap_or_else(|err| panic!("connecting to the test cluster: {err:?}"))
    }

    fn start() -> PgCluster {
        let bin = find_binaries();
        let run_as = run_as();
        let dir = tempfile::Builder::new()
            .prefix("scanstation-pg-")
            .tempdir()
            .unwrap();
        if let Some((uid, gid)) = run_as {
            std::os::unix::fs::chown(dir.path(), Some(uid), Some(gid)).unwrap();
        }
        let data = dir.path().join("data");
        let output = command(&bin, run_as, "initdb")
            .arg("-D")
            .arg(&data)
            .args(["-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C"])
            .args(["--no-sync", "--no-instructions"])
            .output()
            .unwrap_or_else(|err| panic!("running {}/initdb: {err}", bin.display()));
        assert!(
            output.status.success(),
            "initdb failed: {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        // A port found free may be taken before the server binds it: try a few.
        let mut problems = Vec::new();
        for _ in 0..3 {
            let server = Server::start(&bin, run_as, &data, dir.path(), free_port());
            match server.wait_ready(dir.path()) {
                Ok(()) => return PgCluster { server, dir },
                Err(problem) => problems.push(problem),
            }
        }
        panic!("the test PostgreSQL did not start: {problems:#?}");
    }
}

fn socket_client(
    socket_dir: &Path,
    port: u16,
    timeout_secs: u32,
) -> Result<::postgres::Client, ::postgres::Error> {
    let config = format!(
        "host={} port={port} user=postgres dbname=postgres connect_timeout={timeout_secs}",
        socket_dir.display()
    );
    ::postgres::Client::connect(&config, ::postgres::NoTls)
}

impl Server {
    fn start(
        bin: &Path,
        run_as: Option<(u32, u32)>,
        data: &Path,
        socket_dir: &Path,
        port: u16,
    ) -> Server {
        let (stop_sender, stop_receiver) = mpsc::channel();
        let keeper = {
            let (bin, data, socket_dir) = (bin.to_owned(), data.to_owned(), socket_dir.to_owned());
            std::thread::spawn(move || keep(&bin, run_as, &data, &socket_dir, port, &stop_receiver))
        };
        Server {
            bin: bin.to_owned(),
            run_as,
            data: data.to_owned(),
            port,
            stop: Some(stop_sender),
            keeper: Some(keeper),
        }
    }

    /// Polls until a connection works, or says why the server is not there.
    fn wait_ready(&self, socket_dir: &Path) -> Result<(), String> {
        let started = Instant::now();
        let log = || std::fs::read_to_string(socket_dir.join("server.log")).unwrap_or_default();
        while started.elapsed() < START_TIMEOUT {
            if socket_client(socket_dir, self.port, 2).is_ok() {
                return Ok(());
            }
            if self.keeper.as_ref().is_none_or(JoinHandle::is_finished) {
                return Err(format!("postgres on port {} exited: {}", self.port, log()));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Err(format!(
            "postgres on port {} did not accept connections in {START_TIMEOUT:?}: {}",
            self.port,
            log()
        ))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let status = command(&self.bin, self.run_as, "pg_ctl")
            .arg("stop")
            .arg("-D")
            .arg(&self.data)
            .args(["-m", "immediate", "-w", "-t"])
            .arg(STOP_TIMEOUT.as_secs().to_string())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        if let Err(err) = status {
            eprintln!("pg_ctl stop: {err}");
        }
        // The keeper waits (bounded) for the server to exit, kills it if it must, then ends.
        drop(self.stop.take());
        if let Some(keeper) = self.keeper.take() {
            let _ = keeper.join();
        }
    }
}

fn command(bin: &Path, run_as: Option<(u32, u32)>, program: &str) -> Command {
    let mut command = Command::new(bin.join(program));
    if let Some((uid, gid)) = run_as {
        command.uid(uid).gid(gid);
    }
    command.env_remove("PGDATA").env("LC_ALL", "C");
    command
}

/// Runs the server as a child of this thread, which lives exactly as long as the cluster: the
/// parent-death signal (SIGQUIT: PostgreSQL's immediate shutdown) fires if the test process
/// dies without stopping it.
fn keep(
    bin: &Path,
    run_as: Option<(u32, u32)>,
    data: &Path,
    socket_dir: &Path,
    port: u16,
    stop: &mpsc::Receiver<()>,
) {
    let log_path = socket_dir.join("server.log");
    let Ok(log) = std::fs::File::create(&log_path) else {
        return;
    };
    if let Some((uid, gid)) = run_as {
        let _ = std::os::unix::fs::chown(&log_path, Some(uid), Some(gid));
    }
    let mut command = command(bin, run_as, "postgres");
    command
        .arg("-D")
        .arg(data)
        .arg("-k")
        .arg(socket_dir)
        .args(["-p", &port.to_string(), "-c", "listen_addresses=127.0.0.1"])
        .args(["-c", "fsync=off", "-c", "synchronous_commit=off"])
        .args(["-c", "full_page_writes=off", "-c", "max_connections=200"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(log);
    // SAFETY: prctl is async-signal-safe and touches only the forked child.
    unsafe {
        command.pre_exec(|| {
            if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGQUIT) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let mut child = match command.spawn() {
        Ok(child) => child,
        Err(err) => {
            let _ = std::fs::write(&log_path, format!("starting {}: {err}", bin.display()));
            return;
        }
    };
    // Until the cluster is dropped (its sender goes away) or the server exits by itself.
    while let Err(mpsc::RecvTimeoutError::Timeout) = stop.recv_timeout(Duration::from_millis(100)) {
        if let Ok(Some(_)) = child.try_wait() {
            return;
        }
    }
    let deadline = Instant::now() + STOP_TIMEOUT;
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
}
