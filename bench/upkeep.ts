/** Between write scenarios: VACUUM, and the mail outbox drained or skipped. */
import { type Bench, elapsed, log } from "./state.ts";

/**
 * VACUUM before each write scenario, as autovacuum would between rushes: the
 * raw ceiling runs use the pre-batching statement order (FK KEY SHARE on the
 * slot row, then UPDATE of it), which under concurrency leaves dead slot
 * versions whose xmax is an update MultiXact; every later scan of the slots
 * (the SLOT_FULL alternatives query) would pay MultiXact lookups for them.
 */
export async function vacuum(b: Bench) {
  const t0 = performance.now();
  await b.pool!.unsafe(
    "VACUUM (ANALYZE) reservation_slots, tickets, ticket_reservations, mail_outbox",
  );
  log(`  VACUUM (ANALYZE) of the four hot tables: ${elapsed(t0)}`);
}

/**
 * The app's mail worker renders and "sends" (DATA_DIR/mailbox) one
 * confirmation per reservation, in the server process. Lets it drain the
 * backlog of a write scenario for a few seconds to measure its rate, then
 * marks the rest SENT so that the next scenario does not compete with it.
 */
export async function settleOutbox(
  b: Bench,
  after: string,
  maxSeconds = 6,
) {
  const pending = async () =>
    (await b.pool!.unsafe(
      `SELECT count(*)::int AS n FROM mail_outbox
        WHERE status = 'PENDING' AND next_attempt_at < 'infinity'`,
    ))[0].n as number;
  const p0 = await pending();
  const t0 = performance.now();
  let p = p0;
  while (p > 0 && performance.now() - t0 < maxSeconds * 1000) {
    await new Promise((r) => setTimeout(r, 250));
    p = await pending();
  }
  const seconds = (performance.now() - t0) / 1000;
  const [{ n: skipped }] = await b.pool!.unsafe(
    `WITH u AS (
       UPDATE mail_outbox SET status = 'SENT', sent_at = now(), last_error = 'skipped by bench'
        WHERE status = 'PENDING' AND next_attempt_at < 'infinity' RETURNING 1)
     SELECT count(*)::int AS n FROM u`,
  );
  b.mailRates.push({ after, pending: p0, sent: p0 - p, seconds });
  log(
    `  mail outbox: ${p0} confirmations pending; the app's worker sent ${
      p0 - p
    } in ${seconds.toFixed(1)} s (${
      ((p0 - p) / Math.max(seconds, 0.001)).toFixed(0)
    }/s with nothing else running); ${skipped} more marked SENT by the bench`,
  );
}
