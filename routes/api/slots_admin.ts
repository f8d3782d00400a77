import { Hono } from "hono";
import { z } from "zod";
import type { ApiEnv, AppDeps } from "../deps.ts";
import { parseWith, readJson } from "../../lib/http.ts";
import { assertOrg, auditActor, requireRole } from "../../lib/auth.ts";
import { decodeCursor, pageOf } from "../../lib/list_cursor.ts";
import { validationFailed } from "../../domain/errors.ts";
import { addDays, daysBetween } from "../../domain/clock.ts";
import { cursorParam, dateField, limitParam, orqParam } from "./fields.ts";
import { listSlotPage } from "../../db/slot_list.ts";
import { deleteSlot, updateSlot } from "../../db/slot_admin.ts";
import { logEvent } from "../../lib/log.ts";

/** Query of `GET /api/reservation-slots` (the back office's list). */
export const slotListQuery = z.object({
  orq: orqParam,
  from: dateField.optional(),
  to: dateField.optional(),
  limit: limitParam,
  cursor: cursorParam,
});

/** Path of `PATCH` and `DELETE /api/reservation-slots/:id`. */
export const slotIdParams = z.object({
  id: z.string().regex(/^[1-9]\d{0,9}$/, "Expected a slot id")
    .transform(Number)
    .refine((n) => n <= 2_147_483_647, "Expected a slot id"),
});

/** Body of `PATCH /api/reservation-slots/:id`. */
export const slotPatchBody = z.strictObject({
  total_capacity: z.int().min(1, "Capacity must be at least 1").max(100_000)
    .optional(),
  status: z.enum(["ACTIVE", "CLOSED"], {
    error: 'Expected "ACTIVE" or "CLOSED" (FULL follows from the counts)',
  }).optional(),
}).refine(
  (b) => b.total_capacity !== undefined || b.status !== undefined,
  { message: "Give total_capacity or status", path: ["total_capacity"] },
);

/** A range of at most 62 days (API.md "Back office"). */
const MAX_LIST_DAYS = 62;

/** `/api/reservation-slots`: the back office's list, changes and removal. */
export function slotAdminRoutes(deps: AppDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();

  app.get("/", requireRole(deps.auth, "MANAGER"), async (c) => {
    const raw = c.req.query();
    const q = parseWith(slotListQuery, raw);
    assertOrg(c.get("principal"), q.orq);
    const now = await deps.zonedNow(q.orq);
    const from = q.from ?? now.date;
    const to = q.to ?? addDays(from, 6);
    const span = daysBetween(from, to);
    if (span < 0) throw validationFailed({ to: "Must not be before from" });
    if (span >= MAX_LIST_DAYS) {
      throw validationFailed({ to: "The range may span at most 62 days" });
    }
    // The cursor is bound to the query as the client wrote it, defaults too.
    const bound = { orq: q.orq, from, to };
    const key = decodeCursor(bound, q.cursor, 2);
    const rows = await listSlotPage(deps.db, {
      orq: q.orq,
      from,
      to,
      after: key
        ? { date: String(key[0]), start_time: String(key[1]) }
        : undefined,
      limit: q.limit + 1,
    });
    return c.json(
      pageOf(bound, rows, q.limit, (s) => [s.date, s.start_time]),
    );
  });

  app.patch("/:id", requireRole(deps.auth, "ADMIN"), async (c) => {
    const { id } = parseWith(slotIdParams, c.req.param());
    const change = await readJson(c, slotPatchBody);
    const principal = c.get("principal");
    const instant = deps.clock();
    const { orq, changed, slot } = await updateSlot(deps.db, {
      id,
      orq: principal.platformAdmin ? null : principal.orq,
      change,
      actor: auditActor(principal),
      instant,
    });
    if (changed) {
      deps.caches.availability.forget(orq);
      deps.store.fullSlots.delete(id);
      deps.live.changed(orq, id, "slot_changed");
      logEvent("slot.updated", { orq, slot_id: id, ...change });
    }
    return c.json(slot);
  });

  app.delete("/:id", requireRole(deps.auth, "ADMIN"), async (c) => {
    const { id } = parseWith(slotIdParams, c.req.param());
    const principal = c.get("principal");
    const { orq } = await deleteSlot(deps.db, {
      id,
      orq: principal.platformAdmin ? null : principal.orq,
      actor: auditActor(principal),
      instant: deps.clock(),
    });
    deps.caches.availability.forget(orq);
    deps.live.changed(orq, id, "slot_changed");
    logEvent("slot.deleted", { orq, slot_id: id });
    return c.body(null, 204);
  });

  return app;
}
