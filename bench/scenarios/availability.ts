/** (b) GET /api/reservation-slots/available against the raw slot listing. */
import { addDays } from "../../domain/clock.ts";
import { BOUNDS, HOST, QUIET_WAIT } from "../config.ts";
import { asAppSql } from "../db.ts";
import { encodeRequest, jsonOf } from "../http_client.ts";
import { appLoad, rawCeiling } from "../load.ts";
import { quietGate } from "../quiet.ts";
import * as raw from "../raw.ts";
import type { Seeded } from "../seed.ts";
import { type Bench, log, recordCpu } from "../state.ts";

/** Scenario (b): the 90-day calendar of organization 1. */
export async function benchAvailable(b: Bench, port: number, seed: Seeded) {
  log("\n## (b) GET /api/reservation-slots/available?orq=1 (90 days)");
  await quietGate(b, "(b)", QUIET_WAIT);
  const req = encodeRequest(
    `${HOST}:${port}`,
    "GET",
    "/api/reservation-slots/available?orq=1",
  );
  let shape = "";
  const r = await appLoad(
    b,
    "available",
    port,
    BOUNDS.available,
    () => req,
    200,
    (i, res) => {
      if (shape || res.status !== 200) return;
      const body = jsonOf<{ dates: { level: string; slots: unknown[] }[] }>(
        res,
      );
      const slots = body.dates.reduce((a, d) => a + d.slots.length, 0);
      const levels = new Map<string, number>();
      for (const d of body.dates) {
        levels.set(d.level, (levels.get(d.level) ?? 0) + 1);
      }
      shape = `${body.dates.length} dates, ${slots} slots, ${
        (res.body.length / 1024).toFixed(0)
      } KiB answer`;
      log(
        `    first answer (request ${i}): date levels ${
          [...levels].map(([k, v]) => `${k} ${v}`).join(" / ")
        }`,
      );
    },
  );
  log(`    answer: ${shape}`);
  const now = { date: seed.today, time: seed.nowTime };
  const to = addDays(seed.today, 89);
  const appSql = asAppSql(b.pool!);
  const best = await rawCeiling(
    b,
    "listSlots",
    BOUNDS.rawRead,
    () =>
      raw.listSlots(appSql, {
        from: seed.today,
        to,
        date: now.date,
        time: now.time,
      }),
  );
  b.rows.push({
    scenario: "(b) 90-day availability",
    app: r.summary,
    raw: best,
    target: "P95 ≤ 100 ms",
    met: r.summary.p95 <= 100 && r.unexpected === 0,
    detail: shape,
    cpu: r.cpu,
  });
  recordCpu(b, "(b)", r, best);
}
