-- Timers: what the bot must do later (end a maintenance window, remind of its end, start a scheduled
-- operation). Any replica may claim a due one; the claim is one conditional update, so it fires once.
CREATE TABLE timer (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  fire_ms INTEGER NOT NULL,
  payload TEXT NOT NULL,
  state TEXT NOT NULL,
  claimed_by TEXT,
  claimed_ms INTEGER,
  created_ms INTEGER NOT NULL
);
CREATE INDEX timer_due ON timer (state, fire_ms);
