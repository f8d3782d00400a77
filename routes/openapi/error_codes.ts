import type { ErrorCode } from "../../domain/errors.ts";

/**
 * `list` with VALIDATION_FAILED (a URL holding `%00` is refused on every
 * route) and, unless `db` is false, SERVICE_UNAVAILABLE (database away).
 */
export function codes(list: ErrorCode[], db = true): ErrorCode[] {
  return [
    ...new Set<ErrorCode>([
      "VALIDATION_FAILED",
      ...list,
      ...(db ? ["SERVICE_UNAVAILABLE" as const] : []),
    ]),
  ];
}

/** A route that reads a JSON body. */
export const JSON_BODY: ErrorCode[] = [
  "VALIDATION_FAILED",
  "PAYLOAD_TOO_LARGE",
];

/** A route for signed-in staff. */
export const STAFF: ErrorCode[] = ["UNAUTHORIZED", "FORBIDDEN"];

/** Why a ticket may not be reserved (domain/ticket_status.ts). */
export const TICKET_REFUSALS: ErrorCode[] = [
  "TICKET_NOT_FOUND",
  "TICKET_NOT_ACTIVATED",
  "TICKET_ALREADY_RESERVED",
  "TICKET_ALREADY_VERIFIED",
  "TICKET_EXPIRED",
];
