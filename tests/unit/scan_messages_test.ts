/** The door's dated messages: weekday, date, times and how far off. */
import { strictEqual } from "node:assert/strict";
import {
  expiredMessage,
  howFar,
  longDate,
  wrongDateMessage,
} from "../../domain/scan_messages.ts";

const slot = { date: "2026-12-12", start_time: "14:00", end_time: "15:00" };

Deno.test("longDate: weekday, day, month and year", () => {
  strictEqual(longDate("2026-12-12"), "Sat 12 Dec 2026");
  strictEqual(longDate("2026-11-20"), "Fri 20 Nov 2026");
  strictEqual(longDate("2027-01-04"), "Mon 4 Jan 2027");
});

Deno.test("howFar: days ahead and behind", () => {
  strictEqual(howFar("2026-12-12", "2026-12-06"), "in 6 days");
  strictEqual(howFar("2026-12-07", "2026-12-06"), "tomorrow");
  strictEqual(howFar("2026-12-05", "2026-12-06"), "yesterday");
  strictEqual(howFar("2026-12-04", "2026-12-06"), "2 days ago");
  strictEqual(howFar("2027-01-01", "2026-12-31"), "tomorrow");
});

Deno.test("wrongDateMessage: the reserved slot and how far", () => {
  strictEqual(
    wrongDateMessage(slot, "2026-12-06"),
    "Reserved for Sat 12 Dec 2026, 14:00–15:00: in 6 days",
  );
});

Deno.test("expiredMessage: ended today, days ago, or expired before its slot ended", () => {
  strictEqual(
    expiredMessage(slot, { date: "2026-12-12", time: "15:20" }),
    "Reserved for Sat 12 Dec 2026, 14:00–15:00: ended at 15:00 today",
  );
  strictEqual(
    expiredMessage(slot, { date: "2026-12-14", time: "09:00" }),
    "Reserved for Sat 12 Dec 2026, 14:00–15:00: 2 days ago",
  );
  strictEqual(
    expiredMessage(slot, { date: "2026-12-12", time: "14:30" }),
    "Reserved for Sat 12 Dec 2026, 14:00–15:00: ticket expired",
  );
  strictEqual(
    expiredMessage(null, { date: "2026-12-12", time: "14:30" }),
    "This ticket has expired.",
  );
});
