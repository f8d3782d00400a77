-- A reservation's version: QR and calendar URLs are signed for one version,
-- so each may be cached for good. Features that move a reservation bump it.
ALTER TABLE ticket_reservations
  ADD COLUMN version integer NOT NULL DEFAULT 1 CHECK (version >= 1);
