-- Several replicas on one database. shared_state holds what a click, a retry or a sign-in needs
-- whichever replica it lands on (button ids, duplicate-delivery keys, hashed console tokens).
CREATE TABLE shared_state (
  space TEXT NOT NULL,
  skey TEXT NOT NULL,
  value TEXT NOT NULL,
  expires_ms INTEGER NOT NULL,
  PRIMARY KEY (space, skey)
);
CREATE INDEX shared_state_expires ON shared_state (expires_ms);

-- Each replica beats here; one whose beat is stale is taken for dead.
CREATE TABLE replica (
  id TEXT PRIMARY KEY,
  beat_ms INTEGER NOT NULL
);

-- The replica following an in-flight operation; another takes it over when that one is dead.
ALTER TABLE in_flight ADD COLUMN owner TEXT;
