/**
 * The customer's JSON routes for the OpenAPI document: each with the zod
 * schema its handler validates with, its answers (./responses.ts) and the
 * error codes it may answer (domain/errors.ts). A route added to the app
 * without a line here fails tests/integration/openapi_test.ts.
 */
import { z } from "zod";
import type { OperationSpec } from "../../lib/openapi/document.ts";
import { validateBody } from "../api/tickets.ts";
import { availableQuery } from "../api/slots.ts";
import { createBody, lookupQuery } from "../api/reservations.ts";
import * as answers from "./responses.ts";
import { codes, JSON_BODY, TICKET_REFUSALS } from "./error_codes.ts";

const RATE = { "Retry-After": "Seconds to wait (429)" };

/** `:id` and `?t=&v=` of a reservation's signed file URLs. */
const fileParams = z.object({
  id: z.string().regex(/^[1-9]\d{0,8}$/).describe("The reservation's id"),
});
const fileQuery = z.object({
  t: z.string().describe("The signed token of the URL in the answer"),
  v: z.string().regex(/^[1-9]\d{0,8}$/).describe("The reservation's version"),
});
const FILE_ERRORS = codes(["RATE_LIMITED", "RESERVATION_NOT_FOUND"]);
const FILE_NOTE = "The URL comes signed in the reservation answer; without " +
  "its token, with a wrong one or another version's: 404 " +
  "RESERVATION_NOT_FOUND. Limited per address (RATE_LIMIT_LOOKUP_PER_MIN).";

/** Health and the customer's routes. */
export const CUSTOMER_OPERATIONS: OperationSpec[] = [
  {
    method: "get",
    path: "/api/health",
    tag: "Health",
    summary: "Whether the database answers",
    auth: "none",
    answers: {
      200: {
        description: "Migrations ran and the database answers",
        schema: answers.healthOk,
      },
      503: {
        description: "The database cannot be reached",
        schema: answers.healthUnavailable,
        headers: { "Retry-After": "Seconds" },
      },
    },
    errors: codes([], false),
  },
  {
    method: "post",
    path: "/api/tickets/validate",
    tag: "Customer",
    summary: "Check that a ticket may be reserved",
    auth: "none",
    body: validateBody,
    answers: {
      200: {
        description: "The ticket may be reserved",
        schema: answers.ticketEligible,
        headers: RATE,
      },
    },
    errors: codes([...JSON_BODY, "RATE_LIMITED", ...TICKET_REFUSALS]),
  },
  {
    method: "get",
    path: "/api/reservation-slots/available",
    tag: "Customer",
    summary: "Bookable dates and slots with their levels",
    description: "`from` defaults to today in the venue's zone, `to` to " +
      "from + 89 days (both inclusive, at most 366 days). Ended slots are " +
      "not listed; FULL and CLOSED ones are.",
    auth: "none",
    query: availableQuery,
    answers: {
      200: {
        description: "Slots grouped by date",
        schema: answers.availability,
      },
    },
    errors: codes(["ORG_NOT_FOUND"]),
  },
  {
    method: "post",
    path: "/api/reservations/create",
    tag: "Customer",
    summary: "Reserve a slot for a ticket",
    description: "Checks run in order: input, ticket, slot. SLOT_FULL " +
      "carries `details.alternatives` (up to 5 slots with room). A slot " +
      "dated after today + `booking_horizon_days` − 1 → 409 " +
      "SLOT_BEYOND_HORIZON.",
    auth: "none",
    body: createBody,
    answers: {
      201: {
        description: "The reservation, its QR and calendar links, and the " +
          "token of its manage link (`/reserve/manage?token=`)",
        schema: answers.reservationAnswer.extend({
          manage_token: z.string(),
        }),
      },
    },
    errors: codes([
      ...JSON_BODY,
      "RATE_LIMITED",
      ...TICKET_REFUSALS,
      "SLOT_NOT_FOUND",
      "SLOT_CLOSED",
      "SLOT_IN_PAST",
      "SLOT_BEYOND_HORIZON",
      "SLOT_FULL",
    ]),
  },
  {
    method: "get",
    path: "/api/reservations/lookup",
    tag: "Customer",
    summary: "A ticket's reservation again, contact masked",
    auth: "none",
    query: lookupQuery,
    answers: {
      200: {
        description: "The create answer, with `j***@example.com`",
        schema: answers.reservationAnswer,
      },
    },
    errors: codes(["RATE_LIMITED", "RESERVATION_NOT_FOUND"]),
  },
  ...(["svg", "png"] as const).map((format): OperationSpec => ({
    method: "get",
    path: `/api/reservations/:id/qr.${format}`,
    tag: "Customer",
    summary: `The reservation's QR code (${format.toUpperCase()})`,
    description: FILE_NOTE + " Each version's image may be cached for good " +
      "(ETag, `immutable`).",
    auth: "none",
    params: fileParams,
    query: fileQuery,
    answers: {
      200: {
        description: "The image",
        contentType: format === "svg" ? "image/svg+xml" : "image/png",
        schema: format === "svg"
          ? { type: "string" }
          : { type: "string", contentMediaType: "image/png" },
        headers: { ETag: "The image's tag", "Cache-Control": "immutable" },
      },
      304: { description: "If-None-Match named the ETag", contentType: null },
    },
    errors: FILE_ERRORS,
  })),
  {
    method: "get",
    path: "/api/reservations/:id/ticket.png",
    tag: "Customer",
    summary: "The ticket to download: the QR code with a caption",
    description: FILE_NOTE + " The caption names the venue, date, time " +
      "and code; the file is named after them " +
      "(`ticket-<venue>-<date>-<HHMM>.png`). Each version's image may be " +
      "cached for good (ETag, `immutable`).",
    auth: "none",
    params: fileParams,
    query: fileQuery,
    answers: {
      200: {
        description: "The image (attachment)",
        contentType: "image/png",
        schema: { type: "string", contentMediaType: "image/png" },
        headers: { ETag: "The image's tag", "Cache-Control": "immutable" },
      },
      304: { description: "If-None-Match named the ETag", contentType: null },
    },
    errors: FILE_ERRORS,
  },
  {
    method: "get",
    path: "/api/reservations/:id/calendar.ics",
    tag: "Customer",
    summary: "The visit as a calendar file",
    description: FILE_NOTE,
    auth: "none",
    params: fileParams,
    query: fileQuery,
    answers: {
      200: {
        description: "An iCalendar file (attachment)",
        contentType: "text/calendar; charset=utf-8",
        schema: { type: "string" },
      },
    },
    errors: FILE_ERRORS,
  },
];
