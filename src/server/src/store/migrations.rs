//! The schema's versions: the SQL files under `src/server/migrations/<engine>/`, compiled in and applied in
//! order when the store opens. Each engine's runner (in `sqlite` and `postgres`) applies the pending ones inside
//! one transaction under a lock — SQLite's write lock, PostgreSQL's advisory lock — and records each in the
//! `schema_migrations` table, so two receivers starting together migrate once. Both engines have the same
//! versions: version N means the same ledger on either.

/// One step of the schema.
#[derive(Debug)]
pub struct Migration {
    /// 1, 2, …: the order of application, recorded in `schema_migrations`.
    pub version: i64,
    /// The file's name without `.sql`, recorded beside the version.
    pub name: &'static str,
    /// The statements, run as one batch.
    pub sql: &'static str,
}

macro_rules! migration {
    ($version:literal, $engine:literal, $name:literal) => {
        Migration {
            version: $version,
            name: $name,
            sql: include_str!(concat!("../../migrations/", $engine, "/", $name, ".sql")),
        }
    };
}

/// SQLite's migrations, oldest first.
pub const SQLITE: &[Migration] = &[
    migration!(1, "sqlite", "0001_consents"),
    migration!(2, "sqlite", "0002_withdrawals"),
    migration!(3, "sqlite", "0003_ledger_pages"),
    migration!(4, "sqlite", "0004_business_phone"),
];

/// PostgreSQL's migrations, oldest first.
pub const POSTGRES: &[Migration] = &[
    migration!(1, "postgres", "0001_consents"),
    migration!(2, "postgres", "0002_withdrawals"),
    migration!(3, "postgres", "0003_ledger_pages"),
    migration!(4, "postgres", "0004_business_phone"),
];

/// The table that records the migrations applied (the same statement suits both engines).
pub const CREATE_SCHEMA_MIGRATIONS: &str = "CREATE TABLE IF NOT EXISTS schema_migrations (
    version    BIGINT PRIMARY KEY NOT NULL,
    name       TEXT NOT NULL,
    applied_at TEXT NOT NULL
)";

/// The migrations a database that has `applied` still needs, in order. A database with a version this
/// program does not know was migrated by a newer chatgate: refused rather than written with an older schema.
pub fn pending<'a>(
    migrations: &'a [Migration],
    applied: &[i64],
) -> Result<Vec<&'a Migration>, String> {
    if let Some(unknown) = applied
        .iter()
        .find(|version| !migrations.iter().any(|m| m.version == **version))
    {
        return Err(format!(
            "the database has schema version {unknown}, which this chatgate does not know (at most {}): \
             run a newer chatgate",
            migrations.last().map_or(0, |m| m.version)
        ));
    }
    Ok(migrations
        .iter()
        .filter(|migration| !applied.contains(&migration.version))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_engines_have_the_same_versions_in_order_named_by_their_files() {
        let versions = |migrations: &[Migration]| -> Vec<i64> {
            migrations.iter().map(|m| m.version).collect()
        };
        assert_eq!(versions(SQLITE), versions(POSTGRES));
        for migrations in [SQLITE, POSTGRES] {
            for (index, migration) in migrations.iter().enumerate() {
                assert_eq!(migration.version, index as i64 + 1);
                assert!(migration
                    .name
                    .starts_with(&format!("{:04}_", migration.version)));
                assert!(!migration.sql.trim().is_empty());
            }
        }
    }

    #[test]
    fn only_what_is_missing_is_applied_and_a_newer_schema_is_refused() {
        let names = |applied: &[i64]| -> Vec<&str> {
            pending(POSTGRES, applied)
                .unwrap()
                .iter()
                .map(|m| m.name)
                .collect()
        };
        assert_eq!(
            names(&[]),
            [
                "0001_consents",
                "0002_withdrawals",
                "0003_ledger_pages",
                "0004_business_phone"
            ]
        );
        assert_eq!(names(&[1, 2]), ["0003_ledger_pages", "0004_business_phone"]);
        assert!(names(&[1, 2, 3, 4]).is_empty());
        let error = pending(POSTGRES, &[1, 99]).unwrap_err();
        assert!(error.contains("schema version 99"), "{error}");
    }
}
