import { ok, rejects, strictEqual } from "node:assert/strict";
import { LoginGuard, type LoginGuardOptions } from "../../lib/login_guard.ts";
import { AppError } from "../../domain/errors.ts";
import { setQuietLogs } from "../../lib/log.ts";

setQuietLogs(true);

/** A guard whose "hash" is a plain comparison that yields once. */
function guard(opts: LoginGuardOptions = {}) {
  return new LoginGuard({
    verify: async (secret, stored) => {
      await new Promise((r) => setTimeout(r, 1));
      return secret === stored;
    },
    ...opts,
  });
}

/** One attempt against an account whose secret is `stored`. */
function attempt(
  g: LoginGuard,
  a: { username?: string; address?: string; method?: "password" | "pin" },
  secret: string,
  stored = "246813",
) {
  return g.attempt(
    {
      username: a.username ?? "jane",
      address: a.address ?? "10.0.0.1",
      method: a.method ?? "pin",
    },
    async (verify) => (await verify(secret, stored)) ? "jane" : null,
  );
}

/** Runs `fn` with event lines on, and answers the events it logged. */
async function logged<T>(
  fn: () => Promise<T>,
): Promise<{ result: T; events: string[] }> {
  const events: string[] = [];
  const original = console.log;
  console.log = (line: string) => events.push(JSON.parse(line).event);
  setQuietLogs(false);
  try {
    return { result: await fn(), events };
  } finally {
    setQuietLogs(true);
    console.log = original;
  }
}

/** The error code an attempt ends with, or "OK". */
async function outcome(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "OK";
  } catch (e) {
    if (e instanceof AppError) return e.code;
    throw e;
  }
}

Deno.test("a burst of guesses sent at once evaluates at most 5 secrets", async () => {
  const g = guard();
  const guesses = Array.from(
    { length: 200 },
    (_, i) => attempt(g, {}, String(100000 + i)),
  );
  const results = await Promise.all(
    [...guesses, attempt(g, { username: " JANE " }, "246813")].map(outcome),
  );
  strictEqual(g.hashesEvaluated, 5);
  strictEqual(results.filter((r) => r === "LOGIN_THROTTLED").length, 196);
  strictEqual(results.filter((r) => r === "INVALID_CREDENTIALS").length, 5);
});

Deno.test("after 5 failures the pair is refused, other addresses are not", async () => {
  const g = guard();
  for (let i = 0; i < 5; i++) {
    strictEqual(await outcome(attempt(g, {}, "000000")), "INVALID_CREDENTIALS");
  }
  const refused = await attempt(g, {}, "246813").catch((e) => e);
  strictEqual(refused.code, "LOGIN_THROTTLED");
  ok(Number(refused.headers["retry-after"]) > 800);
  strictEqual(g.hashesEvaluated, 5);
  strictEqual(
    await outcome(attempt(g, { address: "10.0.0.2" }, "246813")),
    "OK",
  );
});

Deno.test("successes give their tokens back: 40 in a row from one address", async () => {
  const g = guard();
  for (let i = 0; i < 40; i++) {
    strictEqual(await outcome(attempt(g, {}, "246813")), "OK");
  }
  // Four typos, then the right PIN takes the pair's fifth token and gives it
  // back: one more typo is the fifth failure, after which the pair waits.
  for (let i = 0; i < 4; i++) await outcome(attempt(g, {}, "000000"));
  strictEqual(await outcome(attempt(g, {}, "246813")), "OK");
  strictEqual(await outcome(attempt(g, {}, "000000")), "INVALID_CREDENTIALS");
  strictEqual(await outcome(attempt(g, {}, "246813")), "LOGIN_THROTTLED");
});

Deno.test("one address gets 30 failed attempts a minute over all usernames", async () => {
  const g = guard();
  const results = await Promise.all(
    Array.from(
      { length: 100 },
      (_, i) => outcome(attempt(g, { username: `user${i}` }, "000000")),
    ),
  );
  strictEqual(results.filter((r) => r === "INVALID_CREDENTIALS").length, 30);
  strictEqual(g.hashesEvaluated, 30);
  // A refused username did not spend its pair budget, and another address
  // is not affected.
  strictEqual(
    await outcome(
      attempt(g, { username: "user99", address: "10.0.0.9" }, "246813"),
    ),
    "OK",
  );
});

Deno.test("an error in the check gives the tokens back", async () => {
  const g = guard({ pairPer15Min: 1, addressPerMin: 1 });
  for (let i = 0; i < 3; i++) {
    await rejects(
      g.attempt({ username: "jane", address: "a", method: "pin" }, () => {
        throw new AppError("SERVICE_UNAVAILABLE");
      }),
      (e: AppError) => e.code === "SERVICE_UNAVAILABLE",
    );
  }
  strictEqual(await outcome(attempt(g, { address: "a" }, "246813")), "OK");
});

Deno.test("20 failed PINs from any addresses pause the account's PIN sign-in", async () => {
  const g = guard();
  const addresses = Array.from({ length: 8 }, (_, i) => `10.1.0.${i}`);
  // 8 addresses × 4 wrong PINs sent at once: only 20 are evaluated.
  const { result: results, events } = await logged(() =>
    Promise.all(
      addresses.flatMap((address) =>
        Array.from(
          { length: 4 },
          () => outcome(attempt(g, { address }, "000000")),
        )
      ),
    )
  );
  strictEqual(events.filter((e) => e === "operator.login_failed").length, 20);
  strictEqual(
    events.filter((e) => e === "operator.login_pin_paused").length,
    1,
  );
  strictEqual(results.filter((r) => r === "INVALID_CREDENTIALS").length, 20);
  strictEqual(g.hashesEvaluated, 20);
  // The right PIN from a fresh address: paused, without a hash.
  const paused = await attempt(g, { address: "10.2.0.1" }, "246813").catch((
    e,
  ) => e);
  strictEqual(paused.code, "LOGIN_THROTTLED");
  ok(Number(paused.headers["retry-after"]) > 800);
  strictEqual(g.hashesEvaluated, 20);
  // Passwords are not paused; other accounts' PINs neither.
  strictEqual(
    await outcome(
      attempt(g, { address: "10.2.0.1", method: "password" }, "246813"),
    ),
    "OK",
  );
  strictEqual(
    await outcome(
      attempt(g, { username: "ben", address: "10.2.0.1" }, "246813"),
    ),
    "OK",
  );
});
