/** The back office's browser helpers: time ranges typed for a series, the issued codes' CSV, audit changes, field messages. */
import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { parseTimes } from "../../components/admin/slots/CreateSlots.tsx";
import { oneSlotTimes } from "../../components/admin/slots/one_slot.ts";
import { ticketsCsv } from "../../components/admin/tickets/IssueTickets.tsx";
import { changedFields } from "../../components/admin/audit_changes.ts";
import { fieldErrors } from "../../components/admin/api.ts";
import { mondayOf, monthRange } from "../../components/admin/dates.ts";

Deno.test("series times: one range a line, separators and short hours accepted, anything else refused", () => {
  assertEquals(parseTimes("09:00-10:00\n 9:30 – 10:30 ,22:00 to 24:00\n"), [
    ["09:00", "10:00"],
    ["09:30", "10:30"],
    ["22:00", "24:00"],
  ]);
  assertEquals(parseTimes(""), null);
  assertEquals(parseTimes("09:00"), null);
  assertEquals(parseTimes("09:00-10:00\nnoon-13:00"), null);
});

Deno.test("one slot: ending at midnight sends 24:00 whatever the time field holds; missing parts named", () => {
  const day = { date: "2026-12-31", start_time: "23:00" };
  assertEquals(oneSlotTimes({ ...day, end_time: "", midnight: true }), {
    ok: true,
    body: { ...day, end_time: "24:00" },
  });
  assertEquals(oneSlotTimes({ ...day, end_time: "23:30", midnight: true }), {
    ok: true,
    body: { ...day, end_time: "24:00" },
  });
  assertEquals(oneSlotTimes({ ...day, end_time: "23:30", midnight: false }), {
    ok: true,
    body: { ...day, end_time: "23:30" },
  });
  const missing = oneSlotTimes({
    date: "",
    start_time: "",
    end_time: "",
    midnight: false,
  });
  assertEquals(
    missing.ok ? [] : Object.keys(missing.fields),
    ["date", "start_time", "end_time"],
  );
});

Deno.test("issued codes as CSV: the import's header, cells quoted by RFC 4180", () => {
  assertEquals(
    ticketsCsv([
      { code: "AAAABBBBCCCCDDDD", status: "ACTIVATED", order_ref: 'A,"1"' },
      { code: "EEEEFFFFGGGGHHHH", status: "PENDING_PAYMENT", order_ref: null },
    ]),
    'code,status,order_ref\r\nAAAABBBBCCCCDDDD,ACTIVATED,"A,""1"""\r\n' +
      "EEEEFFFFGGGGHHHH,PENDING_PAYMENT,\r\n",
  );
});

Deno.test("audit changes: nested settings one line each, JSON text read, creations have no before", () => {
  assertEquals(
    changedFields(
      { name: "A", settings: { booking_horizon_days: 90 } },
      '{"name":"B","settings":{"booking_horizon_days":60}}',
    ),
    [
      { name: "A", "settings.booking_horizon_days": 90 },
      { name: "B", "settings.booking_horizon_days": 60 },
    ],
  );
  assertEquals(changedFields(null, { role: "OPERATOR", pin: "changed" }), [
    {},
    { role: "OPERATOR", pin: "changed" },
  ]);
  assertEquals(changedFields("plain", 3), [{ value: "plain" }, { value: 3 }]);
});

Deno.test("field messages come from details.fields of the contract's error", () => {
  assertEquals(
    fieldErrors({
      status: 400,
      code: "VALIDATION_FAILED",
      message: "",
      details: { fields: { total_capacity: "at least 1" } },
    }),
    { total_capacity: "at least 1" },
  );
  assertEquals(fieldErrors(null), {});
  assertEquals(
    fieldErrors({ status: 409, code: "SLOT_FULL", message: "" }),
    {},
  );
});

Deno.test("week and month ranges of the slot board", () => {
  assertEquals(mondayOf("2026-11-26"), "2026-11-23");
  assertEquals(mondayOf("2026-11-29"), "2026-11-23");
  assertEquals(mondayOf("2026-11-30"), "2026-11-30");
  assertEquals(monthRange("2026-02-10"), {
    from: "2026-02-01",
    to: "2026-02-28",
  });
  assertEquals(monthRange("2028-02-10"), {
    from: "2028-02-01",
    to: "2028-02-29",
  });
});
