/** What the back office says about the contract's error codes, in one or two sentences. */
import type { ApiError } from "./api.ts";

const TEXT: Record<string, string> = {
  VALIDATION_FAILED:
    "Some fields need another look: see the messages next to them. Nothing was changed.",
  UNAUTHORIZED: "Your sign-in has run out. Sign in again, then repeat this.",
  FORBIDDEN: "Your role may not do this here.",
  NOT_FOUND:
    "The server does not offer this yet, or the item is gone. Nothing was changed.",
  NETWORK: "No answer from the server. Check the connection and try again.",
  RATE_LIMITED:
    "Too many requests in a short time. Wait a minute and try again.",
  CAPACITY_BELOW_BOOKED:
    "The capacity cannot go below the places already booked and held.",
  SLOT_HAS_RESERVATIONS:
    "This slot still has reservations or held places, so it cannot be deleted. Close it instead, or move its reservations first.",
  SLOT_FULL: "The chosen slot has no free place left. Pick another time.",
  SLOT_CLOSED: "The chosen slot is closed. Pick another time.",
  SLOT_IN_PAST:
    "The chosen slot has already started or ended. Pick a later time.",
  SLOT_NOT_FOUND: "That slot no longer exists. Reload the list.",
  RESERVATION_NOT_FOUND:
    "That reservation no longer exists or was cancelled. Reload the list.",
  TICKET_ALREADY_VERIFIED:
    "The guest has already been admitted: undo the admission at the door first.",
  TICKET_EXPIRED: "The reservation has expired and can no longer change.",
  TICKET_NOT_FOUND: "No ticket of this venue has that code.",
  TICKET_CANCELLED: "That ticket was cancelled.",
  LAST_ADMIN:
    "This is the last enabled administrator: make someone else an administrator first, so the venue keeps one.",
  USERNAME_TAKEN: "That username is already in use. Choose another.",
  ORG_HAS_FUTURE_SLOTS:
    "The time zone can change only while no slot is still to come (slots would move in time). Delete or let those slots pass first.",
  PAYLOAD_TOO_LARGE: "The file is too large (32 MiB at most).",
};

/** A sentence for `error`: ours for known codes, else the server's message. */
export function explain(error: ApiError): string {
  return TEXT[error.code] ?? (error.message || `Error ${error.code}.`);
}
