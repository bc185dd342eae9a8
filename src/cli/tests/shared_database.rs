//! Issue 17's acceptance scenario: two real `chatgate serve` receivers on one PostgreSQL database (a throwaway
//! server started here, `../../server/tests/support/postgres.rs`). 600 records from 30 concurrent clients, 30%
//! of them also sent to the other receiver: exactly 600 rows, every POST answered 2xx. Then the same load while
//! one receiver is killed with SIGKILL and restarted: each client retries a request that failed on the other
//! receiver, and every record acknowledged is stored, once. Figures are printed (`--nocapture`), not asserted.
#![cfg(unix)]

#[path = "../../server/tests/support/postgres.rs"]
mod postgres;

use std::collections::{BTreeSet, VecDeque};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::thread;
use std::time::{Duration, Instant};

use postgres::TestPostgres;

const RECORDS: usize = 600;
const CLIENTS: usize = 30;
/// The share of records also sent to the other receiver, in percent.
const ALSO_TO_THE_OTHER: usize = 30;

/// A folder with the smallest build `chatgate serve` accepts, removed afterwards.
struct TempDist(PathBuf);

impl TempDist {
    fn new(name: &str) -> TempDist {
        let folder =
            std::env::temp_dir().join(format!("chatgate-shared-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&folder);
        for (file, text) in [
            ("dist/site/index.html", "<h1>Demo</h1>"),
            ("dist/widget/widget.js", "console.log('widget');"),
        ] {
            let path = folder.join(file);
            std::fs::create_dir_all(path.parent().expect("a folder")).expect("creates");
            std::fs::write(path, text).expect("writes");
        }
        TempDist(folder)
    }
}

impl Drop for TempDist {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port()
}

/// A `chatgate serve` process on the shared database, killed (SIGKILL) when dropped.
struct Receiver {
    child: Child,
    site_port: u16,
    widget: SocketAddr,
    url: String,
    dist: PathBuf,
    log: PathBuf,
}

impl Receiver {
    fn start(dist: &TempDist, url: &str, name: &str) -> Receiver {
        let mut receiver = Receiver {
            child: Command::new("true").spawn().expect("true runs"),
            site_port: free_port(),
            widget: SocketAddr::from(([127, 0, 0, 1], free_port())),
            url: url.to_string(),
            dist: dist.0.join("dist"),
            log: dist.0.join(format!("{name}.log")),
        };
        receiver.restart();
        receiver
    }

    /// Starts (again) on the same ports and waits until they take connections.
    fn restart(&mut self) {
        let _ = self.child.wait();
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.log)
            .expect("a log file");
        self.child = Command::new(env!("CARGO_BIN_EXE_chatgate"))
            .args(["serve", "--dist"])
            .arg(&self.dist)
            .args(["--port", &self.site_port.to_string()])
            .args(["--widget-port", &self.widget.port().to_string()])
            .args(["--db", &self.url])
            // Every client of this load is 127.0.0.1.
            .args(["--rate-limit", "0"])
            .env("CHATGATE_ADMIN_TOKEN", "test-token")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("chatgate serve runs");
        let started = Instant::now();
        while TcpStream::connect(self.widget).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "the receiver did not start: {}",
                std::fs::read_to_string(&self.log).unwrap_or_default()
            );
            thread::sleep(Duration::from_millis(20));
        }
    }

    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        self.kill();
    }
}

/// The `i`th record (its own id and number), as JSON.
fn record(i: usize) -> (String, String) {
    use chatgate_core::consent::{build_record, consent_copy, RecordContext, ValidOptIn};
    let copy = consent_copy("en", "Northfield Clinic", &[], false, "");
    let phone = format!("+4479110{i:05}");
    let form = ValidOptIn {
        phone: chatgate_core::phone::normalize_phone(&phone, None).expect("valid"),
        purposes: vec!["results".into()],
    };
    let mut random = [0x5a; 16];
    random[..8].copy_from_slice(&(i as u64).to_be_bytes());
    let context = RecordContext {
        business: "Northfield Clinic",
        business_phone: &chatgate_core::phone::normalize_phone("+44 20 7946 0000", None)
            .expect("valid business number"),
        copy: &copy,
        locale: "en",
        page: "https://clinic.example/",
        now: chatgate_core::time::Timestamp(1_795_000_000 + i as i64),
        random,
    };
    let record = build_record(&form, &context);
    let json = serde_json::to_string(&record).expect("JSON");
    (record.consent_id, json)
}

