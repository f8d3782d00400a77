-- Trigram indexes serve the back office's fragment search.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- The venue's profile and its settings (API.md "Organization settings").
-- Settings live in one JSON object, merged key by key; domain/org_settings.ts
-- holds their defaults and limits.
ALTER TABLE organizations
  ADD COLUMN country text CHECK (country ~ '^[A-Z]{2}$'),
  ADD COLUMN address text CHECK (length(address) <= 300),
  ADD COLUMN contact_email text CHECK (length(contact_email) <= 254),
  ADD COLUMN brand_color text CHECK (brand_color ~ '^#[0-9A-Fa-f]{6}$'),
  ADD COLUMN locale text NOT NULL DEFAULT 'en' CHECK (locale IN ('en', 'de', 'fr', 'es')),
  ADD COLUMN settings jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(settings) = 'object'),
  ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
UPDATE organizations
   SET settings = jsonb_build_object('entry_opens_minutes_before', entry_opens_minutes_before)
 WHERE entry_opens_minutes_before IS NOT NULL;
ALTER TABLE organizations DROP COLUMN entry_opens_minutes_before;

-- Staff can be disabled; changing role, a secret or `disabled` bumps
-- token_version, which every signed token carries, so older tokens stop.
ALTER TABLE staff
  ADD COLUMN disabled boolean NOT NULL DEFAULT false,
  ADD COLUMN token_version integer NOT NULL DEFAULT 1,
  ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();

-- Imported codes are 12-64 characters of Crockford's alphabet.
ALTER TABLE tickets DROP CONSTRAINT tickets_code_check;
ALTER TABLE tickets ADD CONSTRAINT tickets_code_check CHECK (code ~ '^[0-9A-Z]{12,64}$');
CREATE INDEX tickets_orq_id_idx ON tickets (orq, id DESC);

-- Holds (waitlist offers) count against capacity like bookings.
ALTER TABLE reservation_slots
  ADD COLUMN held_count integer NOT NULL DEFAULT 0 CHECK (held_count >= 0);
ALTER TABLE reservation_slots DROP COLUMN available_count;
ALTER TABLE reservation_slots
  ADD COLUMN available_count integer
    GENERATED ALWAYS AS (total_capacity - booked_count - held_count) STORED;
ALTER TABLE reservation_slots DROP CONSTRAINT reservation_slots_check;
ALTER TABLE reservation_slots ADD CONSTRAINT reservation_slots_capacity_check
  CHECK (booked_count >= 0 AND booked_count + held_count <= total_capacity);

-- A cancelled reservation stays as a row; a ticket has at most one live one.
ALTER TABLE ticket_reservations
  ADD COLUMN cancelled_at timestamptz,
  ADD COLUMN cancelled_by text CHECK (cancelled_by IN ('customer', 'staff', 'system'));
ALTER TABLE ticket_reservations DROP CONSTRAINT ticket_reservations_ticket_id_key;
CREATE UNIQUE INDEX ticket_reservations_live_ticket_key ON ticket_reservations (ticket_id)
  WHERE status <> 'CANCELLED';
CREATE INDEX ticket_reservations_ticket_idx ON ticket_reservations (ticket_id);
CREATE INDEX ticket_reservations_orq_slot_idx ON ticket_reservations (orq, slot_id, id);

-- Who changed what, when: changed fields only, secrets as "changed".
CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  orq integer NOT NULL REFERENCES organizations (orq),
  at timestamptz NOT NULL DEFAULT now(),
  actor_kind text NOT NULL CHECK (actor_kind IN ('staff', 'api_key', 'customer', 'system')),
  actor_id integer,
  actor_name text,
  action text NOT NULL,
  target_type text NOT NULL,
  target_id text,
  before jsonb,
  after jsonb
);
CREATE INDEX audit_log_orq_id_idx ON audit_log (orq, id DESC);
CREATE INDEX audit_log_orq_at_idx ON audit_log (orq, at);
