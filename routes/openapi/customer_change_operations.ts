/**
 * The customer's own changes (routes/api/customer_changes.ts) for the
 * OpenAPI document: reschedule, cancel, resend.
 */
import { z } from "zod";
import type { OperationSpec } from "../../lib/openapi/document.ts";
import {
  cancelTokenBody,
  customerCancelBody,
  customerResendBody,
  rescheduleBody,
  rescheduleTokenBody,
} from "../api/customer_changes.ts";
import * as answers from "./responses.ts";
import { codes, JSON_BODY } from "./error_codes.ts";

/** `POST /api/reservations/cancel` 200. */
export const customerCancelledAnswer = z.object({
  ticket: z.object({
    code: z.string(),
    status: z.literal("ACTIVATED"),
    orq: z.int().positive(),
  }),
});

/** `POST /api/reservations/resend` 202. */
export const customerResendAnswer = z.object({
  queued: z.literal("confirmation"),
});

const CREDENTIAL_NOTE = "The ticket code and the booking's email (any case) " +
  "are the credential. Checks in order: input; TICKET_NOT_FOUND; a " +
  "reservation with another email → 404 RESERVATION_NOT_FOUND; none → 409 " +
  "TICKET_NOT_RESERVED; TICKET_EXPIRED; TICKET_ALREADY_VERIFIED; the " +
  "cut-off (409 CHANGE_CUTOFF_PASSED, `details.cutoff`: the current slot's " +
  "start − `change_cutoff_hours`, or null when customers may never " +
  "change). Spends one of the address's reservation changes " +
  "(RATE_LIMIT_RESERVE_PER_MIN, shared with create). Instead of the code " +
  "and email, `manage_token` (the manage link's): its reservation, kept " +
  "through moves; forged, another purpose's or malformed → 404 " +
  "RESERVATION_NOT_FOUND (`details.reason: LINK_INVALID`), past the " +
  "visit's end → LINK_EXPIRED, cancelled → RESERVATION_NOT_FOUND.";
const CHECKS = [
  ...JSON_BODY,
  "RATE_LIMITED",
  "TICKET_NOT_FOUND",
  "RESERVATION_NOT_FOUND",
  "TICKET_NOT_RESERVED",
  "TICKET_EXPIRED",
  "TICKET_ALREADY_VERIFIED",
  "CHANGE_CUTOFF_PASSED",
] as const;

/** Reschedule, cancel and resend by the customer. */
export const CUSTOMER_CHANGE_OPERATIONS: OperationSpec[] = [
  {
    method: "post",
    path: "/api/reservations/reschedule",
    tag: "Customer",
    summary: "Move my booking to another slot",
    description: CREDENTIAL_NOTE + " Then the target as for create " +
      "(SLOT_NOT_FOUND, SLOT_CLOSED, SLOT_IN_PAST, SLOT_BEYOND_HORIZON, " +
      "SLOT_FULL with `details.alternatives`). One transaction takes the new " +
      "place and gives the old one back; the reservation keeps its id, its " +
      "version grows (the old QR and calendar URLs answer 404) and a " +
      '"your visit has moved" mail is sent. The same slot: 200, nothing ' +
      "changed.",
    auth: "none",
    body: z.union([rescheduleBody, rescheduleTokenBody]),
    answers: {
      200: {
        description: "The reservation in its new slot (the create answer)",
        schema: answers.reservationAnswer,
      },
    },
    errors: codes([
      ...CHECKS,
      "SLOT_NOT_FOUND",
      "SLOT_CLOSED",
      "SLOT_IN_PAST",
      "SLOT_BEYOND_HORIZON",
      "SLOT_FULL",
    ]),
  },
  {
    method: "post",
    path: "/api/reservations/cancel",
    tag: "Customer",
    summary: "Cancel my booking",
    description: CREDENTIAL_NOTE + " The reservation stays as a row, " +
      "CANCELLED by the customer; the ticket is ACTIVATED again; the place " +
      "returns to the slot; a cancellation mail is sent and mails not yet " +
      "sent about the booking are dropped.",
    auth: "none",
    body: z.union([customerCancelBody, cancelTokenBody]),
    answers: {
      200: {
        description: "The ticket, bookable again",
        schema: customerCancelledAnswer,
      },
    },
    errors: codes([...CHECKS]),
  },
  {
    method: "post",
    path: "/api/reservations/resend",
    tag: "Customer",
    summary: "Send my confirmation mail again",
    description: "To the email the ticket was booked with. At most 3 an " +
      "hour per ticket (429 RATE_LIMITED with Retry-After); also spends one " +
      "of the address's lookups (RATE_LIMIT_LOOKUP_PER_MIN). Unknown → 404 " +
      "TICKET_NOT_FOUND; no booking → 409 TICKET_NOT_RESERVED; EXPIRED → " +
      "410 TICKET_EXPIRED.",
    auth: "none",
    body: customerResendBody,
    answers: {
      202: {
        description: "The confirmation is queued",
        schema: customerResendAnswer,
      },
    },
    errors: codes([
      ...JSON_BODY,
      "RATE_LIMITED",
      "TICKET_NOT_FOUND",
      "TICKET_NOT_RESERVED",
      "TICKET_EXPIRED",
      "RESERVATION_NOT_FOUND",
    ]),
  },
];
