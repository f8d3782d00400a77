/**
 * The back office's staff, organization and audit routes for the OpenAPI
 * document (API.md "Organization settings", "Back office (staff)").
 */
import { z } from "zod";
import type { OperationSpec } from "../../lib/openapi/document.ts";
import { staffListQuery, staffPatchBody } from "../api/staff.ts";
import { orgPatchBody } from "../api/organization_settings.ts";
import { auditQuery } from "../api/audit.ts";
import { codes, JSON_BODY, STAFF } from "./error_codes.ts";

const role = z.enum(["OPERATOR", "MANAGER", "ADMIN"]);
const nextCursor = z.string().nullable().describe(
  "Opaque; pass as `cursor` for the next page (null: no more)",
);

/** A staff member as the back office shows it. */
export const staffItem = z.object({
  id: z.int().positive(),
  username: z.string(),
  name: z.string(),
  role,
  disabled: z.boolean(),
  has_password: z.boolean(),
  has_pin: z.boolean(),
});

/** `GET /api/organizations/:orq` and the PATCH's answer. */
export const organizationAnswer = z.object({
  orq: z.int().positive(),
  name: z.string(),
  timezone: z.string(),
  country: z.string().nullable(),
  address: z.string().nullable(),
  contact_email: z.string().nullable(),
  brand_color: z.string().nullable(),
  locale: z.enum(["en", "de", "fr", "es"]),
  settings: z.object({
    booking_horizon_days: z.int(),
    entry_opens_minutes_before: z.int().nullable(),
    entry_closes_minutes_after_start: z.int().nullable(),
    check_in_on_scan: z.boolean(),
    change_cutoff_hours: z.int().nullable(),
    waitlist_offer_minutes: z.int(),
    reminder_hours_before: z.int(),
    allow_reentry: z.boolean(),
    max_occupancy: z.int().nullable(),
  }),
});

/** One audit entry. */
export const auditItem = z.object({
  id: z.int().positive(),
  at: z.string().meta({ format: "date-time" }),
  actor: z.object({
    kind: z.enum(["staff", "api_key", "customer", "system"]),
    id: z.int().nullable(),
    name: z.string().nullable(),
  }),
  action: z.string(),
  target: z.object({ type: z.string(), id: z.string().nullable() }),
  before: z.record(z.string(), z.unknown()).nullable(),
  after: z.record(z.string(), z.unknown()).nullable(),
});

const idParams = z.object({ id: z.string().regex(/^\d+$/) });
const orqParams = z.object({ orq: z.string().regex(/^\d+$/) });

/** Staff, organization settings and audit. */
export const STAFF_ORG_OPERATIONS: OperationSpec[] = [
  {
    method: "get",
    path: "/api/staff",
    tag: "Admin",
    summary: "The organization's staff by name, paged",
    description: "The platform administrator never shows.",
    auth: "staff",
    roles: ["ADMIN"],
    query: staffListQuery,
    answers: {
      200: {
        description: "A page of staff",
        schema: z.object({
          items: z.array(staffItem),
          next_cursor: nextCursor,
        }),
      },
    },
    errors: codes(STAFF),
  },
  {
    method: "patch",
    path: "/api/staff/:id",
    tag: "Admin",
    summary: "Change a staff member's name, role, secrets or disabled",
    description: "A PIN (6–12 digits) only for an OPERATOR; a MANAGER or " +
      "ADMIN keeps a password (an OPERATOR made one loses its PIN); " +
      '`"pin": null` removes a PIN while a password remains. Changing the ' +
      "role, a secret or `disabled` revokes the account's tokens on every " +
      "instance within 1 s and closes its dashboard streams. The last " +
      "enabled ADMIN cannot be disabled or demoted (409 LAST_ADMIN).",
    auth: "staff",
    roles: ["ADMIN"],
    params: idParams,
    body: staffPatchBody,
    answers: { 200: { description: "The staff member", schema: staffItem } },
    errors: codes([...JSON_BODY, ...STAFF, "STAFF_NOT_FOUND", "LAST_ADMIN"]),
  },
  {
    method: "get",
    path: "/api/organizations/:orq",
    tag: "Admin",
    summary: "The organization's profile and settings",
    description: "Its staff, or the platform administrator.",
    auth: "staff",
    roles: ["OPERATOR", "MANAGER", "ADMIN"],
    params: orqParams,
    answers: {
      200: { description: "The organization", schema: organizationAnswer },
    },
    errors: codes([...STAFF, "ORG_NOT_FOUND"]),
  },
  {
    method: "patch",
    path: "/api/organizations/:orq",
    tag: "Admin",
    summary: "Change the profile or settings (any subset)",
    description: "`settings` is merged key by key (`null` is a value); an " +
      "unknown key → 400. `orq` is read-only: sent, it must be the path's. " +
      "The time zone may change only while no slot is still to come. " +
      "Every instance applies the change within 1 s.",
    auth: "staff",
    roles: ["ADMIN", "PLATFORM_ADMIN"],
    params: orqParams,
    body: orgPatchBody,
    answers: {
      200: {
        description: "The whole organization",
        schema: organizationAnswer,
      },
    },
    errors: codes([
      ...JSON_BODY,
      ...STAFF,
      "ORG_NOT_FOUND",
      "ORG_HAS_FUTURE_SLOTS",
    ]),
  },
  {
    method: "get",
    path: "/api/audit",
    tag: "Admin",
    summary: "Who changed what, newest first, paged",
    description: "`from`/`to` are days in the organization's zone; " +
      "`action` is exact (`staff.updated`) or a prefix (`staff`); `actor` " +
      "a staff id or an actor kind. Changed fields only; secrets as " +
      '"changed".',
    auth: "staff",
    roles: ["ADMIN"],
    query: auditQuery,
    answers: {
      200: {
        description: "A page of entries",
        schema: z.object({
          items: z.array(auditItem),
          next_cursor: nextCursor,
        }),
      },
    },
    errors: codes(STAFF),
  },
];
