/**
 * The back office's slot routes for the OpenAPI document (API.md "Back
 * office (staff)"): the list, capacity and status changes, and removal.
 */
import { z } from "zod";
import type { OperationSpec } from "../../lib/openapi/document.ts";
import {
  slotIdParams,
  slotListQuery,
  slotPatchBody,
} from "../api/slots_admin.ts";
import { codes, JSON_BODY, STAFF } from "./error_codes.ts";

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).meta({ format: "date" });
const time = z.string().regex(/^\d{2}:\d{2}$/).describe("HH:MM (24 h)");
const count = z.int().min(0);

/** A slot as the back office lists it. */
export const slotListItem = z.object({
  id: z.int().positive(),
  date,
  start_time: time,
  end_time: time.describe("HH:MM; 24:00 for midnight"),
  status: z.enum(["ACTIVE", "FULL", "CLOSED"]),
  total_capacity: count,
  booked_count: count,
  held_count: count,
  available_count: count,
  verified_count: count.describe("First admissions"),
  entries: count.describe("Every admission, re-entries included"),
  exits: count,
  waitlist_count: count,
});

/** `GET /api/reservation-slots` 200. */
export const slotList = z.object({
  items: z.array(slotListItem),
  next_cursor: z.string().nullable(),
});

/** `POST /api/reservation-slots/create` with `"preview": true`, 200. */
export const slotsPreview = z.object({
  created: z.array(
    slotListItem.pick({
      date: true,
      start_time: true,
      end_time: true,
      total_capacity: true,
    }).extend({ id: z.null() }),
  ),
  skipped: z.array(z.object({
    date,
    start_time: time,
    reason: z.literal("DUPLICATE"),
  })),
});

/** The back office's slot routes. */
export const SLOTS_ADMIN_OPERATIONS: OperationSpec[] = [
  {
    method: "get",
    path: "/api/reservation-slots",
    tag: "Back office",
    summary: "The slots of a date range, past included",
    description: "`from` defaults to the venue's today, `to` to from + 6; " +
      "at most 62 days. By date and start; `limit` 1–200 (default 50) and " +
      "`cursor` from `next_cursor` (bound to its query).",
    auth: "staff",
    roles: ["MANAGER", "ADMIN"],
    query: slotListQuery,
    answers: { 200: { description: "A page of slots", schema: slotList } },
    errors: codes([...STAFF, "ORG_NOT_FOUND"]),
  },
  {
    method: "patch",
    path: "/api/reservation-slots/:id",
    tag: "Back office",
    summary: "Change a slot's capacity or close and reopen it",
    description: "`ACTIVE` means not closed: FULL or ACTIVE then follows " +
      "from the counts. Capacity below booked + held → 409 " +
      "CAPACITY_BELOW_BOOKED with both counts. Dashboards get a " +
      "`slot_changed` event.",
    auth: "staff",
    roles: ["ADMIN"],
    params: slotIdParams,
    body: slotPatchBody,
    answers: { 200: { description: "The slot", schema: slotListItem } },
    errors: codes([
      ...JSON_BODY,
      ...STAFF,
      "SLOT_NOT_FOUND",
      "CAPACITY_BELOW_BOOKED",
    ]),
  },
  {
    method: "delete",
    path: "/api/reservation-slots/:id",
    tag: "Back office",
    summary: "Delete a slot nobody is booked on or holds",
    description: "Its cancelled reservations go with it; the audit log " +
      'keeps the record. Dashboards get `slot_changed` with `"deleted": true`.',
    auth: "staff",
    roles: ["ADMIN"],
    params: slotIdParams,
    answers: { 204: { description: "Deleted", contentType: null } },
    errors: codes([...STAFF, "SLOT_NOT_FOUND", "SLOT_HAS_RESERVATIONS"]),
  },
];
