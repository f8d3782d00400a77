/**
 * The offline kit's size and time (API.md "Offline scanning"): 20,000
 * tickets admitted today (half still inside) and 2,000 revoked signatures,
 * over a throw-away PostgreSQL database. Measures the full kit's JSON and
 * gzip bytes as the route sends them (budget: 300 KB compressed), the time
 * of full and incremental kits through `app.fetch`, and the startup
 * signing of 22,000 reservations.
 * Run: `npx -y deno@2.9.6 run -A bench/offline_kit.ts [admitted]`.
 */
import { connectPostgres } from "../db/client.ts";
import { migrate } from "../db/migrate.ts";
import { loadConfig } from "../lib/config.ts";
import { bootstrap } from "../lib/startup.ts";
import { buildDeps } from "../lib/app_deps.ts";
import { createApp } from "../routes/app.ts";
import { setQuietLogs } from "../lib/log.ts";
import { systemClock, zonedNow } from "../domain/clock.ts";
import { signUnsigned } from "../db/ticket_signing.ts";
import { rawPool, throwawayDatabase } from "./db.ts";
import { login, seedStaff } from "./scan_seed.ts";

const ADMITTED = Number(Deno.args[0] ?? 20_000);
const REVOKED = 2_000;
const BUDGET = 300 * 1024;

setQuietLogs(true);
const tdb = await throwawayDatabase();
const db = connectPostgres(tdb.url);
try {
  const config = { ...loadConfig(), databaseUrl: tdb.url };
  await migrate(db);
  const jwtSecret = await bootstrap(db, config);
  const deps = buildDeps(db, config, { clock: systemClock, jwtSecret });
  const app = createApp(deps);
  const today = zonedNow(new Date(), "UTC").date;
  const raw = rawPool(tdb.url, 4);
  await raw.unsafe(
    `INSERT INTO reservation_slots (orq, date, start_time, end_time, total_capacity, booked_count)
     SELECT 1, $1::date, make_time(h, 0, 0), make_time(h + 1, 0, 0), 4000, 0
       FROM generate_series(0, 22) h`,
    [today],
  );
  await raw.unsafe(
    `WITH t AS (
       INSERT INTO tickets (orq, code, status, reserved_at)
       SELECT 1, 'B' || lpad(i::text, 19, '0'), 'RESERVED', now()
         FROM generate_series(1, $1::int) i
       RETURNING id)
     INSERT INTO ticket_reservations (ticket_id, slot_id, orq, customer_email, customer_phone)
     SELECT t.id, s.id, 1, 'guest@example.com', '+31200000000'
       FROM t JOIN reservation_slots s ON s.start_time = make_time(t.id % 23, 0, 0)`,
    [ADMITTED + REVOKED],
  );
  const started = performance.now();
  const signed = await signUnsigned(db);
  const signMs = performance.now() - started;
  // Admit the first ADMITTED (every other one left again); move the rest's
  // signatures to the revocation list as a reschedule would.
  await raw.unsafe(
    `WITH v AS (
       UPDATE ticket_reservations SET status = 'VERIFIED', verified_at = now()
        WHERE ticket_id <= $1 RETURNING ticket_id)
     UPDATE tickets SET status = 'VERIFIED', verified_at = now(),
            inside = (id % 2 = 0)
      WHERE id IN (SELECT ticket_id FROM v)`,
    [ADMITTED],
  );
  await raw.unsafe(
    `INSERT INTO signature_revocations (orq, h, until)
     SELECT orq, signature_hash, now() + interval '1 day'
       FROM ticket_reservations WHERE ticket_id > $1`,
    [ADMITTED],
  );
  const operator = {
    username: "kit-op",
    role: "OPERATOR",
    secret: "482913",
  } as const;
  const staffId = await seedStaff(raw, operator);
  const server = Deno.serve({ port: 0, onListen: () => {} }, app.fetch);
  const token = await login(`http://127.0.0.1:${server.addr.port}`, operator);
  await server.shutdown();

  const ask = async (since?: string, encoding = "gzip") => {
    const t0 = performance.now();
    const res = await app.fetch(
      new Request(
        `http://app.local/api/operator/offline-kit${
          since ? `?since=${since}` : ""
        }`,
        {
          headers: {
            authorization: `Bearer ${token}`,
            "accept-encoding": encoding,
          },
        },
      ),
    );
    const bytes = new Uint8Array(await res.arrayBuffer());
    return {
      ms: performance.now() - t0,
      status: res.status,
      encoding: res.headers.get("content-encoding"),
      bytes,
    };
  };
  await ask(); // warm-up: caches, JIT
  const plain = await ask(undefined, "identity");
  const kit = JSON.parse(new TextDecoder().decode(plain.bytes));
  const fulls = [];
  for (let i = 0; i < 5; i++) fulls.push(await ask());
  const gz = fulls.at(-1)!;
  const idents = [];
  for (let i = 0; i < 5; i++) idents.push(await ask(undefined, "identity"));

  // 100 more admissions, then an incremental kit.
  await raw.unsafe(
    `INSERT INTO verification_events (orq, ticket_id, staff_id, kind, direction)
     SELECT 1, id, $2, 'VERIFIED', 'IN' FROM tickets WHERE id <= $1 ORDER BY id LIMIT 100`,
    [ADMITTED, staffId],
  );
  const incs = [];
  for (let i = 0; i < 5; i++) incs.push(await ask(kit.cursor));
  const inc = JSON.parse(
    new TextDecoder().decode((await ask(kit.cursor, "identity")).bytes),
  );
  await raw.end();

  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[2];
  const report = {
    admitted: kit.verified.add.length,
    inside: kit.verified.inside.length,
    revoked: kit.revoked.add.length,
    json_bytes: plain.bytes.length,
    gzip_bytes: gz.bytes.length,
    content_encoding: gz.encoding,
    within_budget: gz.bytes.length <= BUDGET,
    full_kit_ms_median: Math.round(median(fulls.map((f) => f.ms))),
    full_kit_uncompressed_ms_median: Math.round(
      median(idents.map((f) => f.ms)),
    ),
    incremental: {
      add: inc.verified.add.length,
      ms_median: Math.round(median(incs.map((f) => f.ms))),
      gzip_bytes: incs.at(-1)!.bytes.length,
    },
    startup_signing: {
      reservations: signed,
      ms: Math.round(signMs),
      per_reservation_us: Math.round(signMs * 1000 / signed),
    },
  };
  console.log(JSON.stringify(report, null, 2));
  if (!report.within_budget || gz.encoding !== "gzip") Deno.exitCode = 1;
} finally {
  await db.close();
  await tdb.drop();
}
