/**
 * The manager's reservation list and export for the OpenAPI document, as
 * ./customer_operations.ts describes the customer's.
 */
import { z } from "zod";
import type { OperationSpec } from "../../lib/openapi/document.ts";
import {
  RESERVATION_STATUSES,
  reservationExportQuery,
  reservationListQuery,
} from "../api/reservation_list.ts";
import { EXPORT_COLUMNS } from "../../lib/reservation_csv.ts";
import { codes, STAFF } from "./error_codes.ts";

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).meta({ format: "date" });
const time = z.string().regex(/^\d{2}:\d{2}$/).describe("HH:MM (24 h)");
const instant = z.string().meta({ format: "date-time" });

/** One item of `GET /api/reservations`. */
export const reservationListItem = z.object({
  id: z.int().positive(),
  status: z.enum(RESERVATION_STATUSES),
  ticket_code: z.string(),
  slot: z.object({
    id: z.int().positive(),
    date,
    start_time: time,
    end_time: time,
  }),
  customer_email: z.string(),
  customer_phone: z.string(),
  reserved_at: instant,
  verified_at: instant.nullable(),
  verified_by: z.string().nullable().describe("The staff member's name"),
  cancelled_at: instant.nullable(),
  order_ref: z.string().nullable(),
});

/** `GET /api/reservations`. */
export const reservationListAnswer = z.object({
  items: z.array(reservationListItem),
  next_cursor: z.string().nullable(),
});

/** `GET /api/reservations` and its CSV export. */
export const RESERVATION_LIST_OPERATIONS: OperationSpec[] = [
  {
    method: "get",
    path: "/api/reservations",
    tag: "Manager",
    summary: "Reservations by slot date, start and id; filtered, searched",
    description: "`q` (3+ characters) matches a code fragment (typed as " +
      "people do: any case, dashes and spaces), an email fragment (case " +
      "and accents ignored) or phone digits (4+). Pages by `cursor` from " +
      "`next_cursor`; a cursor of another query → 400 `fields.cursor`. A " +
      "search matching very many reservations reads at most 10,000 rows a " +
      "page, so a page may hold fewer than `limit` items and still carry a " +
      "`next_cursor`: follow it until it is null.",
    auth: "staff",
    roles: ["MANAGER", "ADMIN"],
    query: reservationListQuery,
    answers: {
      200: {
        description: "A page of reservations",
        schema: reservationListAnswer,
      },
    },
    errors: codes([...STAFF]),
  },
  {
    method: "get",
    path: "/api/reservations/export.csv",
    tag: "Manager",
    summary: "CSV of the reservations by slot date (every status), streamed",
    description: "`from` defaults to today in the venue's zone, `to` to " +
      "`from` + 6; at most 366 days. Instants are ISO 8601 in the venue's " +
      "zone with its offset. A cell starting with = + - @, a tab or CR is " +
      "prefixed with ' (spreadsheet formula injection).",
    auth: "staff",
    roles: ["MANAGER", "ADMIN"],
    query: reservationExportQuery,
    answers: {
      200: {
        description: `RFC 4180 CSV with the header ${EXPORT_COLUMNS.join(",")}`,
        contentType: "text/csv",
        schema: { type: "string" },
        headers: { "Content-Disposition": "attachment; filename=..." },
      },
    },
    errors: codes([...STAFF, "ORG_NOT_FOUND"]),
  },
];
