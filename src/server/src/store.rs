//! The receiver's database: consent records in SQLite, one row per `consent_id`.
//!
//! Write-ahead logging with `synchronous = FULL`: a record is acknowledged only after its transaction has
//! committed to disk, so a crash or restart never loses an acknowledged record. Writes are idempotent by
//! `consent_id` (the primary key): a repeat changes nothing and returns what is stored. Withdrawal sets
//! `withdrawn_at` once (a time still in the future gives way to a real withdrawal) and never deletes. Records
//! reach this module already checked by `core::consent::check_incoming`; every value is bound as a parameter,
//! never spliced into SQL.

use std::path::Path;
use std::sync::Mutex;

use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;

use chatgate_core::consent::{csv_cell, ConsentRecord};
use chatgate_core::phone::E164;
use chatgate_core::time::Timestamp;

/// Why the store could not do what it was asked.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database file (or its folder) could not be opened or set up.
    #[error("{path}: {message}")]
    Open { path: String, message: String },
    /// A statement failed.
    #[error("database: {0}")]
    Database(#[from] rusqlite::Error),
    /// The id is already used by a different record.
    #[error("consent_id {consent_id} already holds a different record (given {given_at})")]
    Conflict {
        consent_id: String,
        given_at: String,
    },
    /// A row could not be read back as a record.
    #[error("a stored row is not a valid record: {0}")]
    Corrupt(String),
}

/// A record as stored, with when the receiver got it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StoredRecord {
    #[serde(flatten)]
    pub record: ConsentRecord,
    pub received_at: String,
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

/// The database, shared by the request handlers (one connection: SQLite has one writer at a time anyway).
pub struct ConsentStore {
    connection: Mutex<Connection>,
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS consents (
    consent_id   TEXT PRIMARY KEY NOT NULL,
    phone        TEXT NOT NULL,
    purposes     TEXT NOT NULL,
    business     TEXT NOT NULL,
    text         TEXT NOT NULL,
    text_version TEXT NOT NULL,
    locale       TEXT NOT NULL,
    page         TEXT NOT NULL,
    given_at     TEXT NOT NULL,
    method       TEXT NOT NULL,
    withdrawn_at TEXT,
    received_at  TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS consents_by_phone ON consents (phone);
";

const COLUMNS: &str = "consent_id, phone, purposes, business, text, text_version, locale, page, given_at, method, withdrawn_at, received_at";

impl ConsentStore {
    /// Opens (creating if needed) the database at `path`.
    pub fn open(path: &Path) -> Result<ConsentStore, StoreError> {
        let open_error = |at: &Path, message: String| StoreError::Open {
            path: at.display().to_string(),
            message,
        };
        if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(folder).map_err(|e| open_error(folder, e.to_string()))?;
        }
        let connection = Connection::open(path).map_err(|e| open_error(path, e.to_string()))?;
        connection
            .pragma_update(None, "journal_mode", "WAL")
            .and_then(|_| connection.pragma_update(None, "synchronous", "FULL"))
            .and_then(|_| connection.busy_timeout(std::time::Duration::from_secs(5)))
            .and_then(|_| connection.execute_batch(SCHEMA))
            .map_err(|e| open_error(path, e.to_string()))?;
        Ok(ConsentStore {
            connection: Mutex::new(connection),
        })
    }

    fn connection(&self) -> std::sync::MutexGuard<'_, Connection> {
        // A handler that panicked mid-statement leaves no transaction open (each write is one statement).
        self.connection
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Stores a new record, or reports the one already stored under its id.
    pub fn insert(
        &self,
        record: &ConsentRecord,
        received_at: &str,
    ) -> Result<Inserted, StoreError> {
        let connection = self.connection();
        let purposes = serde_json::to_string(&record.purposes)
            .map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let changed = connection
            .execute(
                &format!("INSERT INTO consents ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) ON CONFLICT (consent_id) DO NOTHING"),
                params![record.consent_id, record.phone.as_string(), purposes, record.business, record.text, record.text_version, record.locale,
                    record.page, record.given_at.to_rfc3339_utc(), record.method, record.withdrawn_at.map(Timestamp::to_rfc3339_utc), received_at],
            )?;
        let stored = find(&connection, &record.consent_id)?.ok_or_else(|| {
            StoreError::Corrupt("the record vanished after it was written".to_string())
        })?;
        Ok(if changed == 1 {
            Inserted::Created(stored)
        } else if same_consent(&stored.record, record) {
            Inserted::Repeated(stored)
        } else {
            Inserted::Conflict(stored)
        })
    }

    /// Records a withdrawal the receiver got at `at` (its own clock). With the whole record, a withdrawal that
    /// arrives before its consent stores both at once.
    ///
    /// The withdrawal's time is the record's `withdrawn_at` when it has one, but never later than `at`: a
    /// withdrawal received now happened by now. The first withdrawal time is kept, unless it still lies in the
    /// future at `at` (a visitor's fast clock, or a row stored before issue 18 refused such times): then this
    /// earlier time replaces it. Either way, after a withdrawal the record reads as withdrawn by `at`.
    pub fn withdraw(
        &self,
        consent_id: &str,
        record: Option<&ConsentRecord>,
        at: Timestamp,
        received_at: &str,
    ) -> Result<Option<StoredRecord>, StoreError> {
        let withdrawn_at = record
            .and_then(|record| record.withdrawn_at)
            .map_or(at, |claimed| claimed.min(at));
        if let Some(record) = record {
            let withdrawn = ConsentRecord {
                withdrawn_at: Some(withdrawn_at),
                ..record.clone()
            };
            if let Inserted::Conflict(stored) = self.insert(&withdrawn, received_at)? {
                return Err(StoreError::Conflict {
                    consent_id: stored.record.consent_id,
                    given_at: stored.record.given_at.to_rfc3339_utc(),
                });
            }
        }
        let connection = self.connection();
        let Some(stored) = find(&connection, consent_id)? else {
            return Ok(None);
        };
        if stored.record.withdrawn_at.is_some_and(|first| first <= at) {
            return Ok(Some(stored));
        }
        connection.execute(
            "UPDATE consents SET withdrawn_at = ?2 WHERE consent_id = ?1",
            params![consent_id, withdrawn_at.to_rfc3339_utc()],
        )?;
        find(&connection, consent_id)
    }

    /// Every record, oldest first; only those of `phone` when given.
    pub fn list(&self, phone: Option<&str>) -> Result<Vec<StoredRecord>, StoreError> {
        let connection = self.connection();
        let mut statement = connection
            .prepare(&format!("SELECT {COLUMNS} FROM consents WHERE ?1 IS NULL OR phone = ?1 ORDER BY given_at, consent_id"))?;
        let rows = statement.query_map(params![phone], row_to_record)?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// How many records are stored.
    pub fn count(&self) -> Result<u64, StoreError> {
        Ok(self
            .connection()
            .query_row("SELECT COUNT(*) FROM consents", [], |row| row.get(0))?)
    }
}

fn find(connection: &Connection, consent_id: &str) -> Result<Option<StoredRecord>, StoreError> {
    Ok(connection
        .query_row(
            &format!("SELECT {COLUMNS} FROM consents WHERE consent_id = ?1"),
            params![consent_id],
            row_to_record,
        )
        .optional()?)
}

/// A column read back through its type's own parser (`E164`, `Timestamp`): a row that is not a valid record
/// is a conversion error, never a record.
fn typed<T>(
    row: &rusqlite::Row<'_>,
    index: usize,
    parse: impl Fn(&str) -> Option<T>,
) -> rusqlite::Result<T> {
    let text: String = row.get(index)?;
    parse(&text).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            index,
            rusqlite::types::Type::Text,
            format!("'{text}' is not valid in column {index}").into(),
        )
    })
}

