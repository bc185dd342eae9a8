//! The receiver's ledger: consent records behind one interface, kept by one of two engines — SQLite in a file
//! (the default, `--db FILE`) or PostgreSQL (`--db postgres://…`, for several receivers on one database).
//!
//! Both engines keep the same ledger: one row per `consent_id`, a write acknowledged only once it is durable
//! (committed to disk), writes idempotent by `consent_id` (a repeat changes nothing and returns what is stored;
//! the same id with a different record is a conflict), withdrawals that set `withdrawn_at` by the rules of
//! `core::consent::settle_withdrawal` and never delete, and a withdrawal that overtakes its consent storing both
//! at once. The schema is made by the SQL files under `migrations/`, applied at start (`migrations`). Records
//! reach this module already checked by `core::consent::check_incoming`; every value is bound as a parameter,
//! never spliced into SQL. The receiver's handlers see only [`ConsentStore`], never an engine.

mod csv;
mod migrations;
mod postgres;
mod query;
mod sqlite;

use std::path::PathBuf;

use serde::Serialize;

use chatgate_core::consent::{
    withdraw_all_of_phone, ConsentRecord, IdRange, LedgerQuery, PhoneWithdrawal, WithdrawalMethod,
};
use chatgate_core::time::Timestamp;

pub use csv::{csv_lines, to_csv, CSV_HEADER};
pub use query::Page;

/// Where the ledger is kept, as `--db` names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Database {
    /// An SQLite file (created with its folder when missing).
    Sqlite(PathBuf),
    /// A PostgreSQL connection string (`postgres://user:password@host:port/database`, or the key=value form).
    Postgres(String),
}

impl Database {
    /// `postgres://…` and `postgresql://…` name a PostgreSQL database; anything else is an SQLite file.
    pub fn parse(text: &str) -> Database {
        if text.starts_with("postgres://") || text.starts_with("postgresql://") {
            Database::Postgres(text.to_string())
        } else {
            Database::Sqlite(PathBuf::from(text))
        }
    }

    /// What to print about it: the file, or the server and database without the password.
    pub fn describe(&self) -> String {
        match self {
            Database::Sqlite(path) => path.display().to_string(),
            Database::Postgres(url) => postgres::describe(url),
        }
    }
}

/// Why the store could not do what it was asked.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database could not be opened, reached or set up (its schema migrated).
    #[error("{place}: {message}")]
    Open { place: String, message: String },
    /// An SQLite statement failed.
    #[error("database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// A PostgreSQL statement failed, or no connection could be had.
    #[error("database: {0}")]
    Postgres(String),
    /// The id is already used by a different record.
    #[error("consent_id {consent_id} already holds a different record (given {given_at})")]
    Conflict {
        consent_id: String,
        given_at: String,
    },
    /// A row could not be read back as a record.
    #[error("a stored row is not a valid record: {0}")]
    Corrupt(String),
    /// The blocking task doing SQLite's work failed.
    #[error("the database task failed: {0}")]
    Task(String),
}

/// A record as stored: the record's fields, when the receiver got it, and how it was withdrawn (`null` while
/// in force, and for a record withdrawn before the method was recorded).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StoredRecord {
    #[serde(flatten)]
    pub record: ConsentRecord,
    pub received_at: Timestamp,
    pub withdrawal_method: Option<WithdrawalMethod>,
    /// An agent's note with the withdrawal.
    pub withdrawal_note: Option<String>,
}

/// What an insert did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Inserted {
    /// A new record.
    Created(StoredRecord),
    /// The same record was already stored (a retry): nothing changed.
    Repeated(StoredRecord),
    /// The id is already used by a different record: nothing changed.
    Conflict(StoredRecord),
}

impl Inserted {
    /// What an insert that found `stored` under the id did: `created` it, or met a repeat or a conflict.
    fn judge(created: bool, stored: StoredRecord, incoming: &ConsentRecord) -> Inserted {
        if created {
            Inserted::Created(stored)
        } else if same_consent(&stored.record, incoming) {
            Inserted::Repeated(stored)
        } else {
            Inserted::Conflict(stored)
        }
    }
}

/// Whether two records are the same consent (a withdrawal since then does not make them different).
fn same_consent(stored: &ConsentRecord, incoming: &ConsentRecord) -> bool {
    ConsentRecord {
        withdrawn_at: None,
        ..stored.clone()
    } == ConsentRecord {
        withdrawn_at: None,
        ..incoming.clone()
    }
}

/// The records of `stored` (all of the request's number) that a withdrawal by number at `now` withdraws, as
/// they read after it: the decision is `core::consent::withdraw_all_of_phone`'s.
fn withdrawn_by_phone(
    stored: Vec<StoredRecord>,
    request: &PhoneWithdrawal,
    now: Timestamp,
) -> Vec<StoredRecord> {
    let mut records: Vec<ConsentRecord> = stored.iter().map(|s| s.record.clone()).collect();
    let withdrawn = withdraw_all_of_phone(&mut records, &request.phone, now);
    stored
        .into_iter()
        .filter_map(|before| {
            let after = withdrawn
                .iter()
                .find(|record| record.consent_id == before.record.consent_id)?;
            Some(StoredRecord {
                record: after.clone(),
                withdrawal_method: Some(request.method),
                withdrawal_note: request.note.clone(),
                ..before
            })
        })
        .collect()
}

