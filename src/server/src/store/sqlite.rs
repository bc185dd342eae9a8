//! The SQLite engine: the ledger in one file, through one connection.
//!
//! Write-ahead logging with `synchronous = FULL`: a record is acknowledged only after its transaction has
//! committed to disk, so a crash or restart never loses an acknowledged record. Each write is one transaction
//! (`BEGIN IMMEDIATE`, which takes SQLite's write lock at once), so a withdrawal that stores its record and
//! dates it is done whole or not at all. Blocking: `ConsentStore` runs it on tokio's blocking pool.

use std::path::Path;
use std::sync::{Arc, Mutex};

use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};

use chatgate_core::consent::{
    settle_withdrawal, withdrawal_on_arrival, ConsentRecord, LedgerQuery, PhoneWithdrawal,
    Withdrawal, WithdrawalMethod,
};
use chatgate_core::phone::E164;
use chatgate_core::time::Timestamp;

use super::migrations::{self, CREATE_SCHEMA_MIGRATIONS};
use super::query::{page_statement, SqlValue};
use super::{conflict, withdrawn_by_phone, Inserted, StoreError, StoredRecord};

/// One connection shared by the handlers (SQLite has one writer at a time anyway).
#[derive(Clone)]
pub struct SqliteStore {
    connection: Arc<Mutex<Connection>>,
}

const COLUMNS: &str =
    "consent_id, phone, purposes, business, text, text_version, locale, page, given_at, \
    method, withdrawn_at, received_at, withdrawal_method, withdrawal_note, business_phone";

impl SqliteStore {
    /// Opens (creating if needed) the database at `path` and migrates it.
    pub fn open(path: &Path) -> Result<SqliteStore, StoreError> {
        let open_error = |at: &Path, message: String| StoreError::Open {
            place: at.display().to_string(),
            message,
        };
        if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(folder).map_err(|e| open_error(folder, e.to_string()))?;
        }
        let mut connection = Connection::open(path).map_err(|e| open_error(path, e.to_string()))?;
        connection
            .pragma_update(None, "journal_mode", "WAL")
            .and_then(|_| connection.pragma_update(None, "synchronous", "FULL"))
            .and_then(|_| connection.busy_timeout(std::time::Duration::from_secs(5)))
            .map_err(|e| open_error(path, e.to_string()))?;
        migrate(&mut connection).map_err(|message| open_error(path, message))?;
        Ok(SqliteStore {
            connection: Arc::new(Mutex::new(connection)),
        })
    }

    fn connection(&self) -> std::sync::MutexGuard<'_, Connection> {
        // A handler that panicked mid-transaction left none open: the transaction rolled back when dropped.
        self.connection
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Stores a new record, or reports the one already stored under its id.
    pub fn insert(
        &self,
        record: &ConsentRecord,
        received_at: Timestamp,
    ) -> Result<Inserted, StoreError> {
        let mut connection = self.connection();
        let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let inserted = insert_in(&transaction, record, received_at)?;
        transaction.commit()?;
        Ok(inserted)
    }

    /// Records a withdrawal received at `now` (see `ConsentStore::withdraw`).
    pub fn withdraw(
        &self,
        consent_id: &str,
        record: Option<&ConsentRecord>,
        now: Timestamp,
    ) -> Result<Option<StoredRecord>, StoreError> {
        let claimed = record.and_then(|record| record.withdrawn_at);
        let mut connection = self.connection();
        let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
        if let Some(record) = record {
            let withdrawn = ConsentRecord {
                withdrawn_at: settle_withdrawal(None, claimed, now),
                ..record.clone()
            };
            if let Inserted::Conflict(stored) = insert_in(&transaction, &withdrawn, now)? {
                return Err(conflict(stored));
            }
        }
        let stored = match find(&transaction, consent_id)? {
            Some(stored) => match settle_withdrawal(stored.record.withdrawn_at, claimed, now) {
                Some(withdrawn_at) => {
                    transaction.execute(
                        "UPDATE consents SET withdrawn_at = ?2, withdrawal_method = ?3, \
                         withdrawal_note = NULL WHERE consent_id = ?1",
                        params![
                            consent_id,
                            withdrawn_at.to_rfc3339_utc(),
                            WithdrawalMethod::Widget.as_str()
                        ],
                    )?;
                    find(&transaction, consent_id)?
                }
                None => Some(stored),
            },
            None => None,
        };
        transaction.commit()?;
        Ok(stored)
    }

    /// Withdraws every consent of the request's number in force at `now` (see `ConsentStore::withdraw_phone`).
    pub fn withdraw_phone(
        &self,
        request: &PhoneWithdrawal,
        now: Timestamp,
    ) -> Result<Vec<StoredRecord>, StoreError> {
        let mut connection = self.connection();
        let transaction = connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let stored = {
            let mut statement = transaction.prepare(&format!(
                "SELECT {COLUMNS} FROM consents WHERE phone = ?1 ORDER BY consent_id"
            ))?;
            let rows = statement.query_map(params![request.phone.as_string()], row_to_record)?;
            rows.collect::<Result<Vec<_>, _>>()?
        };
        let withdrawn = withdrawn_by_phone(stored, request, now);
        for stored in &withdrawn {
            transaction.execute(
                "UPDATE consents SET withdrawn_at = ?2, withdrawal_method = ?3, withdrawal_note = ?4 \
                 WHERE consent_id = ?1",
                params![
                    stored.record.consent_id,
                    now.to_rfc3339_utc(),
                    request.method.as_str(),
                    request.note
                ],
            )?;
        }
        let ids: Vec<&str> = withdrawn
            .iter()
            .map(|stored| stored.record.consent_id.as_str())
            .collect();
        transaction.execute(
            "INSERT INTO phone_withdrawals (phone, withdrawn_at, method, note, consent_ids) \
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                request.phone.as_string(),
                now.to_rfc3339_utc(),
                request.method.as_str(),
                request.note,
                serde_json::to_string(&ids).map_err(|e| StoreError::Corrupt(e.to_string()))?
            ],
        )?;
        transaction.commit()?;
        Ok(withdrawn)
    }

    /// The rows of a page (see `query::page_statement`).
    pub fn list(&self, query: &LedgerQuery) -> Result<Vec<StoredRecord>, StoreError> {
        let statement = page_statement(COLUMNS, query, |n| format!("?{n}"));
        let values = statement.values.into_iter().map(|value| match value {
            SqlValue::Text(text) => rusqlite::types::Value::Text(text),
            SqlValue::Time(at) => rusqlite::types::Value::Text(at.to_rfc3339_utc()),
            SqlValue::Count(count) => rusqlite::types::Value::Integer(count),
        });
        let connection = self.connection();
        let mut prepared = connection.prepare_cached(&statement.sql)?;
        let rows = prepared.query_map(rusqlite::params_from_iter(values), row_to_record)?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    }

    /// How many records are stored.
    pub fn count(&self) -> Result<u64, StoreError> {
        Ok(self
            .connection()
            .query_row("SELECT COUNT(*) FROM consents", [], |row| row.get(0))?)
    }
}

