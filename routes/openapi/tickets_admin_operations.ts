/**
 * The back office's ticket routes (import and list) for the OpenAPI
 * document, as ./staff_operations.ts describes the others.
 */
import { z } from "zod";
import type { OperationSpec } from "../../lib/openapi/document.ts";
import { importQuery, ticketListQuery } from "../api/ticket_admin.ts";
import { importJsonBody } from "../../lib/import_body.ts";
import { TICKET_STATUSES } from "../../domain/ticket_status.ts";
import { codes, JSON_BODY, STAFF } from "./error_codes.ts";

const count = z.int().min(0);
const instant = z.string().meta({ format: "date-time" });

/** `POST /api/tickets/import` 200. */
export const importAnswer = z.object({
  imported: count,
  skipped: z.array(z.object({
    row: z.int().positive().describe("1-based data row"),
    code: z.string(),
    reason: z.enum(["DUPLICATE", "INVALID"]),
  })).describe("At most 1,000, by row"),
  skipped_count: count,
  weak_codes: count.describe("Imported codes under 80 bits (length × 5 < 80)"),
});

/** `GET /api/tickets` 200. */
export const ticketList = z.object({
  items: z.array(z.object({
    code: z.string(),
    status: z.enum(TICKET_STATUSES),
    order_ref: z.string().nullable(),
    created_at: instant,
    activated_at: instant.nullable(),
    reservation: z.object({
      id: z.int().positive(),
      slot_id: z.int().positive(),
      date: z.string().meta({ format: "date" }),
      start_time: z.string().describe("HH:MM (24 h)"),
    }).nullable(),
  })),
  next_cursor: z.string().nullable(),
});

/** Ticket import and list. */
export const TICKETS_ADMIN_OPERATIONS: OperationSpec[] = [
  {
    method: "post",
    path: "/api/tickets/import",
    tag: "Admin",
    summary: "Import ticket codes (CSV or JSON, up to 100,000 rows)",
    description: "`text/csv` with `?orq=` (RFC 4180, UTF-8, BOM ignored, " +
      "CRLF or LF; a header naming `code` and optionally `status`, " +
      "`order_ref` in any order), or JSON. At most 32 MiB (413) and " +
      "100,000 rows (400, nothing imported). Codes are normalised like " +
      "typed ones and must be 12–64 characters of Crockford's alphabet; a " +
      "bad row (code, status other than empty/PENDING_PAYMENT/ACTIVATED, " +
      "order_ref over 100 characters) is skipped as INVALID, a code held " +
      "already (by any organization) or repeated as DUPLICATE. A second " +
      "import of the same codes imports none. With the login cookie, " +
      "`text/csv` is accepted here only.",
    auth: "staff-or-api-key",
    roles: ["ADMIN"],
    query: importQuery,
    body: {
      contentType: "text/csv",
      schema: {
        type: "string",
        description:
          "code,status,order_ref\\r\\n7K3Q-W9M2-XC4T-PA8R,ACTIVATED,A-1",
      },
    },
    moreBodies: { "application/json": importJsonBody },
    answers: {
      200: { description: "What was imported", schema: importAnswer },
    },
    errors: codes([...JSON_BODY, ...STAFF, "ORG_NOT_FOUND"]),
  },
  {
    method: "get",
    path: "/api/tickets",
    tag: "Back office",
    summary: "Tickets, newest first; q matches a code fragment",
    description: "`q` (3+ characters) is folded like a typed code and " +
      "matches anywhere in it. Paged by `next_cursor`.",
    auth: "staff",
    roles: ["MANAGER", "ADMIN"],
    query: ticketListQuery,
    answers: { 200: { description: "A page of tickets", schema: ticketList } },
    errors: codes([...STAFF]),
  },
];
