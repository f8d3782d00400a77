-- Group bookings and reminder mails (API.md "Customer self-service").
--
-- group_id: the reservations booked together by create-group share it. A
-- member moved to another slot or cancelled leaves its group (NULL).
-- reminder_due_at: when its reminder mail is due (slot start −
-- reminder_hours_before, as the setting reads when it is booked or moved);
-- NULL when there is none (setting 0, or booked or moved after that moment).
-- reminder_sent_at: set by the one job run that claims it (db/reminders.ts).
ALTER TABLE ticket_reservations
  ADD COLUMN group_id uuid,
  ADD COLUMN reminder_due_at timestamptz,
  ADD COLUMN reminder_sent_at timestamptz;

CREATE INDEX ticket_reservations_group_idx ON ticket_reservations (group_id)
  WHERE group_id IS NOT NULL;
-- The reminder job's scan: only what is armed and not yet sent.
CREATE INDEX ticket_reservations_reminder_due_idx
  ON ticket_reservations (reminder_due_at)
  WHERE reminder_sent_at IS NULL AND reminder_due_at IS NOT NULL;

-- Arms the reminder of a reservation when it is booked or moved to another
-- slot, and takes a moved or cancelled member out of its group. In the
-- database, so that every path that books or moves (create's batched
-- statement, groups, staff moves, customer reschedules, waitlist claims)
-- gets it without each repeating it. "Now" is the row's own instant:
-- reserved_at for a booking, updated_at for a move (the callers' clock).
-- (db/migrate.ts splits statements at a `;` that ends a line, so inside the
-- body each `;` starts the next line instead.)
CREATE FUNCTION ticket_reservations_arm() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  hours integer
  ; due timestamptz
  ; at timestamptz
  ; BEGIN
  -- A member leaving: the group's mails still to go are filed under another
  -- member (a cancellation skips its own reservation's pending mails).
  IF TG_OP = 'UPDATE' AND OLD.group_id IS NOT NULL THEN
    UPDATE mail_outbox m SET reservation_id = g.id
      FROM (SELECT min(r.id) AS id FROM ticket_reservations r
             WHERE r.group_id = OLD.group_id AND r.id <> OLD.id
               AND r.status <> 'CANCELLED') g
     WHERE m.reservation_id = OLD.id AND m.status = 'PENDING'
       AND g.id IS NOT NULL
       AND m.kind IN ('reservation.group_confirmation', 'reservation.reminder')
  ; END IF
  ; IF TG_OP = 'UPDATE' AND NEW.status = 'CANCELLED'
     AND OLD.status IS DISTINCT FROM 'CANCELLED' THEN
    NEW.group_id := NULL
    ; NEW.reminder_due_at := NULL
    ; RETURN NEW
  ; END IF
  ; IF TG_OP = 'UPDATE' THEN
    NEW.group_id := NULL
    ; at := NEW.updated_at
  ; ELSE
    at := NEW.reserved_at
  ; END IF
  ; SELECT coalesce((o.settings ->> 'reminder_hours_before')::integer, 24),
         (s.date + s.start_time) AT TIME ZONE o.timezone
    INTO hours, due
    FROM reservation_slots s JOIN organizations o ON o.orq = s.orq
   WHERE s.id = NEW.slot_id
  ; due := due - make_interval(hours => hours)
  ; NEW.reminder_sent_at := NULL
  ; NEW.reminder_due_at := CASE WHEN hours > 0 AND due > at THEN due END
  ; RETURN NEW
; END $$;

CREATE TRIGGER ticket_reservations_arm_insert
  BEFORE INSERT ON ticket_reservations
  FOR EACH ROW EXECUTE FUNCTION ticket_reservations_arm();
CREATE TRIGGER ticket_reservations_arm_update
  BEFORE UPDATE OF slot_id, status ON ticket_reservations
  FOR EACH ROW
  WHEN (OLD.slot_id IS DISTINCT FROM NEW.slot_id
        OR (NEW.status = 'CANCELLED' AND OLD.status IS DISTINCT FROM 'CANCELLED'))
  EXECUTE FUNCTION ticket_reservations_arm();
