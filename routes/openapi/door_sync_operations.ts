/**
 * Offline scanning's sync and the dashboard's conflicts (API.md "Offline
 * scanning", "Manager") for the OpenAPI document.
 */
import { z } from "zod";
import type { OperationSpec } from "../../lib/openapi/document.ts";
import { syncBody } from "../api/door_sync.ts";
import { conflictsQuery } from "../api/dashboard_conflicts.ts";
import { codes, JSON_BODY, STAFF } from "./error_codes.ts";

const instant = z.string().meta({ format: "date-time" });

/** An admission: when, where, on which device, by whom. */
const admission = z.object({
  at: instant,
  gate: z.string().nullable(),
  device: z.string().nullable(),
  by: z.object({ id: z.int().positive(), name: z.string().nullable() })
    .nullable(),
});

/** `POST /api/operator/sync` 200. */
export const syncAnswer = z.object({
  results: z.array(z.object({
    nonce: z.string(),
    outcome: z.enum(["ACCEPTED", "DUPLICATE", "REJECTED"]),
    reason: z.string().optional().describe(
      "The door's reason (VALID, EXIT, TOO_LATE, ...), or SCAN_TOO_OLD / " +
        "SCAN_IN_FUTURE",
    ),
    first: admission.optional().describe(
      "DUPLICATE: the admission that counts",
    ),
  })).describe("One per scan, in request order"),
});

/** `GET /api/dashboard/conflicts` 200. */
export const conflictsAnswer = z.object({
  orq: z.int().positive(),
  date: z.string().meta({ format: "date" }),
  conflicts: z.array(z.object({
    id: z.int().positive(),
    kind: z.enum(["DOUBLE_ADMISSION", "REFUSED_ADMISSION"]),
    code: z.string(),
    code_prefix: z.string(),
    reason: z.string().nullable(),
    counted_inside: z.boolean(),
    first: admission.nullable(),
    second: admission,
    recorded_at: instant,
  })).describe("Newest first"),
});

/** Sync and the day's conflicts. */
export const DOOR_SYNC_OPERATIONS: OperationSpec[] = [
  {
    method: "post",
    path: "/api/operator/sync",
    tag: "Door",
    summary: "Upload a device's offline scans",
    description: "At most 500 scans and 1 MiB. Each scan is decided in " +
      "upload order against the ticket's current state at its " +
      "`scanned_at` (older than 24 h or more than 5 minutes ahead → " +
      "REJECTED); an admitted scan's verified_at is its scanned_at. A " +
      "ticket already admitted → DUPLICATE with `first`. A nonce seen " +
      "before answers its first answer; another code or direction → 400. " +
      "Scans the device admitted that the server does not accept are " +
      "conflicts on the dashboard. 30 uploads a minute per staff member.",
    auth: "staff",
    roles: ["OPERATOR", "MANAGER", "ADMIN"],
    body: syncBody,
    answers: {
      200: { description: "The outcome of each scan", schema: syncAnswer },
    },
    errors: codes([...JSON_BODY, ...STAFF, "RATE_LIMITED", "ORG_NOT_FOUND"]),
  },
  {
    method: "get",
    path: "/api/dashboard/conflicts",
    tag: "Manager",
    summary: "The day's offline conflicts, newest first",
    description: "`date` defaults to today in the venue's zone.",
    auth: "staff",
    roles: ["MANAGER", "ADMIN"],
    query: conflictsQuery,
    answers: {
      200: { description: "The conflicts", schema: conflictsAnswer },
    },
    errors: codes([...STAFF, "ORG_NOT_FOUND"]),
  },
];
