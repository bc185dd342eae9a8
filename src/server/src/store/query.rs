//! A page of the ledger: a checked `core::consent::LedgerQuery` as one SQL statement for either engine (only the
//! conditions asked for, so each can use its indexes; every value bound as a parameter), and the page made of
//! its rows with the cursor of the next one. Keyset pagination on `(given_at, consent_id)`: a page never skips
//! or repeats a record when others arrive meanwhile, and costs the same however deep it is.

use serde::Serialize;

use chatgate_core::consent::{Cursor, LedgerQuery};
use chatgate_core::time::Timestamp;

use super::StoredRecord;

/// A value bound to a statement; each engine binds it as its own type (a time as RFC 3339 text in SQLite, as
/// `timestamptz` in PostgreSQL).
pub enum SqlValue {
    Text(String),
    Time(Timestamp),
    Count(i64),
}

/// A statement and its values, in the order of its placeholders.
pub struct Statement {
    pub sql: String,
    pub values: Vec<SqlValue>,
}

/// `SELECT columns FROM consents WHERE … ORDER BY given_at, consent_id LIMIT n` for `query`, reading one record
/// more than `query.limit` (whether there is a next page); `placeholder(n)` writes the engine's `n`th
/// placeholder (`?1`, `$1`).
pub fn page_statement(
    columns: &str,
    query: &LedgerQuery,
    placeholder: impl Fn(usize) -> String,
) -> Statement {
    let mut conditions: Vec<String> = Vec::new();
    let mut values: Vec<SqlValue> = Vec::new();
    let mut bind = |value: SqlValue| {
        values.push(value);
        placeholder(values.len())
    };
    if let Some(phone) = &query.phone {
        conditions.push(format!(
            "phone = {}",
            bind(SqlValue::Text(phone.as_string()))
        ));
    }
    if let Some(ids) = &query.ids {
        let from = bind(SqlValue::Text(ids.from.clone()));
        let to = bind(SqlValue::Text(ids.to.clone()));
        conditions.push(format!("consent_id >= {from} AND consent_id < {to}"));
    }
    if let Some(from) = query.given_from {
        conditions.push(format!("given_at >= {}", bind(SqlValue::Time(from))));
    }
    if let Some(before) = query.given_before {
        conditions.push(format!("given_at < {}", bind(SqlValue::Time(before))));
    }
    if let Some(after) = &query.after {
        let given_at = bind(SqlValue::Time(after.given_at));
        let id = bind(SqlValue::Text(after.consent_id.clone()));
        conditions.push(format!("(given_at, consent_id) > ({given_at}, {id})"));
    }
    let limit = bind(SqlValue::Count(
        i64::try_from(query.limit + 1).unwrap_or(i64::MAX),
    ));
    let filter = if conditions.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", conditions.join(" AND "))
    };
    Statement {
        sql: format!(
            "SELECT {columns} FROM consents{filter} ORDER BY given_at, consent_id LIMIT {limit}"
        ),
        values,
    }
}

/// A page of the ledger, as `GET /consents` answers: `{"consents": [...], "next": "…" | null}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Page {
    pub consents: Vec<StoredRecord>,
    /// Where the next page starts (`?after=`), or `None` on the last page.
    pub next: Option<String>,
}

impl Page {
    /// The page of `rows` read by [`page_statement`] (up to `limit + 1`).
    pub fn of(mut rows: Vec<StoredRecord>, limit: usize) -> Page {
        let more = rows.len() > limit;
        rows.truncate(limit);
        let next = rows.last().filter(|_| more).map(|last| {
            Cursor {
                given_at: last.record.given_at,
                consent_id: last.record.consent_id.clone(),
            }
            .encode()
        });
        Page {
            consents: rows,
            next,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chatgate_core::consent::{IdRange, LedgerQuery};

    #[test]
    fn only_the_conditions_asked_for_are_written_each_value_bound() {
        let everything = page_statement("consent_id", &LedgerQuery::everything(100), |n| {
            format!("?{n}")
        });
        assert_eq!(
            everything.sql,
            "SELECT consent_id FROM consents ORDER BY given_at, consent_id LIMIT ?1"
        );
        assert!(matches!(everything.values[..], [SqlValue::Count(101)]));
        let query = LedgerQuery {
            ids: Some(IdRange::starting_with("0f8c2a4e")),
            given_from: Some(Timestamp(10)),
            after: Some(Cursor {
                given_at: Timestamp(20),
                consent_id: "0f8c2a4e-3b1d-4c6f-9a7e-5d2b8c1f0e3a".into(),
            }),
            ..LedgerQuery::everything(5)
        };
        let statement = page_statement("*", &query, |n| format!("${n}"));
        assert_eq!(
            statement.sql,
            "SELECT * FROM consents WHERE consent_id >= $1 AND consent_id < $2 AND given_at >= $3 \
             AND (given_at, consent_id) > ($4, $5) ORDER BY given_at, consent_id LIMIT $6"
        );
        assert_eq!(statement.values.len(), 6);
    }
}
