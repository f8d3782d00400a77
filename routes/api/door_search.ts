import { Hono } from "hono";
import { z } from "zod";
import type { ApiEnv, AppDeps } from "../deps.ts";
import { parseWith } from "../../lib/http.ts";
import { assertOrg, requireRole, signInLimitKey } from "../../lib/auth.ts";
import {
  DOOR_SEARCH_LIMIT,
  DOOR_SEARCH_MAX,
  DOOR_SEARCH_MIN,
  doorSearchPatterns,
  meaningfulCharacters,
} from "../../domain/door_search.ts";
import { searchToday } from "../../db/door_search.ts";
import { decideRow } from "../../db/verification.ts";
import { logEvent } from "../../lib/log.ts";
import { zonedNow } from "../../domain/clock.ts";
import { scanAnswer } from "../../db/door_answer.ts";
import { contextAt, scannerOf } from "./scan.ts";
import { orqParam } from "./fields.ts";
import { isSignedPayload } from "../../domain/signed_payload.ts";

/** Query of `GET /api/operator/search`. */
export const doorSearchQuery = z.object({
  q: z.string({ error: "Type at least 3 letters or digits, once" }).trim()
    .max(DOOR_SEARCH_MAX, `At most ${DOOR_SEARCH_MAX} characters`)
    .refine(
      (q) => meaningfulCharacters(q) >= DOOR_SEARCH_MIN,
      `At least ${DOOR_SEARCH_MIN} letters or digits`,
    ),
  orq: orqParam.optional().describe(
    "The organization; only the platform administrator may name another",
  ),
});

/** The query string with a repeated parameter as an array (which `q` refuses). */
function queryOf(all: Record<string, string[]>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(all).map(([k, v]) => [k, v.length === 1 ? v[0] : v]),
  );
}

/**
 * `/api/operator/search` (API.md "Door"): today's admissible reservations
 * matching a code fragment, an email or phone digits, each with the
 * validate-ticket answer, for a guest who cannot show a QR code.
 */
export function doorSearchRoutes(deps: AppDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  const operator = requireRole(deps.auth, "OPERATOR");

  app.get("/search", operator, async (c) => {
    const principal = c.get("principal");
    const who = scannerOf(principal);
    // One budget with validate-ticket and check-in, per sign-in token.
    await deps.limits.validate.consume(signInLimitKey(principal));
    const query = parseWith(doorSearchQuery, queryOf(c.req.queries()));
    const orq = query.orq ?? who.orq;
    assertOrg(principal, orq);
    const ctx = await contextAt(deps, deps.clock())(orq);
    // A scanned QR pasted (a TE1 signed payload) is searched by the code it
    // names; one that names none (forged, unknown key) finds nothing.
    const code = isSignedPayload(query.q)
      ? await deps.scannedCodes.codeOf(query.q)
      : undefined;
    const patterns = code === undefined
      ? doorSearchPatterns(query.q)
      : code === null
      ? null
      : doorSearchPatterns(code);
    const rows = patterns
      ? await searchToday(deps.db, {
        orq,
        date: zonedNow(ctx.at, ctx.timeZone).date,
        patterns,
        limit: DOOR_SEARCH_LIMIT,
      })
      : [];
    // Each row decided exactly as validate-ticket decides a scan, from the
    // rows just read: no read per item.
    const items = await Promise.all(rows.map(async (row) => {
      const scan = await decideRow(row, who, () => Promise.resolve(ctx));
      return {
        ...scanAnswer(scan.ticket, scan.decision),
        reservation_id: row.reservation_id,
      };
    }));
    logEvent("door.search", {
      orq,
      operator_id: who.staffId,
      results: items.length,
    });
    c.header("cache-control", "no-store");
    return c.json({ items });
  });

  return app;
}
