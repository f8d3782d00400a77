import { deepStrictEqual as assertEquals } from "node:assert/strict";
import {
  cleanGate,
  gateProblem,
} from "../../components/operator/device_prefs.ts";
import { recordedEvent } from "../../components/operator/scanner_state.ts";
import type { CheckInAnswer } from "../../components/operator/api.ts";

Deno.test("gate names: trimmed, 1–50 characters, no control characters", () => {
  assertEquals(cleanGate("  North \t door "), "North door");
  const rows: [string, boolean][] = [
    ["North", true],
    ["x".repeat(50), true],
    ["x".repeat(51), false],
    ["   ", false],
    ["", false],
    ["Gate\u0007", false],
  ];
  for (const [text, ok] of rows) {
    assertEquals(gateProblem(text) === null, ok, JSON.stringify(text));
  }
});

/** A check-in answer with only the fields the scanner reads for this. */
function answer(
  result: string,
  reason: string,
  checked: { checked_in: boolean; checked_out?: boolean },
): CheckInAnswer {
  return { result, reason, ...checked } as unknown as CheckInAnswer;
}

Deno.test("which door event a check-in answer recorded", () => {
  const rows: [CheckInAnswer, string | null][] = [
    [answer("GREEN", "VALID", { checked_in: true }), "VALID"],
    [answer("GREEN", "REENTRY", { checked_in: true }), "REENTRY"],
    [
      answer("GREEN", "EXIT", { checked_in: false, checked_out: true }),
      "EXIT",
    ],
    [answer("GREEN", "VALID", { checked_in: false }), null],
    [answer("YELLOW", "ALREADY_VERIFIED", { checked_in: false }), null],
    [
      answer("YELLOW", "NOT_INSIDE", { checked_in: false, checked_out: false }),
      null,
    ],
    [answer("RED", "WRONG_DATE", { checked_in: false }), null],
  ];
  for (const [a, event] of rows) {
    assertEquals(recordedEvent(a), event, a.reason);
  }
});
