/** TRUST_PROXY=N: per-address limits key on what the proxy saw, never on what the client wrote. */
import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { testEachEngine } from "../helpers/server.ts";
import { call } from "../helpers/api.ts";

const body = { ticket_code: "ZZZZZZZZZZZZZZZZZZZZ" };

function validateAs(url: string, forwarded: string) {
  return call(url, "POST", "/api/tickets/validate", {
    json: body,
    headers: { "x-forwarded-for": forwarded },
  });
}

testEachEngine(
  "TRUST_PROXY=1: a forged left-most X-Forwarded-For does not escape the limit",
  async (s) => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      // A new forged address each time; the proxy appended 198.51.100.9.
      statuses.push(
        (await validateAs(s.url, `10.0.0.${i}, 198.51.100.9`)).status,
      );
    }
    assertEquals(statuses, [404, 404, 404, 429]);
    // Another client behind the same proxy has its own budget.
    assertEquals((await validateAs(s.url, "198.51.100.10")).status, 404);
  },
  { env: { TRUST_PROXY: "1", RATE_LIMIT_VALIDATE_PER_MIN: "3" } },
);

testEachEngine(
  "TRUST_PROXY=2: the client is the second entry from the right",
  async (s) => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      // client-forged, the client as the edge proxy saw it, the edge proxy.
      statuses.push(
        (await validateAs(s.url, `10.9.9.${i}, 203.0.113.5, 10.0.0.1`)).status,
      );
    }
    assertEquals(statuses, [404, 404, 404, 429]);
    // Too few entries: the socket's address, a budget of its own.
    assertEquals((await validateAs(s.url, "203.0.113.5")).status, 404);
  },
  { env: { TRUST_PROXY: "2", RATE_LIMIT_VALIDATE_PER_MIN: "3" } },
);

testEachEngine(
  "TRUST_PROXY unset: X-Forwarded-For is ignored",
  async (s) => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      statuses.push((await validateAs(s.url, `198.51.100.${i}`)).status);
    }
    assertEquals(statuses, [404, 404, 404, 429]);
  },
  { env: { RATE_LIMIT_VALIDATE_PER_MIN: "3" } },
);
