//! A throwaway PostgreSQL server for tests: Debian's `postgresql` binaries (`/usr/lib/postgresql/*/bin`, which
//! `make setup` installs), `initdb` in a temporary folder, `postgres` on a free port of 127.0.0.1 with its unix
//! socket in that folder, trust authentication for the `postgres` user. As root, PostgreSQL refuses to run, so
//! the server runs as the `postgres` user, the folder given to it.
//!
//! The server is started by a small shell that stops it (fast shutdown) and removes the folder as soon as its
//! stdin closes: when the [`TestPostgres`] is dropped, or when the test process ends however it ends — so one
//! server can also be shared by every test of a binary ([`shared`]) and is still never left behind.
//!
//! Nothing is skipped: without PostgreSQL, or when it does not start, the test fails and says why. Shared by
//! the server's tests and the CLI's (`#[path]`); it uses only the standard library and the PostgreSQL binaries.
#![allow(dead_code)]

use std::io::Read;
use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// A PostgreSQL server of the test's own, stopped and removed when dropped.
pub struct TestPostgres {
    bin: PathBuf,
    folder: PathBuf,
    port: u16,
    /// The shell that stops the server when this closes.
    watchdog: Option<ChildStdin>,
    shell: Child,
}

/// The server every test of this binary shares (each in a database of its own, [`TestPostgres::database`]).
pub fn shared() -> &'static TestPostgres {
    static SHARED: OnceLock<TestPostgres> = OnceLock::new();
    SHARED.get_or_init(|| TestPostgres::start("shared"))
}

/// The PostgreSQL binaries' folder (the newest version installed), or a failure that says what to do.
fn postgres_bin() -> PathBuf {
    let mut found: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.path().join("bin"))
        .filter(|bin| bin.join("postgres").is_file() && bin.join("initdb").is_file())
        .collect();
    found.sort_by_key(|bin| {
        bin.parent()
            .and_then(Path::file_name)
            .and_then(|version| version.to_str()?.parse::<u32>().ok())
            .unwrap_or(0)
    });
    found.pop().unwrap_or_else(|| {
        panic!(
            "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/postgres): these tests need it. \
             Run `make setup`, or `apt-get install -y postgresql`."
        )
    })
}

/// The user and group ids to run PostgreSQL as: `postgres`'s when running as root (PostgreSQL refuses root),
/// else none (run as ourselves).
fn run_as() -> Option<(u32, u32)> {
    let id = |args: &[&str]| -> Option<u32> {
        let output = Command::new("id").args(args).output().ok()?;
        String::from_utf8(output.stdout).ok()?.trim().parse().ok()
    };
    if id(&["-u"])? != 0 {
        return None;
    }
    match (id(&["-u", "postgres"]), id(&["-g", "postgres"])) {
        (Some(uid), Some(gid)) => Some((uid, gid)),
        _ => panic!(
            "running as root and there is no `postgres` user to run PostgreSQL as (the postgresql package \
             creates it): apt-get install -y postgresql"
        ),
    }
}

fn command(program: &Path, user: Option<(u32, u32)>, folder: &Path) -> Command {
    let mut command = Command::new(program);
    command.current_dir(folder);
    if let Some((uid, gid)) = user {
        command.uid(uid).gid(gid);
    }
    command
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port()
}