/// The error a withdrawal carrying a record meets when its id holds a different record.
fn conflict(stored: StoredRecord) -> StoreError {
    StoreError::Conflict {
        consent_id: stored.record.consent_id,
        given_at: stored.record.given_at.to_rfc3339_utc(),
    }
}

/// The ledger, shared by the request handlers, on one engine or the other.
pub enum ConsentStore {
    /// One SQLite connection (SQLite has one writer at a time anyway); its work runs on tokio's blocking pool.
    Sqlite(sqlite::SqliteStore),
    /// A pool of PostgreSQL connections.
    Postgres(postgres::PostgresStore),
}

impl ConsentStore {
    /// Opens the database, creating it (SQLite) and migrating its schema to this version's as needed.
    pub async fn open(database: &Database) -> Result<ConsentStore, StoreError> {
        Ok(match database {
            Database::Sqlite(path) => {
                let path = path.clone();
                ConsentStore::Sqlite(blocking(move || sqlite::SqliteStore::open(&path)).await?)
            }
            Database::Postgres(url) => {
                ConsentStore::Postgres(postgres::PostgresStore::open(url).await?)
            }
        })
    }

    /// Stores a new record received at `received_at`, or reports the one already stored under its id.
    pub async fn insert(
        &self,
        record: &ConsentRecord,
        received_at: Timestamp,
    ) -> Result<Inserted, StoreError> {
        match self {
            ConsentStore::Sqlite(store) => {
                let (store, record) = (store.clone(), record.clone());
                blocking(move || store.insert(&record, received_at)).await
            }
            ConsentStore::Postgres(store) => store.insert(record, received_at).await,
        }
    }

    /// Records a withdrawal of `consent_id` the receiver got at `now` (its own clock), dated by
    /// `core::consent::settle_withdrawal`. With the whole `record`, a withdrawal that arrives before its
    /// consent stores both at once; `None` when there is no such record (and none was sent).
    pub async fn withdraw(
        &self,
        consent_id: &str,
        record: Option<&ConsentRecord>,
        now: Timestamp,
    ) -> Result<Option<StoredRecord>, StoreError> {
        match self {
            ConsentStore::Sqlite(store) => {
                let (store, id, record) = (store.clone(), consent_id.to_string(), record.cloned());
                blocking(move || store.withdraw(&id, record.as_ref(), now)).await
            }
            ConsentStore::Postgres(store) => store.withdraw(consent_id, record, now).await,
        }
    }

    /// Withdraws, at `now`, every consent of the request's number in force then (a STOP reply, an agent),
    /// recording the method and note with each, and records the withdrawal itself, so that a consent given
    /// before it but delivered later is stored withdrawn. Returns the records withdrawn.
    pub async fn withdraw_phone(
        &self,
        request: &PhoneWithdrawal,
        now: Timestamp,
    ) -> Result<Vec<StoredRecord>, StoreError> {
        match self {
            ConsentStore::Sqlite(store) => {
                let (store, request) = (store.clone(), request.clone());
                blocking(move || store.withdraw_phone(&request, now)).await
            }
            ConsentStore::Postgres(store) => store.withdraw_phone(request, now).await,
        }
    }

    /// A page of the records `query` asks for, ordered by `given_at` then id, with the next page's cursor.
    pub async fn list(&self, query: &LedgerQuery) -> Result<Page, StoreError> {
        let rows = match self {
            ConsentStore::Sqlite(store) => {
                let (store, query) = (store.clone(), query.clone());
                blocking(move || store.list(&query)).await?
            }
            ConsentStore::Postgres(store) => store.list(query).await?,
        };
        Ok(Page::of(rows, query.limit))
    }

    /// The record stored under `consent_id`, if any.
    pub async fn find(&self, consent_id: &str) -> Result<Option<StoredRecord>, StoreError> {
        let query = LedgerQuery {
            ids: Some(IdRange::starting_with(consent_id)),
            ..LedgerQuery::everything(1)
        };
        let page = self.list(&query).await?;
        Ok(page
            .consents
            .into_iter()
            .find(|stored| stored.record.consent_id == consent_id))
    }

    /// How many records are stored.
    pub async fn count(&self) -> Result<u64, StoreError> {
        match self {
            ConsentStore::Sqlite(store) => {
                let store = store.clone();
                blocking(move || store.count()).await
            }
            ConsentStore::Postgres(store) => store.count().await,
        }
    }
}

/// Runs SQLite's blocking work on tokio's blocking pool.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, StoreError> + Send + 'static,
) -> Result<T, StoreError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|error| StoreError::Task(error.to_string()))?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn db_names_a_file_unless_it_is_a_postgres_url() {
        assert_eq!(
            Database::parse("target/demo/consents.db"),
            Database::Sqlite(PathBuf::from("target/demo/consents.db"))
        );
        assert_eq!(
            Database::parse("postgresql://u@h/db"),
            Database::Postgres("postgresql://u@h/db".into())
        );
        let url = "postgres://ledger:s3cret@db.internal:5433/consents";
        assert_eq!(
            Database::parse(url).describe(),
            "postgres://ledger@db.internal:5433/consents"
        );
    }
}
