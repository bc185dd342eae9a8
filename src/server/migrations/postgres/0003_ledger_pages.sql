-- Issue 17: GET /consents reads the ledger in pages ordered by (given_at, consent_id). PostgreSQL's 0001 already
-- made the indexes in that order (consents_by_phone, consents_by_given_at): nothing to change. This version
-- exists so that version 3 means the same ledger on both engines.
SELECT 1;
