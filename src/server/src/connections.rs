//! The table of open connections both servers share: what each is doing, the cap on how many are held, and
//! which one gives way when a new client arrives at the cap.
//!
//! A connection is *evictable* unless a handler is working on a complete request: waiting for a request header
//! (new, slow or idle between keep-alive requests), still receiving a body (the handler has not acted yet), or
//! sending a finished response. At the cap, the evictable connection that has been in its state longest is
//! closed before the newcomer is accepted — what nginx does with its "reusable" connections under slowloris
//! pressure. Clients sending complete requests are answered; only the slowest lose their connection. An evicted
//! connection counts until its task has closed it, so the cap bounds the file descriptors really held. This
//! module only keeps the table and signals evictions; `accept` owns the sockets.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

use tokio::sync::Notify;

/// What a connection is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Waiting for a request header: just accepted, slow, or idle between keep-alive requests.
    WaitingForRequest,
    /// The header has arrived and the body is still coming; the handler has not acted on it.
    ReceivingBody,
    /// A handler is working on a complete request (this connection is never evicted).
    Handling,
    /// The handler has answered and the response is being sent.
    Responding,
}

impl Phase {
    /// Whether a connection in this phase may be closed to make room for a new one.
    pub fn is_evictable(self) -> bool {
        self != Phase::Handling
    }
}

struct Entry {
    phase: Phase,
    since: Instant,
    /// Chosen to give way; still open until its task closes it.
    evicting: bool,
    evicted: Arc<Notify>,
}

struct Entries {
    next_id: u64,
    by_id: HashMap<u64, Entry>,
    max_connections: usize,
}

impl Entries {
    /// Chooses the connection that has been evictable longest and tells its task to close it.
    fn evict_oldest(&mut self) -> bool {
        let oldest = self
            .by_id
            .iter_mut()
            .filter(|(_, entry)| entry.phase.is_evictable() && !entry.evicting)
            .min_by_key(|(id, entry)| (entry.since, **id));
        match oldest {
            Some((_, entry)) => {
                entry.evicting = true;
                // A stored permit: the task closes the connection even if it is not waiting at this moment.
                entry.evicted.notify_one();
                true
            }
            None => false,
        }
    }
}

/// The open connections of both servers, with the cap on how many are held.
pub struct ConnectionTable {
    entries: Mutex<Entries>,
    /// Signalled when a connection closes or becomes evictable.
    room: Notify,
}

impl ConnectionTable {
    /// An empty table holding at most `max_connections` (at least one).
    pub fn new(max_connections: usize) -> Arc<ConnectionTable> {
        Arc::new(ConnectionTable {
            entries: Mutex::new(Entries {
                next_id: 0,
                by_id: HashMap::new(),
                max_connections: max_connections.max(1),
            }),
            room: Notify::new(),
        })
    }

    fn entries(&self) -> MutexGuard<'_, Entries> {
        // The table's operations cannot panic halfway, so a poisoned lock still guards a consistent table.
        self.entries
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// How many connections are open (those chosen to give way included, until they are closed).
    pub fn len(&self) -> usize {
        self.entries().by_id.len()
    }

    /// Whether no connection is open.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The cap.
    pub fn max_connections(&self) -> usize {
        self.entries().max_connections
    }

    /// Lowers the cap to `max_connections` (at least one) when that is below it; the connections over it give
    /// way one by one as new clients arrive. Returns the cap in force.
    pub fn lower_cap(&self, max_connections: usize) -> usize {
        let mut entries = self.entries();
        entries.max_connections = entries.max_connections.min(max_connections.max(1));
        entries.max_connections
    }

    /// Waits until a new connection can be accepted below the cap. At the cap, the connection that has been
    /// evictable longest is told to close and its closing awaited; when none can give way (every one is being
    /// handled), a handler finishing is awaited.
    pub async fn wait_for_room(&self) {
        loop {
            let room = self.room.notified();
            tokio::pin!(room);
            room.as_mut().enable();
            {
                let mut entries = self.entries();
                if entries.by_id.len() < entries.max_connections {
                    return;
                }
                if !entries.by_id.values().any(|entry| entry.evicting) {
                    entries.evict_oldest();
                }
            }
            room.await;
        }
    }

    /// Registers a connection just accepted. Call [`ConnectionTable::wait_for_room`] first: two listeners may
    /// race past the cap by one each, never more.
    pub fn admit(self: &Arc<Self>) -> Admission {
        let mut entries = self.entries();
        let id = entries.next_id;
        entries.next_id += 1;
        let evicted = Arc::new(Notify::new());
        entries.by_id.insert(
            id,
            Entry {
                phase: Phase::WaitingForRequest,
                since: Instant::now(),
                evicting: false,
                evicted: evicted.clone(),
            },
        );
        Admission {
            connection: Connection {
                table: self.clone(),
                id,
            },
            evicted,
        }
    }

    /// Tells the connection that has been evictable longest to close, to free its file descriptor; `false`
    /// when none can give way.
    pub fn evict_oldest(&self) -> bool {
        self.entries().evict_oldest()
    }
}

