/** What the races of reservation changes (staff and customer) share. */
import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { startServer, type TestServer } from "./server.ts";
import { post, type Reply, reservationBody, seedTickets } from "./api.ts";

/** Runs `fn` on a fresh server over PostgreSQL (a pool of 20). */
export async function onPostgres(
  fn: (s: TestServer) => Promise<void>,
): Promise<void> {
  const s = await startServer("postgres", { poolMax: 20 });
  try {
    await fn(s);
  } finally {
    await s.close();
  }
}

/** `n` fresh tickets booked on `slotId` at once: their codes and reservation ids. */
export async function bookAtOnce(
  s: TestServer,
  slotId: number,
  n: number,
): Promise<{ codes: string[]; ids: number[] }> {
  const codes = await seedTickets(s.db, n);
  const replies = await Promise.all(
    codes.map((code) =>
      post(s.url, "/api/reservations/create", reservationBody(code, slotId))
    ),
  );
  for (const r of replies) assertEquals(r.status, 201, JSON.stringify(r.body));
  return {
    codes,
    ids: replies.map((r) => r.body.reservation.id as number),
  };
}

/** Live (not cancelled) reservations of a slot. */
export async function liveRows(s: TestServer, slotId: number): Promise<number> {
  const [{ n }] = await s.db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM ticket_reservations
      WHERE slot_id = $1 AND status <> 'CANCELLED'`,
    [slotId],
  );
  return n;
}

/** A random pause of up to `upToMs`, to spread requests that race. */
export function pause(upToMs: number): Promise<unknown> {
  return new Promise((r) => setTimeout(r, Math.random() * upToMs));
}

/** Replies counted by outcome: `"200"`, `"201"` or `"<status> <code>"`. */
export function tally(replies: Reply[]): Record<string, number> {
  const t: Record<string, number> = {};
  for (const r of replies) {
    const key = `${r.status}${r.body?.error ? " " + r.body.error.code : ""}`;
    t[key] = (t[key] ?? 0) + 1;
  }
  return t;
}
