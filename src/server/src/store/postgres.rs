//! The PostgreSQL engine: the ledger in a database several receivers share, through a pool of connections
//! (tokio-postgres with deadpool-postgres).
//!
//! A write is acknowledged once PostgreSQL has committed it (`synchronous_commit` as the server has it: on, by
//! default, which means flushed to disk). Receivers on other processes write the same rows at the same time, so
//! every rule holds under concurrency: an insert is `INSERT … ON CONFLICT DO NOTHING` (a second process's
//! insert of the same id waits for the first to commit, then finds its row), and a withdrawal reads its row
//! `FOR UPDATE` before dating it, in one transaction with the insert of the record it carries. Connections
//! are plain TCP or a unix socket: no TLS is built in (see README).

use std::str::FromStr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use deadpool_postgres::{GenericClient, Manager, ManagerConfig, Pool, RecyclingMethod, Runtime};
use tokio_postgres::config::Host;
use tokio_postgres::types::ToSql;
use tokio_postgres::{NoTls, Row};

use chatgate_core::consent::{
    settle_withdrawal, withdrawal_on_arrival, ConsentRecord, LedgerQuery, PhoneWithdrawal,
    Withdrawal, WithdrawalMethod,
};
use chatgate_core::phone::E164;
use chatgate_core::time::Timestamp;

use super::migrations::{self, CREATE_SCHEMA_MIGRATIONS};
use super::query::{page_statement, SqlValue};
use super::{conflict, withdrawn_by_phone, Inserted, StoreError, StoredRecord};

/// The most connections one receiver holds to the database.
pub const POOL_SIZE: usize = 16;

/// How long to wait for a connection (opened, or free in the pool) before answering 500.
const CONNECTION_TIMEOUT: Duration = Duration::from_secs(10);

/// The advisory lock migrations hold ("chatgate" in ASCII): one receiver migrates while the others wait.
const MIGRATION_LOCK: i64 = 0x6368_6174_6761_7465;

/// The first key of the advisory lock on a phone number ("cgph"), the second being the number's hash: inserts
/// and withdrawals by number of the same number take turns, so a STOP and a consent racing it on two receivers
/// cannot both miss each other.
const PHONE_LOCK: i32 = 0x6367_7068;

const COLUMNS: &str =
    "consent_id, phone, purposes, business, text, text_version, locale, page, given_at, \
    method, withdrawn_at, received_at, withdrawal_method, withdrawal_note, business_phone";

/// A pool of connections to one database.
pub struct PostgresStore {
    pool: Pool,
}

impl From<tokio_postgres::Error> for StoreError {
    fn from(error: tokio_postgres::Error) -> StoreError {
        StoreError::Postgres(error_text(&error))
    }
}

impl From<deadpool_postgres::PoolError> for StoreError {
    fn from(error: deadpool_postgres::PoolError) -> StoreError {
        StoreError::Postgres(match &error {
            deadpool_postgres::PoolError::Backend(error) => error_text(error),
            other => other.to_string(),
        })
    }
}

