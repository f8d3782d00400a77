/** The customer's ticket check, shared by the validate API and the /reserve page. */
import type { TicketRow } from "../db/tickets.ts";
import { reservationOf } from "../db/tickets.ts";
import type { Store } from "../db/store.ts";
import type { Clock } from "../domain/clock.ts";
import { AppError } from "../domain/errors.ts";
import { normalizeTicketCode } from "../domain/ticket_code.ts";
import { reservationRefusal } from "../domain/ticket_status.ts";
import { logEvent } from "./log.ts";

/** The stored form of a typed code, or TICKET_NOT_FOUND when it cannot be one. */
export function codeOrNotFound(typed: string): string {
  const code = normalizeTicketCode(typed);
  if (!code) throw new AppError("TICKET_NOT_FOUND");
  return code;
}

/**
 * The customer's ticket check, shared by `POST /api/tickets/validate` and the
 * /reserve page (the caller spends the validation rate limit first): reads
 * the ticket, logs `ticket.validated`, and returns it when it may be
 * reserved; throws TICKET_NOT_FOUND or the refusal otherwise.
 */
export async function validateTicket(
  deps: { store: Pick<Store, "tickets">; clock: Clock },
  typed: string,
  via: "api" | "page" = "api",
): Promise<TicketRow> {
  const code = normalizeTicketCode(typed);
  const ticket = code ? await deps.store.tickets.load(code) : null;
  logEvent("ticket.validated", {
    ticket_id: ticket?.id ?? null,
    status: ticket?.status ?? "NOT_FOUND",
    user_input: typed.slice(0, 8) + "…",
    ...(via === "page" ? { via } : {}),
  });
  if (!ticket) throw new AppError("TICKET_NOT_FOUND");
  const refusal = reservationRefusal(
    { ...ticket, reservation: reservationOf(ticket) },
    deps.clock(),
  );
  if (refusal) throw refusal;
  return ticket;
}
