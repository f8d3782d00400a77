/**
 * The login throttle (API.md "POST /api/operator/login"): every attempt takes
 * its tokens before its secret is hashed, so a burst sent all at once is
 * held to the same budget as attempts sent one by one.
 */
import { AppError } from "../domain/errors.ts";
import { Limiter, type LimiterStore } from "./rate_limit.ts";
import { FairSemaphore } from "./fair_semaphore.ts";
import { verifySecret } from "./passwords.ts";
import { logEvent } from "./log.ts";

/** Checks a secret against a stored hash (lib/passwords.ts verifySecret). */
export type VerifySecret = (secret: string, stored: string) => Promise<boolean>;

/** Who tries to sign in, from where, and how. */
export interface LoginAttempt {
  username: string;
  /** The client address (lib/http.ts clientKey). */
  address: string;
  method: "password" | "pin";
}

/** Budgets of {@link LoginGuard}; the defaults are the contract's. */
export interface LoginGuardOptions {
  store?: LimiterStore;
  /** Failed attempts a minute per client address, over all usernames. */
  addressPerMin?: number;
  /** Failed attempts in 15 minutes per (username, address). */
  pairPer15Min?: number;
  /** Failed PIN attempts in 15 minutes per account that pause its PIN sign-in. */
  accountPinPer15Min?: number;
  /** Hashes evaluated at once in this process; default {@link defaultHashConcurrency}. */
  hashConcurrency?: number;
  verify?: VerifySecret;
}

const QUARTER_HOUR = 15 * 60;

/**
 * Hashes at once: one core is left to the event loop (scrypt runs on
 * Deno's blocking-task threads), and at most 4, since each takes 16 MiB.
 */
export function defaultHashConcurrency(): number {
  const cores = navigator.hardwareConcurrency || 2;
  return Math.max(1, Math.min(4, cores - 1));
}

/** Takes and gives back login tokens, and bounds the hashes that run at once. */
export class LoginGuard {
  #address: Limiter;
  #pair: Limiter;
  #accountPin: Limiter;
  #pinPause: Limiter;
  #accountPinLimit: number;
  #hashes: FairSemaphore;
  #verify: VerifySecret;
  #evaluated = 0;

  constructor(opts: LoginGuardOptions = {}) {
    const limiter = (points: number, seconds: number, prefix: string) =>
      new Limiter(points, seconds, {
        code: "LOGIN_THROTTLED",
        store: opts.store,
        prefix,
      });
    this.#address = limiter(opts.addressPerMin ?? 30, 60, "login-address");
    this.#pair = limiter(opts.pairPer15Min ?? 5, QUARTER_HOUR, "login");
    this.#accountPinLimit = opts.accountPinPer15Min ?? 20;
    this.#accountPin = limiter(
      this.#accountPinLimit,
      QUARTER_HOUR,
      "login-pin",
    );
    this.#pinPause = limiter(
      this.#accountPinLimit > 0 ? 1 : 0,
      QUARTER_HOUR,
      "login-pin-pause",
    );
    this.#hashes = new FairSemaphore(
      opts.hashConcurrency ?? defaultHashConcurrency(),
    );
    this.#verify = opts.verify ?? verifySecret;
  }

  /** Secrets hashed by this guard so far (tests count them). */
  get hashesEvaluated(): number {
    return this.#evaluated;
  }

  /**
   * Runs one login attempt. `check` looks the account up and verifies the
   * secret with the `verify` it is given (queued and counted here); it
   * answers the account, or null for wrong credentials. Tokens are kept for
   * a failure (401 INVALID_CREDENTIALS) and given back on success or when
   * `check` throws (an outage is not a guess).
   */
  async attempt<T>(
    a: LoginAttempt,
    check: (verify: VerifySecret) => Promise<T | null>,
  ): Promise<T> {
    const username = a.username.trim().toLowerCase();
    const taken: [Limiter, string][] = [];
    const giveBack = () => this.#giveBack(taken);
    let accountSpent = 0;
    try {
      // First the address cap, then the pair, then the account's PIN budget.
      await this.#take(taken, this.#address, a.address);
      await this.#take(taken, this.#pair, `${username}|${a.address}`);
      if (a.method === "pin") {
        await this.#pinPause.check(username);
        accountSpent = await this.#take(taken, this.#accountPin, username);
      }
    } catch (e) {
      await giveBack();
      if (e instanceof AppError && e.code === "LOGIN_THROTTLED") {
        logEvent("operator.login_throttled", {
          username: username.slice(0, 100),
          client: a.address,
          method: a.method,
        });
      }
      throw e;
    }

    let account: T | null;
    try {
      account = await check((secret, stored) =>
        this.#hashes.run(a.address, () => {
          this.#evaluated++;
          return this.#verify(secret, stored);
        })
      );
    } catch (e) {
      await giveBack();
      throw e;
    }
    if (account !== null) {
      await giveBack();
      return account;
    }

    logEvent("operator.login_failed", {
      username: username.slice(0, 100),
      client: a.address,
      method: a.method,
    });
    if (
      a.method === "pin" && this.#accountPinLimit > 0 &&
      accountSpent >= this.#accountPinLimit
    ) {
      await this.#pinPause.block(username, QUARTER_HOUR);
      logEvent("operator.login_pin_paused", {
        username: username.slice(0, 100),
        client: a.address,
        minutes: QUARTER_HOUR / 60,
      });
    }
    throw new AppError("INVALID_CREDENTIALS");
  }

  async #take(
    taken: [Limiter, string][],
    limiter: Limiter,
    key: string,
  ): Promise<number> {
    const spent = await limiter.take(key);
    taken.push([limiter, key]);
    return spent;
  }

  /** Gives the tokens back; a failure here must not fail the login. */
  async #giveBack(taken: [Limiter, string][]): Promise<void> {
    try {
      await Promise.all(taken.map(([limiter, key]) => limiter.giveBack(key)));
    } catch (e) {
      logEvent("operator.login_give_back_failed", { error: String(e) });
    }
  }
}
