-- Invoice lines are written in bulk and read in two ways only: by key (idempotent imports,
-- credit notes against their invoice: the primary key) and by period (a publication reads a
-- third of the table or more, where a scan beats an index). The per-date and per-partner
-- indexes cost every import a random B-tree insert per line for reads that never use them:
-- the dashboard reads the frozen publication rows, not the invoice lines.
DROP INDEX invoice_lines_by_date;
DROP INDEX invoice_lines_by_partner;

-- Publication rows clustered on their key, which is also the digest's canonical order
-- (partner, document type, number, line): freezing a report writes them in that order and
-- the digest reads them back without a sort.
CREATE TABLE publication_rows_clustered (
    published_on    TEXT    NOT NULL REFERENCES publications (published_on),
    partner_id      INTEGER NOT NULL,
    document_type   TEXT    NOT NULL,
    document_number TEXT    NOT NULL,
    line_number     INTEGER NOT NULL,
    year            INTEGER NOT NULL,
    month           INTEGER NOT NULL,
    omlp_type       TEXT    NOT NULL,
    purchase_units  INTEGER NOT NULL,
    kpi_thousandths INTEGER NOT NULL,
    revenue_minor   INTEGER NOT NULL,
    currency        TEXT    NOT NULL,
    late            INTEGER NOT NULL,
    PRIMARY KEY (published_on, partner_id, document_type, document_number, line_number)
) WITHOUT ROWID;
INSERT INTO publication_rows_clustered SELECT
    published_on, partner_id, document_type, document_number, line_number, year, month, omlp_type,
    purchase_units, kpi_thousandths, revenue_minor, currency, late
FROM publication_rows;
DROP TABLE publication_rows;
ALTER TABLE publication_rows_clustered RENAME TO publication_rows;
CREATE INDEX publication_rows_by_line ON publication_rows (document_type, document_number, line_number);
