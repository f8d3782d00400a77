import { Hono } from "hono";
import { z } from "zod";
import type { ApiEnv, AppDeps } from "../deps.ts";
import { readJson } from "../../lib/http.ts";
import { assertOrg, auditActor, requireRole } from "../../lib/auth.ts";
import { recordAudit } from "../../db/audit.ts";
import { hashSecret } from "../../lib/passwords.ts";
import { AppError } from "../../domain/errors.ts";
import { isValidTimeZone } from "../../domain/clock.ts";
import {
  createOrganization,
  listOrganizations,
} from "../../db/organizations.ts";
import { createStaff } from "../../db/staff.ts";
import { logEvent } from "../../lib/log.ts";
import { orqField } from "./fields.ts";

/** Body of `POST /api/organizations`. */
export const orgBody = z.strictObject({
  name: z.string().trim().min(1).max(200),
  timezone: z.string().refine(isValidTimeZone, "Expected an IANA time zone"),
});

/** Body of `POST /api/staff`. */
export const staffBody = z.strictObject({
  orq: orqField,
  username: z.string().trim().regex(
    /^[A-Za-z0-9._@-]{3,100}$/,
    "3 to 100 letters, digits or . _ @ -",
  ),
  name: z.string().trim().min(1).max(200),
  role: z.enum(["OPERATOR", "MANAGER", "ADMIN"]),
  password: z.string().min(10, "At least 10 characters").max(200).optional(),
  pin: z.string().regex(/^\d{6,12}$/, "A PIN is 6 to 12 digits").optional(),
}).superRefine((b, ctx) => {
  if (b.role === "OPERATOR") {
    if (b.password === undefined && b.pin === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["password"],
        message: "Give a password or a PIN",
      });
    }
    return;
  }
  // PINs sign in door staff only; managers and admins use a password.
  if (b.password === undefined) {
    ctx.addIssue({
      code: "custom",
      path: ["password"],
      message: "A manager or admin needs a password of at least 10 characters",
    });
  }
  if (b.pin !== undefined) {
    ctx.addIssue({
      code: "custom",
      path: ["pin"],
      message: "Only an OPERATOR may have a PIN",
    });
  }
});

/** `/api/organizations` (platform administrator). */
export function organizationRoutes(deps: AppDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.get("/", requireRole(deps.auth, "ADMIN"), async (c) => {
    if (!c.get("principal").platformAdmin) throw new AppError("FORBIDDEN");
    c.header("cache-control", "no-store");
    return c.json({ items: await listOrganizations(deps.db) });
  });
  app.post("/", requireRole(deps.auth, "ADMIN"), async (c) => {
    if (!c.get("principal").platformAdmin) throw new AppError("FORBIDDEN");
    const body = await readJson(c, orgBody);
    const org = await deps.db.begin(async (tx) => {
      const org = await createOrganization(tx, body);
      await recordAudit(tx, {
        orq: org.orq,
        actor: auditActor(c.get("principal")),
        action: "organization.created",
        target: { type: "organization", id: org.orq },
        after: { name: org.name, timezone: org.timezone },
        at: deps.clock(),
      });
      return org;
    });
    logEvent("organization.created", { orq: org.orq });
    return c.json(
      { orq: org.orq, name: org.name, timezone: org.timezone },
      201,
    );
  });
  return app;
}

/** `/api/staff` (ADMIN of the organization). */
export function staffRoutes(deps: AppDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.post("/", requireRole(deps.auth, "ADMIN"), async (c) => {
    const body = await readJson(c, staffBody);
    assertOrg(c.get("principal"), body.orq);
    // The platform administrator's name stays reserved even before it exists.
    const reserved = deps.config.adminUsername?.toLowerCase();
    if (body.username.toLowerCase() === reserved) {
      throw new AppError("USERNAME_TAKEN");
    }
    if (!(await deps.orgs.get(body.orq))) throw new AppError("ORG_NOT_FOUND");
    const [password_hash, pin_hash] = await Promise.all([
      body.password ? hashSecret(body.password) : null,
      body.pin ? hashSecret(body.pin) : null,
    ]);
    const staff = await deps.db.begin(async (tx) => {
      const staff = await createStaff(tx, {
        orq: body.orq,
        username: body.username,
        name: body.name,
        role: body.role,
        password_hash,
        pin_hash,
      });
      if (!staff) throw new AppError("USERNAME_TAKEN");
      await recordAudit(tx, {
        orq: body.orq,
        actor: auditActor(c.get("principal")),
        action: "staff.created",
        target: { type: "staff", id: staff.id },
        after: {
          username: staff.username,
          name: staff.name,
          role: staff.role,
          ...(password_hash ? { password: "changed" } : {}),
          ...(pin_hash ? { pin: "changed" } : {}),
        },
        at: deps.clock(),
      });
      return staff;
    });
    logEvent("staff.created", { orq: body.orq, staff_id: staff.id });
    return c.json(staff, 201);
  });
  return app;
}
