-- The back office's reservation search (API.md "Back office"): `q` matches a
-- code fragment, an email fragment (lower case, accents stripped) or phone
-- digits. One stored text per reservation holds all three, separated by
-- spaces (no normalised fragment contains one), so that one trigram index
-- answers every kind of fragment: "<CODE> <email> <digits>". The code is
-- upper case and the email lower case, so a case-sensitive LIKE of an
-- upper-case code fragment never matches an email, and the reverse.
-- A trigger fills it, so every insert path (bookings, demo data, seeds)
-- gets it without knowing.
CREATE FUNCTION reservation_search_text(ticket integer, email text, phone text)
  RETURNS text LANGUAGE sql STABLE AS $$
  SELECT coalesce((SELECT code FROM tickets WHERE id = ticket), '') || ' ' ||
    replace(translate(lower(email),
      'àáâãäåāăąçćčďèéêëēĕėęěìíîïīĭįıñńňòóôõöøōŏőŕřśšşťţùúûüūŭůűųýÿźżž',
      'aaaaaaaaacccdeeeeeeeeeiiiiiiiinnnooooooooorrsssttuuuuuuuuuyyzzz'), ' ', '')
    || ' ' || regexp_replace(phone, '[^0-9]', '', 'g')
$$;

CREATE FUNCTION ticket_reservations_search_text() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN NEW.search_text := reservation_search_text(NEW.ticket_id, NEW.customer_email, NEW.customer_phone); RETURN NEW; END
$$;

ALTER TABLE ticket_reservations ADD COLUMN search_text text;
UPDATE ticket_reservations
   SET search_text = reservation_search_text(ticket_id, customer_email, customer_phone);
ALTER TABLE ticket_reservations ALTER COLUMN search_text SET NOT NULL;

CREATE TRIGGER ticket_reservations_search_text
  BEFORE INSERT OR UPDATE OF ticket_id, customer_email, customer_phone
  ON ticket_reservations
  FOR EACH ROW EXECUTE FUNCTION ticket_reservations_search_text();

-- A small pending list: GIN's list is flushed by whichever insert fills it,
-- and the default 4 MB made that a 150 ms stall of a booking now and then;
-- updating the index directly on every insert cost bookings a third.
CREATE INDEX ticket_reservations_search_idx ON ticket_reservations
  USING gin (search_text gin_trgm_ops) WITH (gin_pending_list_limit = 256);
