-- no-transaction
-- Issue 19 (R31): the partners table rebuilt with the same columns, rows, rules and indexes;
-- only its verification check is written as comparisons. SQLite checks `x IN (a, b, c)` of
-- three or more values by building a temporary table for every row it writes: a partner file
-- of 100,000 rows spent more time building them than storing its rows
-- (bench/partners_import.py). SQLite cannot change a CHECK in place, so this is its
-- documented rebuild (https://sqlite.org/lang_altertable.html#otheralter): foreign keys off
-- while the table is replaced, all of it in one transaction. The rows are copied unchanged,
-- so every reference to them holds as before.
PRAGMA foreign_keys = OFF;
BEGIN IMMEDIATE;
CREATE TABLE partners_rebuilt (
    mpn_id             INTEGER PRIMARY KEY,
    name               TEXT    NOT NULL,
    country            TEXT    NOT NULL CHECK (length(country) = 2),
    registered_at      TEXT    NOT NULL,
    first_publication  TEXT,
    verification       TEXT    NOT NULL DEFAULT 'verified'
        CHECK (verification = 'verified' OR verification = 'unverified'
               OR verification = 'rejected'),
    contact_email      TEXT,
    invitation_pending INTEGER NOT NULL DEFAULT 0,
    registered_in      INTEGER
);
INSERT INTO partners_rebuilt (mpn_id, name, country, registered_at, first_publication,
                              verification, contact_email, invitation_pending, registered_in)
    SELECT mpn_id, name, country, registered_at, first_publication,
           verification, contact_email, invitation_pending, registered_in
    FROM partners;
DROP TABLE partners;
ALTER TABLE partners_rebuilt RENAME TO partners;
CREATE INDEX partners_claims ON partners (registered_at) WHERE verification = 'unverified';
CREATE INDEX partners_invitation_pending ON partners (mpn_id) WHERE invitation_pending;
COMMIT;
PRAGMA foreign_keys = ON;
