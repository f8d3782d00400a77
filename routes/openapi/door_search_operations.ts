/**
 * The door search for the OpenAPI document, as ./customer_operations.ts
 * describes the customer's routes.
 */
import { z } from "zod";
import type { OperationSpec } from "../../lib/openapi/document.ts";
import { doorSearchQuery } from "../api/door_search.ts";
import { scanAnswer } from "./responses.ts";
import { codes, STAFF } from "./error_codes.ts";

/** `GET /api/operator/search` 200. */
export const doorSearchAnswer = z.object({
  items: z.array(scanAnswer.extend({ reservation_id: z.int().positive() })),
});

/** `GET /api/operator/search`. */
export const DOOR_SEARCH_OPERATIONS: OperationSpec[] = [
  {
    method: "get",
    path: "/api/operator/search",
    tag: "Door",
    summary: "Find today's reservations of a guest without a phone",
    description: "Today's (the venue's date) RESERVED and VERIFIED " +
      "reservations whose code, email or phone matches `q`: a code " +
      "fragment typed as people do (any case, spaces and dashes, I and L " +
      "as 1, O as 0), an email fragment (case and accents ignored) or " +
      "phone digits; a scanned QR's signed `TE1` payload finds the " +
      "reservation of the code it signs (a forged one finds none). " +
      "`q` needs 3 or more letters or digits. By slot start " +
      "then reservation id, at most 20, each with the validate-ticket " +
      "answer as decided now. Spends one validation token of the rate " +
      "limit.",
    auth: "staff",
    roles: ["OPERATOR", "MANAGER", "ADMIN"],
    query: doorSearchQuery,
    answers: {
      200: { description: "The matches", schema: doorSearchAnswer },
    },
    errors: codes([...STAFF, "RATE_LIMITED", "ORG_NOT_FOUND"]),
  },
];
