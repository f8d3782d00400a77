-- A first admission (db/door_batches.ts) rewrites the ticket's status and
-- verifier. PostgreSQL updates a row in place on its page (HOT, no new index
-- entries) only when no indexed column's value changes and the page has
-- room. `status` was in the unused-ticket expiry index's predicate, so every
-- admission added an entry to each of the ticket's indexes, its code's
-- trigram index among them.

-- Room on each page for the new versions of its rows. Adding the column
-- below rewrites the table, so existing rows get it too.
ALTER TABLE tickets SET (fillfactor = 80);

-- The expiry's predicate on a column that does not change at the door: a
-- reserved ticket is not unused, and neither is a verified one.
ALTER TABLE tickets
  ADD COLUMN unused boolean
    GENERATED ALWAYS AS (status IN ('ACTIVATED', 'PENDING_PAYMENT')) STORED;
DROP INDEX tickets_unused_expiry_idx;
CREATE INDEX tickets_unused_expiry_idx ON tickets (expires_at)
  WHERE expires_at IS NOT NULL AND unused;

-- The reservation's row cannot be updated in place at the door (the expiry
-- finds RESERVED ones through an index on `status`), so each admission gave
-- every index of ticket_reservations an entry, the search text's trigram
-- index too: about a third of an admission's database time, and a pending
-- list flushed by whichever statement filled it. The trigram index moves to
-- a table of its own, written only when the text changes (bookings,
-- contact changes), never at the door. `search_text` stays on the row for
-- the back office's ordered walk. Triggers keep the copy (no foreign key:
-- its check would lock each new reservation's row for a booking).
CREATE TABLE reservation_search (
  reservation_id integer PRIMARY KEY,
  search_text text NOT NULL
);
INSERT INTO reservation_search (reservation_id, search_text)
SELECT id, search_text FROM ticket_reservations;

CREATE FUNCTION reservation_search_copy() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN INSERT INTO reservation_search (reservation_id, search_text) VALUES (NEW.id, NEW.search_text) ON CONFLICT (reservation_id) DO UPDATE SET search_text = EXCLUDED.search_text WHERE reservation_search.search_text IS DISTINCT FROM EXCLUDED.search_text; RETURN NULL; END
$$;

CREATE TRIGGER ticket_reservations_search_copy
  AFTER INSERT OR UPDATE OF ticket_id, customer_email, customer_phone, search_text
  ON ticket_reservations
  FOR EACH ROW EXECUTE FUNCTION reservation_search_copy();

CREATE FUNCTION reservation_search_drop() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN DELETE FROM reservation_search WHERE reservation_id = OLD.id; RETURN NULL; END
$$;

CREATE TRIGGER ticket_reservations_search_drop
  AFTER DELETE ON ticket_reservations
  FOR EACH ROW EXECUTE FUNCTION reservation_search_drop();

DROP INDEX ticket_reservations_search_idx;
-- As in 0005: a small pending list, so no booking stalls on a long flush.
CREATE INDEX reservation_search_text_idx ON reservation_search
  USING gin (search_text gin_trgm_ops) WITH (gin_pending_list_limit = 256);

-- New versions of a reservation's row stay on its page where they fit.
ALTER TABLE ticket_reservations SET (fillfactor = 90);
-- A slot's counters change with every batch of the door, in place (none is
-- indexed) when its page has room: slots are few, so half of each page.
-- Existing pages get the room when the table is next rewritten.
ALTER TABLE reservation_slots SET (fillfactor = 50);