/// An error with its causes: tokio-postgres's own text is only its kind ("db error"). A server's error is given
/// by its severity, message and code only: its detail can quote a row ("Failing row contains (…)"), and errors
/// are logged, where no phone number may appear.
fn error_text(error: &(dyn std::error::Error + 'static)) -> String {
    let mut parts = Vec::new();
    let mut cause = Some(error);
    while let Some(error) = cause {
        if let Some(db) = error.downcast_ref::<tokio_postgres::error::DbError>() {
            parts.push(format!(
                "{}: {} ({})",
                db.severity(),
                db.message(),
                db.code().code()
            ));
            break;
        }
        parts.push(error.to_string());
        cause = error.source();
    }
    parts.join(": ")
}

/// `postgres://user@host:port/database`: the connection string without its password (or anything else).
pub fn describe(url: &str) -> String {
    let Ok(config) = tokio_postgres::Config::from_str(url) else {
        return "a PostgreSQL database (its URL cannot be read)".to_string();
    };
    let hosts: Vec<String> = config
        .get_hosts()
        .iter()
        .enumerate()
        .map(|(index, host)| {
            let host = match host {
                Host::Tcp(name) => name.clone(),
                Host::Unix(path) => path.display().to_string(),
            };
            match config.get_ports().get(index).or(config.get_ports().first()) {
                Some(port) => format!("{host}:{port}"),
                None => host,
            }
        })
        .collect();
    format!(
        "postgres://{}{}/{}",
        config
            .get_user()
            .map_or(String::new(), |user| format!("{user}@")),
        hosts.join(","),
        config.get_dbname().unwrap_or("")
    )
}

fn to_system_time(at: Timestamp) -> SystemTime {
    if at.0 >= 0 {
        UNIX_EPOCH + Duration::from_secs(at.0.unsigned_abs())
    } else {
        UNIX_EPOCH - Duration::from_secs(at.0.unsigned_abs())
    }
}

fn to_timestamp(at: SystemTime) -> Timestamp {
    match at.duration_since(UNIX_EPOCH) {
        Ok(after) => Timestamp(i64::try_from(after.as_secs()).unwrap_or(i64::MAX)),
        Err(before) => Timestamp(-i64::try_from(before.duration().as_secs()).unwrap_or(i64::MAX)),
    }
}

impl PostgresStore {
    /// Connects to the database at `url` and migrates it.
    pub async fn open(url: &str) -> Result<PostgresStore, StoreError> {
        let open_error = |message: String| StoreError::Open {
            place: describe(url),
            message,
        };
        let mut config =
            tokio_postgres::Config::from_str(url).map_err(|e| open_error(error_text(&e)))?;
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(CONNECTION_TIMEOUT);
        }
        if config.get_application_name().is_none() {
            config.application_name("chatgate");
        }
        let manager = Manager::from_config(
            config,
            NoTls,
            ManagerConfig {
                recycling_method: RecyclingMethod::Fast,
            },
        );
        let pool = Pool::builder(manager)
            .max_size(POOL_SIZE)
            .runtime(Runtime::Tokio1)
            .wait_timeout(Some(CONNECTION_TIMEOUT))
            .create_timeout(Some(CONNECTION_TIMEOUT))
            .recycle_timeout(Some(CONNECTION_TIMEOUT))
            .build()
            .map_err(|e| open_error(e.to_string()))?;
        let store = PostgresStore { pool };
        store
            .migrate()
            .await
            .map_err(|e| open_error(e.to_string()))?;
        Ok(store)
    }

    /// Applies the pending migrations in one transaction under an advisory lock, so that receivers starting
    /// together migrate once: the others wait for the lock, then find the versions recorded.
    async fn migrate(&self) -> Result<(), StoreError> {
        let mut client = self.pool.get().await?;
        let transaction = client.transaction().await?;
        transaction
            .execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
            .await?;
        transaction.batch_execute(CREATE_SCHEMA_MIGRATIONS).await?;
        let applied: Vec<i64> = transaction
            .query("SELECT version FROM schema_migrations", &[])
            .await?
            .iter()
            .map(|row| row.get(0))
            .collect();
        for migration in
            migrations::pending(migrations::POSTGRES, &applied).map_err(StoreError::Postgres)?
        {
            let applied = async {
                transaction.batch_execute(migration.sql).await?;
                transaction
                    .execute(
                        "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, \
                         to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'))",
                        &[&migration.version, &migration.name],
                    )
                    .await
            };
            applied.await.map_err(|error| {
                StoreError::Postgres(format!(
                    "migration {}: {}",
                    migration.name,
                    error_text(&error)
                ))
            })?;
        }
        transaction.commit().await?;
        Ok(())
    }

    /// Stores a new record, or reports the one already stored under its id.
    pub async fn insert(
        &self,
        record: &ConsentRecord,
        received_at: Timestamp,
    ) -> Result<Inserted, StoreError> {
        let mut client = self.pool.get().await?;
        let transaction = client.transaction().await?;
        let inserted = insert_in(&transaction, record, received_at).await?;
        transaction.commit().await?;
        Ok(inserted)
    }

    /// Records a withdrawal received at `now` (see `ConsentStore::withdraw`).
    pub async fn withdraw(
        &self,
        consent_id: &str,
        record: Option<&ConsentRecord>,
        now: Timestamp,
    ) -> Result<Option<StoredRecord>, StoreError> {
        let claimed = record.and_then(|record| record.withdrawn_at);
        let mut client = self.pool.get().await?;
        let transaction = client.transaction().await?;
        if let Some(record) = record {
            let withdrawn = ConsentRecord {
                withdrawn_at: settle_withdrawal(None, claimed, now),
                ..record.clone()
            };
            if let Inserted::Conflict(stored) = insert_in(&transaction, &withdrawn, now).await? {
                return Err(conflict(stored));
            }
        }
        let locked = transaction
            .query_opt(
                &format!("SELECT {COLUMNS} FROM consents WHERE consent_id = $1 FOR UPDATE"),
                &[&consent_id],
            )
            .await?;
        let stored = match locked.as_ref().map(row_to_record).transpose()? {
            Some(stored) => match settle_withdrawal(stored.record.withdrawn_at, claimed, now) {
                Some(withdrawn_at) => {
                    let row = transaction
                        .query_one(
                            &format!(
                                "UPDATE consents SET withdrawn_at = $2, withdrawal_method = $3, \
                                 withdrawal_note = NULL WHERE consent_id = $1 RETURNING {COLUMNS}"
                            ),
                            &[
                                &consent_id,
                                &to_system_time(withdrawn_at),
                                &WithdrawalMethod::Widget.as_str(),
                            ],
                        )
                        .await?;
                    Some(row_to_record(&row)?)
                }
                None => Some(stored),
            },
            None => None,
        };
        transaction.commit().await?;
        Ok(stored)
    }

    /// Withdraws every consent of the request's number in force at `now` (see `ConsentStore::withdraw_phone`):
    /// under the number's lock, its rows read `FOR UPDATE`.
    pub async fn withdraw_phone(
        &self,
        request: &PhoneWithdrawal,
        now: Timestamp,
    ) -> Result<Vec<StoredRecord>, StoreError> {
        let phone = request.phone.as_string();
        let mut client = self.pool.get().await?;
        let transaction = client.transaction().await?;
        lock_phone(&transaction, &phone).await?;
        let stored = transaction
            .query(
                &format!(
                    "SELECT {COLUMNS} FROM consents WHERE phone = $1 ORDER BY consent_id FOR UPDATE"
                ),
                &[&phone],
            )
            .await?
            .iter()
            .map(row_to_record)
            .collect::<Result<Vec<_>, _>>()?;
        let withdrawn = withdrawn_by_phone(stored, request, now);
        let at = to_system_time(now);
        let ids: Vec<&str> = withdrawn
            .iter()
            .map(|stored| stored.record.consent_id.as_str())
            .collect();
        transaction
            .execute(
                "UPDATE consents SET withdrawn_at = $2, withdrawal_method = $3, withdrawal_note = $4 \
                 WHERE consent_id = ANY($1)",
                &[&ids, &at, &request.method.as_str(), &request.note],
            )
            .await?;
        transaction
            .execute(
                "INSERT INTO phone_withdrawals (phone, withdrawn_at, method, note, consent_ids) \
                 VALUES ($1, $2, $3, $4, $5)",
                &[&phone, &at, &request.method.as_str(), &request.note, &ids],
            )
            .await?;
        transaction.commit().await?;
        Ok(withdrawn)
    }

    /// The rows of a page (see `query::page_statement`).
    pub async fn list(&self, query: &LedgerQuery) -> Result<Vec<StoredRecord>, StoreError> {
        let statement = page_statement(COLUMNS, query, |n| format!("${n}"));
        let values: Vec<Box<dyn ToSql + Sync + Send>> = statement
            .values
            .into_iter()
            .map(|value| -> Box<dyn ToSql + Sync + Send> {
                match value {
                    SqlValue::Text(text) => Box::new(text),
                    SqlValue::Time(at) => Box::new(to_system_time(at)),
                    SqlValue::Count(count) => Box::new(count),
                }
            })
            .collect();
        let values: Vec<&(dyn ToSql + Sync)> = values
            .iter()
            .map(|value| &**value as &(dyn ToSql + Sync))
            .collect();
        let client = self.pool.get().await?;
        let prepared = client.prepare_cached(&statement.sql).await?;
        client
            .query(&prepared, &values)
            .await?
            .iter()
            .map(row_to_record)
            .collect()
    }

    /// How many records are stored.
    pub async fn count(&self) -> Result<u64, StoreError> {
        let client = self.pool.get().await?;
        let count: i64 = client
            .query_one("SELECT count(*) FROM consents", &[])
            .await?
            .get(0);
        Ok(count.unsigned_abs())
    }
}

