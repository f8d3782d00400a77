import { ok, strictEqual } from "node:assert/strict";
import { DUMMY_HASH, hashSecret, verifySecret } from "../../lib/passwords.ts";

Deno.test("a secret verifies against its own hash only", async () => {
  const stored = await hashSecret("246813");
  strictEqual(await verifySecret("246813", stored), true);
  strictEqual(await verifySecret("246814", stored), false);
  strictEqual(await verifySecret("246813", DUMMY_HASH), false);
  strictEqual(await verifySecret("246813", "plain"), false);
});

Deno.test("hashing runs off the event loop: timers fire while it works", async () => {
  const stored = await hashSecret("246813");
  let ticks = 0;
  const timer = setInterval(() => ticks++, 1);
  try {
    await Promise.all(
      Array.from({ length: 4 }, () => verifySecret("000000", stored)),
    );
  } finally {
    clearInterval(timer);
  }
  // A hash on the main thread would hold every tick until all four end.
  ok(ticks >= 5, `${ticks} ticks`);
});
