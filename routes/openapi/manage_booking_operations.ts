/**
 * "Manage my booking" (routes/api/manage_booking.ts) for the OpenAPI
 * document: the booking in full for its manage token, or its code and email.
 */
import { z } from "zod";
import type { OperationSpec } from "../../lib/openapi/document.ts";
import { lookupBody } from "../api/manage_booking.ts";
import * as answers from "./responses.ts";
import { codes, JSON_BODY } from "./error_codes.ts";

const instant = z.string().meta({ format: "date-time" });

/** `POST /api/reservations/lookup` 200. */
export const manageAnswer = answers.reservationAnswer.extend({
  organization: z.object({
    orq: z.int().positive(),
    name: z.string(),
    address: z.string().nullable(),
    booking_horizon_days: z.int(),
    change_cutoff_hours: z.int().nullable(),
  }),
  manage_token: z.string().describe(
    "A fresh manage token (`/reserve/manage?token=`)",
  ),
  manage: z.object({
    timezone: z.string(),
    starts_at: instant,
    ends_at: instant,
    change_cutoff: instant.nullable().describe(
      "Changes online until (exclusive); null: never online",
    ),
    changeable: z.boolean(),
    refusal: z.enum([
      "TICKET_ALREADY_VERIFIED",
      "TICKET_EXPIRED",
      "CHANGE_CUTOFF_PASSED",
    ]).nullable().describe("What reschedule and cancel would answer now"),
    horizon_date: z.string().meta({ format: "date" }),
  }),
});

/** The manage lookup. */
export const MANAGE_BOOKING_OPERATIONS: OperationSpec[] = [
  {
    method: "post",
    path: "/api/reservations/lookup",
    tag: "Customer",
    summary: "My booking in full, for its manage link or code and email",
    description: "`manage_token` (the token of the manage link in every " +
      "mail and on the success page) or the ticket code and the booking's " +
      "email: the create answer with the contact unmasked, a fresh " +
      "`manage_token`, the venue and `manage` (the change cut-off and " +
      "whether changes are still possible). A token that is forged, of " +
      "another purpose (a staff sign-in) or malformed → 404 " +
      "RESERVATION_NOT_FOUND (`details.reason: LINK_INVALID`); past the " +
      "visit's end → the same with LINK_EXPIRED; its reservation cancelled " +
      "→ 404 RESERVATION_NOT_FOUND. With the code: TICKET_NOT_FOUND, " +
      "another email → RESERVATION_NOT_FOUND, no booking → " +
      "TICKET_NOT_RESERVED. Limited per address " +
      "(RATE_LIMIT_LOOKUP_PER_MIN).",
    auth: "none",
    body: lookupBody,
    answers: {
      200: { description: "The booking", schema: manageAnswer },
    },
    errors: codes([
      ...JSON_BODY,
      "RATE_LIMITED",
      "TICKET_NOT_FOUND",
      "RESERVATION_NOT_FOUND",
      "TICKET_NOT_RESERVED",
    ]),
  },
];