/// Takes the advisory lock on `phone` until the transaction ends.
async fn lock_phone(client: &impl GenericClient, phone: &str) -> Result<(), StoreError> {
    let lock = client
        .prepare_cached("SELECT pg_advisory_xact_lock($1, hashtext($2))")
        .await?;
    client.execute(&lock, &[&PHONE_LOCK, &phone]).await?;
    Ok(())
}

/// Inserts `record` unless its id is taken, inside the caller's transaction, under its number's lock:
/// withdrawn already when its number was withdrawn after it was given
/// (`core::consent::withdrawal_on_arrival`). The insert and the read of what is stored are two statements: a
/// statement's snapshot would not see a row another process committed while it waited.
async fn insert_in(
    client: &impl GenericClient,
    record: &ConsentRecord,
    received_at: Timestamp,
) -> Result<Inserted, StoreError> {
    let phone = record.phone.as_string();
    let given_at = to_system_time(record.given_at);
    lock_phone(client, &phone).await?;
    let since = client
        .prepare_cached(
            "SELECT withdrawn_at, method, note FROM phone_withdrawals \
             WHERE phone = $1 AND withdrawn_at >= $2 ORDER BY withdrawn_at LIMIT 1",
        )
        .await?;
    let since = match client.query_opt(&since, &[&phone, &given_at]).await? {
        Some(row) => vec![Withdrawal {
            at: to_timestamp(row.try_get(0)?),
            method: parse_method(row.try_get(1)?)?,
            note: row.try_get(2)?,
        }],
        None => Vec::new(),
    };
    let withdrawal = withdrawal_on_arrival(record, &since);
    let insert = client
        .prepare_cached(&format!(
            "INSERT INTO consents ({COLUMNS}) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) \
             ON CONFLICT (consent_id) DO NOTHING RETURNING {COLUMNS}"
        ))
        .await?;
    let withdrawn_at = withdrawal.as_ref().map(|w| to_system_time(w.at));
    let received_at = to_system_time(received_at);
    let method = withdrawal.as_ref().map(|w| w.method.as_str());
    let note = withdrawal.as_ref().and_then(|w| w.note.as_deref());
    let business_phone = record.business_phone.as_ref().map(E164::as_string);
    let values: [&(dyn ToSql + Sync); 15] = [
        &record.consent_id,
        &phone,
        &record.purposes,
        &record.business,
        &record.text,
        &record.text_version,
        &record.locale,
        &record.page,
        &given_at,
        &record.method,
        &withdrawn_at,
        &received_at,
        &method,
        &note,
        &business_phone,
    ];
    if let Some(created) = client.query_opt(&insert, &values).await? {
        return Ok(Inserted::Created(row_to_record(&created)?));
    }
    let find = client
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM consents WHERE consent_id = $1"
        ))
        .await?;
    let stored = client
        .query_opt(&find, &[&record.consent_id])
        .await?
        .ok_or_else(|| {
            StoreError::Corrupt("the record vanished after it was written".to_string())
        })?;
    Ok(Inserted::judge(false, row_to_record(&stored)?, record))
}

