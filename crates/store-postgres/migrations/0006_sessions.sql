-- Web sessions, shared by every server on this database. `expires_at` is in Unix seconds so
-- that expiry compares as a number (the same in both backends).
CREATE TABLE web_sessions (
    id         TEXT   PRIMARY KEY,
    data       TEXT   NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX web_sessions_by_expiry ON web_sessions (expires_at);

-- Password reset and invitation tokens; only their SHA-256 is kept. Single use: `used_at` is
-- set when one is used (and on every other token of the same user).
CREATE TABLE password_resets (
    token_sha256 TEXT        PRIMARY KEY,
    user_id      BIGINT      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   TIMESTAMPTZ NOT NULL,
    expires_at   BIGINT      NOT NULL,
    used_at      TIMESTAMPTZ
);
CREATE INDEX password_resets_by_user ON password_resets (user_id);

-- The language a user chose for the web pages (en, ja, it); NULL: follow the browser.
ALTER TABLE users ADD COLUMN locale TEXT;
