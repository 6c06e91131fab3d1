-- The operator console's import history (/ops/imports): one row per import run from the
-- browser, stored or refused (state 'failed': nothing of the file was stored).
CREATE TABLE import_history (
    id           TEXT    PRIMARY KEY,
    kind         TEXT    NOT NULL CHECK (kind IN ('invoices', 'trainers', 'exams')),
    file_name    TEXT    NOT NULL,
    started_at   TEXT    NOT NULL,
    finished_at  TEXT    NOT NULL,
    run_by       TEXT    NOT NULL,
    state        TEXT    NOT NULL CHECK (state IN ('done', 'failed')),
    rows_read    INTEGER NOT NULL,
    stored       INTEGER NOT NULL,
    unchanged    INTEGER NOT NULL,
    invoices     INTEGER NOT NULL,
    credit_notes INTEGER NOT NULL,
    partners     INTEGER NOT NULL,
    refused      INTEGER NOT NULL
);
CREATE INDEX import_history_by_start ON import_history (started_at DESC);
