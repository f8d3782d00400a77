/** The group booking route for the OpenAPI document (see ./customer_operations.ts). */
import { z } from "zod";
import type { OperationSpec } from "../../lib/openapi/document.ts";
import { createGroupBody } from "../api/reservation_group.ts";
import * as answers from "./responses.ts";
import { codes, JSON_BODY, TICKET_REFUSALS } from "./error_codes.ts";

/** A reservation of a booking of several, as create answers it (no venue). */
export const bookedReservation = answers.reservationAnswer.omit({
  organization: true,
}).extend({
  manage_token: z.string().describe(
    "The token of this reservation's manage link (`/reserve/manage?token=`)",
  ),
});

/** `POST /api/reservations/create-group` 201. */
export const groupAnswer = z.object({
  group_id: z.string().describe("Shared by the group's reservations (UUID)"),
  organization: answers.publicOrganization.optional().describe(
    "The venue (always present)",
  ),
  reservations: z.array(bookedReservation).describe(
    "One create answer per ticket, in the order given",
  ),
});

/** `POST /api/reservations/create-group`. */
export const RESERVATION_GROUP_OPERATIONS: OperationSpec[] = [
  {
    method: "post",
    path: "/api/reservations/create-group",
    tag: "Customer",
    summary: "Reserve one slot for 2 to 20 tickets, all or nothing",
    description: "Tickets are checked in the given order and the first " +
      "refusal names it in `details.ticket_code`; then the slot. SLOT_FULL " +
      "carries `details.available_count` and `details.alternatives` with " +
      "room for the whole group. The same code twice (as typed or " +
      "normalised): 400. One confirmation mail lists every ticket. Spends " +
      "one reservation-change token and one validation token per code.",
    auth: "none",
    body: createGroupBody,
    answers: {
      201: { description: "The group's reservations", schema: groupAnswer },
    },
    errors: codes([
      ...JSON_BODY,
      "RATE_LIMITED",
      ...TICKET_REFUSALS,
      "SLOT_NOT_FOUND",
      "SLOT_CLOSED",
      "SLOT_IN_PAST",
      "SLOT_FULL",
    ]),
  },
  {
    method: "get",
    path: "/reserve/group",
    tag: "Pages",
    summary: "The group booking page: several tickets, one time",
    auth: "none",
    answers: {
      200: {
        description: "The page",
        contentType: "text/html; charset=UTF-8",
        schema: { type: "string" },
      },
    },
    errors: codes([], false),
  },
];
