import { Hono } from "hono";
import { z } from "zod";
import type { ApiEnv, AppDeps } from "../deps.ts";
import { parseWith } from "../../lib/http.ts";
import { assertOrg, requireRole } from "../../lib/auth.ts";
import { validationFailed } from "../../domain/errors.ts";
import { cursorParam, limitParam, orqParam, searchParam } from "./fields.ts";
import { TICKET_STATUSES } from "../../domain/ticket_status.ts";
import { normalizeCodeFragment } from "../../domain/ticket_code.ts";
import { readCsvRows, readJsonImport } from "../../lib/import_body.ts";
import { importTickets } from "../../lib/ticket_import.ts";
import { listTickets } from "../../db/ticket_list.ts";
import { decodeCursor, pageOf } from "../../lib/list_cursor.ts";

/** Query of `POST /api/tickets/import` (`orq` required with a CSV body). */
export const importQuery = z.strictObject({ orq: orqParam.optional() });

/** Query of `GET /api/tickets`. */
export const ticketListQuery = z.strictObject({
  orq: orqParam,
  q: searchParam,
  status: z.enum(TICKET_STATUSES).optional(),
  order_ref: z.string().trim().min(1).max(100).optional(),
  limit: limitParam,
  cursor: cursorParam,
});

/** `/api/tickets` for the back office: import and the list. */
export function ticketAdminRoutes(deps: AppDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();

  const importer = requireRole(deps.auth, "ADMIN", {
    allowApiKey: true,
    allowCsv: true,
  });
  app.post("/import", importer, async (c) => {
    const query = parseWith(importQuery, c.req.query());
    const principal = c.get("principal");
    const type = c.req.header("content-type") ?? "";
    let orq: number;
    let rows;
    if (/^text\/csv\s*(;|$)/i.test(type)) {
      if (query.orq === undefined) {
        throw validationFailed({ orq: "Required with a CSV body" });
      }
      orq = query.orq;
      assertOrg(principal, orq);
      rows = await readCsvRows(c.req.raw);
    } else if (/^application\/json\s*(;|$)/i.test(type)) {
      const body = await readJsonImport(c.req.raw);
      if (query.orq !== undefined && query.orq !== body.orq) {
        throw validationFailed({ orq: "Differs from the body's orq" });
      }
      orq = body.orq;
      assertOrg(principal, orq);
      rows = body.rows;
    } else {
      throw validationFailed(
        { body: "Send text/csv (with ?orq=) or application/json" },
        "The import takes a CSV or a JSON body.",
      );
    }
    c.set("orq", orq);
    return c.json(await importTickets(deps, { principal, orq, rows }));
  });

  app.get("/", requireRole(deps.auth, "MANAGER"), async (c) => {
    const query = parseWith(ticketListQuery, c.req.query());
    assertOrg(c.get("principal"), query.orq);
    c.set("orq", query.orq);
    const tag = {
      orq: query.orq,
      q: query.q,
      status: query.status,
      order_ref: query.order_ref,
    };
    const after = decodeCursor(tag, query.cursor, 1);
    if (after !== undefined && !Number.isSafeInteger(after[0])) {
      throw validationFailed({ cursor: "Not a cursor of this list" });
    }
    const fragment = query.q === undefined
      ? undefined
      : normalizeCodeFragment(query.q);
    if (fragment === null || (fragment !== undefined && fragment.length < 3)) {
      // No code holds such a fragment.
      return c.json({ items: [], next_cursor: null });
    }
    const rows = await listTickets(deps.db, {
      orq: query.orq,
      fragment,
      status: query.status,
      orderRef: query.order_ref,
      afterId: after?.[0] as number | undefined,
      limit: query.limit + 1,
    });
    const page = pageOf(tag, rows, query.limit, (r) => [r.id]);
    return c.json({
      items: page.items.map(({ id: _id, ...item }) => item),
      next_cursor: page.next_cursor,
    });
  });

  return app;
}
