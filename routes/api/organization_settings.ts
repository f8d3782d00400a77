import { Hono } from "hono";
import { z } from "zod";
import type { ApiEnv, AppDeps } from "../deps.ts";
import { parseWith, readJson } from "../../lib/http.ts";
import { assertOrg, auditActor, requireRole } from "../../lib/auth.ts";
import { AppError, validationFailed } from "../../domain/errors.ts";
import { isValidTimeZone } from "../../domain/clock.ts";
import { changedFields } from "../../domain/audit_diff.ts";
import {
  ADDRESS_MAX,
  isCleanAddress,
  isCountryCode,
  ORG_LOCALES,
  SETTING_LIMITS,
} from "../../domain/org_settings.ts";
import {
  hasSlotsNotEnded,
  lockOrganization,
  type Organization,
  updateOrganization,
} from "../../db/organizations.ts";
import { recordAudit } from "../../db/audit.ts";
import { logEvent } from "../../lib/log.ts";
import { orqField } from "./fields.ts";

/** One zod schema per setting, from its limits in domain/org_settings.ts. */
const settingSchemas = Object.fromEntries(
  Object.entries(SETTING_LIMITS).map(([key, limit]) => {
    if (limit.kind === "bool") return [key, z.boolean().optional()];
    const n = z.int().min(limit.min).max(limit.max);
    return [key, (limit.nullable ? n.nullable() : n).optional()];
  }),
);

/** `settings` of a PATCH: known keys only, each within its range. */
export const settingsPatch = z.strictObject(settingSchemas);

/** Body of `PATCH /api/organizations/:orq`: any subset of the profile. */
export const orgPatchBody = z.strictObject({
  orq: orqField.optional().describe("Read-only: if sent, the path's"),
  name: z.string().trim().min(1).max(200).optional(),
  timezone: z.string().refine(isValidTimeZone, "Expected an IANA time zone")
    .optional(),
  country: z.string().refine(isCountryCode, "Expected an ISO 3166-1 code")
    .nullable().optional(),
  address: z.string().max(ADDRESS_MAX).refine(
    isCleanAddress,
    "No control characters but newlines",
  ).nullable().optional(),
  contact_email: z.email().max(254).nullable().optional(),
  brand_color: z.string().regex(/^#[0-9A-Fa-f]{6}$/, "Expected #RRGGBB")
    .nullable().optional(),
  locale: z.enum(ORG_LOCALES).optional(),
  settings: settingsPatch.optional(),
});

const orqPath = z.object({
  orq: z.string().regex(/^\d{1,9}$/, "Expected an organization number")
    .transform(Number),
});

/** The answer's shape. */
function orgAnswer(o: Organization) {
  return {
    orq: o.orq,
    name: o.name,
    timezone: o.timezone,
    country: o.country,
    address: o.address,
    contact_email: o.contact_email,
    brand_color: o.brand_color,
    locale: o.locale,
    settings: o.settings,
  };
}

/** The profile without its settings, for the audit's comparison. */
function profileOf(o: Organization): Record<string, unknown> {
  const { settings: _settings, ...profile } = orgAnswer(o);
  return profile;
}

/** `GET` and `PATCH /api/organizations/:orq` (API.md "Organization settings"). */
export function organizationSettingsRoutes(deps: AppDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();

  app.get("/:orq", requireRole(deps.auth, "OPERATOR"), async (c) => {
    const { orq } = parseWith(orqPath, c.req.param());
    assertOrg(c.get("principal"), orq);
    // Through this instance's cache: NOTIFY org_changed keeps it current.
    const org = await deps.orgs.get(orq);
    if (!org) throw new AppError("ORG_NOT_FOUND");
    c.header("cache-control", "no-store");
    return c.json(orgAnswer(org));
  });

  app.patch("/:orq", requireRole(deps.auth, "ADMIN"), async (c) => {
    const { orq } = parseWith(orqPath, c.req.param());
    const principal = c.get("principal");
    assertOrg(principal, orq);
    const body = await readJson(c, orgPatchBody);
    if (body.orq !== undefined && body.orq !== orq) {
      throw validationFailed({ orq: "Read-only: it cannot change" });
    }
    const { orq: _same, ...change } = body;
    const result = await deps.db.begin(async (tx) => {
      const before = await lockOrganization(tx, orq);
      if (!before) throw new AppError("ORG_NOT_FOUND");
      if (
        change.timezone !== undefined && change.timezone !== before.timezone &&
        await hasSlotsNotEnded(tx, orq, deps.clock())
      ) throw new AppError("ORG_HAS_FUTURE_SLOTS");
      const after = await updateOrganization(tx, orq, change);
      const diff = changedFields(profileOf(before), profileOf(after));
      const settings = changedFields(
        { ...before.settings },
        change.settings ?? {},
      );
      if (Object.keys(settings.after).length > 0) {
        diff.before.settings = settings.before;
        diff.after.settings = settings.after;
      }
      if (Object.keys(diff.after).length > 0) {
        await recordAudit(tx, {
          orq,
          actor: auditActor(principal),
          action: "organization.updated",
          target: { type: "organization", id: orq },
          before: diff.before,
          after: diff.after,
          at: deps.clock(),
        });
        await deps.orgs.changed(tx, orq);
      }
      return { after, fields: Object.keys(diff.after) };
    });
    deps.orgs.forget(orq);
    deps.caches.availability.forget(orq);
    logEvent("organization.updated", { orq, fields: result.fields });
    return c.json(orgAnswer(result.after));
  });

  return app;
}
