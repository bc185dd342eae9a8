-- Issue 17: GET /consents reads the ledger in pages ordered by (given_at, consent_id), of one number or of all:
-- indexes in that order, as PostgreSQL's 0001 made them.
DROP INDEX IF EXISTS consents_by_phone;
CREATE INDEX consents_by_phone ON consents (phone, given_at, consent_id);
CREATE INDEX consents_by_given_at ON consents (given_at, consent_id);
