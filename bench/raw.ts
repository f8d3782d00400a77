/**
 * Ceilings: the app's SQL driven directly with postgres.js (pool 20, the same
 * driver options and prepared statements as db/client.ts), no HTTP, no
 * framework. The reads are the app's own: its select lists (db/tickets.ts,
 * db/slots.ts) and its listSlots, called through bench/db.ts asAppSql.
 *
 * The reservation ceiling is one request per transaction with the
 * statements createReservation ran before requests were batched per slot
 * (db/reservation_batches.ts): the reads, then BEGIN; UPDATE tickets;
 * INSERT reservation + outbox; guarded UPDATE reservation_slots (last, so the
 * slot row is locked only for that statement and the commit); COMMIT. That
 * is the best one-request-per-transaction shape, so on a hot slot it is the
 * hot-row ceiling that batching has to beat.
 */
import type postgres from "postgres";
import { TICKET_SELECT } from "../db/tickets.ts";
import { listSlots as appListSlots, SLOT_COLUMNS } from "../db/slots.ts";
import type { Sql as AppSql } from "../db/client.ts";
import { query as q } from "./db.ts";

type Sql = postgres.Sql | postgres.TransactionSql;

/*
 * One deliberate difference: the raw outbox rows are due at 'infinity', so
 * the app's mail worker (running beside the raw runs) never picks them up;
 * the INSERT costs the same.
 */

/** The app's ticket read (db/tickets.ts), one code at a time. */
export const TICKET_BY_CODE = `${TICKET_SELECT} WHERE t.code = $1`;

/** The app's slot read (db/slots.ts slotLoader), one id at a time. */
export const SLOT_BY_ID =
  `SELECT ${SLOT_COLUMNS} FROM reservation_slots s WHERE s.id = $1`;

const UPDATE_TICKET = `UPDATE tickets SET status = 'RESERVED', reserved_at = $2,
                customer_email = $3, customer_phone = $4, updated_at = $2
          WHERE id = $1 AND status = 'ACTIVATED'
          RETURNING id`;

const INSERT_RESERVATION = `WITH r AS (
           INSERT INTO ticket_reservations
             (ticket_id, slot_id, orq, customer_email, customer_phone, reserved_at)
           VALUES ($1, $2, $3, $4, $5, $6)
           RETURNING id, reserved_at, customer_email),
         m AS (
           INSERT INTO mail_outbox (kind, reservation_id, to_address, next_attempt_at)
           SELECT 'reservation.confirmation', id, customer_email, 'infinity' FROM r)
         SELECT id, reserved_at FROM r`;

const TAKE_PLACE = `UPDATE reservation_slots
            SET booked_count = booked_count + 1, updated_at = $4,
                status = CASE WHEN booked_count + 1 >= total_capacity THEN 'FULL' ELSE status END
          WHERE id = $1 AND orq = $2 AND status = 'ACTIVE'
            AND booked_count < total_capacity
            AND (date > $3::date OR (date = $3::date AND end_time > $5::time))
          RETURNING id`;

/** The ticket lookup of POST /api/tickets/validate. */
export async function lookupTicket(sql: Sql, code: string): Promise<void> {
  const rows = await q<{ status: string }>(sql, TICKET_BY_CODE, [code]);
  if (rows.length !== 1) throw new Error(`ticket ${code} not found`);
}

/**
 * The ticket read of POST /api/operator/validate-ticket (db/verification.ts
 * scanTicket); unknown codes are part of the mix, so no row is no error.
 */
export async function findTicket(sql: Sql, code: string): Promise<number> {
  return (await q(sql, TICKET_BY_CODE, [code])).length;
}

/** The 90-day listing of GET /api/reservation-slots/available. */
export async function listSlots(
  sql: AppSql,
  req: { from: string; to: string; date: string; time: string },
): Promise<number> {
  const rows = await appListSlots(sql, {
    orq: 1,
    from: req.from,
    to: req.to,
    now: { date: req.date, time: req.time },
  });
  return rows.length;
}

/** Outcome of one raw reservation. */
export type RawOutcome = "created" | "full" | "ticket";

/** Why the last refused raw reservation was refused (for the error message). */
export let lastRefusal = "";

/**
 * createReservation's statements: the two reads in parallel, then BEGIN;
 * UPDATE tickets; INSERT reservation + outbox; guarded UPDATE
 * reservation_slots; COMMIT.
 */
export async function reserve(
  sql: postgres.Sql,
  req: {
    code: string;
    slotId: number;
    email: string;
    phone: string;
    date: string;
    time: string;
  },
): Promise<RawOutcome> {
  const [tickets, slots] = await Promise.all([
    q<{ id: number; orq: number; status: string }>(sql, TICKET_BY_CODE, [
      req.code,
    ]),
    q<{ status: string; booked_count: number; total_capacity: number }>(
      sql,
      SLOT_BY_ID,
      [req.slotId],
    ),
  ]);
  const ticket = tickets[0];
  const slot = slots[0];
  if (!ticket || ticket.status !== "ACTIVATED") {
    lastRefusal = `ticket ${req.code} read as ${JSON.stringify(ticket)}`;
    return "ticket";
  }
  if (!slot || slot.status !== "ACTIVE") {
    lastRefusal = `slot ${req.slotId} read as ${JSON.stringify(slot)}`;
    return "full";
  }
  const instant = new Date();
  try {
    await sql.begin(async (tx) => {
      const t = await q(tx, UPDATE_TICKET, [
        ticket.id,
        instant,
        req.email,
        req.phone,
      ]);
      if (t.length === 0) throw new Refused("ticket");
      await q(tx, INSERT_RESERVATION, [
        ticket.id,
        req.slotId,
        ticket.orq,
        req.email,
        req.phone,
        instant,
      ]);
      const s = await q(tx, TAKE_PLACE, [
        req.slotId,
        ticket.orq,
        req.date,
        instant,
        req.time,
      ]);
      if (s.length === 0) {
        lastRefusal =
          `slot ${req.slotId}: the guarded UPDATE matched no row at ${req.date} ${req.time} (read before: ${
            JSON.stringify(slot)
          })`;
        throw new Refused("full");
      }
    });
    return "created";
  } catch (err) {
    if (err instanceof Refused) return err.outcome;
    throw err;
  }
}

class Refused extends Error {
  constructor(readonly outcome: RawOutcome) {
    super(outcome);
  }
}

/** Result of one closed-loop run of an async operation. */
export interface RawRun {
  concurrency: number;
  count: number;
  seconds: number;
  latencies: Float64Array;
  errors: number;
}

/**
 * Runs `op(i)` from `concurrency` workers in a closed loop, bounded by
 * `maxOps` and `maxSeconds`. `op` takes the global index of its operation.
 */
export async function runOps(
  opts: {
    concurrency: number;
    maxOps: number;
    maxSeconds: number;
    op: (i: number) => Promise<unknown>;
  },
): Promise<RawRun> {
  const latencies = new Float64Array(opts.maxOps).fill(NaN);
  let next = 0;
  let count = 0;
  let errors = 0;
  const started = performance.now();
  const deadline = started + opts.maxSeconds * 1000;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= opts.maxOps || performance.now() >= deadline) return;
      const t0 = performance.now();
      try {
        await opts.op(i);
        latencies[i] = performance.now() - t0;
        count++;
      } catch (err) {
        errors++;
        if (errors <= 3) console.error(`  raw op error: ${err}`);
      }
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  return {
    concurrency: opts.concurrency,
    count,
    seconds: (performance.now() - started) / 1000,
    latencies: latencies.filter((x) => !Number.isNaN(x)),
    errors,
  };
}
