import { Hono } from "hono";
import { z } from "zod";
import type { ApiEnv, AppDeps } from "../deps.ts";
import { readJson } from "../../lib/http.ts";
import { requireRole } from "../../lib/auth.ts";
import { logEvent } from "../../lib/log.ts";
import type { LiveKind } from "../../lib/live/publisher.ts";
import { syncScans } from "../../db/door_sync.ts";
import { codePrefix } from "../../db/door_conflicts.ts";
import { SYNC_MAX_SCANS } from "../../domain/sync_rules.ts";
import { gateField } from "./door.ts";
import { contextAt, nonceField, scannedCode, scannerOf } from "./scan.ts";

/** Largest sync body (API.md "Conventions": 1 MiB). */
export const SYNC_MAX_BYTES = 1024 * 1024;

/** One offline scan of a sync upload. */
export const syncScan = z.strictObject({
  nonce: nonceField,
  code: scannedCode,
  scanned_at: z.iso.datetime({ offset: true }),
  gate: gateField.nullable().optional(),
  direction: z.enum(["IN", "OUT"]).default("IN"),
  offline_result: z.enum(["GREEN", "RED", "YELLOW"]),
  scanned_by: z.int().positive().max(2_147_483_647),
});

/** Body of `POST /api/operator/sync`. */
export const syncBody = z.strictObject({
  device: z.string().min(1, "1 to 100 characters").max(
    100,
    "1 to 100 characters",
    // deno-lint-ignore no-control-regex
  ).regex(/^[^\u0000-\u001f\u007f]*$/, "No control characters"),
  scans: z.array(syncScan).max(
    SYNC_MAX_SCANS,
    `At most ${SYNC_MAX_SCANS} scans an upload`,
  ),
});

/** The live dashboard's kind of each door move. */
const LIVE_KINDS: Record<string, LiveKind> = {
  VERIFIED: "verification",
  REENTRY: "check_in",
  EXIT: "check_out",
};

/** `POST /api/operator/sync`: a door device's offline scans (OPERATOR+). */
export function doorSyncRoutes(deps: AppDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  const operator = requireRole(deps.auth, "OPERATOR");

  app.post("/sync", operator, async (c) => {
    const who = scannerOf(c.get("principal"));
    await deps.limits.sync.consume(`staff-sync:${who.staffId}`);
    const body = await readJson(c, syncBody, SYNC_MAX_BYTES);
    const instant = deps.clock();
    const rules = await contextAt(deps, instant)(who.orq);
    // Signed payloads are checked as online (a forged one names no ticket).
    const codes = await Promise.all(
      body.scans.map((s) => deps.scannedCodes.codeOf(s.code)),
    );
    const done = await syncScans(
      deps.db,
      {
        device: body.device,
        userAgent: c.req.header("user-agent")?.slice(0, 300) ?? null,
        instant,
        scans: body.scans.map((s, i) => ({
          nonce: s.nonce,
          code: codes[i],
          scannedAt: new Date(s.scanned_at),
          gate: s.gate ?? null,
          direction: s.direction,
          offlineResult: s.offline_result,
          scannedBy: s.scanned_by,
        })),
      },
      who,
      rules,
    );
    for (const m of done.moves) {
      deps.live.changed(who.orq, m.slot_id, LIVE_KINDS[m.kind]);
    }
    if (done.conflicts.length > 0) {
      deps.metrics.offlineConflicts(done.conflicts.length);
    }
    for (const k of done.conflicts) {
      logEvent("door.offline_conflict", {
        conflict_id: k.id,
        kind: k.kind,
        device: body.device,
        operator_id: who.staffId,
        reason: k.reason,
      });
      void deps.live.conflict(who.orq, {
        id: k.id,
        kind: k.kind,
        code_prefix: codePrefix(k.code),
        reason: k.reason,
        counted_inside: k.counted_inside,
        first: k.first,
        second: k.second,
      });
    }
    const tally = { ACCEPTED: 0, DUPLICATE: 0, REJECTED: 0 };
    for (const r of done.results) tally[r.outcome]++;
    logEvent("door.sync", {
      device: body.device,
      operator_id: who.staffId,
      scans: body.scans.length,
      accepted: tally.ACCEPTED,
      duplicate: tally.DUPLICATE,
      rejected: tally.REJECTED,
      conflicts: done.conflicts.length,
      timestamp: instant.toISOString(),
    });
    return c.json({ results: done.results });
  });

  return app;
}
