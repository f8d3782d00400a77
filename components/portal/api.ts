/** The customer API (API.md "Customer") as the portal's browser code calls it. */
import type { PublicOrganization } from "../../lib/public_organization.ts";

/** The venue as customers see it (API.md "Organization settings"). */
export type Venue = PublicOrganization;

/** A calendar level: green, yellow, gray. */
export type Level = "AVAILABLE" | "LIMITED" | "FULL";

/** A validated ticket. */
export interface Ticket {
  code: string;
  orq: number;
}

/** A slot of the availability answer. */
export interface Slot {
  id: number;
  date: string;
  start_time: string;
  end_time: string;
  total_capacity: number;
  booked_count: number;
  available_count: number;
  status: string;
  level: Level;
}

/** A date of the availability answer. */
export interface DateSlots {
  date: string;
  level: Level;
  slots: Slot[];
}

/** `GET /api/reservation-slots/available`. */
export interface Availability {
  orq: number;
  timezone: string;
  organization?: PublicOrganization;
  /** The last date customers may book. */
  horizon_date?: string;
  dates: DateSlots[];
}

/** What the portal keeps of a slot: enough to show and book it again. */
export interface SlotChoice {
  id: number;
  date: string;
  start_time: string;
  end_time: string;
  available_count?: number;
}

/** The 201 body of `POST /api/reservations/create` (and of the lookup). */
export interface Booking {
  reservation: {
    id: number;
    ticket_code: string;
    status: string;
    customer_email: string;
    customer_phone: string;
    slot: SlotChoice;
  };
  qr: { payload: string; svg_url: string; png_url: string };
  calendar_url: string;
  /** The printable ticket page (signed like the QR URLs). */
  ticket_url?: string;
  organization?: PublicOrganization;
  /** The token of the booking's manage page (create and manage answers). */
  manage_token?: string;
}

/** The contract's error body, plus `Retry-After` when there was one. */
export interface ApiError {
  code: string;
  message: string;
  details?: Record<string, unknown>;
  retryAfter?: number;
}

/** Either the answer or the contract's error (`NETWORK` when there was none). */
export type ApiResult<T> = { ok: true; data: T } | {
  ok: false;
  error: ApiError;
};

/** Fetches `path` as JSON: the answer, or the contract's error. */
export async function send<T>(
  path: string,
  init?: RequestInit,
): Promise<ApiResult<T>> {
  let res: Response;
  try {
    res = await fetch(path, init);
  } catch {
    return {
      ok: false,
      error: { code: "NETWORK", message: "The server could not be reached." },
    };
  }
  let body: unknown = null;
  try {
    body = await res.json();
  } catch { /* not JSON */ }
  if (res.ok) return { ok: true, data: body as T };
  const error = (body as { error?: ApiError } | null)?.error ??
    { code: "INTERNAL", message: `HTTP ${res.status}` };
  const retry = Number(res.headers.get("retry-after"));
  if (Number.isFinite(retry) && retry > 0) error.retryAfter = retry;
  return { ok: false, error };
}

/** POSTs `body` as JSON to `path` (see {@link send}). */
export function postJson<T>(
  path: string,
  body: unknown,
): Promise<ApiResult<T>> {
  return send<T>(path, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

/** `POST /api/tickets/validate`. */
export function validateTicket(
  code: string,
): Promise<ApiResult<{ ticket: Ticket & { status: string } }>> {
  return postJson("/api/tickets/validate", { ticket_code: code });
}

/** `GET /api/reservations/lookup?code=`: the booking of a reserved ticket. */
export function lookupBooking(code: string): Promise<ApiResult<Booking>> {
  return send(`/api/reservations/lookup?code=${encodeURIComponent(code)}`);
}

/**
 * `GET /api/reservation-slots/available?orq=`: the next 90 days; with
 * `party`, slots with fewer free places read FULL.
 */
export function loadAvailability(
  orq: number,
  party = 1,
): Promise<ApiResult<Availability>> {
  const q = party > 1 ? `&party=${party}` : "";
  return send(`/api/reservation-slots/available?orq=${orq}${q}`, {
    cache: "no-store",
  });
}

/** `POST /api/reservations/create`. */
export function createBooking(req: {
  ticket_code: string;
  slot_id: number;
  customer_email: string;
  customer_phone: string;
  /** The page's language, for the customer's mails. */
  locale?: string;
}): Promise<ApiResult<Booking>> {
  return postJson("/api/reservations/create", req);
}

/** The 201 body of `POST /api/reservations/create-group`. */
export interface GroupBooking {
  group_id: string;
  reservations: Booking[];
}

/** `POST /api/reservations/create-group`. */
export function createGroupBooking(req: {
  ticket_codes: string[];
  slot_id: number;
  customer_email: string;
  customer_phone: string;
  locale?: string;
}): Promise<ApiResult<GroupBooking>> {
  return postJson("/api/reservations/create-group", req);
}
