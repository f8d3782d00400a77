import { Hono } from "hono";
import { z } from "zod";
import type { ApiEnv, AppDeps } from "../deps.ts";
import { parseWith } from "../../lib/http.ts";
import { assertOrg, requireRole } from "../../lib/auth.ts";
import { validationFailed } from "../../domain/errors.ts";
import { listAudit } from "../../db/audit_list.ts";
import { decodeCursor, pageOf } from "../../lib/list_cursor.ts";
import { cursorParam, dateField, limitParam, orqParam } from "./fields.ts";

/** Query of `GET /api/audit`. */
export const auditQuery = z.object({
  orq: orqParam,
  from: dateField.optional(),
  to: dateField.optional(),
  action: z.string().regex(
    /^[a-z_]+(\.[a-z_]+)*$/,
    "An action, e.g. staff.updated",
  )
    .max(100).optional(),
  actor: z.union([
    z.string().regex(/^\d{1,9}$/, "A staff id or an actor kind").transform(
      Number,
    ),
    z.enum(["staff", "api_key", "customer", "system"]),
  ]).optional(),
  limit: limitParam,
  cursor: cursorParam,
}).refine((q) => !q.from || !q.to || q.from <= q.to, {
  path: ["to"],
  message: "Must not be before from",
});

/** `GET /api/audit` (ADMIN): who changed what, newest first. */
export function auditRoutes(deps: AppDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.get("/", requireRole(deps.auth, "ADMIN"), async (c) => {
    const q = parseWith(auditQuery, c.req.query());
    assertOrg(c.get("principal"), q.orq);
    const { limit: _l, cursor: _c, ...query } = q;
    const key = decodeCursor(query, q.cursor, 2);
    if (key && (typeof key[0] !== "string" || typeof key[1] !== "number")) {
      throw validationFailed({ cursor: "Not a cursor of this list" });
    }
    const rows = await listAudit(deps.db, {
      ...query,
      after: key as [string, number] | undefined,
      limit: q.limit,
    });
    const page = pageOf(query, rows, q.limit, (r) => [r.at_key, r.id]);
    c.header("cache-control", "no-store");
    return c.json({
      items: page.items.map(({ at_key: _k, ...item }) => item),
      next_cursor: page.next_cursor,
    });
  });
  return app;
}
