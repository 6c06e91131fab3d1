-- The KPI ledger (issue 14, DESIGN.md storage): invoice lines as an append-only ledger
-- written in batches, publications as cut-offs over it. The data of the copy model
-- (invoice_lines, publication_rows, publication_totals) moves here in Rust, right after this
-- migration (src/ledger/convert.rs), which then drops the old tables.

-- One row per import that stores lines. Nobody reads a batch's lines before it is committed;
-- a pending batch whose import is no longer running is removed by the next import or start.
CREATE TABLE ledger_batches (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    import_id    TEXT    NOT NULL UNIQUE,
    state        TEXT    NOT NULL CHECK (state IN ('pending', 'committed')),
    started_at   TEXT    NOT NULL,
    committed_at TEXT,
    -- Maintained figures (what the console reads instead of counting lines).
    lines        INTEGER NOT NULL DEFAULT 0,
    unchanged    INTEGER NOT NULL DEFAULT 0,
    invoices     INTEGER NOT NULL DEFAULT 0,
    credit_notes INTEGER NOT NULL DEFAULT 0,
    partners     INTEGER NOT NULL DEFAULT 0,
    months       TEXT    NOT NULL DEFAULT '{}'
);

-- Which lines the ledger holds, by key: one row per document part (lines of one partner
-- stored by one batch), with each line number's fingerprint (lpc_store::ledger::documents).
CREATE TABLE ledger_documents (
    document_number TEXT    NOT NULL,
    document_type   INTEGER NOT NULL,
    part            INTEGER NOT NULL,
    batch           INTEGER NOT NULL,
    partner_id      INTEGER NOT NULL,
    lines           BLOB    NOT NULL,
    PRIMARY KEY (document_number, document_type, part)
) WITHOUT ROWID;

-- The document keys a pending batch stored, so that removing the batch costs its own size
-- rather than a scan of every document. Emptied when the batch commits.
CREATE TABLE ledger_batch_documents (
    batch INTEGER NOT NULL,
    seq   INTEGER NOT NULL,
    keys  BLOB    NOT NULL,
    PRIMARY KEY (batch, seq)
) WITHOUT ROWID;

-- The lines themselves, packed per partner and flush of an import
-- (lpc_store::ledger::segment); months as year * 12 + month - 1. A flush writes one run:
-- its segments in MPN ID order, one after the other, so that a publication reads every run
-- from beginning to end and merges them by partner, without sorting anything.
CREATE TABLE ledger_segments (
    id         INTEGER PRIMARY KEY,
    batch      INTEGER NOT NULL,
    run        INTEGER NOT NULL,
    partner_id INTEGER NOT NULL,
    month_from INTEGER NOT NULL,
    month_to   INTEGER NOT NULL,
    lines      INTEGER NOT NULL,
    data       BLOB    NOT NULL
);
CREATE INDEX ledger_segments_by_partner ON ledger_segments (partner_id, batch);
CREATE INDEX ledger_segments_by_batch ON ledger_segments (batch);

-- The runs of segments: where each begins and ends, and the months it holds.
CREATE TABLE ledger_runs (
    batch      INTEGER NOT NULL,
    run        INTEGER NOT NULL,
    first_id   INTEGER NOT NULL,
    last_id    INTEGER NOT NULL,
    month_from INTEGER NOT NULL,
    month_to   INTEGER NOT NULL,
    segments   INTEGER NOT NULL,
    PRIMARY KEY (batch, run)
) WITHOUT ROWID;

-- A publication's cut-off: the last batch it includes. Set for every publication by the
-- conversion right after this migration.
ALTER TABLE publications ADD COLUMN cutoff INTEGER;

-- The publication that first included a partner (registered when it was made).
ALTER TABLE partners ADD COLUMN first_publication TEXT;

-- A publication's totals per partner with rows (per OMLP type and in all, caps applied), as
-- JSON, in chunks of consecutive partners: a publication writes a few hundred rows.
CREATE TABLE publication_partner_totals (
    published_on  TEXT    NOT NULL REFERENCES publications (published_on),
    first_partner INTEGER NOT NULL,
    last_partner  INTEGER NOT NULL,
    totals        TEXT    NOT NULL,
    PRIMARY KEY (published_on, first_partner)
) WITHOUT ROWID;
