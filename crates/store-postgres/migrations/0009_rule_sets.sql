-- Rule sets uploaded by operators from the console (R14): kept verbatim with their SHA-256.
-- A draft decides nothing; an active one is in force from its effective date, which is set on
-- activation and unique among active rule sets (the rule set in force on a date must be
-- unambiguous); a discarded one is kept for the record.
CREATE TABLE rule_sets (
    id             BIGSERIAL   PRIMARY KEY,
    name           TEXT        NOT NULL,
    toml           TEXT        NOT NULL,
    sha256         TEXT        NOT NULL,
    state          TEXT        NOT NULL DEFAULT 'draft'
                   CHECK (state IN ('draft', 'active', 'discarded')),
    uploaded_by    TEXT        NOT NULL,
    uploaded_at    TIMESTAMPTZ NOT NULL,
    activated_by   TEXT,
    activated_at   TIMESTAMPTZ,
    effective_from DATE,
    CHECK ((state = 'active') = (effective_from IS NOT NULL))
);
CREATE UNIQUE INDEX rule_sets_active_by_date ON rule_sets (effective_from) WHERE state = 'active';