/// Applies the pending migrations in one `BEGIN IMMEDIATE` transaction: the write lock keeps a second process
/// opening the same file waiting until the first has migrated it.
fn migrate(connection: &mut Connection) -> Result<(), String> {
    let transaction = connection
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(|e| e.to_string())?;
    transaction
        .execute_batch(CREATE_SCHEMA_MIGRATIONS)
        .map_err(|e| e.to_string())?;
    let applied: Vec<i64> = transaction
        .prepare("SELECT version FROM schema_migrations")
        .and_then(|mut statement| {
            statement
                .query_map([], |row| row.get(0))?
                .collect::<Result<_, _>>()
        })
        .map_err(|e| e.to_string())?;
    for migration in migrations::pending(migrations::SQLITE, &applied)? {
        transaction
            .execute_batch(migration.sql)
            .and_then(|()| {
                transaction.execute(
                    "INSERT INTO schema_migrations (version, name, applied_at) \
                     VALUES (?1, ?2, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
                    params![migration.version, migration.name],
                )
            })
            .map_err(|e| format!("migration {}: {e}", migration.name))?;
    }
    transaction.commit().map_err(|e| e.to_string())
}

/// Inserts `record` unless its id is taken, inside the caller's transaction: withdrawn already when its
/// number was withdrawn after it was given (`core::consent::withdrawal_on_arrival`).
fn insert_in(
    connection: &Connection,
    record: &ConsentRecord,
    received_at: Timestamp,
) -> Result<Inserted, StoreError> {
    let purposes =
        serde_json::to_string(&record.purposes).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let since = first_phone_withdrawal_since(connection, &record.phone, record.given_at)?;
    let withdrawal = withdrawal_on_arrival(record, since.as_slice());
    let changed = connection.execute(
        &format!(
            "INSERT INTO consents ({COLUMNS}) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15) \
             ON CONFLICT (consent_id) DO NOTHING"
        ),
        params![
            record.consent_id,
            record.phone.as_string(),
            purposes,
            record.business,
            record.text,
            record.text_version,
            record.locale,
            record.page,
            record.given_at.to_rfc3339_utc(),
            record.method,
            withdrawal.as_ref().map(|w| w.at.to_rfc3339_utc()),
            received_at.to_rfc3339_utc(),
            withdrawal.as_ref().map(|w| w.method.as_str()),
            withdrawal.and_then(|w| w.note),
            record.business_phone.as_ref().map(E164::as_string)
        ],
    )?;
    let stored = find(connection, &record.consent_id)?.ok_or_else(|| {
        StoreError::Corrupt("the record vanished after it was written".to_string())
    })?;
    Ok(Inserted::judge(changed == 1, stored, record))
}

/// The earliest withdrawal of `phone` made at or after `since`.
fn first_phone_withdrawal_since(
    connection: &Connection,
    phone: &E164,
    since: Timestamp,
) -> Result<Option<Withdrawal>, StoreError> {
    Ok(connection
        .query_row(
            "SELECT withdrawn_at, method, note FROM phone_withdrawals \
             WHERE phone = ?1 AND withdrawn_at >= ?2 ORDER BY withdrawn_at LIMIT 1",
            params![phone.as_string(), since.to_rfc3339_utc()],
            |row| {
                Ok(Withdrawal {
                    at: typed(row, 0, parse_time)?,
                    method: typed(row, 1, WithdrawalMethod::parse)?,
                    note: row.get(2)?,
                })
            },
        )
        .optional()?)
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
    // The value itself is not named: errors are logged, and logs carry no phone numbers.
    parse(&text).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(
            index,
            rusqlite::types::Type::Text,
            format!("the value in column {index} is not valid").into(),
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
            business_phone: match row.get::<_, Option<String>>(14)? {
                Some(_) => Some(typed(row, 14, parse_phone)?),
                None => None,
            },
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
        received_at: typed(row, 11, parse_time)?,
        withdrawal_method: match row.get::<_, Option<String>>(12)? {
            Some(_) => Some(typed(row, 12, WithdrawalMethod::parse)?),
            None => None,
        },
        withdrawal_note: row.get(13)?,
    })
}
