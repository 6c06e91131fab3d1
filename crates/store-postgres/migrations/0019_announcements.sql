-- Issue 19 part 2 (R32, R14): the program's announcements. Operators write one with a title
-- and a text per language (English required, so every reader has a version to fall back to),
-- shown to partners from `starts_on` to `ends_on` (both included; no end: until withdrawn).
-- Withdrawing ends it today and hides it at once (`withdrawn_at`). `mailed_at`: when its
-- mail to every partner admin was queued (once, on its start day).
CREATE TABLE announcements (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    starts_on    DATE        NOT NULL,
    ends_on      DATE,
    created_by   TEXT        NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL,
    withdrawn_at TIMESTAMPTZ,
    mailed_at    TIMESTAMPTZ
);
CREATE INDEX announcements_by_start ON announcements (starts_on, id);

CREATE TABLE announcement_texts (
    announcement_id BIGINT NOT NULL REFERENCES announcements (id),
    lang            TEXT   NOT NULL CHECK (lang IN ('en', 'ja', 'it')),
    title           TEXT   NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
    body            TEXT   NOT NULL CHECK (char_length(body) BETWEEN 1 AND 10000),
    PRIMARY KEY (announcement_id, lang)
);

-- What a user dismissed stays dismissed, for that user only (not audited: a reader's
-- choice, like the language of the pages).
CREATE TABLE announcement_dismissals (
    user_id         BIGINT      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    announcement_id BIGINT      NOT NULL REFERENCES announcements (id),
    dismissed_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (user_id, announcement_id)
);
