-- Issue 19 (R31): partners registered in bulk from the program's file. The import marks
-- each new partner whose contact on file is to be invited (`invitation_pending`); the
-- servers' mail loop turns those marks into invitations and mails, a batch at a time. Each
-- contact is mailed a single-use link; only the link's SHA-256 is kept. The account is made
-- when the contact opens the link and chooses a password, never during the import (an
-- Argon2 hash per row would make an import of 100,000 partners take hours).
-- One invitation per partner, keyed by the partner (the link's token carries the MPN ID):
-- they are written in MPN ID order, never into a random place of an index.
-- `expires_at` is in Unix seconds so that expiry compares as a number.
CREATE TABLE partner_invitations (
    partner_id   INTEGER PRIMARY KEY REFERENCES partners (mpn_id),
    token_sha256 TEXT    NOT NULL,
    email        TEXT    NOT NULL,
    created_at   TEXT    NOT NULL,
    expires_at   INTEGER NOT NULL,
    used_at      TEXT
);

-- The contact on file waits for the program's invitation (a partner file registered it).
ALTER TABLE partners ADD COLUMN invitation_pending INTEGER NOT NULL DEFAULT 0;
CREATE INDEX partners_invitation_pending ON partners (mpn_id) WHERE invitation_pending;
-- The audit event (its `seq`) of the import that registered the partner, so that the
-- partner's file shows it; NULL for a partner registered on its own, whose events name it.
ALTER TABLE partners ADD COLUMN registered_in INTEGER;
