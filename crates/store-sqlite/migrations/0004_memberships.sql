-- Memberships, orders and their payment, support cases, KPI adjustments and the e-mail outbox.
-- The Action Pack has no competency; it is stored as '' (never NULL) so that the unique
-- indexes below see two Action Packs of one partner as the same option.

-- Learning memberships (R3, R5, R11, R28).
CREATE TABLE memberships (
    id                    INTEGER PRIMARY KEY,
    partner_id            INTEGER NOT NULL REFERENCES partners (mpn_id),
    option                TEXT    NOT NULL CHECK (option IN ('action_pack', 'silver', 'gold')),
    competency            TEXT    NOT NULL DEFAULT '',
    started_on            TEXT    NOT NULL,
    anniversary_date      TEXT    NOT NULL,
    status                TEXT    NOT NULL
                              CHECK (status IN ('active', 'lapsed', 'upgraded', 'refunded')),
    ended_on              TEXT,
    -- R11: upgrading to gold with the discount forfeits the refund of the silver fee.
    refund_forfeited      INTEGER NOT NULL DEFAULT 0 CHECK (refund_forfeited IN (0, 1)),
    -- R5: set when the account-profile-setup case is resolved.
    marketplace_access_on TEXT,
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
    id                 INTEGER PRIMARY KEY,
    partner_id         INTEGER NOT NULL REFERENCES partners (mpn_id),
    purpose            TEXT    NOT NULL CHECK (purpose IN ('enrollment', 'renewal', 'upgrade')),
    option             TEXT    NOT NULL CHECK (option IN ('action_pack', 'silver', 'gold')),
    competency         TEXT    NOT NULL DEFAULT '',
    -- The membership a renewal renews or an upgrade replaces; once paid, the one it bought.
    membership_id      INTEGER REFERENCES memberships (id),
    fee_minor          INTEGER NOT NULL CHECK (fee_minor >= 0),
    discount_minor     INTEGER NOT NULL DEFAULT 0,
    currency           TEXT    NOT NULL,
    payment_method     TEXT    NOT NULL CHECK (payment_method IN ('card', 'bank_transfer')),
    status             TEXT    NOT NULL
                           CHECK (status IN ('pending_payment', 'paid', 'expired', 'refunded')),
    created_on         TEXT    NOT NULL,
    -- The first day it can no longer be paid (R29).
    expires_on         TEXT    NOT NULL,
    paid_on            TEXT,
    refunded_on        TEXT,
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
    id           INTEGER PRIMARY KEY,
    order_id     INTEGER NOT NULL REFERENCES orders (id),
    file_name    TEXT    NOT NULL,
    content_type TEXT    NOT NULL,
    size_bytes   INTEGER NOT NULL,
    sha256       TEXT    NOT NULL CHECK (length(sha256) = 64),
    content      BLOB    NOT NULL,
    uploaded_at  TEXT    NOT NULL,
    uploaded_by  TEXT    NOT NULL,
    status       TEXT    NOT NULL CHECK (status IN ('submitted', 'accepted', 'rejected')),
    decided_by   TEXT,
    decided_at   TEXT,
    reason       TEXT,
    CHECK (size_bytes = length(content)),
    CHECK ((status = 'submitted') = (decided_at IS NULL))
);
-- At most one proof per order awaits a decision.
CREATE UNIQUE INDEX payment_proofs_one_submitted ON payment_proofs (order_id)
    WHERE status = 'submitted';
CREATE INDEX payment_proofs_by_order ON payment_proofs (order_id);

-- Partner Frontline Support cases (R5, R22, R27).
CREATE TABLE support_cases (
    id               INTEGER PRIMARY KEY,
    partner_id       INTEGER NOT NULL REFERENCES partners (mpn_id),
    kind             TEXT    NOT NULL
                         CHECK (kind IN ('kpi_discrepancy', 'account_profile_setup', 'directory_missing')),
    state            TEXT    NOT NULL
                         CHECK (state IN ('open', 'waiting_on_partner', 'resolved', 'rejected')),
    opened_by        TEXT    NOT NULL,
    opened_at        TEXT    NOT NULL,
    -- The case kind's fields, JSON, as the app validated them.
    details          TEXT    NOT NULL CHECK (json_valid(details)),
    decision_message TEXT,
    decided_by       TEXT,
    decided_at       TEXT,
    -- For account_profile_setup: the Action Pack membership it activates (R5).
    membership_id    INTEGER REFERENCES memberships (id)
);
CREATE INDEX support_cases_by_state ON support_cases (state, id);
CREATE INDEX support_cases_by_partner ON support_cases (partner_id, id);

CREATE TABLE case_comments (
    id      INTEGER PRIMARY KEY,
    case_id INTEGER NOT NULL REFERENCES support_cases (id),
    author  TEXT    NOT NULL,
    at      TEXT    NOT NULL,
    body    TEXT    NOT NULL
);
CREATE INDEX case_comments_by_case ON case_comments (case_id, id);

-- R22: what an accepted discrepancy case adds to the next publication; one per case.
CREATE TABLE kpi_adjustments (
    id              INTEGER PRIMARY KEY,
    case_id         INTEGER NOT NULL UNIQUE REFERENCES support_cases (id),
    partner_id      INTEGER NOT NULL REFERENCES partners (mpn_id),
    year            INTEGER NOT NULL,
    month           INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
    omlp_type       TEXT    NOT NULL,
    invoice_number  TEXT    NOT NULL,
    purchase_units  INTEGER NOT NULL,
    kpi_thousandths INTEGER NOT NULL,
    revenue_minor   INTEGER NOT NULL,
    currency        TEXT    NOT NULL,
    created_on      TEXT    NOT NULL,
    -- Set by the publication that includes it.
    published_on    TEXT
);
CREATE INDEX kpi_adjustments_unpublished ON kpi_adjustments (partner_id, id)
    WHERE published_on IS NULL;

-- Mail waiting to be sent (or sent), written by use cases and sent by the scheduler.
CREATE TABLE outbox (
    id         INTEGER PRIMARY KEY,
    dedup_key  TEXT    NOT NULL UNIQUE,
    to_email   TEXT    NOT NULL,
    subject    TEXT    NOT NULL,
    body       TEXT    NOT NULL,
    created_at TEXT    NOT NULL,
    sent_at    TEXT,
    attempts   INTEGER NOT NULL DEFAULT 0,
    last_error TEXT
);
CREATE INDEX outbox_unsent ON outbox (id) WHERE sent_at IS NULL;
