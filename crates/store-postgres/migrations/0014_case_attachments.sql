-- Issue 16: a KPI discrepancy comes with the invoice it is about (R13), a PDF, PNG or JPEG
-- checked as proofs of payment are (R29); the support agent downloads it from the case.
CREATE TABLE case_attachments (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id      BIGINT  NOT NULL REFERENCES support_cases (id),
    file_name    TEXT    NOT NULL,
    content_type TEXT    NOT NULL CHECK (content_type IN ('application/pdf', 'image/png', 'image/jpeg')),
    size_bytes   BIGINT  NOT NULL,
    sha256       TEXT    NOT NULL CHECK (length(sha256) = 64),
    content      BYTEA   NOT NULL,
    uploaded_at  TIMESTAMPTZ NOT NULL,
    uploaded_by  TEXT    NOT NULL,
    CHECK (size_bytes = octet_length(content))
);
CREATE INDEX case_attachments_by_case ON case_attachments (case_id);
