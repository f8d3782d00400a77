/**
 * (j) POST /api/reservations/reschedule: customers moving their bookings
 * back and forth between the two slots of a pair (every request a real
 * move, never the same-slot no-op), half by ticket code and email, half by
 * manage token; against the reschedule's SQL core issued straight at
 * PostgreSQL (bench/raw_reschedule.ts). Ends with the pairs' counts checked
 * against their bookings and one move per request answered.
 */
import { formatTicketCode } from "../../domain/ticket_code.ts";
import {
  BOUNDS,
  CONCURRENCY,
  HOST,
  QUIET_WAIT,
  RESCHEDULE,
} from "../config.ts";
import { encodeRequest, jsonOf, runLoad } from "../http_client.ts";
import { phone } from "../inputs.ts";
import { appLoad, rawCeiling } from "../load.ts";
import { quietGate } from "../quiet.ts";
import {
  brokenSlots,
  homeSlot,
  movesOn,
  rawReschedule,
  seedRawBookings,
  seedSlotPairs,
  type SlotPairs,
} from "../raw_reschedule.ts";
import type { Seeded } from "../seed.ts";
import { type Bench, elapsed, log, recordCpu } from "../state.ts";
import { statusList } from "../stats.ts";
import { settleOutbox, vacuum } from "../upkeep.ts";

const email = (k: number) => `mover+${k}@example.com`;

/** Books the app's pool over HTTP (POST /api/reservations/create); the manage tokens. */
async function bookOverHttp(
  port: number,
  s: SlotPairs,
  codes: string[],
): Promise<string[]> {
  const host = `${HOST}:${port}`;
  const tokens = new Array<string>(codes.length);
  const r = await runLoad({
    hostname: HOST,
    port,
    concurrency: CONCURRENCY,
    maxRequests: codes.length,
    maxSeconds: 600,
    request: (k) =>
      encodeRequest(host, "POST", "/api/reservations/create", {
        ticket_code: formatTicketCode(codes[k]),
        slot_id: homeSlot(s, k),
        customer_email: email(k),
        customer_phone: phone(k),
      }),
    onResponse: (k, res) => {
      if (res.status === 201) {
        tokens[k] = jsonOf<{ manage_token: string }>(res).manage_token;
      }
    },
  });
  if (r.count !== codes.length || r.statuses.get(201) !== codes.length) {
    throw new Error(`(j) bookings: ${statusList(r.statuses)}`);
  }
  return tokens;
}

/** Scenario (j). */
export async function benchReschedule(b: Bench, port: number, seed: Seeded) {
  log(
    "\n## (j) POST /api/reservations/reschedule — bookings moving between the slots of a pair",
  );
  const t = performance.now();
  const appCodes = seed.pools.reschedule;
  const rawCodes = seed.pools.rawReschedule;
  const { pairs } = RESCHEDULE;
  // A place in each slot for every booking of its pair: never full.
  const appSlots = await seedSlotPairs(b.pool!, {
    today: seed.today,
    n: pairs,
    hour: 6,
    capacity: Math.ceil(appCodes.length / pairs),
  });
  const rawSlots = await seedSlotPairs(b.pool!, {
    today: seed.today,
    n: pairs,
    hour: 20,
    capacity: Math.ceil(rawCodes.length / pairs),
  });
  const tokens = await bookOverHttp(port, appSlots, appCodes);
  const rawIds = await seedRawBookings(b.pool!, rawSlots, rawCodes);
  log(
    `  ${pairs} pairs of slots 3+ days ahead (cut-off 24 h); ${appCodes.length} ` +
      `bookings made over HTTP for the app, ${rawCodes.length} in SQL for the ` +
      `raw ceiling, in ${elapsed(t)}`,
  );
  await settleOutbox(b, "(j) bookings", 3);
  await vacuum(b);
  await quietGate(b, "(j)", QUIET_WAIT);

  const host = `${HOST}:${port}`;
  const appAt = appCodes.map((_, k) => homeSlot(appSlots, k));
  // Each request moves its booking to the other slot of its pair. A booking
  // comes round again only after appCodes.length requests, long after its
  // last answer (64 in flight), so its place is known when it is issued.
  const request = (i: number) => {
    const k = i % appCodes.length;
    const to = appSlots.partner.get(appAt[k])!;
    appAt[k] = to;
    return encodeRequest(
      host,
      "POST",
      "/api/reservations/reschedule",
      k % 2 === 0
        ? {
          ticket_code: formatTicketCode(appCodes[k]),
          customer_email: email(k),
          slot_id: to,
        }
        : { manage_token: tokens[k], slot_id: to },
    );
  };
  const refusals = new Map<string, number>();
  const r = await appLoad(
    b,
    "reschedule",
    port,
    BOUNDS.reschedule,
    request,
    200,
    (_i, res) => {
      if (res.status === 200) return;
      const code = jsonOf<{ error?: { code?: string } }>(res).error?.code ??
        String(res.status);
      refusals.set(code, (refusals.get(code) ?? 0) + 1);
    },
  );
  if (refusals.size) {
    log(`    refusals: ${[...refusals].map(([k, v]) => `${k}×${v}`)}`);
  }
  await settleOutbox(b, "(j)");

  const rawAt = rawCodes.map((_, k) => homeSlot(rawSlots, k));
  const best = await rawCeiling(
    b,
    "reschedule tx (lock both slots, move the place and the booking)",
    BOUNDS.rawWrite,
    (i) => {
      const k = i % rawCodes.length;
      const from = rawAt[k];
      const to = rawSlots.partner.get(from)!;
      rawAt[k] = to;
      return rawReschedule(b.pool!, rawIds[k], from, to);
    },
  );

  // Every request moved its booking; every count matches its bookings.
  const broken = await brokenSlots(b.pool!, [...appSlots.ids, ...rawSlots.ids]);
  const moves = await movesOn(b.pool!, appSlots.ids);
  const [{ n: away }] = await b.pool!.unsafe(
    `SELECT count(*)::int AS n
       FROM unnest($1::text[], $2::int[]) AS x(code, slot_id)
       JOIN tickets t ON t.code = x.code
       JOIN ticket_reservations r ON r.ticket_id = t.id AND r.status <> 'CANCELLED'
      WHERE r.slot_id <> x.slot_id`,
    [appCodes, appAt],
  );
  const consistent = broken.length === 0 && moves === r.next && away === 0;
  log(
    `  (j) consistency: ${broken.length} of ${
      appSlots.ids.length + rawSlots.ids.length
    } slots with booked_count ≠ live bookings or over capacity; ${moves} moves ` +
      `recorded for ${r.next} requests sent (warm-up and profile pass included); ` +
      `${away} bookings not where the last request put them ` +
      (consistent ? "(PASS)" : "(FAIL)"),
  );
  if (broken.length) log(`    ${JSON.stringify(broken.slice(0, 5))}`);
  if (!consistent) b.failures.push("(j) reschedules: counts or moves differ");

  b.rows.push({
    scenario: `(j) reschedule, ${pairs} slot pairs`,
    app: r.summary,
    raw: best,
    target: "P99 ≤ 50 ms",
    met: r.summary.p99 <= 50 && r.unexpected === 0 && consistent,
    detail: r.unexpected ? `${r.unexpected} not 200 (${r.statuses})` : "",
    cpu: r.cpu,
  });
  recordCpu(b, "(j)", r, best);
}
