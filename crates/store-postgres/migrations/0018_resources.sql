-- Issue 19 part 2 (R32): the program's documents. One document per kind and version
-- (the Performance Guidelines version partners accept under R8 is one), with a version per
-- language: a title and either a PDF kept here (checked as proofs are, R29) or an https link.
-- English is required, so a partner always has a version to fall back to.
CREATE TABLE resource_documents (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind          TEXT NOT NULL CHECK (kind IN ('guidelines', 'enrollment_guide', 'asset_collection', 'call_recording')),
    version       TEXT NOT NULL CHECK (length(version) BETWEEN 1 AND 40),
    published_at  TIMESTAMPTZ NOT NULL,
    published_by  TEXT NOT NULL,
    withdrawn_at  TIMESTAMPTZ,
    UNIQUE (kind, version)
);
CREATE TABLE resource_versions (
    document_id  BIGINT NOT NULL REFERENCES resource_documents (id),
    lang         TEXT NOT NULL CHECK (lang IN ('en', 'ja', 'it')),
    title        TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    link_url     TEXT CHECK (link_url LIKE 'https://%'),
    file_name    TEXT,
    size_bytes   BIGINT,
    sha256       TEXT CHECK (length(sha256) = 64),
    content      BYTEA,
    PRIMARY KEY (document_id, lang),
    CHECK ((link_url IS NULL) <> (content IS NULL)),
    CHECK (content IS NULL OR (size_bytes = octet_length(content) AND sha256 IS NOT NULL AND file_name IS NOT NULL))
);
