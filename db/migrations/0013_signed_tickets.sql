-- Signed QR payloads for offline scanning (API.md "Offline scanning").

-- Each organization's Ed25519 keys. `k` is the key id the payloads name;
-- the private key is PKCS #8, encrypted with AES-GCM under a key derived
-- from SIGNING_KEY_SECRET (12-byte IV first). One active signer at most;
-- a retired key stays trusted until `trusted_until` (its last payload's
-- end); a deleted one is distrusted at once and never listed.
CREATE TABLE signing_keys (
  id serial PRIMARY KEY,
  orq integer NOT NULL REFERENCES organizations (orq),
  k text NOT NULL CHECK (k ~ '^[0-9A-Z]{1,16}$'),
  public_key bytea NOT NULL CHECK (length(public_key) = 32),
  private_key_enc bytea NOT NULL,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'retired', 'deleted')),
  created_at timestamptz NOT NULL DEFAULT now(),
  retired_at timestamptz,
  trusted_until timestamptz,
  UNIQUE (orq, k)
);
CREATE UNIQUE INDEX signing_keys_one_active_key ON signing_keys (orq) WHERE status = 'active';

-- A reservation's current signed payload: its text, `h` (see
-- domain/ticket_signature.ts), the key and the payload's end (`e`).
-- RESERVED ones are signed at startup when they have none (lib/signing_startup.ts).
ALTER TABLE ticket_reservations
  ADD COLUMN signed_payload text,
  ADD COLUMN signature_hash text CHECK (length(signature_hash) = 8),
  ADD COLUMN signed_key text,
  ADD COLUMN signed_until timestamptz;
CREATE INDEX ticket_reservations_unsigned_idx ON ticket_reservations (id)
  WHERE signed_payload IS NULL AND status = 'RESERVED';
CREATE INDEX ticket_reservations_signed_key_idx ON ticket_reservations (orq, signed_key)
  WHERE status = 'RESERVED';

-- Signatures replaced by a move, reschedule or cancellation, listed in the
-- offline kit until `until` (the payload's end). `id` is the kit's cursor.
CREATE TABLE signature_revocations (
  id bigserial PRIMARY KEY,
  orq integer NOT NULL REFERENCES organizations (orq),
  h text NOT NULL CHECK (length(h) = 8),
  until timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX signature_revocations_orq_until_idx ON signature_revocations (orq, until);
