-- Issue 17: how each consent was withdrawn (and an agent's note), and every withdrawal by phone number
-- (POST /consents/withdrawals: STOP replies, agents), kept even when it found nothing in force, so that a
-- consent given before it but delivered after it is stored withdrawn.
ALTER TABLE consents
    ADD COLUMN withdrawal_method TEXT CHECK (withdrawal_method IN ('widget', 'stop-reply', 'agent')),
    ADD COLUMN withdrawal_note TEXT;
-- Before issue 17 the widget was the only way to withdraw.
UPDATE consents SET withdrawal_method = 'widget' WHERE withdrawn_at IS NOT NULL;
CREATE TABLE phone_withdrawals (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    phone        TEXT COLLATE "C" NOT NULL,
    withdrawn_at TIMESTAMPTZ NOT NULL,
    method       TEXT NOT NULL CHECK (method IN ('stop-reply', 'agent')),
    note         TEXT,
    consent_ids  TEXT[] NOT NULL
);
CREATE INDEX phone_withdrawals_by_phone ON phone_withdrawals (phone, withdrawn_at);
