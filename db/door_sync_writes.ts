/**
 * The writes of one sync upload (db/door_sync.ts), a few statements for the
 * whole upload sent in one round trip: each takes its rows as one JSON array
 * (jsonb_to_recordset), so 500 scans cost as many statements as one. Tickets
 * are locked by the caller (by id); slots are locked here by id before their
 * counts change.
 */
import type { Sql } from "./client.ts";
import type { PassKind } from "./door.ts";
import type { ConflictKind } from "../domain/sync_rules.ts";

/** A door event of an offline scan; `staff_id` is the uploader. */
export interface SyncEventRow {
  ticket_id: number;
  reservation_id: number | null;
  staff_id: number;
  kind: PassKind;
  nonce: string;
  direction: "IN" | "OUT";
  gate: string | null;
  scanned_at: string;
  answer: unknown;
}

/** A ticket's state after the upload. */
export interface TicketStateRow {
  id: number;
  status: string;
  verified_at: string | null;
  verified_by: number | null;
  inside: boolean;
}

/** A reservation admitted by the upload. */
export interface AdmittedRow {
  id: number;
  verified_at: string;
  verified_by: number;
}

/** A slot's door counts to add. */
export interface SlotDeltaRow {
  id: number;
  verified: number;
  entries: number;
  exits: number;
}

/** A conflict to record; `nonce` names the event it came with. */
export interface ConflictRow {
  ticket_id: number;
  kind: ConflictKind;
  date: string;
  reason: string | null;
  counted_inside: boolean;
  first_at: string | null;
  first_gate: string | null;
  first_device: string | null;
  first_staff_id: number | null;
  second_at: string;
  second_gate: string | null;
  second_device: string | null;
  second_staff_id: number | null;
  nonce: string;
}

/** Everything an upload writes. */
export interface SyncWrites {
  orq: number;
  device: string;
  userAgent: string | null;
  instant: Date;
  events: SyncEventRow[];
  conflicts: ConflictRow[];
  tickets: TicketStateRow[];
  admitted: AdmittedRow[];
  slots: SlotDeltaRow[];
}

/**
 * Writes the upload in one round trip: the statements are sent together
 * (postgres.js pipelines them on the transaction's connection) and run in
 * order: events (a nonce already spent fails with a unique violation: the
 * caller retries and replays it), conflicts (joined to their events by
 * nonce), tickets with their reservations, then the slots, locked by id
 * before their counts change and as late as possible. Throws when a row is
 * not as decided, which rolls the whole upload back. The conflicts' ids, in
 * the order of `w.conflicts`.
 */
export async function writeSync(tx: Sql, w: SyncWrites): Promise<number[]> {
  const slotIds = w.slots.map((s) => s.id).sort((a, b) => a - b);
  const steps: Promise<{ n: number; ids?: number[] }>[] = [];
  const count = (p: Promise<unknown[]>) =>
    p.then((rows) => ({ n: rows.length }));
  if (w.events.length > 0) {
    steps.push(count(tx.query(EVENTS, [
      w.orq,
      w.userAgent,
      w.instant,
      w.device,
      JSON.stringify(w.events),
    ])));
  }
  const conflicts = w.conflicts.length === 0
    ? Promise.resolve([] as { id: string | number; nonce: string }[])
    : tx.query<{ id: string | number; nonce: string }>(CONFLICTS, [
      w.orq,
      JSON.stringify(w.conflicts),
    ]);
  steps.push(conflicts.then((rows) => ({ n: rows.length })));
  if (w.tickets.length > 0) {
    steps.push(
      tx.query<{ tickets: number; reservations: number }>(TICKETS, [
        w.instant,
        JSON.stringify(w.tickets),
        JSON.stringify(w.admitted),
      ]).then(([r]) => {
        if (r.tickets !== w.tickets.length) {
          throw new Error("Sync: a ticket of the upload is gone");
        }
        if (r.reservations !== w.admitted.length) {
          throw new Error(
            "Sync: a reservation changed under its locked ticket",
          );
        }
        return { n: r.tickets };
      }),
    );
  }
  if (slotIds.length > 0) {
    steps.push(count(tx.query(LOCK_SLOTS, [slotIds])));
    steps.push(
      count(tx.query(SLOTS, [w.instant, JSON.stringify(w.slots)])).then(
        (r) => {
          if (r.n !== w.slots.length) {
            throw new Error("Sync: a slot of the upload is gone");
          }
          return r;
        },
      ),
    );
  }
  // Every statement settles before the first failure (in order) is thrown.
  const settled = await Promise.allSettled(steps);
  const failed = settled.find((r) => r.status === "rejected");
  if (failed) throw (failed as PromiseRejectedResult).reason;
  const ids = new Map((await conflicts).map((r) => [r.nonce, Number(r.id)]));
  if (ids.size !== w.conflicts.length) {
    throw new Error("Sync: a conflict lost its event");
  }
  return w.conflicts.map((c) => ids.get(c.nonce)!);
}

