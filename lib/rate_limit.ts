import {
  RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from "rate-limiter-flexible";
import { Redis } from "ioredis";
import { AppError } from "../domain/errors.ts";

/** Where counters live: this process, or Redis shared by every instance. */
export type LimiterStore = { redis: Redis | null; prefix: string };

/** A Redis client for shared counters (`REDIS_URL`), or null to count in process. */
export function limiterStore(
  redisUrl: string | null,
  prefix = "te",
): LimiterStore {
  if (!redisUrl) return { redis: null, prefix };
  const redis = new Redis(redisUrl, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    lazyConnect: false,
  });
  // A Redis outage must not take the door down: errors are logged, and the
  // limiter falls back to in-process counting (insuranceLimiter below).
  redis.on("error", () => {});
  return { redis, prefix };
}

/** A per-key budget of `points` a `durationSec`; `points` 0 turns it off. */
export class Limiter {
  #limiter: RateLimiterAbstract | null;

  constructor(
    points: number,
    durationSec: number,
    opts: {
      code?: "RATE_LIMITED" | "LOGIN_THROTTLED";
      store?: LimiterStore;
      prefix?: string;
    } = {},
  ) {
    this.code = opts.code ?? "RATE_LIMITED";
    if (points <= 0) {
      this.#limiter = null;
    } else if (opts.store?.redis) {
      this.#limiter = new RateLimiterRedis({
        storeClient: opts.store.redis,
        keyPrefix: `${opts.store.prefix}:${opts.prefix ?? "rl"}`,
        points,
        duration: durationSec,
        insuranceLimiter: new RateLimiterMemory({
          points,
          duration: durationSec,
        }),
      });
    } else {
      this.#limiter = new RateLimiterMemory({ points, duration: durationSec });
    }
  }

  private code: "RATE_LIMITED" | "LOGIN_THROTTLED";

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

  /**
   * Spends one point of `key` atomically and returns how many this window has
   * spent, or throws 429 (the refused attempt's point is given back, so that
   * retries while refused do not outlast the budget's own window).
   */
  async take(key: string): Promise<number> {
    if (!this.#limiter) return 0;
    try {
      return (await this.#limiter.consume(key)).consumedPoints;
    } catch (res) {
      if (!(res instanceof RateLimiterRes)) throw res;
      await this.#limiter.reward(key, 1);
      throw this.#refusal(res);
    }
  }

  /** Gives back one point of `key` (an attempt that did not count). */
  async giveBack(key: string): Promise<void> {
    if (!this.#limiter) return;
    await this.#limiter.reward(key, 1);
  }

  /** Refuses `key` for `seconds` from now. */
  async block(key: string, seconds: number): Promise<void> {
    if (!this.#limiter) return;
    await this.#limiter.block(key, seconds);
  }

  /** Throws 429 when `key` has no points left, without spending one. */
  async check(key: string): Promise<void> {
    if (!this.#limiter) return;
    const res = await this.#limiter.get(key);
    if (res && res.remainingPoints <= 0) throw this.#refusal(res);
  }

  #refusal(res: RateLimiterRes): AppError {
    const seconds = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
    return new AppError(this.code, {
      headers: { "retry-after": String(seconds) },
      details: { retry_after_seconds: seconds },
    });
  }
}
