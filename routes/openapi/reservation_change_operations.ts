/**
 * The staff's changes to one reservation (routes/api/reservation_staff.ts)
 * for the OpenAPI document: move, cancel, resend.
 */
import { z } from "zod";
import type { OperationSpec } from "../../lib/openapi/document.ts";
import {
  emptyBody,
  moveBody,
  reservationIdParam,
} from "../api/reservation_staff.ts";
import * as answers from "./responses.ts";
import { codes, JSON_BODY, STAFF } from "./error_codes.ts";

const instant = z.string().meta({ format: "date-time" });
const id = z.int().positive();
const time = z.string().regex(/^\d{2}:\d{2}$/).describe("HH:MM (24 h)");
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).meta({ format: "date" });

/** `POST /api/reservations/:id/cancel` 200. */
export const cancelledAnswer = z.object({
  reservation: z.object({
    id,
    ticket_code: z.string(),
    status: z.literal("CANCELLED"),
    customer_email: z.string(),
    customer_phone: z.string(),
    reserved_at: instant,
    cancelled_at: instant,
    cancelled_by: z.literal("staff"),
    slot: z.object({ id, date, start_time: time, end_time: time }),
  }),
  ticket: z.object({
    code: z.string(),
    status: z.literal("ACTIVATED"),
    orq: id,
  }),
});

/** `POST /api/reservations/:id/resend` 202. */
export const resendAnswer = z.object({
  reservation_id: id,
  queued: z.literal("confirmation"),
});

const MANAGERS: OperationSpec["roles"] = ["MANAGER", "ADMIN"];
const LIMIT_NOTE = "Spends one of the staff member's reservation changes " +
  "(RATE_LIMIT_RESERVE_PER_MIN a minute; 429 RATE_LIMITED with Retry-After). " +
  "Another organization's reservation answers 404, as an unknown id.";
const REFUSALS = codes([
  ...JSON_BODY,
  ...STAFF,
  "RATE_LIMITED",
  "RESERVATION_NOT_FOUND",
  "TICKET_ALREADY_VERIFIED",
  "TICKET_EXPIRED",
]);

/** Move, cancel and resend of one reservation (MANAGER+). */
export const RESERVATION_CHANGE_OPERATIONS: OperationSpec[] = [
  {
    method: "post",
    path: "/api/reservations/:id/move",
    tag: "Manager",
    summary: "Move a reservation to another slot",
    description: "Only a RESERVED reservation (VERIFIED: undo first → 409 " +
      "TICKET_ALREADY_VERIFIED; EXPIRED → 410 TICKET_EXPIRED; cancelled → " +
      "404). The target as for a booking (SLOT_NOT_FOUND also for another " +
      "organization's slot, SLOT_CLOSED, SLOT_IN_PAST, SLOT_FULL with " +
      "`details.alternatives`), with no cut-off and no horizon. One " +
      "transaction takes the new place and gives the old one back; the " +
      "reservation keeps its id, its version grows (new signed QR and " +
      "calendar URLs, the old ones answer 404) and the customer gets a " +
      '"moved" mail. The same slot: 200, nothing changed. ' + LIMIT_NOTE,
    auth: "staff",
    roles: MANAGERS,
    params: reservationIdParam,
    body: moveBody,
    answers: {
      200: {
        description: "The reservation in its new slot (the create answer)",
        schema: answers.reservationAnswer,
      },
    },
    errors: codes([
      ...REFUSALS,
      "SLOT_NOT_FOUND",
      "SLOT_CLOSED",
      "SLOT_IN_PAST",
      "SLOT_FULL",
    ]),
  },
  {
    method: "post",
    path: "/api/reservations/:id/cancel",
    tag: "Manager",
    summary: "Cancel a reservation",
    description: "Body `{}`. Only a RESERVED reservation, as for move. The " +
      "row stays with status CANCELLED (`cancelled_by: staff`); the ticket " +
      "is ACTIVATED again and may be booked anew; the place returns to the " +
      "slot; the customer gets a cancellation mail. Lookup, QR and " +
      "calendar of a cancelled reservation answer 404. " + LIMIT_NOTE,
    auth: "staff",
    roles: MANAGERS,
    params: reservationIdParam,
    body: emptyBody,
    answers: {
      200: {
        description: "The cancelled reservation and its ticket",
        schema: cancelledAnswer,
      },
    },
    errors: REFUSALS,
  },
  {
    method: "post",
    path: "/api/reservations/:id/resend",
    tag: "Manager",
    summary: "Send the confirmation mail again",
    description: "Body `{}`. RESERVED or VERIFIED reservations (EXPIRED → " +
      "410 TICKET_EXPIRED, cancelled → 404): the confirmation with the " +
      "current version's links is queued again. " + LIMIT_NOTE,
    auth: "staff",
    roles: MANAGERS,
    params: reservationIdParam,
    body: emptyBody,
    answers: {
      202: { description: "Queued", schema: resendAnswer },
    },
    errors: codes([
      ...JSON_BODY,
      ...STAFF,
      "RATE_LIMITED",
      "RESERVATION_NOT_FOUND",
      "TICKET_EXPIRED",
    ]),
  },
];