const EVENTS = `INSERT INTO verification_events
       (orq, ticket_id, reservation_id, staff_id, kind, nonce, user_agent,
        created_at, direction, gate, answer, scanned_at, device, offline)
     SELECT $1, v.ticket_id, v.reservation_id, v.staff_id, v.kind, v.nonce, $2,
            $3::timestamptz, v.direction, v.gate, v.answer, v.scanned_at, $4, true
       FROM jsonb_to_recordset($5::text::jsonb) AS v(
              ticket_id int, reservation_id int, staff_id int, kind text,
              nonce text, direction text, gate text, answer jsonb,
              scanned_at timestamptz)
     RETURNING id`;

const CONFLICTS = `WITH c AS (
     INSERT INTO door_conflicts
       (orq, ticket_id, kind, date, reason, counted_inside, first_at,
        first_gate, first_device, first_staff_id, second_at, second_gate,
        second_device, second_staff_id, event_id)
     SELECT $1, v.ticket_id, v.kind, v.date, v.reason, v.counted_inside,
            v.first_at, v.first_gate, v.first_device, v.first_staff_id,
            v.second_at, v.second_gate, v.second_device, v.second_staff_id, e.id
       FROM jsonb_to_recordset($2::text::jsonb) AS v(
              ticket_id int, kind text, date date, reason text,
              counted_inside boolean, first_at timestamptz, first_gate text,
              first_device text, first_staff_id int, second_at timestamptz,
              second_gate text, second_device text, second_staff_id int,
              nonce text)
       JOIN verification_events e ON e.orq = $1 AND e.nonce = v.nonce
     RETURNING id, event_id)
     SELECT c.id, e.nonce FROM c JOIN verification_events e ON e.id = c.event_id`;

/** The tickets' states after the upload, and the reservations it admitted. */
const TICKETS = `WITH t AS (
       UPDATE tickets t SET status = v.status, verified_at = v.verified_at,
              verified_by = v.verified_by, inside = v.inside,
              updated_at = $1::timestamptz
         FROM jsonb_to_recordset($2::text::jsonb) AS v(
                id int, status text, verified_at timestamptz, verified_by int,
                inside boolean)
        WHERE t.id = v.id
        RETURNING t.id),
     r AS (
       UPDATE ticket_reservations r SET status = 'VERIFIED',
              verified_at = v.verified_at, verified_by = v.verified_by,
              updated_at = $1::timestamptz
         FROM jsonb_to_recordset($3::text::jsonb) AS v(
                id int, verified_at timestamptz, verified_by int)
        WHERE r.id = v.id AND r.status IN ('RESERVED', 'EXPIRED')
        RETURNING r.id)
     SELECT (SELECT count(*)::int FROM t) AS tickets,
            (SELECT count(*)::int FROM r) AS reservations`;

/** The slots of the upload, locked in id order (tickets are locked before). */
const LOCK_SLOTS = `SELECT id FROM reservation_slots WHERE id = ANY($1::int[])
      ORDER BY id FOR UPDATE`;

const SLOTS = `UPDATE reservation_slots s
          SET verified_count = s.verified_count + v.verified,
              entries_count = s.entries_count + v.entries,
              exits_count = s.exits_count + v.exits,
              updated_at = $1::timestamptz
         FROM jsonb_to_recordset($2::text::jsonb) AS v(
                id int, verified int, entries int, exits int)
        WHERE s.id = v.id
        RETURNING s.id`;
