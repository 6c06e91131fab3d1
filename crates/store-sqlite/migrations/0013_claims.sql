-- R31 (issue 15): an organization someone signs up for stays unverified until the program
-- verifies it; the program keeps each organization's contact on file, the one its
-- invitations go to; a user's address is confirmed by a mailed link before they sign in.
-- What existed before was registered or created by the program: verified and confirmed.
ALTER TABLE partners ADD COLUMN verification TEXT NOT NULL DEFAULT 'verified'
    CHECK (verification IN ('verified', 'unverified', 'rejected'));
ALTER TABLE partners ADD COLUMN contact_email TEXT;
CREATE INDEX partners_claims ON partners (registered_at) WHERE verification = 'unverified';

ALTER TABLE users ADD COLUMN email_confirmed_at TEXT;
UPDATE users SET email_confirmed_at = created_at;
