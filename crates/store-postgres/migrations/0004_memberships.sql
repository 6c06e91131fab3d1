-- Memberships, orders and their payment, support cases, KPI adjustments and the e-mail outbox.
-- The Action Pack has no competency; it is stored as '' (never NULL) so that the unique
-- indexes below see two Action Packs of one partner as the same option.

-- Learning memberships (R3, R5, R11, R28).
CREATE TABLE memberships (
    id                    BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    partner_id            BIGINT  NOT NULL REFERENCES partners (mpn_id),
    option                TEXT    NOT NULL CHECK (option IN ('action_pack', 'silver', 'gold')),
    competency            TEXT    NOT NULL DEFAULT '',
    started_on            DATE    NOT NULL,
    anniversary_date      DATE    NOT NULL,
    status                TEXT    NOT NULL
                              CHECK (status IN ('active', 'lapsed', 'upgraded', 'refunded')),
    ended_on              DATE,
    -- R11: upgrading to gold with the discount forfeits the refund of the silver fee.
    refund_forfeited      BOOLEAN NOT NULL DEFAULT false,
    -- R5: set when the account-profile-setup case is resolved.
    marketplace_access_on DATE,
    CHECK ((option = 'action_pack') = (competency = '')),
    CHECK (anniversary_date > started_on),
    CHECK ((status = 'active') = (ended_on IS NULL))
);
-- One active membership per option and competency.
CREATE UNIQUE INDEX memberships_one_active ON memberships (partner_id, option, competency)
    WHERE status = 'active';
CREATE INDEX memberships_by_partner ON memberships (partner_id, started_on);
-- The renewal job reads the active memberships by anniversary (R28).
CREATE INDEX memberships_due ON memberships (anniversary_date, id) WHERE status = 'active';

-- Orders: what a partner buys and how its payment stands (R29, R30).
CREATE TABLE orders (
    id                 BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    partner_id         BIGINT  NOT NULL REFERENCES partners (mpn_id),
    purpose            TEXT    NOT NULL CHECK (purpose IN ('enrollment', 'renewal', 'upgrade')),
    option             TEXT    NOT NULL CHECK (option IN ('action_pack', 'silver', 'gold')),
    competency         TEXT    NOT NULL DEFAULT '',
    -- The membership a renewal renews or an upgrade replaces; once paid, the one it bought.
    membership_id      BIGINT  REFERENCES memberships (id),
    fee_minor          BIGINT  NOT NULL CHECK (fee_minor >= 0),
    discount_minor     BIGINT  NOT NULL DEFAULT 0,
    currency           TEXT    NOT NULL,
    payment_method     TEXT    NOT NULL CHECK (payment_method IN ('card', 'bank_transfer')),
    status             TEXT    NOT NULL
                           CHECK (status IN ('pending_payment', 'paid', 'expired', 'refunded')),
    created_on         DATE    NOT NULL,
    -- The first day it can no longer be paid (R29).
    expires_on         DATE    NOT NULL,
    paid_on            DATE,
    refunded_on        DATE,
    created_by         TEXT    NOT NULL,
    -- R8: the Performance Guidelines version accepted with the order.
    guidelines_version TEXT,
    CHECK ((option = 'action_pack') = (competency = '')),
    CHECK (discount_minor >= 0 AND discount_minor <= fee_minor),
    CHECK (expires_on > created_on),
    CHECK ((status IN ('paid', 'refunded')) = (paid_on IS NOT NULL)),
    CHECK ((status = 'refunded') = (refunded_on IS NOT NULL))
);
-- One order awaiting payment per option and competency.
CREATE UNIQUE INDEX orders_one_pending ON orders (partner_id, option, competency)
    WHERE status = 'pending_payment';
CREATE INDEX orders_by_partner ON orders (partner_id, created_on);
CREATE INDEX orders_by_status ON orders (status, expires_on);

