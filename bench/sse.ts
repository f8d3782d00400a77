/**
 * Live dashboard under load: two app instances on one throw-away PostgreSQL
 * database, CLIENTS dashboard streams split over them, reservations paced on
 * instance A. Reports how long an event takes from the reservation's answer
 * to every client (fan-out latency across instances), and the reservation
 * latency without and with the streams open.
 *
 *   npx -y deno@2.9.6 run --allow-all bench/sse.ts
 *
 * Settings (environment): SSE_CLIENTS (default 1000), SSE_RESERVATIONS
 * (default 100), SSE_RATE (reservations per second, default 20),
 * BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres).
 */
import postgres from "postgres";
import { zonedNow } from "../domain/clock.ts";
import { generateTicketCode } from "../domain/ticket_code.ts";
import { hashSecret } from "../lib/passwords.ts";
import { type OnEvent, openStreams } from "./dashboard_streams.ts";
import {
  streamHeaders,
  STREAMS_PER_TOKEN,
  tokenCopies,
} from "./stream_tokens.ts";
import {
  BENCH_METRICS_TOKEN,
  type Child,
  freePort,
  METRICS_HEADERS,
  startDeno,
  waitForHttp,
} from "./procs.ts";
import { childEnv } from "./child_env.ts";
import { throwawayDatabase } from "./db.ts";

const CLIENTS = Number(Deno.env.get("SSE_CLIENTS") ?? 1000);
const RESERVATIONS = Number(Deno.env.get("SSE_RESERVATIONS") ?? 100);
const RATE = Number(Deno.env.get("SSE_RATE") ?? 20);
const ROOT = new URL("..", import.meta.url).pathname;

/** An app instance on `port` over `dbUrl`, signing with `secret`. */
function startApp(dbUrl: string, port: number, secret: string): Child {
  return startDeno(
    `app :${port}`,
    ["run", "--allow-all", "main.ts"],
    childEnv({
      DATABASE_URL: dbUrl,
      PORT: String(port),
      DEMO: "0",
      JWT_SECRET: secret,
      LOG_EVENTS: "0",
      METRICS_TOKEN: BENCH_METRICS_TOKEN,
      RATE_LIMIT_RESERVE_PER_MIN: "0",
      RATE_LIMIT_VALIDATE_PER_MIN: "0",
    }),
    ROOT,
  );
}

function pct(sorted: number[], p: number): string {
  if (sorted.length === 0) return "-";
  const v = sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  return `${v.toFixed(1)} ms`;
}

function report(name: string, values: number[]): void {
  const s = [...values].sort((a, b) => a - b);
  console.log(
    `${name.padEnd(34)} n=${String(s.length).padStart(6)}  p50 ${
      pct(s, 0.5)
    }  p95 ${pct(s, 0.95)}  p99 ${pct(s, 0.99)}  max ${pct(s, 1)}`,
  );
}

/** Records, per booked_count of a reservation event, when it was first seen. */
function recordBooked(seen: Map<number, number>): OnEvent {
  return (event, data, at) => {
    if (event !== "reservation") return;
    const m = /"booked_count":(\d+)/.exec(data);
    if (!m) return;
    for (let k = Number(m[1]); k > 0 && !seen.has(k); k--) seen.set(k, at);
  };
}

/** Reserves `list` one by one at RATE; latencies and answer instants. */
async function reserveSeries(
  port: number,
  slotId: number,
  list: string[],
): Promise<number[][]> {
  const latencies: number[] = [];
  const answeredAt: number[] = [];
  for (const code of list) {
    const t0 = performance.now();
    const r = await fetch(
      `http://127.0.0.1:${port}/api/reservations/create`,
      {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          ticket_code: code,
          slot_id: slotId,
          customer_email: "bench@example.com",
          customer_phone: "+31612345678",
        }),
      },
    );
    await r.body?.cancel();
    if (r.status !== 201) throw new Error(`Reservation: ${r.status}`);
    const t1 = performance.now();
    latencies.push(t1 - t0);
    answeredAt.push(t1);
    const wait = 1000 / RATE - (performance.now() - t0);
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
  return [latencies, answeredAt];
}

interface Sums {
  sum: number;
  count: number;
}

