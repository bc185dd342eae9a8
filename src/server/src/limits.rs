//! How long a client may take and how many connections the servers hold: the numbers behind `chatgate serve
//! --header-timeout`, `--body-timeout` and `--max-connections`, with their defaults.
//!
//! The connection cap is derived from the process's open-file limit, so that every connection the servers hold,
//! plus a file it may be sending, fits in it with room to spare. Nothing here opens a socket or reads a request.

use std::time::Duration;

/// How long a connection may take to send a request's header, and how long a keep-alive connection may sit idle
/// between requests (hyper's `header_read_timeout` covers both).
pub const DEFAULT_HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// How long a request may take to send its whole body (a full 64 KiB record over a slow mobile link fits).
pub const DEFAULT_BODY_TIMEOUT: Duration = Duration::from_secs(30);

/// The most connections held by default, however many files the process may open.
pub const DEFAULT_MAX_CONNECTIONS: usize = 512;

/// File descriptors kept out of the connection budget: stdin/out/err, the runtime's poller, the two listeners,
/// the database (an SQLite file with its WAL and shared-memory files, or up to `store`'s 16 PostgreSQL
/// connections), and a margin.
const RESERVED_FILES: u64 = 32;

/// The fewest connections a default cap allows, even under a tiny open-file limit (nor is a cap lowered below it
/// when the process runs out of file descriptors).
pub const MIN_MAX_CONNECTIONS: usize = 8;

/// What the servers bear from slow or idle clients.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientLimits {
    /// A request's header must arrive within this long of the connection opening (or of the previous response,
    /// on a keep-alive connection); otherwise the connection is closed.
    pub header_timeout: Duration,
    /// A request's body must arrive whole within this long of its header; otherwise the answer is 408.
    pub body_timeout: Duration,
    /// The most connections held at once by the two servers together; `None` derives it from the open-file
    /// limit ([`default_max_connections`]). At the cap, a new connection is still served and the connection
    /// that has waited longest without sending a complete request is closed.
    pub max_connections: Option<usize>,
}

impl Default for ClientLimits {
    fn default() -> ClientLimits {
        ClientLimits {
            header_timeout: DEFAULT_HEADER_TIMEOUT,
            body_timeout: DEFAULT_BODY_TIMEOUT,
            max_connections: None,
        }
    }
}

impl ClientLimits {
    /// The connection cap in force: the configured one, else [`default_max_connections`].
    pub fn max_connections(&self) -> usize {
        self.max_connections
            .unwrap_or_else(|| default_max_connections(open_file_limit()))
    }
}

/// The default cap for an open-file limit: half of what the reserve leaves (a connection may hold a second file
/// while it sends one), at least [`MIN_MAX_CONNECTIONS`] and at most [`DEFAULT_MAX_CONNECTIONS`]; with no known
/// limit, [`DEFAULT_MAX_CONNECTIONS`].
pub fn default_max_connections(open_file_limit: Option<u64>) -> usize {
    let Some(limit) = open_file_limit else {
        return DEFAULT_MAX_CONNECTIONS;
    };
    let budget = limit.saturating_sub(RESERVED_FILES) / 2;
    usize::try_from(budget)
        .unwrap_or(usize::MAX)
        .clamp(MIN_MAX_CONNECTIONS, DEFAULT_MAX_CONNECTIONS)
}

/// The process's soft limit on open files (`ulimit -n`), when the system says.
#[cfg(unix)]
pub fn open_file_limit() -> Option<u64> {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit only writes the struct it is given, which lives for the whole call.
    let status = unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) };
    (status == 0 && limit.rlim_cur != libc::RLIM_INFINITY).then_some(limit.rlim_cur)
}

/// The process's limit on open files: unknown on this system.
#[cfg(not(unix))]
pub fn open_file_limit() -> Option<u64> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_cap_leaves_room_for_a_file_per_connection() {
        let check = |limit: Option<u64>, expected: usize| {
            assert_eq!(default_max_connections(limit), expected, "{limit:?}");
        };
        check(Some(128), 48);
        check(Some(256), 112);
        check(Some(1_024), 496);
        check(Some(20_000), 512);
        check(Some(40), 8);
        check(Some(0), 8);
        check(None, 512);
    }
}
