//! Issue 18's acceptance scenario against the real `chatgate serve` in a child process limited to 128 file
//! descriptors (`ulimit -n 128`): a client holds 200 slow connections (half-sent request headers, reopened as
//! soon as the server drops one) while other clients fetch the widget file and the demo page and post consents.
//! Each must be answered — long before the header timeout that alone would free the server — and every
//! consent stored. Once with the default connection cap (derived from the limit) and once with a cap the limit
//! cannot hold, where the server runs out of descriptors and must back off and keep serving. Latencies are
//! printed (`--nocapture`), not asserted.
#![cfg(unix)]

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

/// A half-sent request: the header never ends.
const HALF_SENT: &[u8] = b"GET / HTTP/1.1\r\nHost: x\r\n";

/// The header timeout the servers run with: were they only freed by it, every answer would wait this long.
const HEADER_TIMEOUT_SECS: u64 = 60;

const SLOW_CONNECTIONS: usize = 200;

const ROUNDS: u8 = 10;

/// A folder removed afterwards.
struct TempFolder(PathBuf);

impl TempFolder {
    fn new(name: &str) -> TempFolder {
        let folder =
            std::env::temp_dir().join(format!("chatgate-cli-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&folder);
        for (file, text) in [
            ("dist/site/index.html", "<h1>Demo</h1>"),
            ("dist/widget/widget.js", "console.log('widget');"),
        ] {
            let path = folder.join(file);
            std::fs::create_dir_all(path.parent().expect("a folder")).expect("creates");
            std::fs::write(path, text).expect("writes");
        }
        TempFolder(folder)
    }
}

impl Drop for TempFolder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The server process, killed when the test ends.
struct Server {
    child: Child,
    site: SocketAddr,
    widget: SocketAddr,
    folder: TempFolder,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn stderr(&self) -> String {
        std::fs::read_to_string(self.folder.0.join("stderr")).unwrap_or_default()
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port()
}

/// Starts `chatgate serve` under `ulimit -n 128` and waits until both ports answer.
fn start(name: &str, extra: &[&str]) -> Server {
    let folder = TempFolder::new(name);
    let (site_port, widget_port) = (free_port(), free_port());
    let mut args = vec![
        "serve".to_string(),
        "--dist".to_string(),
        folder.0.join("dist").display().to_string(),
        "--port".to_string(),
        site_port.to_string(),
        "--widget-port".to_string(),
        widget_port.to_string(),
        "--db".to_string(),
        folder.0.join("consents.db").display().to_string(),
        "--header-timeout".to_string(),
        HEADER_TIMEOUT_SECS.to_string(),
    ];
    args.extend(extra.iter().map(|arg| arg.to_string()));
    let stderr = std::fs::File::create(folder.0.join("stderr")).expect("a log file");
    let child = Command::new("bash")
        .arg("-c")
        .arg("ulimit -n 128 && exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_chatgate"))
        .args(&args)
        .env("CHATGATE_ADMIN_TOKEN", "test-token")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(stderr)
        .spawn()
        .expect("bash runs");
    let server = Server {
        child,
        site: SocketAddr::from(([127, 0, 0, 1], site_port)),
        widget: SocketAddr::from(([127, 0, 0, 1], widget_port)),
        folder,
    };
    let started = Instant::now();
    while [server.site, server.widget]
        .iter()
        .any(|address| TcpStream::connect(address).is_err())
    {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the server did not start: {}",
            server.stderr()
        );
        thread::sleep(Duration::from_millis(50));
    }
    server
}

/// Sends a whole request (it says `Connection: close`) and reads the answer to the end, with how long it took;
/// `None` if nothing came within `patience`.
fn exchange(address: SocketAddr, request: &[u8], patience: Duration) -> Option<(String, Duration)> {
    let started = Instant::now();
    let mut stream = TcpStream::connect_timeout(&address, patience).ok()?;
    stream.set_read_timeout(Some(patience)).ok()?;
    stream.write_all(request).ok()?;
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).ok()?;
    Some((
        String::from_utf8_lossy(&answer).into_owned(),
        started.elapsed(),
    ))
}

fn get(path: &str, token: Option<&str>) -> Vec<u8> {
    let authorization = token.map_or(String::new(), |token| {
        format!("Authorization: Bearer {token}\r\n")
    });
    format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n{authorization}\r\n")
        .into_bytes()
}