/** Server-side time of A's 201 reservations so far, from its /metrics. */
async function serverSide(port: number): Promise<Sums> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`, {
    headers: METRICS_HEADERS,
  })).text();
  const labels =
    '{method="POST",route="/api/reservations/create",status="201"}';
  const read = (name: string) => {
    const line = text.split("\n").find((l) => l.startsWith(name + labels));
    return line ? Number(line.split(" ").pop()) : 0;
  };
  return {
    sum: read("http_request_duration_seconds_sum"),
    count: read("http_request_duration_seconds_count"),
  };
}

async function main() {
  const db = await throwawayDatabase();
  const secret = crypto.randomUUID();
  const [pa, pb] = [freePort(), freePort()];
  const a = startApp(db.url, pa, secret);
  await waitForHttp(`http://127.0.0.1:${pa}/api/health`, a);
  const b = startApp(db.url, pb, secret);
  await waitForHttp(`http://127.0.0.1:${pb}/api/health`, b);
  const sql = postgres(db.url, { max: 2, onnotice: () => {} });
  const stops: (() => void)[] = [];
  try {
    // The venue's date, as the app decides it (domain/clock.ts).
    const [{ timezone }] =
      await sql`SELECT timezone FROM organizations WHERE orq = 1`;
    const today = zonedNow(new Date(), timezone).date;
    const [slot] = await sql`
      INSERT INTO reservation_slots (orq, date, start_time, end_time, total_capacity)
      VALUES (1, ${today}, '00:00', '24:00', 100000) RETURNING id`;
    const codes = Array.from(
      { length: 2 * RESERVATIONS },
      generateTicketCode,
    );
    await sql`INSERT INTO tickets (orq, code, status)
      SELECT 1, c, 'ACTIVATED' FROM unnest(${codes}::text[]) c`;
    await sql`INSERT INTO staff (orq, username, name, role, password_hash)
      VALUES (1, 'bench-manager', 'Bench', 'MANAGER', ${await hashSecret(
      "bench-password-1",
    )})`;
    const login = await fetch(`http://127.0.0.1:${pa}/api/operator/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        username: "bench-manager",
        password: "bench-password-1",
      }),
    });
    const { token } = await login.json();

    const m0 = await serverSide(pa);
    const [without] = await reserveSeries(
      pa,
      slot.id,
      codes.slice(0, RESERVATIONS),
    );

    const m1 = await serverSide(pa);
    const t0 = performance.now();
    const seen = Array.from(
      { length: CLIENTS },
      () => new Map<number, number>(),
    );
    stops.push(
      ...await openStreams(
        CLIENTS,
        (i) => `http://127.0.0.1:${i % 2 ? pb : pa}/api/dashboard/stream?orq=1`,
        streamHeaders(
          await tokenCopies(
            token,
            secret,
            Math.ceil(CLIENTS / STREAMS_PER_TOKEN),
          ),
        ),
        (i) => recordBooked(seen[i]),
      ),
    );
    const connectMs = performance.now() - t0;

    const [withClients, answeredAt] = await reserveSeries(
      pa,
      slot.id,
      codes.slice(RESERVATIONS),
    );
    const m2 = await serverSide(pa);
    await new Promise((r) => setTimeout(r, 2000));
    const fanout: number[] = [];
    let missing = 0;
    for (let k = 0; k < RESERVATIONS; k++) {
      const count = RESERVATIONS + k + 1;
      for (const m of seen) {
        const at = m.get(count);
        if (at === undefined) missing++;
        else fanout.push(Math.max(0, at - answeredAt[k]));
      }
    }
    console.log(
      `${CLIENTS} streams (half on each of 2 instances) open with snapshots in ${
        connectMs.toFixed(0)
      } ms; ${RESERVATIONS} reservations at ${RATE}/s on instance A`,
    );
    report("reservation, no streams", without);
    report(`reservation, ${CLIENTS} streams`, withClients);
    report("answer → event on every stream", fanout);
    const mean = (x: Sums, y: Sums) =>
      `${((y.sum - x.sum) / (y.count - x.count) * 1000).toFixed(1)} ms`;
    console.log(
      `server-side mean (from /metrics): ${mean(m0, m1)} without streams, ${
        mean(m1, m2)
      } with ${CLIENTS}`,
    );
    console.log(`events never seen: ${missing}`);
  } finally {
    for (const stop of stops) stop();
    await sql.end();
    for (const child of [a, b]) await child.stop();
    await db.drop();
  }
}

await main();
