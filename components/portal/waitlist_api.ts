/** The waitlist's customer API (API.md "Customer self-service") as the browser calls it. */
import type { ApiResult, Booking, SlotChoice } from "./api.ts";
import type { Locale } from "../../domain/locale.ts";

/** `POST /api/waitlist` 201. */
export interface Joined {
  waitlist: { id: number; position: number; slot: SlotChoice };
}

/** `POST /api/waitlist/claim` 201 (200 when claimed before). */
export interface Claimed {
  reservations: Booking[];
}

async function postJson<T>(path: string, body: unknown): Promise<ApiResult<T>> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  } catch {
    return {
      ok: false,
      error: { code: "NETWORK", message: "The server could not be reached." },
    };
  }
  let parsed: unknown = null;
  try {
    parsed = await res.json();
  } catch { /* not JSON */ }
  if (res.ok) return { ok: true, data: parsed as T };
  const error = (parsed as { error?: ApiResult<T> & { code: string } } | null)
    ?.error as { code: string; message: string } | undefined;
  return {
    ok: false,
    error: error ?? { code: "INTERNAL", message: `HTTP ${res.status}` },
  };
}

/** Joins slot `slotId`'s waitlist with `codes`. */
export function joinWaitlist(req: {
  ticket_codes: string[];
  slot_id: number;
  customer_email: string;
  /** The page's language, for the offer mail. */
  locale: Locale;
}): Promise<ApiResult<Joined>> {
  return postJson("/api/waitlist", req);
}

/** Leaves waitlist entry `id` (with one of its codes); true when it did. */
export async function leaveWaitlist(
  id: number,
  code: string,
): Promise<ApiResult<null>> {
  try {
    const res = await fetch(`/api/waitlist/${id}`, {
      method: "DELETE",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ code }),
    });
    if (res.status === 204) return { ok: true, data: null };
    const body = await res.json().catch(() => null);
    return {
      ok: false,
      error: body?.error ?? { code: "INTERNAL", message: `HTTP ${res.status}` },
    };
  } catch {
    return {
      ok: false,
      error: { code: "NETWORK", message: "The server could not be reached." },
    };
  }
}

/** Claims the offer of `token`. */
export function claimOffer(req: {
  token: string;
  customer_phone: string;
  /** The page's language, for the confirmation mail. */
  locale: Locale;
}): Promise<ApiResult<Claimed>> {
  return postJson("/api/waitlist/claim", req);
}

/** The catalogue key of what a customer reads for a waitlist refusal. */
export function waitlistMessage(code: string): string {
  switch (code) {
    case "SLOT_NOT_FULL":
      return "waitlist.error.slotNotFull";
    case "SLOT_IN_PAST":
      return "waitlist.error.slotInPast";
    case "SLOT_CLOSED":
      return "waitlist.error.slotClosed";
    case "ALREADY_WAITLISTED":
      return "waitlist.error.alreadyWaitlisted";
    case "WAITLIST_NOT_FOUND":
      return "waitlist.error.notFound";
    case "OFFER_NOT_FOUND":
      return "waitlist.error.offerNotFound";
    case "OFFER_EXPIRED":
      return "waitlist.error.offerExpired";
    case "TICKET_ALREADY_RESERVED":
      return "waitlist.error.ticketReserved";
    case "TICKET_NOT_ACTIVATED":
    case "TICKET_ALREADY_VERIFIED":
    case "TICKET_EXPIRED":
      return "waitlist.error.ticketUnusable";
    case "RATE_LIMITED":
      return "waitlist.error.rateLimited";
    case "NETWORK":
      return "waitlist.error.network";
    default:
      return "waitlist.error.general";
  }
}
