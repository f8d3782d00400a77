import { deepStrictEqual as assertEquals } from "node:assert/strict";
import {
  daysInMonth,
  longDate,
  monthLabel,
  monthOf,
  shortDate,
  weekdayIndex,
} from "../../components/portal/format.ts";
import { ticketMessage } from "../../components/portal/messages.ts";
import { translatorFor } from "../../lib/catalogue.ts";

const en = translatorFor("en");

Deno.test("portal dates read the same on every runtime", () => {
  assertEquals(longDate("2026-11-27"), "Friday 27 November 2026");
  assertEquals(shortDate("2027-02-01"), "Mon 1 Feb");
  assertEquals(monthLabel("2026-12"), "December 2026");
  assertEquals(weekdayIndex("2026-11-30"), 0); // Monday
  assertEquals(weekdayIndex("2026-11-29"), 6); // Sunday
});

Deno.test("months move across year ends; February knows leap years", () => {
  const cases: [string, number, string][] = [
    ["2026-11-26", 0, "2026-11"],
    ["2026-12", 1, "2027-01"],
    ["2027-01", -1, "2026-12"],
    ["2026-11", 14, "2028-01"],
  ];
  for (const [from, delta, want] of cases) {
    assertEquals(monthOf(from, delta), want, `${from} ${delta}`);
  }
  assertEquals(daysInMonth("2027-02"), 28);
  assertEquals(daysInMonth("2028-02"), 29);
  assertEquals(daysInMonth("2026-12"), 31);
});

Deno.test("every ticket problem has its own message", () => {
  const codes = [
    "TICKET_NOT_FOUND",
    "TICKET_NOT_ACTIVATED",
    "TICKET_ALREADY_RESERVED",
    "TICKET_ALREADY_VERIFIED",
    "TICKET_EXPIRED",
    "RATE_LIMITED",
    "NETWORK",
  ];
  const titles = new Set(
    codes.map((code) => ticketMessage(en, { code }).title),
  );
  assertEquals(titles.size, codes.length);
  assertEquals(
    ticketMessage(en, {
      code: "TICKET_ALREADY_RESERVED",
      reservation: {
        date: "2026-11-27",
        start_time: "12:00",
        end_time: "13:00",
      },
    }).text.includes("Friday 27 November 2026, 12:00–13:00"),
    true,
  );
  assertEquals(
    ticketMessage(en, { code: "RATE_LIMITED", retryAfter: 42 }).text.includes(
      "wait 42 seconds",
    ),
    true,
  );
});
