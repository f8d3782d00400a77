/**
 * The routes outside the JSON API for the OpenAPI document: the
 * server-rendered pages (as `text/html` operations), the Prometheus scrape
 * and the document itself. Static files (`/static/*`) are not listed.
 */
import { z } from "zod";
import type { AnswerSpec, OperationSpec } from "../../lib/openapi/document.ts";
import { logoutAnswer } from "./responses.ts";
import { codes } from "./error_codes.ts";

const HTML: AnswerSpec = {
  description: "The page",
  contentType: "text/html; charset=UTF-8",
  schema: { type: "string" },
};

/** A 302 to `where`. */
function redirect(where: string): AnswerSpec {
  return {
    description: `Redirect to ${where}`,
    contentType: null,
    headers: { Location: where },
  };
}

/** The pages, `/metrics` and the API's own document. */
export const PAGE_OPERATIONS: OperationSpec[] = [
  {
    method: "get",
    path: "/api/openapi.json",
    tag: "Documentation",
    summary: "This document (OpenAPI 3.1)",
    auth: "none",
    answers: {
      200: {
        description: "The OpenAPI document",
        schema: { type: "object" },
      },
    },
    errors: codes([], false),
  },
  {
    method: "get",
    path: "/api/docs",
    tag: "Documentation",
    summary: "This document as a page to read",
    auth: "none",
    answers: { 200: HTML },
    errors: codes([], false),
  },
  {
    method: "get",
    path: "/metrics",
    tag: "Operations",
    summary: "This instance's metrics (Prometheus text format)",
    description: "Needs `Authorization: Bearer <METRICS_TOKEN>` (401 " +
      "otherwise); without METRICS_TOKEN the route answers 404.",
    auth: "metrics-token",
    answers: {
      200: {
        description: "Prometheus exposition",
        contentType: "text/plain; version=0.0.4; charset=utf-8",
        schema: { type: "string" },
      },
    },
    errors: codes(["NOT_FOUND", "UNAUTHORIZED"], false),
  },
  {
    method: "post",
    path: "/ops/backup",
    tag: "Operations",
    summary: "A backup of the database into BACKUP_DIR, now",
    description: "What `deno task backup` asks a running app on PGlite for. " +
      "Only over loopback with `Authorization: Bearer <backup token>` " +
      "(BACKUP_TOKEN, else the token in DATA_DIR/backup-token); 404 from " +
      "elsewhere, through a proxy (X-Forwarded-For, Forwarded or " +
      "X-Real-IP present) or without a token, 401 with a wrong one.",
    auth: "backup-token",
    answers: {
      201: {
        description: "The backup file written",
        schema: {
          type: "object",
          required: ["path", "engine", "bytes", "taken_at"],
          properties: {
            path: { type: "string" },
            engine: { type: "string", enum: ["postgres", "pglite"] },
            bytes: { type: "integer" },
            taken_at: { type: "string", format: "date-time" },
          },
        },
      },
    },
    errors: codes(["NOT_FOUND", "UNAUTHORIZED"]),
  },
  {
    method: "get",
    path: "/",
    tag: "Pages",
    summary: "Start page",
    auth: "none",
    answers: { 200: HTML },
    errors: codes([], false),
  },
  {
    method: "get",
    path: "/reserve",
    tag: "Pages",
    summary: "The customer portal",
    description: "A `code` (from an email link) is checked before " +
      "rendering, with the validation rate limit; a refusal is shown on " +
      "the page.",
    auth: "none",
    query: z.object({ code: z.string().optional() }),
    answers: { 200: HTML },
    errors: codes([]),
  },
  {
    method: "post",
    path: "/reserve",
    tag: "Pages",
    summary: "The customer portal: a step posted without JavaScript",
    description: "`step` (ticket, contact, date, confirm) with that step's " +
      "answers and the earlier ones as a form (`to` goes back; `date`, " +
      "`month` and `slot` choose in the calendar; `confirm` or " +
      "`alternative` books). Checked as the API checks them, with its rate " +
      "limits; the answer is the portal at the next step, or the same step " +
      "saying what is wrong; a booking → 303 to its manage page.",
    auth: "none",
    body: {
      contentType: "application/x-www-form-urlencoded",
      schema: {
        type: "object",
        properties: Object.fromEntries(
          [
            "step",
            "code",
            "email",
            "phone",
            "date",
            "month",
            "month_shown",
            "slot",
            "alternative",
            "to",
            "confirm",
          ].map((name) => [name, { type: "string" }]),
        ),
      },
    },
    answers: { 200: HTML, 303: redirect("/reserve/manage?token=...") },
    errors: codes([]),
  },
  {
    method: "get",
    path: "/reserve/ticket",
    tag: "Pages",
    summary: "The printable ticket",
    description: "QR code, date, time, venue and code, with print styles. " +
      "Opened by the reservation's signed token as its QR URLs (`id`, `t`, " +
      "`v`; the lookup rate limit); anything else answers the HTML 404 page.",
    auth: "none",
    query: z.object({
      id: z.string().optional(),
      t: z.string().optional(),
      v: z.string().optional(),
    }),
    answers: { 200: HTML, 404: { ...HTML, description: "Not a valid link" } },
    errors: codes(["RATE_LIMITED"]),
  },
  {
    method: "get",
    path: "/reserve/accent.css",
    tag: "Pages",
    summary: "A venue's brand colour as a stylesheet",
    description: "`c` is the colour's six hex digits; the text colour on " +
      "it is chosen to pass WCAG AA. Cached for good; 404 for anything else.",
    auth: "none",
    query: z.object({ c: z.string().optional() }),
    answers: {
      200: {
        description: "The stylesheet",
        contentType: "text/css; charset=utf-8",
        schema: { type: "string" },
      },
    },
    errors: codes([], false),
  },
  {
    method: "get",
    path: "/reserve/claim",
    tag: "Pages",
    summary: "Book the places a waitlist offer holds",
    description: "The link of the offer mail; the page asks for a phone " +
      "number and claims the offer (`POST /api/waitlist/claim`).",
    auth: "none",
    query: z.object({ token: z.string().optional() }),
    answers: { 200: HTML },
    errors: codes([], false),
  },
  {
    method: "get",
    path: "/reserve/manage",
    tag: "Pages",
    summary: "Manage my booking",
    description: "The manage link's `token` (from every customer mail and " +
      "the success page) is checked before rendering, with the lookup rate " +
      "limit; without one, or when it opens nothing, the page asks for the " +
      "ticket code and email (sent in a POST body to the API).",
    auth: "none",
    query: z.object({ token: z.string().optional() }),
    answers: { 200: HTML },
    errors: codes([]),
  },
  {
    method: "post",
    path: "/reserve/manage",
    tag: "Pages",
    summary: "Manage my booking: the form without JavaScript",
    description: "The ticket code and the booking's email as a form: " +
      "found → 303 to the page with the booking's manage token; else the " +
      "form again, saying why. Limited as the lookup.",
    auth: "none",
    body: {
      contentType: "application/x-www-form-urlencoded",
      schema: {
        type: "object",
        properties: {
          ticket_code: { type: "string" },
          customer_email: { type: "string" },
        },
      },
    },
    answers: { 200: HTML, 303: redirect("/reserve/manage?token=...") },
    errors: codes([]),
  },
  {
    method: "get",
    path: "/operator",
    tag: "Pages",
    summary: "The door scanner's entry",
    auth: "none",
    answers: { 302: redirect("/operator/scan") },
    errors: codes([], false),
  },
  {
    method: "get",
    path: "/operator/manifest.webmanifest",
    tag: "Pages",
    summary: "The door scanner's web app manifest",
    description: "Makes the scanner installable: opens on /operator/scan, " +
      "scope /operator/, standalone.",
    auth: "none",
    answers: {
      200: {
        description: "The manifest",
        contentType: "application/manifest+json; charset=utf-8",
        schema: { type: "object" },
      },
    },
    errors: codes([], false),
  },
  {
    method: "get",
    path: "/operator/sw.js",
    tag: "Pages",
    summary: "The door scanner's service worker",
    description: "Keeps the scan page and its files for offline use " +
      "(docs/offline.md); 404 before the first build.",
    auth: "none",
    answers: {
      200: {
        description: "The worker script",
        contentType: "text/javascript; charset=utf-8",
        schema: { type: "string" },
      },
    },
    errors: codes([], false),
  },
  {
    method: "get",
    path: "/operator/login",
    tag: "Pages",
    summary: "Staff sign-in page",
    auth: "none",
    query: z.object({
      next: z.string().optional().describe(
        "A page under /operator/, or /manager",
      ),
    }),
    answers: { 200: HTML },
    errors: codes([], false),
  },
  {
    method: "get",
    path: "/operator/scan",
    tag: "Pages",
    summary: "The door scanner",
    auth: "staff",
    roles: ["OPERATOR", "MANAGER", "ADMIN"],
    answers: { 200: HTML, 302: redirect("/operator/login") },
    errors: codes([]),
  },
  {
    method: "post",
    path: "/operator/logout",
    tag: "Pages",
    summary: "Forget the browser's sign-in cookie",
    description: "JSON only (`{}`), like every cookie-signed request other " +
      "than GET, so that another site cannot sign staff out: any other " +
      "Content-Type → 403 FORBIDDEN.",
    auth: "none",
    query: z.object({
      next: z.string().optional().describe("/manager: back to its login"),
    }),
    body: z.object({}),
    answers: {
      200: {
        description: "Where the browser goes next",
        schema: logoutAnswer,
        headers: { "Set-Cookie": "The cookie, cleared" },
      },
    },
    errors: codes(["FORBIDDEN"], false),
  },
  {
    method: "get",
    path: "/manager",
    tag: "Pages",
    summary: "The venue dashboard",
    auth: "staff",
    roles: ["MANAGER", "ADMIN"],
    answers: {
      200: HTML,
      302: redirect("/operator/login?next=%2Fmanager"),
      403: { ...HTML, description: "Door staff: a page that says so" },
    },
    errors: codes([]),
  },
  {
    method: "get",
    path: "/admin",
    tag: "Pages",
    summary: "The back office: goes to its first section for the role",
    auth: "staff",
    roles: ["MANAGER", "ADMIN"],
    answers: {
      302: redirect(
        "/admin/slots (administrators), /admin/reservations (managers), or the login",
      ),
    },
    errors: codes([]),
  },
  {
    method: "get",
    path: "/admin/:section",
    tag: "Pages",
    summary: "A back-office section",
    description: "`section`: `slots` and `reservations` (managers and " +
      "administrators), `tickets`, `staff`, `settings`, `audit` " +
      "(administrators), `organizations` (the platform administrator). " +
      "Without a login: a 302 to the login page, which comes back here.",
    auth: "staff",
    roles: ["MANAGER", "ADMIN"],
    params: z.object({
      section: z.enum([
        "slots",
        "tickets",
        "reservations",
        "staff",
        "settings",
        "audit",
        "organizations",
      ]),
    }),
    answers: {
      200: HTML,
      302: redirect("/operator/login?next=%2Fadmin%2F{section}"),
      403: {
        ...HTML,
        description:
          "A role that may not open the section: a page that says so",
      },
    },
    errors: codes(["NOT_FOUND"]),
  },
];
