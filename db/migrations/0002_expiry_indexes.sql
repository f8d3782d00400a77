-- The expiry job looks every minute for unreserved tickets past their own
-- expiry, and for reservations still RESERVED; keep both lookups small.
CREATE INDEX tickets_unused_expiry_idx ON tickets (expires_at)
  WHERE expires_at IS NOT NULL AND status IN ('ACTIVATED', 'PENDING_PAYMENT');
CREATE INDEX ticket_reservations_reserved_idx ON ticket_reservations (slot_id)
  WHERE status = 'RESERVED';