/// POSTs a record; the status, or `None` when the receiver could not be reached or broke off.
fn post(address: SocketAddr, body: &str) -> Option<u16> {
    let mut stream = TcpStream::connect_timeout(&address, Duration::from_secs(5)).ok()?;
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .ok()?;
    let request = format!(
        "POST /consents HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).ok()?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer).ok()?;
    answer.get(9..12)?.parse().ok()
}

/// What a load run saw.
#[derive(Debug, Default)]
struct Outcome {
    /// Ids answered 2xx.
    acknowledged: BTreeSet<String>,
    /// Requests sent, retries included.
    requests: usize,
    /// Requests that failed (no answer, or 5xx) and were sent again.
    retries: usize,
    /// Statuses other than 2xx, 5xx or no answer (must stay empty).
    refused: Vec<u16>,
    seconds: f64,
}

/// Sends every record to one receiver and 30% of them to the other as well, from `CLIENTS` threads pulling
/// from one shuffled queue. A request that fails is sent to the other receiver, and back, until answered.
/// `during` runs beside the clients with the count of answered requests.
fn run_load(receivers: [SocketAddr; 2], during: impl FnOnce(&AtomicUsize) + Send) -> Outcome {
    let mut sends: Vec<(usize, usize)> = (0..RECORDS).map(|i| (i, i % 2)).collect();
    sends.extend(
        (0..RECORDS)
            .filter(|i| (i * 7) % 100 < ALSO_TO_THE_OTHER)
            .map(|i| (i, 1 - i % 2)),
    );
    let mut seed: u64 = 42;
    for i in (1..sends.len()).rev() {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        sends.swap(i, (seed >> 33) as usize % (i + 1));
    }
    let bodies: Vec<(String, String)> = (0..RECORDS).map(record).collect();
    let queue = Mutex::new(sends.into_iter().collect::<VecDeque<_>>());
    let outcome = Mutex::new(Outcome::default());
    let answered = AtomicUsize::new(0);
    let started = Instant::now();
    thread::scope(|scope| {
        for _ in 0..CLIENTS {
            scope.spawn(|| loop {
                let Some((index, first)) = queue.lock().expect("queue").pop_front() else {
                    return;
                };
                let (id, body) = &bodies[index];
                let mut target = first;
                let mut attempts = 0;
                loop {
                    attempts += 1;
                    let status = post(receivers[target], body);
                    let mut outcome = outcome.lock().expect("outcome");
                    outcome.requests += 1;
                    match status {
                        Some(status) if (200..300).contains(&status) => {
                            outcome.acknowledged.insert(id.clone());
                            answered.fetch_add(1, Ordering::SeqCst);
                            break;
                        }
                        Some(status) if status < 500 => {
                            outcome.refused.push(status);
                            break;
                        }
                        _ => {
                            outcome.retries += 1;
                            drop(outcome);
                            assert!(attempts < 200, "{id} was never acknowledged");
                            target = 1 - target;
                            thread::sleep(Duration::from_millis(10));
                        }
                    }
                }
            });
        }
        during(&answered);
    });
    let mut outcome = outcome.into_inner().expect("outcome");
    outcome.seconds = started.elapsed().as_secs_f64();
    outcome
}

/// The ids stored in the database at `url`, and the number of rows.
fn stored(postgres: &TestPostgres, url: &str) -> (BTreeSet<String>, usize) {
    let rows = postgres.psql(database_name(url), "SELECT consent_id FROM consents");
    let ids: Vec<String> = rows.lines().map(str::to_string).collect();
    let count = ids.len();
    (ids.into_iter().collect(), count)
}

fn database_name(url: &str) -> &str {
    url.rsplit('/').next().expect("a database name")
}

fn report(name: &str, outcome: &Outcome) {
    println!(
        "{name}: {RECORDS} records, {} requests ({} retried) from {CLIENTS} clients in {:.2} s \
         ({:.0} requests/s), {} acknowledged",
        outcome.requests,
        outcome.retries,
        outcome.seconds,
        outcome.requests as f64 / outcome.seconds,
        outcome.acknowledged.len(),
    );
}

#[test]
fn two_receivers_on_one_database_store_each_record_once() {
    let postgres = TestPostgres::start("two-receivers");
    let url = postgres.database("load");
    let dist = TempDist::new("load");
    let (first, second) = thread::scope(|scope| {
        let first = scope.spawn(|| Receiver::start(&dist, &url, "first"));
        let second = scope.spawn(|| Receiver::start(&dist, &url, "second"));
        (
            first.join().expect("starts"),
            second.join().expect("starts"),
        )
    });
    let outcome = run_load([first.widget, second.widget], |_| {});
    report("two receivers", &outcome);
    assert_eq!(outcome.retries, 0, "every POST was answered 2xx at once");
    assert!(outcome.refused.is_empty(), "{:?}", outcome.refused);
    assert_eq!(outcome.acknowledged.len(), RECORDS);
    let (ids, rows) = stored(&postgres, &url);
    assert_eq!(rows, RECORDS, "exactly one row per record");
    assert_eq!(ids, outcome.acknowledged);
    assert_eq!(
        postgres.psql(
            database_name(&url),
            "SELECT count(*) = max(version) FROM schema_migrations"
        ),
        "t",
        "each migration applied once"
    );
}

#[test]
fn a_receiver_killed_mid_load_loses_and_duplicates_nothing() {
    let postgres = TestPostgres::start("kill-9");
    let url = postgres.database("kill");
    let dist = TempDist::new("kill");
    let mut first = Receiver::start(&dist, &url, "first");
    let second = Receiver::start(&dist, &url, "second");
    let addresses = [first.widget, second.widget];
    let outcome = run_load(addresses, |answered| {
        while answered.load(Ordering::SeqCst) < 250 {
            thread::sleep(Duration::from_millis(1));
        }
        first.kill();
        let killed_at = answered.load(Ordering::SeqCst);
        thread::sleep(Duration::from_millis(300));
        first.restart();
        println!("kill -9 after {killed_at} answers; restarted 300 ms later");
    });
    report("kill -9 of one receiver", &outcome);
    assert!(outcome.refused.is_empty(), "{:?}", outcome.refused);
    assert_eq!(
        outcome.acknowledged.len(),
        RECORDS,
        "every record acknowledged in the end"
    );
    let (ids, rows) = stored(&postgres, &url);
    assert_eq!(rows, RECORDS, "nothing duplicated");
    assert_eq!(ids, outcome.acknowledged, "nothing acknowledged was lost");
}
