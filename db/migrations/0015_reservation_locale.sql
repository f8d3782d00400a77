-- The customer's language (API.md "Create, group, waitlist and claim accept
-- `locale`"): the mails about a reservation use it, else the venue's locale.
-- Null for reservations made without one (and all made before this).
-- A reschedule or move updates the row in place, so it keeps its language.
ALTER TABLE ticket_reservations
  ADD COLUMN locale text CHECK (locale IN ('en', 'de', 'fr', 'es'));