impl TestPostgres {
    /// Makes a cluster in a new temporary folder and starts a server on it; fails the test if it cannot.
    pub fn start(name: &str) -> TestPostgres {
        static STARTED: AtomicUsize = AtomicUsize::new(0);
        let bin = postgres_bin();
        let user = run_as();
        let folder = std::env::temp_dir().join(format!(
            "chatgate-pg-{}-{name}-{}",
            std::process::id(),
            STARTED.fetch_add(1, Ordering::SeqCst)
        ));
        let _ = std::fs::remove_dir_all(&folder);
        std::fs::create_dir_all(&folder).expect("a temporary folder");
        if let Some((uid, gid)) = user {
            std::os::unix::fs::chown(&folder, Some(uid), Some(gid))
                .expect("the folder given to the postgres user");
        }
        let initdb = command(&bin.join("initdb"), user, &folder)
            .args(["-D", "data", "-A", "trust", "-U", "postgres", "-E", "UTF8"])
            .args(["--locale=C", "--no-sync", "--no-instructions"])
            .output()
            .expect("initdb runs");
        if !initdb.status.success() {
            let _ = std::fs::remove_dir_all(&folder);
        }
        assert!(
            initdb.status.success(),
            "initdb failed in {}: {}{}",
            folder.display(),
            String::from_utf8_lossy(&initdb.stdout),
            String::from_utf8_lossy(&initdb.stderr)
        );
        let port = free_port();
        // The shell starts the server, waits for its stdin to close, then stops the server and removes the
        // folder; it ignores Ctrl-C (which reaches the server itself) so as to clean up once the tests are gone.
        // fsync stays on: acknowledged means on disk, as in production.
        let script = r#"
            "$0/postgres" -D data -p "$1" -k "$PWD" -c listen_addresses=127.0.0.1 -c max_connections=200 \
                >log 2>&1 &
            server=$!
            trap '' INT
            cat >/dev/null
            kill -INT "$server" 2>/dev/null
            wait "$server"
            cd / && rm -rf "$2"
        "#;
        let mut shell = command(Path::new("/bin/sh"), user, &folder)
            .arg("-c")
            .arg(script)
            .arg(&bin)
            .arg(port.to_string())
            .arg(&folder)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("sh runs");
        let watchdog = shell.stdin.take();
        let server = TestPostgres {
            bin,
            folder,
            port,
            watchdog,
            shell,
        };
        server.wait_until_ready();
        server
    }

    fn wait_until_ready(&self) {
        let started = Instant::now();
        loop {
            let ready = Command::new(self.bin.join("pg_isready"))
                .args(["-h", "127.0.0.1", "-p", &self.port.to_string(), "-q"])
                .status()
                .is_ok_and(|status| status.success());
            if ready {
                return;
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "PostgreSQL did not start on port {}: {}",
                self.port,
                self.log()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// The server's log so far.
    pub fn log(&self) -> String {
        let mut log = String::new();
        let _ =
            std::fs::File::open(self.folder.join("log")).map(|mut f| f.read_to_string(&mut log));
        log
    }

    /// The port it listens on (127.0.0.1).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// A connection URL for `database`.
    pub fn url(&self, database: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{database}", self.port)
    }

    /// Runs SQL with `psql` in `database`; its output, unaligned and without headers.
    pub fn psql(&self, database: &str, sql: &str) -> String {
        let output = Command::new(self.bin.join("psql"))
            .args(["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1"])
            .args(["-d", &self.url(database), "-c", sql])
            .output()
            .expect("psql runs");
        assert!(
            output.status.success(),
            "psql {sql}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).trim().to_string()
    }

    /// A connection URL for `database` through the unix socket in the server's folder.
    pub fn socket_url(&self, database: &str) -> String {
        format!(
            "postgres://postgres@/{database}?host={}&port={}",
            self.folder.display(),
            self.port
        )
    }

    /// A new empty database; its URL.
    pub fn database(&self, name: &str) -> String {
        static MADE: AtomicUsize = AtomicUsize::new(0);
        let database = format!(
            "{}_{}",
            name.replace(|c: char| !c.is_ascii_alphanumeric(), "_"),
            MADE.fetch_add(1, Ordering::SeqCst)
        );
        self.psql("postgres", &format!("CREATE DATABASE \"{database}\""));
        self.url(&database)
    }
}

impl Drop for TestPostgres {
    fn drop(&mut self) {
        // Closing the shell's stdin stops the server and removes the folder.
        drop(self.watchdog.take());
        let _ = self.shell.wait();
    }
}
