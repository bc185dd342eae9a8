-- The consent ledger: one row per consent_id; a withdrawal sets withdrawn_at and never deletes.
-- Times are RFC 3339 in UTC with whole seconds (2026-11-18T11:06:40Z), so text order is time order;
-- purposes is a JSON array of purpose ids. IF NOT EXISTS: databases made before migrations were kept
-- (they have exactly this schema and no schema_migrations table) pass through unchanged.
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