fn parse_phone(text: &str) -> Option<E164> {
    serde_json::from_value(serde_json::Value::String(text.to_string())).ok()
}

fn parse_time(text: &str) -> Option<Timestamp> {
    Timestamp::parse_rfc3339(text).ok()
}

fn row_to_record(row: &rusqlite::Row<'_>) -> rusqlite::Result<StoredRecord> {
    let purposes: String = row.get(2)?;
    Ok(StoredRecord {
        record: ConsentRecord {
            consent_id: row.get(0)?,
            phone: typed(row, 1, parse_phone)?,
            purposes: serde_json::from_str(&purposes).unwrap_or_default(),
            business: row.get(3)?,
            text: row.get(4)?,
            text_version: row.get(5)?,
            locale: row.get(6)?,
            page: row.get(7)?,
            given_at: typed(row, 8, parse_time)?,
            method: row.get(9)?,
            withdrawn_at: match row.get::<_, Option<String>>(10)? {
                Some(_) => Some(typed(row, 10, parse_time)?),
                None => None,
            },
        },
        received_at: row.get(11)?,
    })
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

/// CSV of stored records (RFC 4180: every field quoted, quotes doubled; purposes joined with `;`). A field
/// that a spreadsheet could read as a formula is prefixed with `'` ([`csv_cell`]).
pub fn to_csv(records: &[StoredRecord]) -> String {
    let mut csv = String::from("consent_id,phone,purposes,business,text,text_version,locale,page,given_at,method,withdrawn_at,received_at\r\n");
    for stored in records {
        let r = &stored.record;
        let purposes = r.purposes.join(";");
        let withdrawn_at = r
            .withdrawn_at
            .map(Timestamp::to_rfc3339_utc)
            .unwrap_or_default();
        let (phone, given_at) = (r.phone.as_string(), r.given_at.to_rfc3339_utc());
        let fields = [
            &r.consent_id,
            &phone,
            &purposes,
            &r.business,
            &r.text,
            &r.text_version,
            &r.locale,
            &r.page,
            &given_at,
            &r.method,
            &withdrawn_at,
            &stored.received_at,
        ];
        let line: Vec<String> = fields.iter().map(|field| csv_cell(field)).collect();
        csv.push_str(&line.join(","));
        csv.push_str("\r\n");
    }
    csv
}