/// A connection's handle for reporting what it is doing; cheap to clone into its request and response bodies.
#[derive(Clone)]
pub struct Connection {
    table: Arc<ConnectionTable>,
    id: u64,
}

impl Connection {
    /// Records that the connection is now in `phase`.
    pub fn enter(&self, phase: Phase) {
        self.enter_from(None, phase);
    }

    /// Records `phase` only if the connection is still in `from` (a body's end arriving late changes nothing).
    pub fn advance(&self, from: Phase, phase: Phase) {
        self.enter_from(Some(from), phase);
    }

    fn enter_from(&self, from: Option<Phase>, phase: Phase) {
        let mut entries = self.table.entries();
        let Some(entry) = entries.by_id.get_mut(&self.id) else {
            return;
        };
        if from.is_some_and(|from| from != entry.phase) || entry.phase == phase {
            return;
        }
        let becomes_evictable = phase.is_evictable() && !entry.phase.is_evictable();
        entry.phase = phase;
        entry.since = Instant::now();
        drop(entries);
        if becomes_evictable {
            self.table.room.notify_waiters();
        }
    }
}

/// A connection's place in the table: leaves the table when dropped (when the connection's task ends and its
/// socket is closed).
pub struct Admission {
    connection: Connection,
    evicted: Arc<Notify>,
}

impl Admission {
    /// The handle for reporting phases.
    pub fn connection(&self) -> Connection {
        self.connection.clone()
    }

    /// Resolves when the table has chosen this connection to make room.
    pub async fn evicted(&self) {
        self.evicted.notified().await;
    }
}

impl Drop for Admission {
    fn drop(&mut self) {
        let table = &self.connection.table;
        table.entries().by_id.remove(&self.connection.id);
        table.room.notify_waiters();
    }
}

#[cfg(test)]
mod tests {
    use std::future::Future;
    use std::task::{Context, Waker};

    use super::*;

    /// Whether a future is ready at its first poll.
    fn is_ready(future: impl Future) -> bool {
        let mut context = Context::from_waker(Waker::noop());
        std::pin::pin!(future).poll(&mut context).is_ready()
    }

    #[test]
    fn at_the_cap_the_longest_waiting_connection_gives_way_before_a_new_one_is_taken() {
        let table = ConnectionTable::new(3);
        let first = table.admit();
        let second = table.admit();
        let third = table.admit();
        // The oldest is busy with a complete request, so the second gives way.
        first.connection().enter(Phase::Handling);
        assert!(
            !is_ready(table.wait_for_room()),
            "no room until it is closed"
        );
        assert!(is_ready(second.evicted()));
        assert!(!is_ready(first.evicted()) && !is_ready(third.evicted()));
        assert!(!is_ready(table.wait_for_room()), "one eviction at a time");
        assert!(!is_ready(third.evicted()));
        drop(second);
        assert!(is_ready(table.wait_for_room()));
        let fourth = table.admit();
        // A connection that answered and went idle again is evictable again, by how long it has waited.
        third.connection().enter(Phase::Handling);
        fourth.connection().enter(Phase::ReceivingBody);
        third.connection().enter(Phase::Responding);
        third
            .connection()
            .advance(Phase::Responding, Phase::WaitingForRequest);
        assert!(!is_ready(table.wait_for_room()));
        assert!(is_ready(fourth.evicted()), "receiving since before");
        assert_eq!(table.len(), 3, "counted until closed");
        drop(fourth);
        assert_eq!(table.len(), 2);
    }

    #[test]
    fn when_every_connection_is_handling_none_gives_way() {
        let table = ConnectionTable::new(1);
        let busy = table.admit();
        busy.connection().enter(Phase::Handling);
        assert!(!table.evict_oldest());
        assert!(!is_ready(table.wait_for_room()));
        assert!(!is_ready(busy.evicted()));
        busy.connection().enter(Phase::Responding);
        assert!(!is_ready(table.wait_for_room()));
        assert!(is_ready(busy.evicted()), "evictable once it answered");
        drop(busy);
        assert!(table.is_empty());
    }

    #[test]
    fn a_lowered_cap_is_reached_by_evictions() {
        let table = ConnectionTable::new(4);
        let held: Vec<Admission> = (0..4).map(|_| table.admit()).collect();
        assert_eq!(table.lower_cap(2), 2);
        assert_eq!(table.lower_cap(10), 2, "never raised");
        let mut held = held.into_iter();
        let oldest = held.next().unwrap();
        assert!(!is_ready(table.wait_for_room()));
        assert!(is_ready(oldest.evicted()));
        drop(oldest);
        let second = held.next().unwrap();
        assert!(!is_ready(table.wait_for_room()));
        assert!(is_ready(second.evicted()));
        drop(second);
        assert!(!is_ready(table.wait_for_room()), "two held: at the cap");
    }

    #[test]
    fn a_late_phase_change_does_not_undo_a_newer_one() {
        let table = ConnectionTable::new(2);
        let admission = table.admit();
        let connection = admission.connection();
        connection.enter(Phase::Handling);
        connection.advance(Phase::ReceivingBody, Phase::Handling);
        connection.advance(Phase::Responding, Phase::WaitingForRequest);
        assert!(!table.evict_oldest(), "still handling");
    }
}
