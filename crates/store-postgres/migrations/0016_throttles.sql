-- Issue 18: sign-in and sign-up attempts counted in the database, so that every server on it
-- sees the same counts. `key` is the counted thing's kind and the SHA-256 of its text (no
-- e-mail or client address is kept); `window_start` and `expires_at` are Unix seconds so that
-- they compare as numbers. Rows whose window has ended are pruned every hour.
CREATE TABLE throttles (
    key          TEXT    PRIMARY KEY,
    window_start BIGINT  NOT NULL,
    expires_at   BIGINT  NOT NULL,
    hits         BIGINT  NOT NULL
);
CREATE INDEX throttles_by_expiry ON throttles (expires_at);
