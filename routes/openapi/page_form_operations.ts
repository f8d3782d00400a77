/**
 * The customer pages' forms without JavaScript, for the OpenAPI document:
 * each posts URL-encoded fields to its page, is checked as the API checks
 * it (its rate limits and refusals), and answers the page again (saying
 * why) or 303 to a page whose address holds no personal data.
 */
import { z } from "zod";
import type { AnswerSpec, OperationSpec } from "../../lib/openapi/document.ts";
import { codes } from "./error_codes.ts";

const HTML: AnswerSpec = {
  description: "The page",
  contentType: "text/html; charset=UTF-8",
  schema: { type: "string" },
};

function redirect(where: string): AnswerSpec {
  return {
    description: `Redirect to ${where}`,
    contentType: null,
    headers: { Location: where },
  };
}

/** A form body of string `fields`. */
function form(fields: string[]): OperationSpec["body"] {
  return {
    contentType: "application/x-www-form-urlencoded",
    schema: {
      type: "object",
      properties: Object.fromEntries(
        fields.map((name) => [name, { type: "string" }]),
      ),
    },
  };
}

/** A form of a customer page. */
function pageForm(
  path: string,
  summary: string,
  description: string,
  fields: string[],
  then: string,
): OperationSpec {
  return {
    method: "post",
    path,
    tag: "Pages",
    summary,
    description,
    auth: "none",
    body: form(fields),
    answers: { 200: HTML, 303: redirect(then) },
    errors: codes([]),
  };
}

/** The forms of the group, waitlist and manage pages. */
export const PAGE_FORM_OPERATIONS: OperationSpec[] = [
  pageForm(
    "/reserve/group",
    "Book for a group: a step posted without JavaScript",
    "`step` with the codes (`code`, repeated; `codes` pasted; `remove` " +
      "drops one), then `customer_email` and `customer_phone`, then " +
      "`slot_id`; `go` moves between steps. The last step books as " +
      "`POST /api/reservations/create-group`, all or nothing; after " +
      "SLOT_FULL the page offers the nearby times with room for the " +
      "group, each a button posting `alternative` (the slot id to book).",
    [
      "step",
      "go",
      "code",
      "codes",
      "remove",
      "customer_email",
      "customer_phone",
      "slot_id",
      "alternative",
    ],
    "/reserve/manage?token=...",
  ),
  pageForm(
    "/reserve/claim",
    "Claim a waitlist offer without JavaScript",
    "The offer's `token` and a `customer_phone`, as " +
      "`POST /api/waitlist/claim`.",
    ["token", "customer_phone"],
    "/reserve/manage?token=...",
  ),
  pageForm(
    "/reserve/waitlist",
    "Join a full slot's waitlist without JavaScript",
    "As `POST /api/waitlist` for one ticket.",
    ["ticket_code", "slot_id", "customer_email"],
    "/reserve/waitlist?date=...&start=...&end=...&position=...&entry=...",
  ),
  pageForm(
    "/reserve/waitlist/leave",
    "Leave a waitlist without JavaScript",
    "The entry's `waitlist_id` and one of its `ticket_code`s, as " +
      "`DELETE /api/waitlist/{id}` (same change limit and refusals; the " +
      "page says why, its alert carrying the error code).",
    ["waitlist_id", "ticket_code"],
    "/reserve/waitlist/left",
  ),
  {
    method: "get",
    path: "/reserve/waitlist/left",
    tag: "Pages",
    summary: "Off the waitlist: the page after leaving",
    description: "Says the entry was taken off its waitlist.",
    auth: "none",
    answers: { 200: HTML },
    errors: codes([], false),
  },
  {
    method: "get",
    path: "/reserve/waitlist",
    tag: "Pages",
    summary: "On the waitlist: where a joined entry stands",
    description: "The slot and the entry's rank, from the query only " +
      "(no personal data); with `entry` (its id), a form to leave that " +
      "asks for the ticket code.",
    auth: "none",
    query: z.object({
      date: z.string().optional(),
      start: z.string().optional(),
      end: z.string().optional(),
      position: z.string().optional(),
      entry: z.string().optional(),
    }),
    answers: { 200: HTML },
    errors: codes([], false),
  },
  pageForm(
    "/reserve/manage/reschedule",
    "Manage my booking: change the time without JavaScript",
    "`manage_token` and the new `slot_id` (`date` keeps the calendar's " +
      "day on a refusal), as `POST /api/reservations/reschedule`.",
    ["manage_token", "slot_id", "date"],
    "/reserve/manage?token=...&done=moved",
  ),
  pageForm(
    "/reserve/manage/cancel",
    "Manage my booking: cancel without JavaScript",
    "`manage_token`, as `POST /api/reservations/cancel`.",
    ["manage_token"],
    "/reserve/manage?token=...&done=cancelled",
  ),
  pageForm(
    "/reserve/manage/resend",
    "Manage my booking: send the confirmation again without JavaScript",
    "`manage_token`, as `POST /api/reservations/resend`.",
    ["manage_token"],
    "/reserve/manage?token=...&done=resent",
  ),
];
