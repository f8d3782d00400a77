/**
 * The reservation a signed URL opens (`?id` or `:id`, `t`, `v`; see
 * lib/reservation_links.ts), after the lookup rate limit; null for a
 * missing, wrong or stale token and for a cancelled reservation.
 */
import type { Context } from "hono";
import type { AppDeps } from "./app_deps.ts";
import { clientKey } from "./http.ts";
import {
  findReservationById,
  type ReservationView,
} from "../db/reservations.ts";

/** A positive integer of at most 9 digits, or null. */
function smallInt(text: string | undefined): number | null {
  return text && /^[1-9]\d{0,8}$/.test(text) ? Number(text) : null;
}

/** The reservation opened by `id` and the request's `t` and `v`, or null. */
export async function openSignedReservation(
  deps: Pick<AppDeps, "limits" | "trustProxy" | "links" | "db">,
  c: Context,
  idText: string | undefined,
): Promise<ReservationView | null> {
  await deps.limits.lookup.consume(`lookup:${clientKey(c, deps.trustProxy)}`);
  const id = smallInt(idText);
  const version = smallInt(c.req.query("v"));
  const token = c.req.query("t");
  // The token is checked before the database is asked anything.
  if (
    id === null || version === null || !token ||
    !deps.links.verify(id, version, token)
  ) {
    return null;
  }
  const r = await findReservationById(deps.db, id);
  return r && r.version === version ? r : null;
}
