import type { ZonedNow } from "../domain/clock.ts";
import { TtlCache } from "../db/ttl_cache.ts";

/**
 * Availability answers (`GET /api/reservation-slots/available`, as JSON
 * text) of each organization, reused for `ttlMs` (AVAILABILITY_CACHE_MS; 0
 * turns caching off). Booking checks capacity again under lock, and this
 * instance forgets an organization's answers whenever it changes its slots.
 */
export class AvailabilityCache {
  #answers: TtlCache<string>;

  constructor(ttlMs: number) {
    this.#answers = new TtlCache(ttlMs);
  }

  /**
   * The answer of `orq` for `from`..`to` at the venue's wall clock `now`, or
   * the result of `compute` (kept for the TTL; concurrent askers share it).
   */
  get(
    orq: number,
    from: string,
    to: string,
    now: ZonedNow,
    compute: () => Promise<string>,
  ): Promise<string> {
    return this.#answers.get(
      `${orq}|${from}|${to}|${now.date}|${now.time}`,
      compute,
    );
  }

  /** Forgets every answer of `orq` (after a booking or a change of its slots). */
  forget(orq: number): void {
    this.#answers.clear(`${orq}|`);
  }
}
