/** The offline decision (domain/offline_decision.ts): signature, revocation, then the online rules. */
import { deepStrictEqual as assertEquals } from "node:assert/strict";
import {
  decideOffline,
  type OfflineScan,
  slotOfClaims,
} from "../../domain/offline_decision.ts";
import { zonedInstant } from "../../domain/clock.ts";
import type { SignedClaims } from "../../domain/signed_payload.ts";

const ZONE = "Europe/Berlin";
const seconds = (date: string, time: string) =>
  zonedInstant(date, time, ZONE).getTime() / 1000;
const claims: SignedClaims = {
  v: 1,
  k: "k1",
  o: 1,
  c: "7K3QW9M2XC4TPA8R1VNE",
  s: seconds("2026-12-12", "14:00"),
  e: seconds("2026-12-12", "15:00"),
};
const outside = {
  verified: false,
  inside: false,
  verifiedAt: null,
  verifiedByName: null,
};

function scan(over: Partial<OfflineScan> = {}): OfflineScan {
  return {
    claims,
    signatureValid: true,
    revoked: false,
    state: outside,
    rules: {
      orq: 1,
      timezone: ZONE,
      entry_opens_minutes_before: 30,
      entry_closes_minutes_after_start: 15,
      allow_reentry: true,
    },
    at: zonedInstant("2026-12-12", "14:05", ZONE),
    direction: "IN",
    ...over,
  };
}

const reasonOf = (over: Partial<OfflineScan>) =>
  decideOffline(scan(over)).reason;

Deno.test("a genuine payload inside its window is GREEN, offline, naming its code", () => {
  const d = decideOffline(scan());
  assertEquals([d.result, d.reason, d.offline, d.code], [
    "GREEN",
    "VALID",
    true,
    claims.c,
  ]);
});

Deno.test("typed or unsigned → CANNOT_CHECK_OFFLINE; bad signature → INVALID; revoked → INVALID", () => {
  assertEquals(reasonOf({ claims: null }), "CANNOT_CHECK_OFFLINE");
  assertEquals(decideOffline(scan({ claims: null })).result, "YELLOW");
  assertEquals(reasonOf({ signatureValid: false }), "INVALID_TICKET");
  assertEquals(reasonOf({ revoked: true }), "INVALID_TICKET");
  assertEquals(reasonOf({ claims: { ...claims, o: 2 } }), "INVALID_TICKET");
});

Deno.test("the windows, the date and the end are the online rules, on the scan's instant", () => {
  const at = (date: string, time: string) => zonedInstant(date, time, ZONE);
  assertEquals(reasonOf({ at: at("2026-12-12", "13:29") }), "TOO_EARLY");
  assertEquals(reasonOf({ at: at("2026-12-12", "13:30") }), "VALID");
  assertEquals(reasonOf({ at: at("2026-12-12", "14:15") }), "TOO_LATE");
  assertEquals(reasonOf({ at: at("2026-12-11", "14:05") }), "WRONG_DATE");
  assertEquals(reasonOf({ at: at("2026-12-12", "15:00") }), "EXPIRED");
});

Deno.test("verified set and own scans: already in, re-entry after an exit, exits", () => {
  const admitted = {
    verified: true,
    inside: true,
    verifiedAt: zonedInstant("2026-12-12", "14:01", ZONE),
    verifiedByName: "Jane",
  };
  const d = decideOffline(scan({ state: admitted }));
  assertEquals([d.reason, d.message], [
    "ALREADY_VERIFIED",
    "Verified at 14:01 by Jane",
  ]);
  assertEquals(
    reasonOf({ state: { ...admitted, inside: false } }),
    "REENTRY",
  );
  assertEquals(
    reasonOf({
      state: { ...admitted, inside: false },
      rules: { ...scan().rules, allow_reentry: false },
    }),
    "ALREADY_VERIFIED",
  );
  assertEquals(reasonOf({ state: admitted, direction: "OUT" }), "EXIT");
  assertEquals(reasonOf({ direction: "OUT" }), "NOT_INSIDE");
});

Deno.test("a slot ending at midnight reads 24:00, so it is on until then", () => {
  const late = {
    ...claims,
    s: seconds("2026-12-12", "22:00"),
    e: seconds("2026-12-13", "00:00"),
  };
  assertEquals(slotOfClaims(late, ZONE), {
    date: "2026-12-12",
    start_time: "22:00",
    end_time: "24:00",
  });
  assertEquals(
    reasonOf({
      claims: late,
      at: zonedInstant("2026-12-12", "23:59", ZONE),
      rules: { ...scan().rules, entry_closes_minutes_after_start: null },
    }),
    "VALID",
  );
});
