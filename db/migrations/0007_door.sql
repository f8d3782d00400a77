-- Door operations (API.md "Door"): entries and exits, who is inside, undo.

-- Every admission (first entries and re-entries) and every exit, per slot.
-- People inside now = the sum of entries - exits over today's slots: a
-- ticket's slot is on one date, so the count starts again at the venue's
-- midnight without a job.
ALTER TABLE reservation_slots
  ADD COLUMN entries_count integer NOT NULL DEFAULT 0,
  ADD COLUMN exits_count integer NOT NULL DEFAULT 0;
UPDATE reservation_slots SET entries_count = verified_count WHERE verified_count > 0;
ALTER TABLE reservation_slots ADD CONSTRAINT reservation_slots_door_check
  CHECK (exits_count >= 0 AND exits_count <= entries_count);

-- A VERIFIED ticket is inside (admitted, not scanned out since) or outside.
ALTER TABLE tickets ADD COLUMN inside boolean NOT NULL DEFAULT false;
UPDATE tickets SET inside = true WHERE status = 'VERIFIED';

-- The door log. kind: VERIFIED (first admission), REENTRY, EXIT, RESCAN (a
-- YELLOW scan), REFUSED (a RED check-in, kept so its nonce replays), UNDO
-- (reverts `undoes`, which gets `undone_at`), EXPIRED (the expiry job).
-- `answer` is the body first given to the request's nonce.
ALTER TABLE verification_events DROP CONSTRAINT verification_events_kind_check;
ALTER TABLE verification_events ADD CONSTRAINT verification_events_kind_check
  CHECK (kind IN ('VERIFIED', 'REENTRY', 'EXIT', 'RESCAN', 'REFUSED', 'UNDO', 'EXPIRED'));
ALTER TABLE verification_events
  ADD COLUMN direction text CHECK (direction IN ('IN', 'OUT')),
  ADD COLUMN gate text CHECK (length(gate) BETWEEN 1 AND 50),
  ADD COLUMN answer jsonb,
  ADD COLUMN undoes bigint REFERENCES verification_events (id),
  ADD COLUMN undone_at timestamptz;

-- Nonces are unique per organization across check-in, verify, undo and sync.
-- They were unique per staff member: where two of an organization's staff
-- used the same one, the later event keeps its row but loses the nonce.
UPDATE verification_events e SET nonce = NULL
 WHERE nonce IS NOT NULL
   AND EXISTS (SELECT 1 FROM verification_events f
                WHERE f.orq = e.orq AND f.nonce = e.nonce AND f.id < e.id);
DROP INDEX verification_events_nonce_key;
CREATE UNIQUE INDEX verification_events_nonce_key ON verification_events (orq, nonce)
  WHERE nonce IS NOT NULL;
-- A day's entries and exits per gate.
CREATE INDEX verification_events_orq_created_idx ON verification_events (orq, created_at);
