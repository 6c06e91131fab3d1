-- Courseware Marketplace document lines (R12, R13). No foreign key to partners: lines of an
-- MPN ID that is not registered yet are kept and count once it registers (R16).
CREATE TABLE invoice_lines (
    document_type     TEXT    NOT NULL CHECK (document_type IN ('invoice', 'credit_note')),
    document_number   TEXT    NOT NULL,
    line_number       BIGINT  NOT NULL,
    corrects_document TEXT,
    partner_id        BIGINT  NOT NULL,
    document_date     DATE    NOT NULL,
    omlp_type         TEXT    NOT NULL,
    product_sku       TEXT    NOT NULL,
    purchase_units    BIGINT  NOT NULL,
    revenue_minor     BIGINT  NOT NULL,
    currency          TEXT    NOT NULL,
    -- Computed at import by the rule set in force on document_date (R12, R14), thousandths.
    kpi_thousandths   BIGINT  NOT NULL,
    source_line       BIGINT  NOT NULL,
    -- Which import stored the line: tells a duplicate within one file from an earlier import.
    import_id         TEXT    NOT NULL,
    PRIMARY KEY (document_type, document_number, line_number)
);
CREATE INDEX invoice_lines_by_date ON invoice_lines (document_date);
CREATE INDEX invoice_lines_by_partner ON invoice_lines (partner_id, document_date);
-- Credit notes are checked against their invoice at the end of each import (R13).
CREATE INDEX invoice_lines_credit_notes ON invoice_lines (import_id) WHERE document_type = 'credit_note';

-- Monthly KPI report publications (R17): immutable once written.
CREATE TABLE publications (
    published_on DATE    PRIMARY KEY,
    period_from  TEXT    NOT NULL,
    period_to    TEXT    NOT NULL,
    partners     BIGINT  NOT NULL,
    lines        BIGINT  NOT NULL,
    digest       TEXT    NOT NULL,
    published_at TIMESTAMPTZ   NOT NULL
);

-- The seven fields of R21 per line, frozen, plus the line's key and whether it is late.
CREATE TABLE publication_rows (
    published_on    DATE    NOT NULL REFERENCES publications (published_on),
    partner_id      BIGINT  NOT NULL,
    document_type   TEXT    NOT NULL,
    document_number TEXT    NOT NULL,
    line_number     BIGINT  NOT NULL,
    year            BIGINT  NOT NULL,
    month           BIGINT  NOT NULL,
    omlp_type       TEXT    NOT NULL,
    purchase_units  BIGINT  NOT NULL,
    kpi_thousandths BIGINT  NOT NULL,
    revenue_minor   BIGINT  NOT NULL,
    currency        TEXT    NOT NULL,
    late            BOOLEAN NOT NULL,
    PRIMARY KEY (published_on, partner_id, document_type, document_number, line_number)
);
CREATE INDEX publication_rows_by_line ON publication_rows (document_type, document_number, line_number);

-- Totals per partner and OMLP type ('' = all types), caps applied.
CREATE TABLE publication_totals (
    published_on    DATE    NOT NULL REFERENCES publications (published_on),
    partner_id      BIGINT  NOT NULL,
    omlp_type       TEXT    NOT NULL,
    kpi_thousandths BIGINT  NOT NULL,
    PRIMARY KEY (published_on, partner_id, omlp_type)
);
