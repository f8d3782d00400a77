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
