/**
 * The manage page's pure rules: the change window (domain/manage_booking.ts),
 * the horizon among a booking's slot refusals (domain/slot_rules.ts), the
 * venue-time wording and the manage token's purpose (lib/manage_token.ts).
 */
import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { changeWindow } from "../../domain/manage_booking.ts";
import { type SlotFacts, slotRefusal } from "../../domain/slot_rules.ts";
import { venueTime } from "../../components/manage/messages.ts";
import { hkdfSync } from "node:crypto";
import { jwtVerify, SignJWT } from "jose";
import {
  MANAGE_AUDIENCE,
  MANAGE_TOKEN_MAX_DAYS,
  ManageTokens,
} from "../../lib/manage_token.ts";
import { translatorFor } from "../../lib/catalogue.ts";

const starts = new Date("2026-11-27T12:00:00Z");
const at = (iso: string) => new Date(iso);

Deno.test("the change window: open strictly before the cut-off; used and expired bookings never", () => {
  const cutoff = "2026-11-26T12:00:00.000Z";
  const w = (status: string, now: string, hours: number | null = 24) => {
    const r = changeWindow(status, starts, hours, at(now));
    return [r.cutoff?.toISOString() ?? null, r.refusal];
  };
  assertEquals(w("RESERVED", "2026-11-26T11:59:59.999Z"), [cutoff, null]);
  assertEquals(w("RESERVED", cutoff), [cutoff, "CHANGE_CUTOFF_PASSED"]);
  assertEquals(w("RESERVED", "2026-11-20T00:00:00Z", null), [
    null,
    "CHANGE_CUTOFF_PASSED",
  ]);
  assertEquals(w("VERIFIED", "2026-11-20T00:00:00Z"), [
    cutoff,
    "TICKET_ALREADY_VERIFIED",
  ]);
  assertEquals(w("EXPIRED", "2026-11-20T00:00:00Z"), [
    cutoff,
    "TICKET_EXPIRED",
  ]);
});

Deno.test("a booking's slot refusals: the horizon after ended and before full", () => {
  const now = { date: "2026-11-26", time: "10:00" };
  const slot: SlotFacts = {
    orq: 1,
    date: "2026-11-28",
    end_time: "13:00",
    status: "FULL",
    total_capacity: 1,
    booked_count: 1,
    held_count: 0,
  };
  const code = (s: SlotFacts, days?: number) =>
    slotRefusal(s, 1, now, days)?.code ?? null;
  assertEquals(code(slot, 2), "SLOT_BEYOND_HORIZON"); // last date: 11-27
  assertEquals(code(slot, 3), "SLOT_FULL"); // 11-28 is within
  assertEquals(code(slot), "SLOT_FULL"); // no horizon given
  assertEquals(code({ ...slot, status: "ACTIVE", booked_count: 0 }, 3), null);
  assertEquals(
    code({ ...slot, date: "2026-11-25" }, 2),
    "SLOT_IN_PAST",
  );
});

Deno.test("venue time reads the instant on the venue's clock, in the page's language", () => {
  const en = translatorFor("en");
  assertEquals(
    venueTime(en, "2026-12-11T13:00:00Z", "Europe/Amsterdam"),
    "Fri 11 Dec, 14:00",
  );
  assertEquals(
    venueTime(en, "2026-12-11T13:00:00Z", "UTC"),
    "Fri 11 Dec, 13:00",
  );
  const de = translatorFor("de");
  assertEquals(
    venueTime(de, "2026-12-11T13:00:00Z", "Europe/Amsterdam"),
    `${de.shortDate("2026-12-11")}, 14:00`,
  );
});

Deno.test("a manage token: its claims back; tampered, another key's or past its life refused", async () => {
  const tokens = new ManageTokens("a secret of at least some length");
  const claims = { reservationId: 7, ticketId: 9 };
  const now = at("2026-11-26T10:00:00Z");
  const token = await tokens.sign(claims, now);
  assertEquals(await tokens.verify(token, now), { ok: true, claims });
  const other = new ManageTokens("another secret of some length");
  assertEquals(await other.verify(token, now), {
    ok: false,
    reason: "invalid",
  });
  const [h, p, sig] = token.split(".");
  const flipped = `${h}.${p}.${sig.slice(0, -1)}${
    sig.at(-1) === "A" ? "B" : "A"
  }`;
  assertEquals((await tokens.verify(flipped, now)).ok, false);
  assertEquals(await tokens.verify("", now), { ok: false, reason: "invalid" });
  const later = at("2028-11-27T10:00:00Z"); // 732 days on
  assertEquals(await tokens.verify(token, later), {
    ok: false,
    reason: "expired",
  });
});