fn row_to_record(row: &Row) -> Result<StoredRecord, StoreError> {
    let phone: String = row.try_get(1)?;
    // The value itself is not named: errors are logged, and logs carry no phone numbers.
    let phone: E164 = serde_json::from_value(serde_json::Value::String(phone))
        .map_err(|_| StoreError::Corrupt("a phone is not an E.164 number".to_string()))?;
    Ok(StoredRecord {
        record: ConsentRecord {
            consent_id: row.try_get(0)?,
            phone,
            purposes: row.try_get(2)?,
            business: row.try_get(3)?,
            business_phone: row
                .try_get::<_, Option<String>>(14)?
                .map(|number| {
                    serde_json::from_value(serde_json::Value::String(number)).map_err(|_| {
                        StoreError::Corrupt("a business phone is not an E.164 number".to_string())
                    })
                })
                .transpose()?,
            text: row.try_get(4)?,
            text_version: row.try_get(5)?,
            locale: row.try_get(6)?,
            page: row.try_get(7)?,
            given_at: to_timestamp(row.try_get(8)?),
            method: row.try_get(9)?,
            withdrawn_at: row.try_get::<_, Option<SystemTime>>(10)?.map(to_timestamp),
        },
        received_at: to_timestamp(row.try_get(11)?),
        withdrawal_method: row
            .try_get::<_, Option<&str>>(12)?
            .map(parse_method)
            .transpose()?,
        withdrawal_note: row.try_get(13)?,
    })
}

fn parse_method(text: &str) -> Result<WithdrawalMethod, StoreError> {
    WithdrawalMethod::parse(text)
        .ok_or_else(|| StoreError::Corrupt(format!("'{text}' is not a withdrawal method")))
}
