-- Pause, Continue or Abort clicked on a replica that does not run the operation: the replica that
-- runs it takes the request at its next beat and applies it.
CREATE TABLE control_request (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  operation_id TEXT NOT NULL,
  action TEXT NOT NULL,
  by_name TEXT NOT NULL,
  at_ms INTEGER NOT NULL
);
CREATE INDEX control_request_operation ON control_request (operation_id);

-- An operation whose agent stopped answering: since when its fate is unknown (null while it is
-- known), and the last progress the bot saw.
ALTER TABLE in_flight ADD COLUMN lost_ms INTEGER;
ALTER TABLE in_flight ADD COLUMN last_known TEXT;
