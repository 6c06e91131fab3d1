-- Issue 18: several servers on one database. Each scheduled job runs once per due moment:
-- a server claims the (job, due) row with a lease it renews while the job runs; when the
-- server dies, the lease runs out and another server takes the job over at its next tick.
-- `lease_until` is in Unix seconds so that it compares as a number.
CREATE TABLE job_runs (
    job         TEXT    NOT NULL,
    due         TEXT    NOT NULL,
    server      TEXT    NOT NULL,
    started_at  TIMESTAMPTZ NOT NULL,
    lease_until BIGINT  NOT NULL,
    finished_at TIMESTAMPTZ,
    outcome     TEXT,
    attempts    BIGINT  NOT NULL DEFAULT 1,
    PRIMARY KEY (job, due)
);
CREATE INDEX job_runs_by_start ON job_runs (started_at);

-- Each mail is delivered once: a server claims it with a lease before sending; a failure
-- backs off until `next_attempt_at` (Unix seconds).
ALTER TABLE outbox ADD COLUMN claimed_by TEXT;
ALTER TABLE outbox ADD COLUMN lease_until BIGINT;
ALTER TABLE outbox ADD COLUMN next_attempt_at BIGINT;
