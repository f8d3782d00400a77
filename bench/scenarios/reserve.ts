/**
 * (c) and (d) POST /api/reservations/create: distinct tickets over many
 * slots, or all on one slot with room; against the raw reservation
 * transaction (bench/raw.ts reserve).
 */
import { zonedNow } from "../../domain/clock.ts";
import { formatTicketCode } from "../../domain/ticket_code.ts";
import { BOUNDS, HOST, QUIET_WAIT } from "../config.ts";
import { encodeRequest, jsonOf } from "../http_client.ts";
import { phone } from "../inputs.ts";
import { appLoad, rawCeiling } from "../load.ts";
import { quietGate } from "../quiet.ts";
import * as raw from "../raw.ts";
import type { Seeded } from "../seed.ts";
import { type Bench, log, recordCpu } from "../state.ts";
import { settleOutbox, vacuum } from "../upkeep.ts";

/** Scenario (c) (`many`) or (d) (`hot`). */
export async function benchReserve(
  b: Bench,
  port: number,
  seed: Seeded,
  kind: "many" | "hot",
) {
  const many = kind === "many";
  log(
    many
      ? "\n## (c) POST /api/reservations/create — distinct tickets over many slots"
      : "\n## (d) POST /api/reservations/create — all on one slot with room",
  );
  await vacuum(b);
  await quietGate(b, many ? "(c)" : "(d)", QUIET_WAIT);
  const host = `${HOST}:${port}`;
  const appCodes = seed.pools[many ? "appMany" : "appHot"];
  const rawCodes = seed.pools[many ? "rawMany" : "rawHot"];
  const slots = seed.bookableSlots;
  const pick = (i: number) =>
    many
      ? slots[(i * 7_919 + Math.floor(Math.random() * 13)) % slots.length]
      : seed.extraSlots.appHot;
  const outcomes = new Map<string, number>();
  const r = await appLoad(
    b,
    many ? "reserve (many slots)" : "reserve (one slot)",
    port,
    many ? BOUNDS.reserve : BOUNDS.hot,
    (i) =>
      encodeRequest(host, "POST", "/api/reservations/create", {
        ticket_code: formatTicketCode(appCodes[i]),
        slot_id: pick(i),
        customer_email: `visitor+${i}@example.com`,
        customer_phone: phone(i).replace(/^(\+\d{2})(\d)(\d{4})/, "$1 $2 $3 "),
      }),
    201,
    (_i, res) => {
      if (res.status === 201) return;
      const code = jsonOf<{ error?: { code?: string } }>(res).error?.code ??
        String(res.status);
      outcomes.set(code, (outcomes.get(code) ?? 0) + 1);
    },
  );
  if (outcomes.size) {
    log(`    refusals: ${[...outcomes].map(([k, v]) => `${k}×${v}`)}`);
  }
  await settleOutbox(b, many ? "(c)" : "(d)");
  const rawSlot = seed.extraSlots.rawHot;
  const best = await rawCeiling(
    b,
    many ? "reservation tx (many slots)" : "reservation tx (one hot slot)",
    BOUNDS.rawWrite,
    async (i) => {
      // Wall clock of organization 1 (for the guarded UPDATE's "not ended").
      const now = zonedNow(new Date(), seed.timezone);
      const out = await raw.reserve(b.pool!, {
        code: rawCodes[i],
        slotId: many
          ? slots[(i * 7_919 + Math.floor(Math.random() * 13)) % slots.length]
          : rawSlot,
        email: `raw+${i}@example.com`,
        phone: phone(i),
        date: now.date,
        time: now.time,
      });
      if (out !== "created") {
        throw new Error(`raw reservation: ${out} (${raw.lastRefusal})`);
      }
    },
  );
  const ratio = r.summary.rps / best.summary.rps;
  if (many) {
    b.rows.push({
      scenario: "(c) reserve, many slots",
      app: r.summary,
      raw: best,
      target: "P99 ≤ 50 ms and ≥ 70 % of raw",
      met: r.summary.p99 <= 50 && ratio >= 0.7 && r.unexpected === 0,
      detail: r.unexpected ? `${r.unexpected} not 201 (${r.statuses})` : "",
      cpu: r.cpu,
    });
  } else {
    b.rows.push({
      scenario: "(d) reserve, one slot",
      app: r.summary,
      raw: best,
      target: "≥ 100 % of raw hot-row",
      met: ratio >= 1 && r.unexpected === 0,
      detail: r.unexpected ? `${r.unexpected} not 201 (${r.statuses})` : "",
      cpu: r.cpu,
    });
  }
  const tag = many ? "(c)" : "(d)";
  recordCpu(b, tag, r, best);
}
