-- Organizations (the story's `orq`): each runs venues in one IANA time zone.
CREATE TABLE organizations (
  orq serial PRIMARY KEY,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  timezone text NOT NULL,
  entry_opens_minutes_before integer CHECK (entry_opens_minutes_before BETWEEN 0 AND 1440),
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Staff who sign in: door operators, managers, administrators.
CREATE TABLE staff (
  id serial PRIMARY KEY,
  orq integer NOT NULL REFERENCES organizations (orq),
  username text NOT NULL,
  name text NOT NULL,
  role text NOT NULL CHECK (role IN ('OPERATOR', 'MANAGER', 'ADMIN')),
  platform_admin boolean NOT NULL DEFAULT false,
  password_hash text,
  pin_hash text,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (password_hash IS NOT NULL OR pin_hash IS NOT NULL)
);
CREATE UNIQUE INDEX staff_username_key ON staff (lower(username));

CREATE TABLE tickets (
  id serial PRIMARY KEY,
  orq integer NOT NULL REFERENCES organizations (orq),
  -- Normalised code: upper-case Crockford base32 without separators.
  code text NOT NULL UNIQUE CHECK (code ~ '^[0-9A-Z]{16,32}$'),
  status text NOT NULL DEFAULT 'PENDING_PAYMENT'
    CHECK (status IN ('PENDING_PAYMENT', 'ACTIVATED', 'RESERVED', 'VERIFIED', 'EXPIRED')),
  order_ref text,
  customer_email text CHECK (length(customer_email) <= 254),
  customer_phone text CHECK (length(customer_phone) <= 20),
  activated_at timestamptz,
  reserved_at timestamptz,
  verified_at timestamptz,
  verified_by integer REFERENCES staff (id),
  -- Product-rule expiry of an unused ticket, when the issuer sets one.
  expires_at timestamptz,
  qr_code text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX tickets_orq_order_ref_idx ON tickets (orq, order_ref);

CREATE TABLE reservation_slots (
  id serial PRIMARY KEY,
  orq integer NOT NULL REFERENCES organizations (orq),
  date date NOT NULL,
  start_time time NOT NULL,
  -- 24:00 is allowed for a slot that ends at midnight.
  end_time time NOT NULL,
  venue_id integer,
  total_capacity integer NOT NULL DEFAULT 200 CHECK (total_capacity >= 1),
  booked_count integer NOT NULL DEFAULT 0,
  verified_count integer NOT NULL DEFAULT 0,
  available_count integer GENERATED ALWAYS AS (total_capacity - booked_count) STORED,
  status text NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE', 'FULL', 'CLOSED')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- The database itself refuses overbooking, whatever the code does.
  CHECK (booked_count BETWEEN 0 AND total_capacity),
  CHECK (verified_count BETWEEN 0 AND booked_count),
  CHECK (end_time > start_time),
  UNIQUE (date, start_time, orq)
);
-- Availability: one organization's slots over a date range.
CREATE INDEX reservation_slots_orq_date_idx ON reservation_slots (orq, date, start_time);

CREATE TABLE ticket_reservations (
  id serial PRIMARY KEY,
  -- One ticket, one reservation.
  ticket_id integer NOT NULL UNIQUE REFERENCES tickets (id) ON DELETE CASCADE,
  slot_id integer NOT NULL REFERENCES reservation_slots (id),
  orq integer NOT NULL REFERENCES organizations (orq),
  customer_email text NOT NULL CHECK (length(customer_email) <= 254),
  customer_phone text NOT NULL CHECK (length(customer_phone) <= 20),
  status text NOT NULL DEFAULT 'RESERVED'
    CHECK (status IN ('RESERVED', 'CANCELLED', 'VERIFIED', 'EXPIRED')),
  reserved_at timestamptz NOT NULL DEFAULT now(),
  verified_at timestamptz,
  verified_by integer REFERENCES staff (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ticket_reservations_slot_idx ON ticket_reservations (slot_id, status);

-- Every scan that verified a ticket or re-scanned a verified one.
CREATE TABLE verification_events (
  id bigserial PRIMARY KEY,
  orq integer NOT NULL REFERENCES organizations (orq),
  ticket_id integer NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
  reservation_id integer REFERENCES ticket_reservations (id) ON DELETE CASCADE,
  staff_id integer REFERENCES staff (id),
  kind text NOT NULL CHECK (kind IN ('VERIFIED', 'RESCAN', 'EXPIRED')),
  nonce text,
  user_agent text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX verification_events_ticket_idx ON verification_events (ticket_id);
CREATE UNIQUE INDEX verification_events_nonce_key ON verification_events (staff_id, nonce)
  WHERE nonce IS NOT NULL;

-- Transactional outbox: mail queued in the same transaction as its cause.
CREATE TABLE mail_outbox (
  id bigserial PRIMARY KEY,
  kind text NOT NULL,
  reservation_id integer REFERENCES ticket_reservations (id) ON DELETE CASCADE,
  to_address text NOT NULL,
  status text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'SENT', 'FAILED')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz
);
CREATE INDEX mail_outbox_due_idx ON mail_outbox (next_attempt_at) WHERE status = 'PENDING';

-- Shared settings every instance reads (the generated JWT secret).
CREATE TABLE app_settings (
  key text PRIMARY KEY,
  value text NOT NULL
);
