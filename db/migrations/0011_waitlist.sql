-- The waitlist of a full slot (API.md "Customer self-service"). An entry is
-- one group of tickets in join order (id); when places free up they are held
-- for the first entries that fit (an offer), and a claim books them.
-- reservation_slots.held_count and its CHECK came with 0004.
CREATE TABLE waitlist_entries (
  id serial PRIMARY KEY,
  orq integer NOT NULL REFERENCES organizations (orq),
  slot_id integer NOT NULL REFERENCES reservation_slots (id) ON DELETE CASCADE,
  customer_email text NOT NULL CHECK (length(customer_email) <= 254),
  locale text CHECK (locale IN ('en', 'de', 'fr', 'es')),
  places integer NOT NULL CHECK (places BETWEEN 1 AND 20),
  -- WAITING, OFFERED (places held): live. The others are how it ended.
  status text NOT NULL DEFAULT 'WAITING'
    CHECK (status IN ('WAITING', 'OFFERED', 'CLAIMED', 'EXPIRED', 'DROPPED', 'LEFT')),
  joined_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- Offering walks a slot's live entries in join order.
CREATE INDEX waitlist_entries_live_idx ON waitlist_entries (slot_id, id)
  WHERE status IN ('WAITING', 'OFFERED');

-- The tickets of an entry; `live` mirrors the entry's status so that a ticket
-- is on one live waitlist at most (a partial unique index).
CREATE TABLE waitlist_tickets (
  entry_id integer NOT NULL REFERENCES waitlist_entries (id) ON DELETE CASCADE,
  ticket_id integer NOT NULL REFERENCES tickets (id),
  rank smallint NOT NULL,
  live boolean NOT NULL DEFAULT true,
  PRIMARY KEY (entry_id, ticket_id)
);
CREATE UNIQUE INDEX waitlist_tickets_live_ticket_key ON waitlist_tickets (ticket_id)
  WHERE live;
CREATE INDEX waitlist_tickets_ticket_idx ON waitlist_tickets (ticket_id);

-- A hold for an entry: `places` counted in the slot's held_count while HELD.
-- Only a SHA-256 of the claim token is kept.
CREATE TABLE waitlist_offers (
  id serial PRIMARY KEY,
  entry_id integer NOT NULL UNIQUE REFERENCES waitlist_entries (id) ON DELETE CASCADE,
  slot_id integer NOT NULL REFERENCES reservation_slots (id) ON DELETE CASCADE,
  token_hash text NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  places integer NOT NULL CHECK (places BETWEEN 1 AND 20),
  status text NOT NULL DEFAULT 'HELD'
    CHECK (status IN ('HELD', 'CLAIMED', 'EXPIRED', 'RELEASED')),
  offered_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  claimed_at timestamptz,
  -- The reservations a claim made, in the entry's ticket order.
  reservation_ids integer[]
);
CREATE INDEX waitlist_offers_held_idx ON waitlist_offers (expires_at)
  WHERE status = 'HELD';

-- Waitlist mails are about an entry, not a reservation: what they say is
-- kept with the row (the claim link until the mail has gone: the job
-- removes it from rows no longer PENDING).
ALTER TABLE mail_outbox ADD COLUMN waitlist_payload jsonb;
CREATE INDEX mail_outbox_waitlist_link_idx ON mail_outbox (id)
  WHERE waitlist_payload ? 'token';
