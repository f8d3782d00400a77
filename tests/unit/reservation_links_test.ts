import {
  deepStrictEqual as assertEquals,
  notStrictEqual,
  ok as assert,
  strictEqual,
} from "node:assert/strict";
import { createHmac, hkdfSync } from "node:crypto";
import { ReservationLinks, TOKEN_LENGTH } from "../../lib/reservation_links.ts";

const links = new ReservationLinks("test-secret-0123456789");

Deno.test("a token opens only its reservation and version", () => {
  const t = links.token(5, 1);
  strictEqual(t.length, TOKEN_LENGTH);
  assert(/^[A-Za-z0-9_-]+$/.test(t), t);
  strictEqual(links.token(5, 1), t, "deterministic");
  assert(links.verify(5, 1, t));
  assert(!(links.verify(5, 2, t)), "another version");
  assert(!(links.verify(6, 1, t)), "another reservation");
  const tampered = (t[0] === "A" ? "B" : "A") + t.slice(1);
  assert(!(links.verify(5, 1, tampered)), "one character changed");
  assert(!(links.verify(5, 1, "")));
  assert(!(links.verify(5, 1, t + "x")));
  // As long as a token in characters, but longer in bytes: refused, not thrown.
  assert(!(links.verify(5, 1, "é".repeat(TOKEN_LENGTH))));
  // Another secret signs differently.
  notStrictEqual(new ReservationLinks("other-secret").token(5, 1), t);
});

Deno.test("the URLs carry the token and the version", () => {
  const t = links.token(7, 3);
  assertEquals(links.urls({ id: 7, version: 3 }), {
    svg_url: `/api/reservations/7/qr.svg?t=${t}&v=3`,
    png_url: `/api/reservations/7/qr.png?t=${t}&v=3`,
    calendar_url: `/api/reservations/7/calendar.ics?t=${t}&v=3`,
  });
  strictEqual(
    (links.urls({ id: 7, version: 3 }, "https://x.example")).png_url,
    `https://x.example/api/reservations/7/qr.png?t=${t}&v=3`,
  );
});

Deno.test("a token is the truncated HMAC-SHA-256 of its id and version, asked in any order", () => {
  const key = hkdfSync(
    "sha256",
    "test-secret-0123456789",
    "",
    "timed-entry reservation links v1",
    32,
  );
  const want = (id: number, version: number) =>
    createHmac("sha256", Buffer.from(key)).update(
      `reservation:${id}:${version}`,
    ).digest().subarray(0, 16).toString("base64url");
  for (const [id, version] of [[5, 1], [5, 1], [5, 2], [6, 2], [5, 1]]) {
    strictEqual(links.token(id, version), want(id, version));
  }
});
