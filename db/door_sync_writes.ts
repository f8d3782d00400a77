/**
 * The writes of one sync upload (db/door_sync.ts), a few statements for the
 * whole upload: each takes its rows as one JSON array (jsonb_to_recordset),
 * so 500 scans cost as many statements as one. Tickets are locked by the
 * caller (by id); slots are locked here by id before their counts change.
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

/**
 * Inserts the events; a nonce already spent fails the statement (unique
 * violation), so the caller retries and replays it. Ids by nonce.
 */
export async function insertSyncEvents(
  tx: Sql,
  e: {
    orq: number;
    device: string;
    userAgent: string | null;
    instant: Date;
    rows: SyncEventRow[];
  },
): Promise<Map<string, number>> {
  if (e.rows.length === 0) return new Map();
  const ids = await tx.query<{ id: string | number; nonce: string }>(
    `INSERT INTO verification_events
       (orq, ticket_id, reservation_id, staff_id, kind, nonce, user_agent,
        created_at, direction, gate, answer, scanned_at, device, offline)
     SELECT $1, v.ticket_id, v.reservation_id, v.staff_id, v.kind, v.nonce, $2,
            $3::timestamptz, v.direction, v.gate, v.answer, v.scanned_at, $4, true
       FROM jsonb_to_recordset($5::text::jsonb) AS v(
              ticket_id int, reservation_id int, staff_id int, kind text,
              nonce text, direction text, gate text, answer jsonb,
              scanned_at timestamptz)
     RETURNING id, nonce`,
    [e.orq, e.userAgent, e.instant, e.device, JSON.stringify(e.rows)],
  );
  return new Map(ids.map((r) => [r.nonce, Number(r.id)]));
}

/**
 * The upload's ticket changes, then its reservations' admissions, then the
 * slots' counts (locked by id first). Throws when a row is not as decided,
 * which rolls the whole upload back.
 */
export async function applySyncMoves(
  tx: Sql,
  m: {
    instant: Date;
    tickets: TicketStateRow[];
    admitted: AdmittedRow[];
    slots: SlotDeltaRow[];
  },
): Promise<void> {
  if (m.tickets.length > 0) {
    const rows = await tx.query(
      `UPDATE tickets t SET status = v.status, verified_at = v.verified_at,
              verified_by = v.verified_by, inside = v.inside,
              updated_at = $1::timestamptz
         FROM jsonb_to_recordset($2::text::jsonb) AS v(
                id int, status text, verified_at timestamptz, verified_by int,
                inside boolean)
        WHERE t.id = v.id
        RETURNING t.id`,
      [m.instant, JSON.stringify(m.tickets)],
    );
    if (rows.length !== m.tickets.length) {
      throw new Error("Sync: a ticket of the upload is gone");
    }
  }
  if (m.admitted.length > 0) {
    const rows = await tx.query(
      `UPDATE ticket_reservations r SET status = 'VERIFIED',
              verified_at = v.verified_at, verified_by = v.verified_by,
              updated_at = $1::timestamptz
         FROM jsonb_to_recordset($2::text::jsonb) AS v(
                id int, verified_at timestamptz, verified_by int)
        WHERE r.id = v.id AND r.status IN ('RESERVED', 'EXPIRED')
        RETURNING r.id`,
      [m.instant, JSON.stringify(m.admitted)],
    );
    if (rows.length !== m.admitted.length) {
      throw new Error("Sync: a reservation changed under its locked ticket");
    }
  }
  if (m.slots.length > 0) {
    const ids = m.slots.map((s) => s.id).sort((a, b) => a - b);
    await tx.query(
      `SELECT id FROM reservation_slots WHERE id = ANY($1::int[])
        ORDER BY id FOR UPDATE`,
      [ids],
    );
    const rows = await tx.query(
      `UPDATE reservation_slots s
          SET verified_count = s.verified_count + v.verified,
              entries_count = s.entries_count + v.entries,
              exits_count = s.exits_count + v.exits,
              updated_at = $1::timestamptz
         FROM jsonb_to_recordset($2::text::jsonb) AS v(
                id int, verified int, entries int, exits int)
        WHERE s.id = v.id
        RETURNING s.id`,
      [m.instant, JSON.stringify(m.slots)],
    );
    if (rows.length !== m.slots.length) {
      throw new Error("Sync: a slot of the upload is gone");
    }
  }
}

/** Records the conflicts; their ids. */
export async function insertConflicts(
  tx: Sql,
  c: { orq: number; rows: ConflictRow[]; events: Map<string, number> },
): Promise<number[]> {
  if (c.rows.length === 0) return [];
  const rows = c.rows.map((r) => ({ ...r, event_id: c.events.get(r.nonce) }));
  const ids = await tx.query<{ id: string | number }>(
    `INSERT INTO door_conflicts
       (orq, ticket_id, kind, date, reason, counted_inside, first_at,
        first_gate, first_device, first_staff_id, second_at, second_gate,
        second_device, second_staff_id, event_id)
     SELECT $1, v.ticket_id, v.kind, v.date, v.reason, v.counted_inside,
            v.first_at, v.first_gate, v.first_device, v.first_staff_id,
            v.second_at, v.second_gate, v.second_device, v.second_staff_id,
            v.event_id
       FROM jsonb_to_recordset($2::text::jsonb) AS v(
              ticket_id int, kind text, date date, reason text,
              counted_inside boolean, first_at timestamptz, first_gate text,
              first_device text, first_staff_id int, second_at timestamptz,
              second_gate text, second_device text, second_staff_id int,
              event_id bigint)
     RETURNING id`,
    [c.orq, JSON.stringify(rows)],
  );
  return ids.map((r) => Number(r.id));
}
