import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { AppError } from "../domain/errors.ts";

/** A per-key budget of `points` a `durationSec`; `points` 0 turns it off. */
export class Limiter {
  #limiter: RateLimiterMemory | null;

  constructor(
    points: number,
    durationSec: number,
    private code: "RATE_LIMITED" | "LOGIN_THROTTLED" = "RATE_LIMITED",
  ) {
    this.#limiter = points > 0
      ? new RateLimiterMemory({ points, duration: durationSec })
      : null;
  }

  /** Spends one point of `key`, or throws 429 with `Retry-After`. */
  async consume(key: string): Promise<void> {
    if (!this.#limiter) return;
    try {
      await this.#limiter.consume(key);
    } catch (res) {
      if (res instanceof RateLimiterRes) throw this.#refusal(res);
      throw res;
    }
  }

  /** Throws 429 when `key` has no points left, without spending one. */
  async check(key: string): Promise<void> {
    if (!this.#limiter) return;
    const res = await this.#limiter.get(key);
    if (res && res.remainingPoints <= 0) throw this.#refusal(res);
  }

  /** Spends one point of `key` without refusing (for counting failures). */
  async penalize(key: string): Promise<void> {
    if (!this.#limiter) return;
    await this.#limiter.penalty(key, 1);
  }

  /** Forgets `key` (after a successful login). */
  async reset(key: string): Promise<void> {
    if (!this.#limiter) return;
    await this.#limiter.delete(key);
  }

  #refusal(res: RateLimiterRes): AppError {
    const seconds = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
    return new AppError(this.code, {
      headers: { "retry-after": String(seconds) },
      details: { retry_after_seconds: seconds },
    });
  }
}
