import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { addressKey, forwardedFor } from "../../lib/http.ts";

function headers(...values: string[]): Headers {
  const h = new Headers();
  for (const v of values) h.append("x-forwarded-for", v);
  return h;
}

Deno.test("X-Forwarded-For: the N-th entry from the right, over every header in order", () => {
  const cases: [Headers, number, string | null][] = [
    // The client wrote "6.6.6.6" itself; one proxy appended what it saw.
    [headers("6.6.6.6, 203.0.113.7"), 1, "203.0.113.7"],
    [headers("6.6.6.6, 203.0.113.7"), 2, "6.6.6.6"],
    [headers("6.6.6.6", "203.0.113.7"), 1, "203.0.113.7"],
    [headers("203.0.113.7, 10.0.0.2"), 2, "203.0.113.7"],
    [headers("2001:db8::1"), 1, "2001:db8::1"],
    // Fewer entries than proxies, or no IP where the client should be.
    [headers("203.0.113.7"), 2, null],
    [headers("unknown, 203.0.113.7"), 2, null],
    [headers("203.0.113.7, evil"), 1, null],
    [headers("999.1.1.1"), 1, null],
    [headers(""), 1, null],
    [new Headers(), 1, null],
  ];
  for (const [h, n, want] of cases) {
    assertEquals(
      forwardedFor(h, n),
      want,
      `${h.get("x-forwarded-for")} @ ${n}`,
    );
  }
});

Deno.test("per-address keys: IPv4 as is, IPv6 by its /64", () => {
  assertEquals(addressKey("203.0.113.7"), "203.0.113.7");
  assertEquals(addressKey("2001:db8:1:2:3:4:5:6"), "2001:db8:1:2::/64");
  assertEquals(addressKey("2001:db8:1:2::9"), "2001:db8:1:2::/64");
  assertEquals(addressKey("2001:DB8:1:2:ffff::1"), "2001:db8:1:2::/64");
  assertEquals(addressKey("::1"), "0:0:0:0::/64");
});
