-- Confirmation prompts: what each one pins and how far it got, so any replica can act on a click
-- exactly once. They replace the bare used_token list.
CREATE TABLE prompt (
  id TEXT PRIMARY KEY,
  platform TEXT NOT NULL,
  channel TEXT NOT NULL,
  message_ref TEXT,
  requester TEXT NOT NULL,
  requester_key TEXT NOT NULL,
  pinned TEXT NOT NULL,
  state TEXT NOT NULL,
  confirmed_by TEXT,
  created_ms BIGINT NOT NULL,
  expires_ms BIGINT NOT NULL
);
CREATE INDEX prompt_expires ON prompt (expires_ms);

DROP TABLE used_token;
