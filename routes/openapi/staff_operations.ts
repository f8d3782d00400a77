/**
 * The staff's and integrations' JSON routes for the OpenAPI document, as
 * ./customer_operations.ts describes the customer's.
 */
import { z } from "zod";
import type { OperationSpec } from "../../lib/openapi/document.ts";
import { activateBody, issueBody } from "../api/tickets.ts";
import { seriesBody, singleBody } from "../api/slots.ts";
import { loginBody } from "../api/operator.ts";
import { slotsPreview } from "./slots_admin_operations.ts";
import { validateBody, verifyBody } from "../api/scan.ts";
import { orgBody, staffBody } from "../api/admin.ts";
import { streamQuery, summaryQuery } from "../api/dashboard.ts";
import { metricsQuery } from "../api/dashboard_metrics.ts";
import * as answers from "./responses.ts";
import { codes, JSON_BODY, STAFF } from "./error_codes.ts";
import { RED_REASONS } from "../../domain/scan_decision.ts";

/** Sign-in, door, manager and admin routes. */
export const STAFF_OPERATIONS: OperationSpec[] = [
  {
    method: "post",
    path: "/api/operator/login",
    tag: "Staff",
    summary: "Sign in with a password, or an operator's PIN",
    description: "Also sets the token as an HttpOnly, SameSite=Strict " +
      "cookie. 5 failures in 15 minutes for one username from one address " +
      "(or 30 a minute from one address) → 429 LOGIN_THROTTLED.",
    auth: "none",
    body: loginBody,
    answers: {
      200: {
        description: "The token (8 hours) and who signed in",
        schema: answers.loginAnswer,
        headers: { "Set-Cookie": "The token as a cookie" },
      },
    },
    errors: codes([
      ...JSON_BODY,
      "INVALID_CREDENTIALS",
      "PASSWORD_REQUIRED",
      "LOGIN_THROTTLED",
    ]),
  },
  {
    method: "post",
    path: "/api/operator/validate-ticket",
    tag: "Door",
    summary: "Decide a scan (read-only): GREEN, RED or YELLOW",
    description: "Always 200 for a well-formed request: a RED answer is a " +
      "result, not an error. `code` is a ticket code or a scanned QR payload.",
    auth: "staff",
    roles: ["OPERATOR", "MANAGER", "ADMIN"],
    body: validateBody,
    answers: {
      200: { description: "The decision", schema: answers.scanAnswer },
    },
    errors: codes([...JSON_BODY, ...STAFF, "RATE_LIMITED", "ORG_NOT_FOUND"]),
  },
  {
    method: "post",
    path: "/api/operator/verify-ticket",
    tag: "Door",
    summary: "Admit a GREEN ticket (idempotent)",
    description: "A RED decision answers 409 with its reason as the error " +
      "code, and nothing changes; an already verified ticket answers 200 " +
      "ALREADY_VERIFIED with the first verification (recorded as a " +
      "re-scan); a guest who scanned out and may re-enter answers REENTRY " +
      "(recorded as check-in would). An optional nonce (16–100 printable " +
      "characters) follows check-in's rules.",
    auth: "staff",
    roles: ["OPERATOR", "MANAGER", "ADMIN"],
    body: verifyBody,
    answers: {
      200: {
        description: "VERIFIED, REENTRY or ALREADY_VERIFIED",
        schema: answers.verifyAnswer,
      },
    },
    errors: codes([
      ...JSON_BODY,
      ...STAFF,
      "RATE_LIMITED",
      "ORG_NOT_FOUND",
      ...RED_REASONS,
    ]),
  },
  {
    method: "get",
    path: "/api/dashboard/summary",
    tag: "Manager",
    summary: "A day's slots and totals (default today)",
    description: "Each slot's bookings, holds, first admissions " +
      "(`verified_count`), entries (re-entries included) and exits. " +
      "`occupancy` is for now, so only on today's summary (null on other " +
      "dates): inside = Σ(entries − exits) over today's slots (reset at the " +
      "venue's midnight), entries and exits per gate (gates compared " +
      "case-insensitively, none = null), and `over_max` = inside_count > " +
      "the organization's `max_occupancy` (false when none is set).",
    auth: "staff",
    roles: ["MANAGER", "ADMIN"],
    query: summaryQuery,
    answers: {
      200: { description: "The summary", schema: answers.dashboardSummary },
    },
    errors: codes([...STAFF, "ORG_NOT_FOUND"]),
  },
  {
    method: "get",
    path: "/api/dashboard/stream",
    tag: "Manager",
    summary: "Live dashboard events (Server-Sent Events)",
    description: "First a `snapshot` event (the summary's body for today), " +
      "then events as they commit, whose data is `{orq, slot: {id, date, " +
      "status, total_capacity, booked_count, held_count, available_count, " +
      "verified_count, entries, exits}, occupancy}`: `reservation`, " +
      "`verification` (a first admission), `check_in` (a re-entry), " +
      "`check_out`, `undo`, `expiry` and `slot_changed` (capacity, status, " +
      "holds; `deleted: true` and only the slot's id when it was removed). " +
      "`occupancy` (as in the summary) is on door events and events of " +
      "today's slots, else null. Heartbeat comments keep it open. At most " +
      "10 open streams per sign-in (429 RATE_LIMITED beyond).",
    auth: "staff",
    roles: ["MANAGER", "ADMIN"],
    query: streamQuery,
    answers: {
      200: {
        description: "An event stream",
        contentType: "text/event-stream",
        schema: { type: "string" },
      },
    },
    errors: codes([...STAFF, "ORG_NOT_FOUND", "RATE_LIMITED"]),
  },
  {
    method: "get",
    path: "/api/dashboard/metrics",
    tag: "Manager",
    summary: "The last 15 minutes' figures and the alerts",
    auth: "staff",
    roles: ["MANAGER", "ADMIN"],
    query: metricsQuery,
    answers: {
      200: {
        description: "Metrics and alert states",
        schema: answers.dashboardMetrics,
      },
    },
    errors: codes([...STAFF, "ORG_NOT_FOUND"]),
  },
  {
    method: "post",
    path: "/api/tickets/issue",
    tag: "Admin",
    summary: "Issue new ticket codes (1 to 1000)",
    auth: "staff-or-api-key",
    roles: ["ADMIN"],
    body: issueBody,
    answers: {
      201: { description: "The issued tickets", schema: answers.ticketsIssued },
    },
    errors: codes([...JSON_BODY, ...STAFF, "ORG_NOT_FOUND"]),
  },
  {
    method: "post",
    path: "/api/tickets/activate",
    tag: "Admin",
    summary: "Mark a ticket paid (idempotent)",
    auth: "staff-or-api-key",
    roles: ["ADMIN"],
    body: activateBody,
    answers: {
      200: {
        description: "The ticket, ACTIVATED",
        schema: answers.ticketAnswer,
      },
    },
    errors: codes([
      ...JSON_BODY,
      ...STAFF,
      "TICKET_NOT_FOUND",
      "TICKET_ALREADY_RESERVED",
      "TICKET_ALREADY_VERIFIED",
      "TICKET_EXPIRED",
    ]),
  },
  {
    method: "post",
    path: "/api/reservation-slots/create",
    tag: "Admin",
    summary: "Create one slot or a weekly series",
    description: "A body with `from`, `weekdays` or `times` is a series. " +
      "Duplicates of (date, start_time) are skipped, not doubled.",
    auth: "staff",
    roles: ["ADMIN"],
    body: z.union([singleBody, seriesBody]),
    answers: {
      201: {
        description: "Created and skipped slots",
        schema: answers.slotsCreated,
      },
      200: {
        description:
          '`"preview": true`: what would be created and skipped (nothing written)',
        schema: slotsPreview,
      },
    },
    errors: codes([...JSON_BODY, ...STAFF, "ORG_NOT_FOUND"]),
  },
  {
    method: "post",
    path: "/api/organizations",
    tag: "Admin",
    summary: "Create an organization",
    auth: "staff",
    roles: ["PLATFORM_ADMIN"],
    body: orgBody,
    answers: {
      201: {
        description: "The new organization",
        schema: answers.organizationAnswer,
      },
    },
    errors: codes([...JSON_BODY, ...STAFF]),
  },
  {
    method: "post",
    path: "/api/staff",
    tag: "Admin",
    summary: "Create a staff account",
    description: "Operators need a password or a PIN (6–12 digits); " +
      "managers and admins a password of at least 10 characters.",
    auth: "staff",
    roles: ["ADMIN"],
    body: staffBody,
    answers: {
      201: { description: "The new account", schema: answers.staffAnswer },
    },
    errors: codes([...JSON_BODY, ...STAFF, "ORG_NOT_FOUND", "USERNAME_TAKEN"]),
  },
];
