-- The KPI ledger (issue 14, DESIGN.md storage): invoice lines as an append-only ledger
-- written in batches, publications as cut-offs over it. The data of the copy model
-- (invoice_lines, publication_rows, publication_totals) moves here in Rust, right after this
-- migration (src/ledger/convert.rs), which then drops the old tables.

-- One row per import that stores lines. Nobody reads a batch's lines before it is committed;
-- a pending batch whose import is no longer running is removed by the next import or start.
CREATE TABLE ledger_batches (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    import_id    TEXT        NOT NULL UNIQUE,
    state        TEXT        NOT NULL CHECK (state IN ('pending', 'committed')),
    started_at   TIMESTAMPTZ NOT NULL,
    committed_at TIMESTAMPTZ,
    -- Maintained figures (what the console reads instead of counting lines).
    lines        BIGINT      NOT NULL DEFAULT 0,
    unchanged    BIGINT      NOT NULL DEFAULT 0,
    invoices     BIGINT      NOT NULL DEFAULT 0,
    credit_notes BIGINT      NOT NULL DEFAULT 0,
    partners     BIGINT      NOT NULL DEFAULT 0,
    months       TEXT        NOT NULL DEFAULT '{}'
);

-- Which lines the ledger holds, by key: one row per document part (lines of one partner
-- stored by one batch), with each line number's fingerprint (lpc_store::ledger::documents).
-- Keys are compared byte for byte: no collation is wanted for an identifier.
CREATE TABLE ledger_documents (
    document_number TEXT COLLATE "C" NOT NULL,
    document_type   SMALLINT NOT NULL,
    part            INTEGER  NOT NULL,
    batch           BIGINT   NOT NULL,
    partner_id      BIGINT   NOT NULL,
    lines           BYTEA    NOT NULL,
    PRIMARY KEY (document_number, document_type, part)
);

-- The document keys a pending batch stored, so that removing the batch costs its own size
-- rather than a scan of every document. Emptied when the batch commits.
CREATE TABLE ledger_batch_documents (
    batch BIGINT NOT NULL,
    seq   BIGINT NOT NULL,
    keys  BYTEA  NOT NULL,
    PRIMARY KEY (batch, seq)
);

-- The lines themselves, packed per partner and flush of an import
-- (lpc_store::ledger::segment); months as year * 12 + month - 1. A flush writes one run:
-- its segments in MPN ID order, one after the other.
CREATE TABLE ledger_segments (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    batch      BIGINT NOT NULL,
    run        INTEGER NOT NULL,
    partner_id BIGINT NOT NULL,
    month_from BIGINT NOT NULL,
    month_to   BIGINT NOT NULL,
    lines      BIGINT NOT NULL,
    data       BYTEA  NOT NULL
);
CREATE INDEX ledger_segments_by_partner ON ledger_segments (partner_id, batch);
CREATE INDEX ledger_segments_by_batch ON ledger_segments (batch);

-- The runs of segments: where each begins and ends, and the months it holds.
CREATE TABLE ledger_runs (
    batch      BIGINT  NOT NULL,
    run        INTEGER NOT NULL,
    first_id   BIGINT  NOT NULL,
    last_id    BIGINT  NOT NULL,
    month_from BIGINT  NOT NULL,
    month_to   BIGINT  NOT NULL,
    segments   BIGINT  NOT NULL,
    PRIMARY KEY (batch, run)
);

-- A publication's cut-off: the last batch it includes. Set for every publication by the
-- conversion right after this migration.
ALTER TABLE publications ADD COLUMN cutoff BIGINT;

-- The publication that first included a partner (registered when it was made).
ALTER TABLE partners ADD COLUMN first_publication DATE;

-- A publication's totals per partner with rows (per OMLP type and in all, caps applied), as
-- JSON, in chunks of consecutive partners: a publication writes a few hundred rows.
CREATE TABLE publication_partner_totals (
    published_on  DATE   NOT NULL REFERENCES publications (published_on),
    first_partner BIGINT NOT NULL,
    last_partner  BIGINT NOT NULL,
    totals        TEXT   NOT NULL,
    PRIMARY KEY (published_on, first_partner)
);
