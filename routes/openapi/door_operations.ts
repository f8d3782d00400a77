/**
 * The door's check-in and undo (API.md "Door") for the OpenAPI document, as
 * ./staff_operations.ts describes validate and verify.
 */
import { z } from "zod";
import type { OperationSpec } from "../../lib/openapi/document.ts";
import { checkInBody, undoBody } from "../api/door.ts";
import { scanAnswer } from "./responses.ts";
import { codes, JSON_BODY, STAFF } from "./error_codes.ts";

/** `POST /api/operator/check-in` 200. */
export const checkInAnswer = scanAnswer.extend({
  checked_in: z.boolean().describe("This request admitted the guest"),
  checked_out: z.boolean().optional().describe(
    "OUT only: this request let the guest out",
  ),
});

/** `POST /api/operator/undo-check-in` 200. */
export const undoAnswer = scanAnswer.extend({
  checked_in: z.literal(false),
  undone: z.object({
    id: z.int().positive(),
    kind: z.enum(["VERIFIED", "REENTRY", "EXIT"]),
    at: z.string().meta({ format: "date-time" }),
  }).describe("The door event reverted"),
});

/** Check-in and undo. */
export const DOOR_OPERATIONS: OperationSpec[] = [
  {
    method: "post",
    path: "/api/operator/check-in",
    tag: "Door",
    summary: "Decide and admit (IN) or let out (OUT) in one round trip",
    description: "Always 200 for a well-formed request: the validate-ticket " +
      "answer as decided, with the ticket after the admission, plus " +
      "`checked_in` (and `checked_out` for OUT). GREEN admits (VALID), " +
      "re-admits a guest who scanned out (REENTRY) or lets a guest out " +
      "(EXIT). The nonce is unique per organization: a repeat of the same " +
      "code and direction answers the first answer and records nothing; " +
      "another code or direction → 400 (`fields.nonce`).",
    auth: "staff",
    roles: ["OPERATOR", "MANAGER", "ADMIN"],
    body: checkInBody,
    answers: {
      200: {
        description: "The decision and the admission",
        schema: checkInAnswer,
      },
    },
    errors: codes([...JSON_BODY, ...STAFF, "RATE_LIMITED", "ORG_NOT_FOUND"]),
  },
  {
    method: "post",
    path: "/api/operator/undo-check-in",
    tag: "Door",
    summary: "Revert the ticket's latest admission, re-entry or exit",
    description: "A first admission → RESERVED again; a re-entry → outside; " +
      "an exit → inside again. Answers the validate decision now. An " +
      "operator may undo only their own scans of the last 5 minutes " +
      "(403 otherwise); managers any. The nonce as for check-in.",
    auth: "staff",
    roles: ["OPERATOR", "MANAGER", "ADMIN"],
    body: undoBody,
    answers: {
      200: { description: "The decision after the undo", schema: undoAnswer },
    },
    errors: codes([
      ...JSON_BODY,
      ...STAFF,
      "ORG_NOT_FOUND",
      "NOTHING_TO_UNDO",
    ]),
  },
];
