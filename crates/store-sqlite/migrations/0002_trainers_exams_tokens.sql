-- Microsoft Certified Trainers affiliated with partners (R4, R8, R9). No foreign key to
-- partners: the MCT program's files may name a partner that registers later, and its
-- trainers count from then on, like its invoices (R16).
CREATE TABLE trainers (
    mct_id      TEXT    NOT NULL,
    partner_id  INTEGER NOT NULL,
    name        TEXT    NOT NULL,
    email       TEXT    NOT NULL,
    valid_from  TEXT    NOT NULL,
    valid_until TEXT    NOT NULL CHECK (valid_until >= valid_from),
    PRIMARY KEY (partner_id, mct_id)
);

-- Passed exams of a partner's people (R8, R9); the rule set maps codes to competencies.
CREATE TABLE exam_passes (
    partner_id   INTEGER NOT NULL,
    person_email TEXT    NOT NULL,
    exam_code    TEXT    NOT NULL,
    passed_on    TEXT    NOT NULL,
    PRIMARY KEY (partner_id, person_email, exam_code, passed_on)
);

-- Acceptances of the Learning Program Performance Guidelines (R8): who, when, which version.
CREATE TABLE guideline_acceptances (
    partner_id  INTEGER NOT NULL REFERENCES partners (mpn_id),
    version     TEXT    NOT NULL,
    accepted_by TEXT    NOT NULL,
    accepted_at TEXT    NOT NULL,
    PRIMARY KEY (partner_id, version)
);

-- Bearer tokens for the JSON API; only their SHA-256 is kept.
CREATE TABLE api_tokens (
    token_sha256 TEXT    PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    label        TEXT    NOT NULL,
    created_at   TEXT    NOT NULL
);