/// A valid consent record with its own id, as the widget posts it.
fn post_consent(seed: u8) -> Vec<u8> {
    use chatgate_core::consent::{build_record, consent_copy, RecordContext, ValidOptIn};
    let copy = consent_copy("en", "Northfield Clinic", &[], false, "");
    let form = ValidOptIn {
        phone: chatgate_core::phone::normalize_phone("+447911123456", None).expect("valid"),
        purposes: vec!["results".into()],
    };
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970")
        .as_secs();
    let context = RecordContext {
        business: "Northfield Clinic",
        business_phone: &chatgate_core::phone::normalize_phone("+44 20 7946 0000", None)
            .expect("valid business number"),
        copy: &copy,
        locale: "en",
        page: "https://clinic.example/",
        now: chatgate_core::time::Timestamp(i64::try_from(now).expect("before 2262")),
        random: [seed; 16],
    };
    let body = serde_json::to_string(&build_record(&form, &context)).expect("JSON");
    format!(
        "POST /consents HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// A client holding `SLOW_CONNECTIONS` half-sent requests on both servers, reopening each one the server drops,
/// until `stop`; `reopened` counts the drops.
fn hold_slow_connections(
    targets: [SocketAddr; 2],
    stop: Arc<AtomicBool>,
    reopened: Arc<AtomicUsize>,
) -> thread::JoinHandle<()> {
    thread::spawn(move || {
        let open = |i: usize| {
            let stream = TcpStream::connect(targets[i % 2]).ok()?;
            (&stream).write_all(HALF_SENT).ok()?;
            stream.set_nonblocking(true).ok()?;
            Some(stream)
        };
        let mut held: Vec<Option<TcpStream>> = (0..SLOW_CONNECTIONS).map(open).collect();
        let mut buffer = [0u8; 512];
        while !stop.load(Ordering::Relaxed) {
            for (i, slot) in held.iter_mut().enumerate() {
                let dropped = match slot {
                    Some(stream) => match stream.read(&mut buffer) {
                        Ok(_) => true,
                        Err(error) => error.kind() != std::io::ErrorKind::WouldBlock,
                    },
                    None => true,
                };
                if dropped {
                    reopened.fetch_add(1, Ordering::Relaxed);
                    *slot = open(i);
                }
            }
            thread::sleep(Duration::from_millis(20));
        }
    })
}

/// The acceptance scenario against `server`; returns the slowest answer.
fn other_clients_are_answered(server: &Server) -> Duration {
    let stop = Arc::new(AtomicBool::new(false));
    let reopened = Arc::new(AtomicUsize::new(0));
    let attacker =
        hold_slow_connections([server.site, server.widget], stop.clone(), reopened.clone());
    thread::sleep(Duration::from_secs(1));
    let patience = Duration::from_secs(HEADER_TIMEOUT_SECS / 4);
    let mut slowest = Duration::ZERO;
    for seed in 0..ROUNDS {
        for (address, request, expected) in [
            (server.widget, get("/widget.js", None), "HTTP/1.1 200"),
            (server.site, get("/", None), "HTTP/1.1 200"),
            (server.widget, post_consent(seed), "HTTP/1.1 201"),
        ] {
            let answer = exchange(address, &request, patience);
            let Some((answer, took)) = answer else {
                panic!(
                    "no answer within {patience:?} (round {seed}); server said: {}",
                    server.stderr()
                );
            };
            assert!(answer.starts_with(expected), "{answer}");
            slowest = slowest.max(took);
        }
    }
    stop.store(true, Ordering::Relaxed);
    attacker.join().expect("the slow client ends");
    eprintln!(
        "{} rounds against {SLOW_CONNECTIONS} slow connections (reopened {} times after the server \
         dropped them): the slowest answer took {slowest:?}",
        ROUNDS,
        reopened.load(Ordering::Relaxed)
    );
    // Nothing lost: every consent posted is stored.
    let list = exchange(
        server.widget,
        &get("/consents", Some("test-token")),
        patience,
    )
    .expect("the list is answered")
    .0;
    assert_eq!(
        list.matches("\"consent_id\"").count(),
        usize::from(ROUNDS),
        "{list}"
    );
    assert!(
        server.child.id() > 0 && TcpStream::connect(server.widget).is_ok(),
        "still serving"
    );
    slowest
}

#[test]
fn with_128_file_descriptors_200_slow_connections_do_not_starve_other_clients() {
    let server = start("acceptance", &[]);
    let slowest = other_clients_are_answered(&server);
    assert!(slowest < Duration::from_secs(HEADER_TIMEOUT_SECS / 4));
}

#[test]
fn out_of_file_descriptors_the_server_backs_off_and_keeps_serving() {
    // A cap the 128 descriptors cannot hold: accept fails with EMFILE and the server must not spin or die.
    let mut server = start("emfile", &["--max-connections", "1000"]);
    other_clients_are_answered(&server);
    assert!(
        server.child.try_wait().expect("waits").is_none(),
        "the server died: {}",
        server.stderr()
    );
    assert!(
        server.stderr().contains("cannot accept a connection"),
        "{}",
        server.stderr()
    );
}
