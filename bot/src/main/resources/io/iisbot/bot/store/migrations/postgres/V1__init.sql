-- The first schema: audit trail, used tokens, host leases, in-flight operations.
-- Instants are epoch milliseconds, as in the SQLite schema, so both stores share their SQL.
CREATE TABLE audit (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at_ms BIGINT NOT NULL,
  kind TEXT NOT NULL,
  platform TEXT,
  user_id TEXT,
  host TEXT,
  action TEXT,
  target TEXT,
  operation_id TEXT,
  outcome TEXT,
  detail TEXT
);
CREATE INDEX audit_at ON audit (at_ms);
CREATE INDEX audit_host_at ON audit (host, at_ms);
CREATE INDEX audit_user_at ON audit (user_id, at_ms);

CREATE TABLE used_token (
  token_id TEXT PRIMARY KEY,
  expires_ms BIGINT NOT NULL
);
CREATE INDEX used_token_expires ON used_token (expires_ms);

CREATE TABLE host_lease (
  host TEXT PRIMARY KEY,
  holder TEXT NOT NULL,
  operation_id TEXT NOT NULL,
  since_ms BIGINT NOT NULL,
  expires_ms BIGINT NOT NULL
);

CREATE TABLE in_flight (
  operation_id TEXT PRIMARY KEY,
  host TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT NOT NULL,
  requester TEXT NOT NULL,
  confirmer TEXT NOT NULL,
  message_ref TEXT NOT NULL,
  started_ms BIGINT NOT NULL
);
