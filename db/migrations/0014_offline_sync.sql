-- Offline scanning (API.md "Offline scanning"): scans a door device kept
-- while the network was down, uploaded later by POST /api/operator/sync.

-- `created_at` stays the instant the server recorded the event; an offline
-- scan also keeps the device's instant (`scanned_at`) and the device's name.
ALTER TABLE verification_events
  ADD COLUMN scanned_at timestamptz,
  ADD COLUMN device text CHECK (length(device) BETWEEN 1 AND 100),
  ADD COLUMN offline boolean NOT NULL DEFAULT false;

-- What the dashboard shows of offline scans that disagree with the server:
-- DOUBLE_ADMISSION, a device admitted a guest already admitted (online or by
-- an earlier upload): `first` is that admission, `second` the late scan;
-- REFUSED_ADMISSION, a device admitted a guest the server refuses (`reason`):
-- only `second`. `date` is the venue's date of the late scan.
CREATE TABLE door_conflicts (
  id bigserial PRIMARY KEY,
  orq integer NOT NULL REFERENCES organizations (orq),
  ticket_id integer NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('DOUBLE_ADMISSION', 'REFUSED_ADMISSION')),
  date date NOT NULL,
  reason text,
  -- The guest was counted inside although the server refused the scan.
  counted_inside boolean NOT NULL DEFAULT false,
  first_at timestamptz,
  first_gate text,
  first_device text,
  first_staff_id integer REFERENCES staff (id),
  second_at timestamptz NOT NULL,
  second_gate text,
  second_device text,
  second_staff_id integer REFERENCES staff (id),
  event_id bigint REFERENCES verification_events (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX door_conflicts_orq_date_idx ON door_conflicts (orq, date, id);
