/**
 * The waitlist (routes/api/waitlist.ts) for the OpenAPI document: join,
 * claim an offer, leave.
 */
import { z } from "zod";
import type { OperationSpec } from "../../lib/openapi/document.ts";
import {
  waitlistClaimBody,
  waitlistJoinBody,
  waitlistLeaveBody,
} from "../api/waitlist.ts";
import * as answers from "./responses.ts";
import { bookedReservation } from "./reservation_group_operations.ts";
import { codes, JSON_BODY, TICKET_REFUSALS } from "./error_codes.ts";

const time = z.string().regex(/^\d{2}:\d{2}$/).describe("HH:MM (24 h)");

/** `POST /api/waitlist` 201. */
export const waitlistJoined = z.object({
  waitlist: z.object({
    id: z.int().positive(),
    position: z.int().positive().describe(
      "1-based rank among the live entries now",
    ),
    slot: z.object({
      id: z.int().positive(),
      date: z.string().meta({ format: "date" }),
      start_time: time,
      end_time: time,
    }),
  }),
});

/** `POST /api/waitlist/claim` 201 (and 200 for a repeated claim). */
export const waitlistClaimed = z.object({
  group_id: z.string().optional().describe(
    "When the offer booked several places: shared by them (UUID)",
  ),
  organization: answers.publicOrganization.optional().describe(
    "The venue (always present)",
  ),
  reservations: z.array(bookedReservation),
});

const LIMIT_NOTE = "Spends one of the address's reservation changes " +
  "(RATE_LIMIT_RESERVE_PER_MIN, shared with create).";

/** Join, claim and leave. */
export const WAITLIST_OPERATIONS: OperationSpec[] = [
  {
    method: "post",
    path: "/api/waitlist",
    tag: "Customer",
    summary: "Join a full slot's waitlist",
    description: "1 to 20 distinct ticket codes wait together for as many " +
      "places. Tickets are checked in the given order (TICKET_*, " +
      "`details.ticket_code`; another organization's ticket is not found), " +
      "then ALREADY_WAITLISTED (a ticket is on one live waitlist at most), " +
      "then the slot: SLOT_NOT_FOUND, SLOT_CLOSED, SLOT_IN_PAST when it " +
      "starts within `waitlist_offer_minutes`, SLOT_NOT_FULL when it has " +
      "room for the group (`details.available_count`). When places free " +
      "up they are held for the entries that fit, in join order, and an " +
      "offer mail with a claim link is sent. " + LIMIT_NOTE +
      " Also one validation per code (RATE_LIMIT_VALIDATE_PER_MIN).",
    auth: "none",
    body: waitlistJoinBody,
    answers: {
      201: { description: "On the waitlist", schema: waitlistJoined },
    },
    errors: codes([
      ...JSON_BODY,
      "RATE_LIMITED",
      ...TICKET_REFUSALS,
      "ALREADY_WAITLISTED",
      "SLOT_NOT_FOUND",
      "SLOT_CLOSED",
      "SLOT_IN_PAST",
      "SLOT_NOT_FULL",
    ]),
  },
  {
    method: "post",
    path: "/api/waitlist/claim",
    tag: "Customer",
    summary: "Book the places an offer holds",
    description: "The token of the offer mail's link (single use). The " +
      "held places become booked in one transaction, one reservation per " +
      "ticket, each with its confirmation mail. Unknown → 404 " +
      "OFFER_NOT_FOUND; claimed before → 200 with the same reservations; " +
      "the hold over → 410 OFFER_EXPIRED; the slot closed since → 409 " +
      "SLOT_CLOSED; a ticket no longer reservable → its TICKET_* code " +
      "(`details.ticket_code`) and the places go to the next entries. " +
      LIMIT_NOTE,
    auth: "none",
    body: waitlistClaimBody,
    answers: {
      200: {
        description: "Claimed before: the same reservations",
        schema: waitlistClaimed,
      },
      201: { description: "Booked", schema: waitlistClaimed },
    },
    errors: codes([
      ...JSON_BODY,
      "RATE_LIMITED",
      "OFFER_NOT_FOUND",
      "OFFER_EXPIRED",
      "SLOT_CLOSED",
      "TICKET_NOT_ACTIVATED",
      "TICKET_ALREADY_RESERVED",
      "TICKET_ALREADY_VERIFIED",
      "TICKET_EXPIRED",
    ]),
  },
  {
    method: "delete",
    path: "/api/waitlist/:id",
    tag: "Customer",
    summary: "Leave a waitlist",
    description: "With any of the entry's ticket codes. Places its offer " +
      "held go to the next entries. Unknown, ended, or a code not of the " +
      "entry → 404 WAITLIST_NOT_FOUND. " + LIMIT_NOTE,
    auth: "none",
    params: z.object({ id: z.string().regex(/^\d{1,9}$/) }),
    body: waitlistLeaveBody,
    answers: { 204: { description: "Left", contentType: null } },
    errors: codes([...JSON_BODY, "RATE_LIMITED", "WAITLIST_NOT_FOUND"]),
  },
];
