/**
 * The waitlist's rules (API.md "Customer self-service"): when a slot may be
 * joined, which entries freed places are held for, and how long a hold lasts.
 */

/** A live entry as offering reads it, in join order. */
export interface WaitingEntry {
  id: number;
  places: number;
  /** Every ticket of the entry is still ACTIVATED (and not past its expiry). */
  reservable: boolean;
}

/** What to do with a slot's waiting entries when `free` places are free. */
export interface OfferPlan {
  /** Entries to hold places for, in join order. */
  hold: number[];
  /** Entries whose tickets are no longer all ACTIVATED. */
  drop: number[];
}

/**
 * Holds for the entries that fit, in join order: an entry larger than what
 * is left is passed over (it keeps its rank) and a smaller one behind it may
 * take the places. Entries that can no longer be booked are dropped
 * whether or not places are free for them.
 */
export function planOffers(free: number, entries: WaitingEntry[]): OfferPlan {
  const plan: OfferPlan = { hold: [], drop: [] };
  let left = free;
  for (const e of entries) {
    if (!e.reservable) {
      plan.drop.push(e.id);
    } else if (e.places <= left) {
      plan.hold.push(e.id);
      left -= e.places;
    }
  }
  return plan;
}

/**
 * Whether places may still be held for a slot starting at `starts`: only
 * while it starts more than `offerMinutes` after `now` (the same bound as
 * joining).
 */
export function mayHold(
  now: Date,
  starts: Date,
  offerMinutes: number,
): boolean {
  return starts.getTime() - now.getTime() > offerMinutes * 60_000;
}

/** When a hold made at `now` ends: after `offerMinutes`, never past `starts`. */
export function holdExpiry(
  now: Date,
  starts: Date,
  offerMinutes: number,
): Date {
  return new Date(
    Math.min(now.getTime() + offerMinutes * 60_000, starts.getTime()),
  );
}
