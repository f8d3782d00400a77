/**
 * How soon a cancelled place reaches the waitlist (target: within 1 s): the
 * app in this process over a throw-away PostgreSQL database, its mail worker
 * (thread) writing to a mailbox in a temporary DATA_DIR, as main.ts runs
 * them. A full slot with a waitlist entry per booking; each round cancels
 * one booking over HTTP and measures the time until the offer mail is in
 * the outbox (committed with the cancel) and until it has been sent.
 *
 *   npx -y deno@2.9.6 run -A bench/waitlist_offer.ts
 *
 * BENCH_ROUNDS (default 50), BENCH_PG_URL as for bench/run.ts.
 */
import { connectPostgres } from "../db/client.ts";
import { migrate } from "../db/migrate.ts";
import { loadConfig } from "../lib/config.ts";
import { bootstrap } from "../lib/startup.ts";
import { buildDeps } from "../lib/app_deps.ts";
import { createApp } from "../routes/app.ts";
import { setQuietLogs } from "../lib/log.ts";
import { startMailWorker } from "../lib/mail/worker_thread.ts";
import { addDays, systemClock } from "../domain/clock.ts";
import { generateTicketCode } from "../domain/ticket_code.ts";
import { throwawayDatabase } from "./db.ts";
import { percentile } from "./stats.ts";

const ROUNDS = Number(Deno.env.get("BENCH_ROUNDS") ?? 50);
const TARGET_MS = 1000;

setQuietLogs(true);
const pg = await throwawayDatabase();
const dataDir = await Deno.makeTempDir({ prefix: "te_bench_waitlist_" });
const config = loadConfig({
  DATABASE_URL: pg.url,
  DATA_DIR: dataDir,
  RATE_LIMIT_RESERVE_PER_MIN: "0",
  RATE_LIMIT_VALIDATE_PER_MIN: "0",
  JWT_SECRET: "bench-" + crypto.randomUUID(),
  DEMO: "0",
});
const db = connectPostgres(pg.url, { max: 20 });
let server: Deno.HttpServer<Deno.NetAddr> | null = null;
let mail: ReturnType<typeof startMailWorker> | null = null;
try {
  await migrate(db);
  const jwtSecret = await bootstrap(db, config);
  const deps = buildDeps(db, config, { clock: systemClock, jwtSecret });
  // As main.ts: mail waits for a pause in the requests.
  mail = startMailWorker({ db, config }, { inFlight: deps.inFlight });
  deps.onReservation = () => mail!.kick();
  server = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen: () => {} },
    createApp(deps).fetch,
  );
  const base = `http://127.0.0.1:${server.addr.port}`;
  const post = async (path: string, body: unknown) => {
    const res = await fetch(base + path, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  };

  // A slot three days ahead (past any change cut-off), full, with a waitlist.
  const date = addDays(new Date().toISOString().slice(0, 10), 3);
  const [{ id: slot }] = await db.query<{ id: number }>(
    `INSERT INTO reservation_slots (orq, date, start_time, end_time, total_capacity)
     VALUES (1, $1, '12:00', '13:00', $2) RETURNING id`,
    [date, ROUNDS],
  );
  const codes = Array.from({ length: ROUNDS * 2 }, generateTicketCode);
  await db.query(
    `INSERT INTO tickets (orq, code, status) SELECT 1, c, 'ACTIVATED' FROM unnest($1::text[]) c`,
    [codes],
  );
  const booked = codes.slice(0, ROUNDS);
  for (const code of booked) {
    const r = await post("/api/reservations/create", {
      ticket_code: code,
      slot_id: slot,
      customer_email: "guest@example.com",
      customer_phone: "+31612345678",
    });
    if (r.status !== 201) throw new Error(`booking: ${JSON.stringify(r)}`);
  }
  const entries: number[] = [];
  for (const code of codes.slice(ROUNDS)) {
    const r = await post("/api/waitlist", {
      ticket_codes: [code],
      slot_id: slot,
      customer_email: "waiting@example.com",
    });
    if (r.status !== 201) throw new Error(`join: ${JSON.stringify(r)}`);
    entries.push(r.body.waitlist.id);
  }
  // Let the confirmations go out first, so each round's mail is alone.
  await waitUntil(async () => (await pending()) === 0, 60_000);

  const queued = new Float64Array(ROUNDS);
  const sent = new Float64Array(ROUNDS);
  for (let i = 0; i < ROUNDS; i++) {
    const started = performance.now();
    const r = await post("/api/reservations/cancel", {
      ticket_code: booked[i],
      customer_email: "guest@example.com",
    });
    if (r.status !== 200) throw new Error(`cancel: ${JSON.stringify(r)}`);
    const [row] = await offerMail(entries[i]);
    if (!row) throw new Error(`round ${i}: no offer mail with the cancel`);
    queued[i] = performance.now() - started;
    await waitUntil(
      async () => (await offerMail(entries[i]))[0]?.status === "SENT",
      10_000,
    );
    sent[i] = performance.now() - started;
  }
  queued.sort();
  sent.sort();
  const line = (name: string, v: Float64Array) =>
    `${name.padEnd(26)} P50 ${fmt(percentile(v, 50))}  P95 ${
      fmt(percentile(v, 95))
    }  max ${fmt(v[v.length - 1])}`;
  console.log(`waitlist offer after a cancel, ${ROUNDS} rounds (${mail.mode})`);
  console.log(line("cancel → offer in outbox", queued));
  console.log(line("cancel → offer mail sent", sent));
  const worst = sent[sent.length - 1];
  console.log(
    `target: offer mail within ${TARGET_MS} ms — ${
      worst <= TARGET_MS ? "met" : "NOT met"
    } (worst ${fmt(worst)})`,
  );
} finally {
  await server?.shutdown();
  await mail?.stop();
  await db.close();
  await pg.drop();
  await Deno.remove(dataDir, { recursive: true });
}

/** Mails not yet sent. */
async function pending(): Promise<number> {
  const [{ n }] = await db.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM mail_outbox WHERE status = 'PENDING'",
  );
  return n;
}

/** The offer mail of waitlist entry `entry`, if queued. */
function offerMail(entry: number) {
  return db.query<{ status: string }>(
    `SELECT status FROM mail_outbox WHERE kind = 'waitlist.offer'
        AND (waitlist_payload->>'entry_id')::int = $1`,
    [entry],
  );
}

async function waitUntil(done: () => Promise<boolean>, ms: number) {
  const until = performance.now() + ms;
  while (!(await done())) {
    if (performance.now() > until) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 2));
  }
}

function fmt(v: number): string {
  return `${v.toFixed(1)} ms`;
}
