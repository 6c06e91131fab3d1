-- The public Learning Partner directory (R24-R26): listing requests, listings, the
-- domain-ownership tokens and the operator's competitors. Dates are 'YYYY-MM-DD' text (the
-- program's calendar day), timestamps RFC 3339 text in UTC.

-- Every listing request a partner made (R24), newest last.
CREATE TABLE directory_requests (
    -- The request's number, shown to partners and operators.
    id               INTEGER PRIMARY KEY,
    -- The partner asking (R24: it held an active learning membership when it asked).
    partner_id       INTEGER NOT NULL REFERENCES partners (mpn_id),
    -- The name to show, trimmed, 1 to 100 characters; shown escaped, never as HTML.
    display_name     TEXT    NOT NULL CHECK (length(display_name) BETWEEN 1 AND 100),
    -- The associated country, ISO 3166-1 alpha-2, upper case.
    country          TEXT    NOT NULL CHECK (length(country) = 2),
    -- The Microsoft-themed landing page, an http(s) URL (R25).
    landing_url      TEXT    NOT NULL,
    -- When it was made, and the program day that was (R26 counts from that day).
    requested_at     TEXT    NOT NULL,
    requested_on     TEXT    NOT NULL,
    -- R26: the week it is processed in (days 15-21 of a month) and the day it is visible by
    -- (day 7 of the following month), as promised to the partner when it asked.
    processing_from  TEXT    NOT NULL,
    processing_to    TEXT    NOT NULL,
    visible_by       TEXT    NOT NULL,
    -- received: waiting for its window or an operator; approved: its listing is written;
    -- rejected: refused (see reason); superseded: replaced by a later request of the partner.
    state            TEXT    NOT NULL
                         CHECK (state IN ('received', 'approved', 'rejected', 'superseded')),
    -- Who decided it (an audit actor name: `user:...`, `system:scheduler`, `cli:...`), when,
    -- and why (the operator's reason, or the rule that refused it).
    decided_by       TEXT,
    decided_at       TEXT,
    reason           TEXT,
    -- The latest landing page checks (R25) as JSON text: {"url", "checks": [{"id", "passed",
    -- "detail"}], "checked_at"}; NULL before the first.
    checks           TEXT,
    -- When and on which program day the checks last ran (the cycle checks once a day).
    last_checked_at  TEXT,
    last_checked_on  TEXT,
    CHECK (processing_from <= processing_to AND processing_to < visible_by),
    CHECK ((state IN ('received', 'superseded')) = (decided_at IS NULL))
);
CREATE INDEX directory_requests_by_partner ON directory_requests (partner_id, id);
-- The cycle reads the received requests whose window has begun.
CREATE INDEX directory_requests_received ON directory_requests (processing_from, id)
    WHERE state = 'received';

-- One listing per partner ever approved: what the public directory shows.
-- Public on `today` when visible_from <= today AND (listed_until IS NULL OR listed_until > today).
CREATE TABLE directory_listings (
    -- The partner listed.
    partner_id       INTEGER PRIMARY KEY REFERENCES partners (mpn_id),
    -- The name shown (plain text, escaped when shown), and its lower-case form for search.
    display_name     TEXT    NOT NULL,
    name_folded      TEXT    NOT NULL,
    -- ISO 3166-1 alpha-2, upper case: the country filter.
    country          TEXT    NOT NULL CHECK (length(country) = 2),
    -- The landing page the directory links to.
    landing_url      TEXT    NOT NULL,
    -- The approved request it shows.
    request_id       INTEGER NOT NULL REFERENCES directory_requests (id),
    -- The first day it is public (R26: by day 7 of the month after its processing week).
    visible_from     TEXT    NOT NULL,
    -- From this day on it is no longer public (lapsed membership R28, failed re-checks R25);
    -- NULL while listed.
    listed_until     TEXT,
    -- The day a re-check of its landing page first failed (the partner was mailed) and why;
    -- NULL when the last re-check passed. Still failing at the next cycle: removed.
    flagged_on       TEXT,
    flag_reason      TEXT,
    -- The latest re-check (same JSON as directory_requests.checks), when and on which day.
    checks           TEXT,
    last_checked_at  TEXT,
    last_checked_on  TEXT,
    CHECK ((flagged_on IS NULL) = (flag_reason IS NULL))
);
-- The public directory: listings current on a day, by country and by name.
CREATE INDEX directory_listings_public ON directory_listings (country, name_folded)
    WHERE listed_until IS NULL;
CREATE INDEX directory_listings_by_name ON directory_listings (name_folded)
    WHERE listed_until IS NULL;
CREATE INDEX directory_listings_visible ON directory_listings (visible_from, listed_until);

-- R25: the token a partner serves at https://<its host>/.well-known/lpc-verification.txt to
-- show it owns the landing page's domain; made at random on first use, never changed.
CREATE TABLE directory_verification (
    partner_id       INTEGER PRIMARY KEY REFERENCES partners (mpn_id),
    token            TEXT    NOT NULL,
    created_at       TEXT    NOT NULL
);

-- R25: the operator's list of competitors, whose names no landing page may show.
CREATE TABLE directory_competitors (
    -- The name as the operator typed it, and its lower-case form (unique: one entry per name).
    name             TEXT    NOT NULL,
    name_folded      TEXT    NOT NULL PRIMARY KEY,
    added_at         TEXT    NOT NULL
);