Deno.test("a manage token has the bytes jose makes for the same claims", async () => {
  const secret = "a secret of at least some length";
  const raw = new Uint8Array(
    hkdfSync("sha256", secret, "", "timed-entry manage token v1", 32),
  );
  const tokens = new ManageTokens(secret);
  for (
    const [rid, tid, iso] of [[7, 9, "2026-11-26T10:00:00.400Z"], [
      2_147_483_647,
      1,
      "2027-01-01T00:00:00Z",
    ]] as const
  ) {
    const iat = Math.floor(at(iso).getTime() / 1000);
    const jose = await new SignJWT({ rid, tid })
      .setProtectedHeader({ alg: "HS256", typ: "manage+jwt" })
      .setAudience(MANAGE_AUDIENCE)
      .setIssuedAt(iat)
      .setExpirationTime(iat + MANAGE_TOKEN_MAX_DAYS * 86_400)
      .sign(raw);
    const claims = { reservationId: rid, ticketId: tid };
    assertEquals(await tokens.sign(claims, at(iso)), jose);
    assertEquals(await tokens.verify(jose, at(iso)), { ok: true, claims });
  }
});

Deno.test("a manage token is accepted exactly when jose's jwtVerify accepts it", async () => {
  const secret = "a secret of at least some length";
  const raw = new Uint8Array(
    hkdfSync("sha256", secret, "", "timed-entry manage token v1", 32),
  );
  const tokens = new ManageTokens(secret);
  const now = at("2026-11-26T10:00:00Z");
  const iat = Math.floor(now.getTime() / 1000);
  const exp = iat + 3600;
  const make = (
    claims: Record<string, unknown>,
    header: Record<string, unknown> = { alg: "HS256", typ: "manage+jwt" },
    key: Uint8Array = raw,
  ) =>
    new SignJWT(claims).setProtectedHeader(
      header as { alg: string; typ: string },
    ).sign(key);
  const good = { rid: 7, tid: 9, aud: MANAGE_AUDIENCE, iat, exp };
  const cases: [string, string][] = [
    ["good", await make(good)],
    ["audience list", await make({ ...good, aud: [MANAGE_AUDIENCE, "x"] })],
    ["other audience", await make({ ...good, aud: "timed-entry:staff" })],
    ["no audience", await make({ rid: 7, tid: 9, iat, exp })],
    ["no exp", await make({ rid: 7, tid: 9, aud: MANAGE_AUDIENCE, iat })],
    ["no iat", await make({ rid: 7, tid: 9, aud: MANAGE_AUDIENCE, exp })],
    ["expired", await make({ ...good, exp: iat })],
    ["not yet valid", await make({ ...good, nbf: iat + 60 })],
    ["other type", await make(good, { alg: "HS256", typ: "JWT" })],
    ["other key", await make(good, undefined, new Uint8Array(32))],
    ["a string id", await make({ ...good, rid: "7" })],
    ["HS512", await make(good, { alg: "HS512", typ: "manage+jwt" })],
  ];
  for (const [what, token] of cases) {
    const ours = tokens.verifyNow(token, now);
    const theirs = await jwtVerify(token, raw, {
      algorithms: ["HS256"],
      audience: MANAGE_AUDIENCE,
      typ: "manage+jwt",
      currentDate: now,
      requiredClaims: ["exp", "iat", "aud"],
    }).then(
      ({ payload }) =>
        Number.isSafeInteger(payload.rid) && Number.isSafeInteger(payload.tid),
      () => false,
    );
    assertEquals(ours.ok, theirs, what);
  }
  assertEquals(tokens.verifyNow(cases[6][1], now), {
    ok: false,
    reason: "expired",
  });
  // The alg "none" form of a good token.
  const [, p] = cases[0][1].split(".");
  const none = Buffer.from(JSON.stringify({ alg: "none", typ: "manage+jwt" }))
    .toString("base64url");
  assertEquals(tokens.verifyNow(`${none}.${p}.`, now).ok, false);
});
