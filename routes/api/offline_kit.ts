import { Hono } from "hono";
import { compress } from "hono/compress";
import { z } from "zod";
import type { ApiEnv, AppDeps } from "../deps.ts";
import { parseWith } from "../../lib/http.ts";
import { assertOrg, type Principal, requireRole } from "../../lib/auth.ts";
import { AppError } from "../../domain/errors.ts";
import { zonedNow } from "../../domain/clock.ts";
import {
  cursorUsable,
  formatKitCursor,
  parseKitCursor,
} from "../../domain/offline_kit_cursor.ts";
import { trustedKeys } from "../../db/signing_keys.ts";
import {
  doorChangesSince,
  type DoorState,
  kitHighWater,
  revokedAdded,
  revokedEnded,
  verifiedToday,
} from "../../db/offline_kit.ts";
import { orqParam } from "./fields.ts";
import { keyAnswer } from "./signing_keys.ts";

/**
 * The verified lists of an incremental kit: the changed tickets, each in
 * `add` (admitted) or `remove` (undone), and in `inside` or, added to the
 * contract, `outside` (its guest left since).
 */
function changes(door: DoorState[]) {
  return {
    add: door.filter((d) => d.verified).map((d) => d.h),
    remove: door.filter((d) => !d.verified).map((d) => d.h),
    inside: door.filter((d) => d.verified && d.inside).map((d) => d.h),
    outside: door.filter((d) => d.verified && !d.inside).map((d) => d.h),
  };
}

/** Query of `GET /api/operator/offline-kit`. */
export const offlineKitQuery = z.strictObject({
  since: z.string().max(200).optional()
    .describe("The previous kit's cursor; none, unknown or stale: a full kit"),
  orq: orqParam.optional().describe(
    "The platform administrator's organization",
  ),
});

function orqOf(p: Principal, asked: number | undefined): number {
  if (p.kind !== "staff") throw new AppError("FORBIDDEN");
  if (asked === undefined) return p.orq;
  assertOrg(p, asked);
  return asked;
}

/**
 * `GET /api/operator/offline-kit` (OPERATOR+): what a scanner needs to
 * decide offline (API.md "Offline scanning"), full or since a cursor,
 * compressed. 30 requests a minute per staff member.
 */
export function offlineKitRoutes(deps: AppDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();

  app.get(
    "/offline-kit",
    requireRole(deps.auth, "OPERATOR"),
    compress(),
    async (c) => {
      const p = c.get("principal");
      await deps.limits.offlineKit.consume(`kit:${p.id ?? p.orq}`);
      const q = parseWith(offlineKitQuery, c.req.query());
      const orq = orqOf(p, q.orq);
      const org = await deps.orgs.get(orq);
      if (!org) throw new AppError("ORG_NOT_FOUND");
      const instant = deps.clock();
      const date = zonedNow(instant, org.timezone).date;
      const high = await kitHighWater(deps.db);
      const asked = parseKitCursor(q.since);
      const prev = cursorUsable(asked, {
          orq,
          date,
          at: instant.getTime(),
          ...high,
        })
        ? asked
        : null;
      const since = prev && { ...prev, at: new Date(prev.at) };
      const [keys, revokedAdd, revokedRemove, verified] = await Promise.all([
        trustedKeys(deps.db, orq, instant),
        revokedAdded(deps.db, orq, instant, since),
        since ? revokedEnded(deps.db, orq, instant, since.at) : [],
        since
          ? doorChangesSince(deps.db, orq, date, since).then(changes)
          : verifiedToday(deps.db, orq, date).then((v) => ({
            ...v,
            remove: [],
            outside: [],
          })),
      ]);
      c.header("cache-control", "no-store");
      return c.json({
        server_time: instant.toISOString(),
        cursor: formatKitCursor({ orq, date, at: instant.getTime(), ...high }),
        full: since === null,
        org: {
          orq,
          timezone: org.timezone,
          entry_opens_minutes_before: org.settings.entry_opens_minutes_before,
          entry_closes_minutes_after_start:
            org.settings.entry_closes_minutes_after_start,
          allow_reentry: org.settings.allow_reentry,
        },
        keys: keys.map(keyAnswer),
        revoked: { add: revokedAdd, remove: revokedRemove },
        verified: { date, ...verified },
      });
    },
  );

  return app;
}
