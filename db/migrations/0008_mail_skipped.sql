-- A mail about a reservation that was cancelled before it went out is not
-- sent: the cancellation marks its other PENDING mails SKIPPED, and the mail
-- worker skips any it still finds (see db/outbox.ts).
ALTER TABLE mail_outbox DROP CONSTRAINT mail_outbox_status_check;
ALTER TABLE mail_outbox ADD CONSTRAINT mail_outbox_status_check
  CHECK (status IN ('PENDING', 'SENT', 'FAILED', 'SKIPPED'));
-- The cancellation finds its reservation's PENDING mails without a scan.
CREATE INDEX mail_outbox_pending_reservation_idx ON mail_outbox (reservation_id)
  WHERE status = 'PENDING';
