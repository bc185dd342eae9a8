-- The consent ledger: one row per consent_id; a withdrawal sets withdrawn_at and never deletes.
-- Ids and numbers compare byte by byte (COLLATE "C") whatever the database's locale, so ranges of ids and
-- the order of pages are the same as in SQLite. Times are whole seconds.
CREATE TABLE consents (
    consent_id   TEXT COLLATE "C" PRIMARY KEY,
    phone        TEXT COLLATE "C" NOT NULL,
    purposes     TEXT[] NOT NULL,
    business     TEXT NOT NULL,
    text         TEXT NOT NULL,
    text_version TEXT NOT NULL,
    locale       TEXT NOT NULL,
    page         TEXT NOT NULL,
    given_at     TIMESTAMPTZ NOT NULL,
    method       TEXT NOT NULL,
    withdrawn_at TIMESTAMPTZ,
    received_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX consents_by_phone ON consents (phone, given_at, consent_id);
CREATE INDEX consents_by_given_at ON consents (given_at, consent_id);
