/** Helpers of the door tests: check-in, undo, settings, and the door's stored state. */
import type { TestServer } from "./server.ts";
import { post, reservationBody, seedTickets } from "./api.ts";

/** A fresh nonce of the length the contract asks (16–100 characters). */
export function freshNonce(): string {
  return `n-${crypto.randomUUID()}`;
}

/** POST /api/operator/check-in; a fresh nonce unless one is given. */
export function checkIn(
  s: TestServer,
  token: string,
  code: string,
  opts: { nonce?: string; gate?: string; direction?: "IN" | "OUT" } = {},
) {
  return post(s.url, "/api/operator/check-in", {
    code,
    nonce: opts.nonce ?? freshNonce(),
    gate: opts.gate,
    direction: opts.direction,
  }, token);
}

/** POST /api/operator/undo-check-in; a fresh nonce unless one is given. */
export function undo(
  s: TestServer,
  token: string,
  code: string,
  nonce = freshNonce(),
) {
  return post(s.url, "/api/operator/undo-check-in", { code, nonce }, token);
}

/** Merges `settings` into organization `orq`'s and drops the cached copy. */
export async function setSettings(
  s: TestServer,
  settings: Record<string, unknown>,
  orq = 1,
): Promise<void> {
  await s.db.query(
    "UPDATE organizations SET settings = settings || $1::text::jsonb WHERE orq = $2",
    [JSON.stringify(settings), orq],
  );
  s.deps.orgs.forget(orq);
}

/** A door event as stored. */
export interface StoredEvent {
  kind: string;
  staff_id: number | null;
  direction: string | null;
  gate: string | null;
  nonce: string | null;
  undoes: number | null;
  undone: boolean;
  answer: Record<string, unknown> | null;
}

/** The ticket, its reservation and slot's door counts, and its events in order. */
export async function doorState(s: TestServer, code: string) {
  const [row] = await s.db.query<{
    status: string;
    inside: boolean;
    verified_at: Date | null;
    verified_by: number | null;
    reservation_status: string;
    reservation_verified_by: number | null;
    verified_count: number;
    entries_count: number;
    exits_count: number;
  }>(
    `SELECT t.status, t.inside, t.verified_at, t.verified_by,
            r.status AS reservation_status, r.verified_by AS reservation_verified_by,
            sl.verified_count, sl.entries_count, sl.exits_count
       FROM tickets t
       JOIN ticket_reservations r ON r.ticket_id = t.id AND r.status <> 'CANCELLED'
       JOIN reservation_slots sl ON sl.id = r.slot_id
      WHERE t.code = $1`,
    [code],
  );
  const events = await s.db.query<StoredEvent & { undoes: string | null }>(
    `SELECT e.kind, e.staff_id, e.direction, e.gate, e.nonce, e.undoes,
            e.undone_at IS NOT NULL AS undone, e.answer
       FROM verification_events e JOIN tickets t ON t.id = e.ticket_id
      WHERE t.code = $1 ORDER BY e.id`,
    [code],
  );
  return {
    ...row,
    events: events.map((e) => ({
      ...e,
      undoes: e.undoes === null ? null : Number(e.undoes),
    })),
    kinds: events.map((e) => e.kind),
  };
}

/** The slot counts `[verified, entries, exits]` of a ticket's slot. */
export async function slotCounts(s: TestServer, code: string) {
  const d = await doorState(s, code);
  return [d.verified_count, d.entries_count, d.exits_count];
}

/** Another ticket reserved over HTTP on the slot of `code`. */
export async function reservedBeside(
  s: TestServer,
  code: string,
): Promise<string> {
  const [{ slot_id }] = await s.db.query<{ slot_id: number }>(
    `SELECT r.slot_id FROM ticket_reservations r JOIN tickets t ON t.id = r.ticket_id
      WHERE t.code = $1`,
    [code],
  );
  const [other] = await seedTickets(s.db, 1);
  const r = await post(
    s.url,
    "/api/reservations/create",
    reservationBody(other, slot_id),
  );
  if (r.status !== 201) throw new Error(`reservation: ${r.status}`);
  return other;
}
