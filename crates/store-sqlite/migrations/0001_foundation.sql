-- Partner organizations, users and their roles, and the audit chain.
CREATE TABLE partners (
    mpn_id        INTEGER PRIMARY KEY,
    name          TEXT    NOT NULL,
    country       TEXT    NOT NULL CHECK (length(country) = 2),
    registered_at TEXT    NOT NULL
);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    email         TEXT    NOT NULL UNIQUE,
    password_hash TEXT    NOT NULL,
    created_at    TEXT    NOT NULL
);

-- One role per user and organization; operator-side roles have no organization.
CREATE TABLE user_roles (
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    partner_id INTEGER REFERENCES partners (mpn_id),
    role       TEXT    NOT NULL CHECK (role IN
                   ('mpn_partner_admin', 'account_admin', 'member', 'operator', 'support_agent')),
    CHECK ((partner_id IS NULL) = (role IN ('operator', 'support_agent')))
);
CREATE UNIQUE INDEX user_roles_one_per_scope ON user_roles (user_id, coalesce(partner_id, 0), role);
-- "A role per organization" (R1): at most one partner-side role per user and partner.
CREATE UNIQUE INDEX user_roles_one_per_partner ON user_roles (user_id, partner_id)
    WHERE partner_id IS NOT NULL;
CREATE INDEX user_roles_by_partner ON user_roles (partner_id);

-- Append-only; `at` and `details` are stored as the exact text that was hashed.
CREATE TABLE audit_events (
    seq       INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    subject   TEXT NOT NULL,
    details   TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);
CREATE INDEX audit_events_by_subject ON audit_events (subject);

-- Defence in depth: the application never rewrites history. (Someone with direct database
-- access can drop these triggers; `lpc audit verify` still catches what they then change.)
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
