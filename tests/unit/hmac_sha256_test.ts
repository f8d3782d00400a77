/** lib/hmac_sha256.ts against RFC 4231 and node:crypto's createHmac. */
import { deepStrictEqual as assertEquals, throws } from "node:assert/strict";
import { createHmac } from "node:crypto";
import { HmacSha256 } from "../../lib/hmac_sha256.ts";

Deno.test("RFC 4231 test cases 1 and 2", () => {
  assertEquals(
    new HmacSha256(new Uint8Array(20).fill(0x0b)).digest("Hi There")
      .toString("hex"),
    "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
  );
  assertEquals(
    new HmacSha256(new TextEncoder().encode("Jefe"))
      .digest("what do ya want for nothing?").toString("hex"),
    "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
  );
});

Deno.test("the same MAC as createHmac, call after call, for keys up to a block", () => {
  for (const length of [0, 1, 31, 32, 33, 63, 64]) {
    const key = crypto.getRandomValues(new Uint8Array(length));
    const mac = new HmacSha256(key);
    for (const message of ["", "reservation:1:1", "é ✓", "x".repeat(200)]) {
      const want = createHmac("sha256", key).update(message).digest("hex");
      assertEquals(mac.digest(message).toString("hex"), want);
      assertEquals(mac.digest(message).toString("hex"), want, "again");
    }
  }
  throws(() => new HmacSha256(new Uint8Array(65)));
});