-- Proofs of bank transfers (R29), kept with their content.
CREATE TABLE payment_proofs (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    order_id     BIGINT  NOT NULL REFERENCES orders (id),
    file_name    TEXT    NOT NULL,
    content_type TEXT    NOT NULL,
    size_bytes   BIGINT  NOT NULL,
    sha256       TEXT    NOT NULL CHECK (length(sha256) = 64),
    content      BYTEA   NOT NULL,
    uploaded_at  TIMESTAMPTZ NOT NULL,
    uploaded_by  TEXT    NOT NULL,
    status       TEXT    NOT NULL CHECK (status IN ('submitted', 'accepted', 'rejected')),
    decided_by   TEXT,
    decided_at   TIMESTAMPTZ,
    reason       TEXT,
    CHECK (size_bytes = octet_length(content)),
    CHECK ((status = 'submitted') = (decided_at IS NULL))
);
-- At most one proof per order awaits a decision.
CREATE UNIQUE INDEX payment_proofs_one_submitted ON payment_proofs (order_id)
    WHERE status = 'submitted';
CREATE INDEX payment_proofs_by_order ON payment_proofs (order_id);

-- Partner Frontline Support cases (R5, R22, R27).
CREATE TABLE support_cases (
    id               BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    partner_id       BIGINT  NOT NULL REFERENCES partners (mpn_id),
    kind             TEXT    NOT NULL
                         CHECK (kind IN ('kpi_discrepancy', 'account_profile_setup', 'directory_missing')),
    state            TEXT    NOT NULL
                         CHECK (state IN ('open', 'waiting_on_partner', 'resolved', 'rejected')),
    opened_by        TEXT    NOT NULL,
    opened_at        TIMESTAMPTZ NOT NULL,
    -- The case kind's fields, JSON text exactly as the app gave it.
    details          TEXT    NOT NULL,
    decision_message TEXT,
    decided_by       TEXT,
    decided_at       TIMESTAMPTZ,
    -- For account_profile_setup: the Action Pack membership it activates (R5).
    membership_id    BIGINT  REFERENCES memberships (id)
);
CREATE INDEX support_cases_by_state ON support_cases (state, id);
CREATE INDEX support_cases_by_partner ON support_cases (partner_id, id);

CREATE TABLE case_comments (
    id      BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id BIGINT  NOT NULL REFERENCES support_cases (id),
    author  TEXT    NOT NULL,
    at      TIMESTAMPTZ NOT NULL,
    body    TEXT    NOT NULL
);
CREATE INDEX case_comments_by_case ON case_comments (case_id, id);

-- R22: what an accepted discrepancy case adds to the next publication; one per case.
CREATE TABLE kpi_adjustments (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id         BIGINT  NOT NULL UNIQUE REFERENCES support_cases (id),
    partner_id      BIGINT  NOT NULL REFERENCES partners (mpn_id),
    year            BIGINT  NOT NULL,
    month           BIGINT  NOT NULL CHECK (month BETWEEN 1 AND 12),
    omlp_type       TEXT    NOT NULL,
    invoice_number  TEXT    NOT NULL,
    purchase_units  BIGINT  NOT NULL,
    kpi_thousandths BIGINT  NOT NULL,
    revenue_minor   BIGINT  NOT NULL,
    currency        TEXT    NOT NULL,
    created_on      DATE    NOT NULL,
    -- Set by the publication that includes it.
    published_on    DATE
);
CREATE INDEX kpi_adjustments_unpublished ON kpi_adjustments (partner_id, id)
    WHERE published_on IS NULL;

-- Mail waiting to be sent (or sent), written by use cases and sent by the scheduler.
CREATE TABLE outbox (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    dedup_key  TEXT    NOT NULL UNIQUE,
    to_email   TEXT    NOT NULL,
    subject    TEXT    NOT NULL,
    body       TEXT    NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    sent_at    TIMESTAMPTZ,
    attempts   BIGINT  NOT NULL DEFAULT 0,
    last_error TEXT
);
CREATE INDEX outbox_unsent ON outbox (id) WHERE sent_at IS NULL;
