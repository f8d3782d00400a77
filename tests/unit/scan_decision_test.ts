import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import {
  decideScan,
  type ScanReason,
  type ScanResult,
} from "../../domain/scan_decision.ts";
import { TICKET_STATUSES } from "../../domain/ticket_status.ts";
import { ctx, ticket, TITLES } from "../helpers/scan_facts.ts";
import { statusCases } from "./scan_cases/status.ts";
import { verifiedAndWindowCases } from "./scan_cases/verified.ts";
import { doorCases } from "./scan_cases/door.ts";

const cases = [...statusCases, ...verifiedAndWindowCases, ...doorCases];

for (const c of cases) {
  Deno.test(`decideScan: ${c.name} → ${c.result} ${c.reason}`, () => {
    const d = decideScan(c.ticket, ctx(c.ctx));
    strictEqual(d.result, c.result);
    strictEqual(d.reason, c.reason);
    strictEqual(d.title, TITLES[c.reason]);
    strictEqual(d.can_verify, c.result === "GREEN");
    if (c.message !== undefined) strictEqual(d.message, c.message);
    for (const piece of c.mentions ?? []) {
      ok(d.message.includes(piece), `"${d.message}" should name ${piece}`);
    }
    ok(d.message.length > 0, "every decision has a message for people");
  });
}

Deno.test("decideScan: the result follows the reason", () => {
  const colour: Record<ScanReason, ScanResult> = {
    VALID: "GREEN",
    REENTRY: "GREEN",
    EXIT: "GREEN",
    ALREADY_VERIFIED: "YELLOW",
    NOT_INSIDE: "YELLOW",
    CANNOT_CHECK_OFFLINE: "YELLOW",
    WRONG_DATE: "RED",
    NO_RESERVATION: "RED",
    INVALID_TICKET: "RED",
    NOT_PAID: "RED",
    EXPIRED: "RED",
    TOO_EARLY: "RED",
    TOO_LATE: "RED",
  };
  const seen = new Set<ScanReason>();
  for (const c of cases) {
    const d = decideScan(c.ticket, ctx(c.ctx));
    strictEqual(d.result, colour[d.reason], c.name);
    seen.add(d.reason);
  }
  // Every reason but the offline scanner's own comes out of some row.
  deepStrictEqual(
    [...seen].sort(),
    Object.keys(colour).filter((r) => r !== "CANNOT_CHECK_OFFLINE").sort(),
  );
});

Deno.test("decideScan: of guests inside, only RESERVED may come out GREEN on entry", () => {
  for (const status of TICKET_STATUSES) {
    const d = decideScan(
      ticket({
        status,
        inside: status === "VERIFIED",
        verified_at: new Date("2026-11-14T08:30:00Z"),
        verified_by_name: "Jane Smith",
      }),
      ctx(),
    );
    strictEqual(d.result === "GREEN", status === "RESERVED", status);
    strictEqual(d.can_verify, status === "RESERVED", status);
  }
});

Deno.test("decideScan: the answer has exactly the contract's fields", () => {
  deepStrictEqual(
    Object.keys(decideScan(ticket(), ctx())).sort(),
    ["can_verify", "message", "reason", "result", "title"],
  );
});
