import { deepStrictEqual as assertEquals } from "node:assert/strict";
import {
  admitOutcome,
  mayAdmit,
  problemText,
  searchable,
  slotText,
  statusText,
} from "../../components/operator/door_search_view.ts";
import type { CheckInAnswer } from "../../components/operator/search_api.ts";

const answer: CheckInAnswer = {
  result: "GREEN",
  reason: "VALID",
  title: "VALID TICKET",
  message: "Reserved for today 11:00–12:00",
  ticket: { code: "7K3QW9M2XC4TPA8R1VNE", status: "VERIFIED" },
  reservation: { date: "2026-11-14", start_time: "11:00", end_time: "12:00" },
  customer: { email: "zoe@example.com", phone: "+31612345678" },
  verified_at: "2026-11-14T10:00:00.000Z",
  verified_by: { id: 1, name: "Jane" },
  can_verify: false,
  checked_in: true,
};

Deno.test("the panel searches from 3 letters or digits", () => {
  assertEquals(
    ["", "ab", "a-b", " 1 2 ", "abc", "a-b-c", "+316", "@ex.co"].map(
      searchable,
    ),
    [false, false, false, false, true, true, true, true],
  );
});

Deno.test("the live line says what was found or what to type", () => {
  const idle = { kind: "idle" } as const;
  assertEquals(
    statusText(idle, ""),
    "Type part of the ticket code, the email or the phone number.",
  );
  assertEquals(statusText(idle, "ab"), "Type at least 3 letters or digits.");
  assertEquals(
    statusText({ kind: "searching", q: "abc" }, "abc"),
    "Searching…",
  );
  const done = (count: number) =>
    statusText({ kind: "done", q: "zoe", count }, "zoe");
  assertEquals(done(0), "No booking today matches “zoe”.");
  assertEquals(done(1), "1 booking today.");
  assertEquals(done(7), "7 bookings today.");
  assertEquals(done(20), "The first 20 bookings today: type more to narrow.");
});

Deno.test("rows: slot time, who may be admitted, the check-in's answer", () => {
  assertEquals(slotText(answer), "11:00–12:00");
  assertEquals(slotText({ reservation: null }), "–");
  assertEquals(mayAdmit(answer), true);
  const reentry: CheckInAnswer = { ...answer, reason: "REENTRY" };
  assertEquals(mayAdmit(reentry), true);
  assertEquals(mayAdmit({ ...answer, result: "YELLOW" }), false);
  assertEquals(mayAdmit({ ...answer, result: "RED" }), false);
  assertEquals(mayAdmit({ ...answer, ticket: null }), false);

  assertEquals(admitOutcome(answer), {
    colour: "GREEN",
    title: "ADMITTED",
    message: "Reserved for today 11:00–12:00",
  });
  assertEquals(
    admitOutcome({
      ...answer,
      result: "YELLOW",
      reason: "ALREADY_VERIFIED",
      title: "ALREADY VERIFIED",
      message: "Verified at 10:59 by Sam",
      checked_in: false,
    }),
    {
      colour: "YELLOW",
      title: "ALREADY VERIFIED",
      message: "Verified at 10:59 by Sam",
    },
  );
  assertEquals(
    admitOutcome({
      ...answer,
      result: "RED",
      title: "TOO LATE",
      message: "Entry closed at 12:15",
      checked_in: false,
    }).colour,
    "RED",
  );
});

Deno.test("problems read as sentences", () => {
  assertEquals(
    problemText({
      status: 429,
      code: "RATE_LIMITED",
      message: "",
      retryAfter: 12,
    }),
    "Too many searches and scans in a short time. Wait 12 seconds and try again.",
  );
  assertEquals(
    problemText({ status: 0, code: "NETWORK", message: "" }),
    "No connection to the server. Check the network and try again.",
  );
  assertEquals(
    problemText({ status: 400, code: "VALIDATION_FAILED", message: "Bad q." }),
    "Bad q. (VALIDATION_FAILED)",
  );
});
