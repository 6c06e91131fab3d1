-- API tokens expire (issue 15): chosen at creation, 90 days by default. Tokens made before
-- get 90 days from this migration. The last use is kept to the hour, to tell a forgotten
-- token from one in use.
ALTER TABLE api_tokens ADD COLUMN expires_at TEXT;
ALTER TABLE api_tokens ADD COLUMN last_used_at TEXT;
UPDATE api_tokens SET expires_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '+90 days')
 WHERE expires_at IS NULL;
