-- A first admission turns its reservation from RESERVED to VERIFIED.
-- PostgreSQL updates a row in place (HOT: no new index entries) only when no
-- column that an index uses, as a key or in its predicate, changes value.
-- `status` was in five indexes of ticket_reservations, so every admission
-- added an entry to each of its indexes (five WAL records, a third of the
-- reservation's write). Now no index of ticket_reservations uses `status`
-- (nor the verifier's columns); the door's update stays on the row's page.

-- Room on each page for the door's new versions of its rows (the table's
-- rows are wider than the ticket's). Adding the column below rewrites the
-- table, so existing pages get it too.
ALTER TABLE ticket_reservations SET (fillfactor = 80);

-- Not cancelled: does not change when a reservation is verified or expires.
ALTER TABLE ticket_reservations
  ADD COLUMN live boolean GENERATED ALWAYS AS (status <> 'CANCELLED') STORED;

DROP INDEX ticket_reservations_live_ticket_key;
CREATE UNIQUE INDEX ticket_reservations_live_ticket_key
  ON ticket_reservations (ticket_id) WHERE live;

DROP INDEX ticket_reservations_slot_idx;
CREATE INDEX ticket_reservations_slot_idx ON ticket_reservations (slot_id);

-- Unsigned ones are signed at startup (db/ticket_signing.ts signUnsigned,
-- which asks for `live` too); verified ones before signing existed stay.
DROP INDEX ticket_reservations_unsigned_idx;
CREATE INDEX ticket_reservations_unsigned_idx ON ticket_reservations (id)
  WHERE signed_payload IS NULL AND live;

-- Every reservation signed with a key, whatever its status (a key's
-- deletion reads its RESERVED ones; a cancellation clears the key).
DROP INDEX ticket_reservations_signed_key_idx;
CREATE INDEX ticket_reservations_signed_key_idx
  ON ticket_reservations (orq, signed_key) WHERE signed_key IS NOT NULL;

-- The expiry job found RESERVED reservations of ended slots through an index
-- on `status`. It reads this list instead: a row for each reservation that
-- became RESERVED in a slot (booked, moved, admission undone), added by the
-- triggers below and removed by the expiry itself once the slot has ended
-- (db/expiry.ts), whatever became of the reservation meanwhile. So the door
-- neither indexes nor deletes anything here: a verified reservation's row
-- waits for its slot's end like the others.
CREATE TABLE reservation_holds (
  slot_id integer NOT NULL,
  reservation_id integer NOT NULL,
  PRIMARY KEY (slot_id, reservation_id)
);
INSERT INTO reservation_holds (slot_id, reservation_id)
SELECT slot_id, id FROM ticket_reservations WHERE status = 'RESERVED';
DROP INDEX ticket_reservations_reserved_idx;

-- Bookings insert many rows per statement: one insert per statement.
CREATE FUNCTION reservation_holds_booked() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN INSERT INTO reservation_holds (slot_id, reservation_id) SELECT slot_id, id FROM booked WHERE status = 'RESERVED'; RETURN NULL; END
$$;

CREATE TRIGGER ticket_reservations_hold_booked
  AFTER INSERT ON ticket_reservations REFERENCING NEW TABLE AS booked
  FOR EACH STATEMENT EXECUTE FUNCTION reservation_holds_booked();

-- A row that becomes RESERVED, or moves while RESERVED; the slot may still
-- list it (an admission undone before the slot's end).
CREATE FUNCTION reservation_holds_held() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN INSERT INTO reservation_holds (slot_id, reservation_id) VALUES (NEW.slot_id, NEW.id) ON CONFLICT DO NOTHING; RETURN NULL; END
$$;

CREATE TRIGGER ticket_reservations_hold_held
  AFTER UPDATE OF status, slot_id ON ticket_reservations
  FOR EACH ROW
  WHEN (NEW.status = 'RESERVED'
        AND (OLD.status <> 'RESERVED' OR OLD.slot_id <> NEW.slot_id))
  EXECUTE FUNCTION reservation_holds_held();
