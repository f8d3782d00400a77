/** Stable error codes of the HTTP contract, with their status and default message. */
export const ERRORS = {
  VALIDATION_FAILED: [400, "Some fields are missing or malformed."],
  UNAUTHORIZED: [401, "Please sign in again."],
  INVALID_CREDENTIALS: [401, "Username or secret is not correct."],
  PASSWORD_REQUIRED: [401, "This account signs in with its password."],
  FORBIDDEN: [403, "You are not allowed to do this."],
  NOT_FOUND: [404, "There is nothing here."],
  ORG_NOT_FOUND: [404, "This organization does not exist."],
  TICKET_NOT_FOUND: [404, "We could not find a ticket with this code."],
  SLOT_NOT_FOUND: [404, "This time slot does not exist."],
  RESERVATION_NOT_FOUND: [404, "This reservation does not exist."],
  TICKET_NOT_ACTIVATED: [409, "This ticket has not been paid for yet."],
  TICKET_ALREADY_RESERVED: [409, "This ticket already has a reservation."],
  TICKET_ALREADY_VERIFIED: [409, "This ticket has already been used."],
  TICKET_EXPIRED: [410, "This ticket has expired."],
  SLOT_FULL: [409, "This time slot is full."],
  SLOT_CLOSED: [409, "This time slot is closed."],
  SLOT_IN_PAST: [409, "This time slot has already ended."],
  SLOT_BEYOND_HORIZON: [409, "This time slot cannot be booked yet."],
  TICKET_NOT_RESERVED: [409, "This ticket has no reservation."],
  CHANGE_CUTOFF_PASSED: [
    409,
    "This reservation can no longer be changed online.",
  ],
  USERNAME_TAKEN: [409, "This username is already taken."],
  CAPACITY_BELOW_BOOKED: [
    409,
    "The capacity cannot go below the places already booked or held.",
  ],
  SLOT_HAS_RESERVATIONS: [
    409,
    "This time slot has reservations; move or cancel them first.",
  ],
  LAST_ADMIN: [409, "The organization must keep at least one enabled admin."],
  ORG_HAS_FUTURE_SLOTS: [
    409,
    "The time zone can change only when no time slot is still to come.",
  ],
  WRONG_DATE: [409, "This ticket is reserved for another date."],
  NO_RESERVATION: [409, "Customer must book a time slot first."],
  INVALID_TICKET: [409, "This ticket is not valid here."],
  NOT_PAID: [409, "This ticket has not been paid for."],
  EXPIRED: [409, "This ticket's time slot has ended."],
  TOO_EARLY: [409, "Entry for this ticket has not opened yet."],
  TOO_LATE: [409, "Entry for this ticket has closed."],
  NOTHING_TO_UNDO: [409, "This ticket has no door scan left to undo."],
  PAYLOAD_TOO_LARGE: [413, "The request body is too large."],
  RATE_LIMITED: [429, "Too many requests, please wait a moment."],
  LOGIN_THROTTLED: [429, "Too many failed sign-ins, please wait."],
  INTERNAL: [500, "Something went wrong on our side."],
  SERVICE_UNAVAILABLE: [
    503,
    "The service is unavailable for a moment, please try again.",
  ],
  STAFF_NOT_FOUND: [404, "This staff member does not exist."],
  SLOT_NOT_FULL: [409, "This time slot still has room: book it directly."],
  ALREADY_WAITLISTED: [409, "This ticket is already on a waitlist."],
  WAITLIST_NOT_FOUND: [404, "This waitlist entry does not exist."],
  OFFER_NOT_FOUND: [404, "This offer does not exist."],
  OFFER_EXPIRED: [410, "This offer has ended; the places went to others."],
  SIGNING_KEY_NOT_FOUND: [404, "This signing key does not exist."],
  LAST_SIGNING_KEY: [
    409,
    "The organization must keep a signing key; add a new one first.",
  ],
} as const satisfies Record<string, readonly [number, string]>;

/** One of the contract's error codes. */
export type ErrorCode = keyof typeof ERRORS;

/**
 * An expected failure that maps to the contract's error shape.
 *
 * Refusals are answers, not faults, and some come by the thousand (a drop's
 * SLOT_FULL answers), so an AppError is not built by the Error constructor:
 * Deno records a detailed stack trace for every Error constructed, which
 * costs far more than building this plain object (even with
 * `Error.stackTraceLimit = 0`). Its prototype
 * chain still runs through `Error.prototype` (see below), so
 * `instanceof Error` holds, which Hono's error handler needs, and it prints
 * as `AppError: message`; it has no stack, which nothing reads: the code and
 * `context` say where it came from.
 */
export class AppError {
  readonly name = "AppError";
  readonly message: string;
  readonly code: ErrorCode;
  readonly status: number;
  readonly details?: Record<string, unknown>;
  readonly headers?: Record<string, string>;
  /** Facts for logs, never sent to the client (e.g. the ticket's id). */
  context: Record<string, unknown> = {};

  constructor(
    code: ErrorCode,
    options: {
      message?: string;
      details?: Record<string, unknown>;
      headers?: Record<string, string>;
    } = {},
  ) {
    this.message = options.message ?? ERRORS[code][1];
    this.code = code;
    this.status = ERRORS[code][0];
    this.details = options.details;
    this.headers = options.headers;
  }

  /** The JSON body of the contract: `{"error": {code, message, details?}}`. */
  toBody(): { error: Record<string, unknown> } {
    const error: Record<string, unknown> = {
      code: this.code,
      message: this.message,
    };
    if (this.details) error.details = this.details;
    return { error };
  }
}
// An Error by its prototype chain (instanceof, toString), not by construction.
Object.setPrototypeOf(AppError.prototype, Error.prototype);

/** A 400 VALIDATION_FAILED naming the offending fields. */
export function validationFailed(
  fields: Record<string, string>,
  message?: string,
): AppError {
  return new AppError("VALIDATION_FAILED", { message, details: { fields } });
}
