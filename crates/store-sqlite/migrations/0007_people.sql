-- API tokens keep their last four characters, so that their owner can tell them apart on the
-- settings page (the token itself is never stored). Tokens created before keep ''.
ALTER TABLE api_tokens ADD COLUMN last_four TEXT NOT NULL DEFAULT '';
