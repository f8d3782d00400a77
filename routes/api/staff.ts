import { Hono } from "hono";
import { z } from "zod";
import type { ApiEnv, AppDeps } from "../deps.ts";
import { parseWith, readJson } from "../../lib/http.ts";
import { assertOrg, auditActor, requireRole } from "../../lib/auth.ts";
import { hashSecret } from "../../lib/passwords.ts";
import { AppError, validationFailed } from "../../domain/errors.ts";
import { decideStaffChange } from "../../domain/staff_rules.ts";
import { changedFields } from "../../domain/audit_diff.ts";
import {
  listStaff,
  lockStaffForChange,
  type StaffForChange,
  type StaffItem,
  updateStaff,
} from "../../db/staff_admin.ts";
import { recordAudit } from "../../db/audit.ts";
import { decodeCursor, pageOf } from "../../lib/list_cursor.ts";
import { logEvent } from "../../lib/log.ts";
import { cursorParam, limitParam, orqParam } from "./fields.ts";

/** Query of `GET /api/staff`. */
export const staffListQuery = z.object({
  orq: orqParam,
  limit: limitParam,
  cursor: cursorParam,
});

/** Body of `PATCH /api/staff/:id`. */
export const staffPatchBody = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  role: z.enum(["OPERATOR", "MANAGER", "ADMIN"]).optional(),
  password: z.string().min(10, "At least 10 characters").max(200).optional(),
  pin: z.string().regex(/^\d{6,12}$/, "A PIN is 6 to 12 digits").nullable()
    .optional(),
  disabled: z.boolean().optional(),
});

const idParam = z.object({
  id: z.string().regex(/^\d{1,9}$/, "Expected a staff id").transform(Number),
});

/** A staff member as the back office shows it. */
function itemOf(s: StaffItem): StaffItem {
  return {
    id: s.id,
    username: s.username,
    name: s.name,
    role: s.role,
    disabled: s.disabled,
    has_password: s.has_password,
    has_pin: s.has_pin,
  };
}

/** The fields an audit entry compares (secrets as "has" flags). */
function audited(s: StaffForChange) {
  return { name: s.name, role: s.role, disabled: s.disabled };
}

/** `GET /api/staff` and `PATCH /api/staff/:id` (ADMIN; API.md "Back office"). */
export function staffAdminRoutes(deps: AppDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  const admin = requireRole(deps.auth, "ADMIN");

  app.get("/", admin, async (c) => {
    const q = parseWith(staffListQuery, c.req.query());
    assertOrg(c.get("principal"), q.orq);
    const query = { orq: q.orq };
    const key = decodeCursor(query, q.cursor, 2);
    if (key && (typeof key[0] !== "string" || typeof key[1] !== "number")) {
      throw validationFailed({ cursor: "Not a cursor of this list" });
    }
    const rows = await listStaff(deps.db, {
      orq: q.orq,
      after: key as [string, number] | undefined,
      limit: q.limit,
    });
    const page = pageOf(
      query,
      rows.map(itemOf),
      q.limit,
      (s) => [s.name, s.id],
    );
    c.header("cache-control", "no-store");
    return c.json(page);
  });

  app.patch("/:id", admin, async (c) => {
    const { id } = parseWith(idParam, c.req.param());
    const patch = await readJson(c, staffPatchBody);
    const principal = c.get("principal");
    // Slow hashes before the transaction, so its locks stay short.
    const [passwordHash, pinHash] = await Promise.all([
      patch.password !== undefined ? hashSecret(patch.password) : undefined,
      typeof patch.pin === "string" ? hashSecret(patch.pin) : undefined,
    ]);
    const result = await deps.db.begin(async (tx) => {
      const locked = await lockStaffForChange(tx, id);
      const target = locked?.target;
      // Another organization's staff, or the platform administrator (kept
      // by ADMIN_USERNAME and ADMIN_PASSWORD), read as unknown ids.
      if (
        !target || target.platform_admin ||
        (!principal.platformAdmin && target.orq !== principal.orq)
      ) throw new AppError("STAFF_NOT_FOUND");
      const others = locked.enabledAdmins.filter((a) => a !== id).length;
      const decision = decideStaffChange(target, patch, others);
      const after = await updateStaff(tx, id, {
        name: patch.name,
        role: decision.role,
        disabled: decision.disabled,
        password_hash: decision.setPassword ? passwordHash : undefined,
        pin_hash: decision.pin === "set"
          ? pinHash
          : decision.pin === "remove"
          ? null
          : undefined,
        revoke: decision.revoke,
      });
      const diff = changedFields(audited(target), audited(after));
      if (decision.setPassword) {
        diff.before.password = diff.after.password = "changed";
      }
      if (decision.pin !== "keep") {
        diff.before.pin = target.has_pin ? "changed" : null;
        diff.after.pin = decision.pin === "set" ? "changed" : null;
      }
      if (Object.keys(diff.after).length > 0) {
        await recordAudit(tx, {
          orq: target.orq,
          actor: auditActor(principal),
          action: "staff.updated",
          target: { type: "staff", id },
          before: diff.before,
          after: diff.after,
          at: deps.clock(),
        });
      }
      const state = {
        id,
        tv: after.token_version,
        disabled: after.disabled,
      };
      if (decision.revoke) await deps.versions.changed(tx, state);
      return { after, state, revoked: decision.revoke, fields: diff.after };
    });
    // This instance at once; the others by the notification.
    if (result.revoked) deps.versions.committed(result.state);
    logEvent("staff.updated", {
      orq: result.after.orq,
      staff_id: id,
      by: principal.id,
      fields: Object.keys(result.fields),
      revoked: result.revoked,
    });
    return c.json(itemOf(result.after));
  });

  return app;
}
