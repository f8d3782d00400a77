import { deepStrictEqual as assertEquals } from "node:assert/strict";
import {
  applyChange,
  slotPhase,
  totalsOf,
} from "../../components/manager/state.ts";
import {
  duration,
  int,
  longDate,
  pct,
  reasonText,
} from "../../components/manager/format.ts";
import type { DashboardSummary } from "../../components/manager/api.ts";

const day: DashboardSummary = {
  orq: 1,
  date: "2026-11-26",
  slots: [
    {
      id: 1,
      start_time: "09:00",
      end_time: "10:00",
      total_capacity: 10,
      booked_count: 4,
      verified_count: 3,
      utilization: 0.4,
    },
    {
      id: 2,
      start_time: "12:00",
      end_time: "24:00",
      total_capacity: 4,
      booked_count: 3,
      verified_count: 1,
      utilization: 0.75,
    },
  ],
  totals: {
    total_capacity: 14,
    booked_count: 7,
    verified_count: 4,
    expected_count: 2,
    no_show_count: 1,
  },
};

Deno.test("slot phase by the venue's clock; 24:00 never ends that day", () => {
  const at = (time: string, date = "2026-11-26") => ({ date, time });
  assertEquals(slotPhase(day.slots[0], day.date, at("08:59")), "upcoming");
  assertEquals(slotPhase(day.slots[0], day.date, at("09:00")), "now");
  assertEquals(slotPhase(day.slots[0], day.date, at("10:00")), "ended");
  assertEquals(slotPhase(day.slots[1], day.date, at("23:59")), "now");
  assertEquals(
    slotPhase(day.slots[1], day.date, at("00:00", "2026-11-27")),
    "ended",
  );
  assertEquals(
    slotPhase(day.slots[0], day.date, at("23:00", "2026-11-25")),
    "upcoming",
  );
});

Deno.test("totals match the server's: expected until a slot ends, then no-shows", () => {
  assertEquals(
    totalsOf(day, { date: "2026-11-26", time: "11:00" }),
    day.totals,
  );
  assertEquals(
    totalsOf(day, { date: "2026-11-27", time: "08:00" }).no_show_count,
    3,
  );
  assertEquals(
    totalsOf(day, { date: "2026-11-26", time: "08:00" }).expected_count,
    3,
  );
});

Deno.test("a live change replaces the slot's counts; other days are untouched", () => {
  const next = applyChange(day, {
    id: 2,
    date: "2026-11-26",
    booked_count: 4,
    available_count: 0,
    verified_count: 2,
  });
  assertEquals(next.slots[1], {
    ...day.slots[1],
    booked_count: 4,
    verified_count: 2,
    utilization: 1,
  });
  assertEquals(next.slots[0], day.slots[0]);
  assertEquals(day.slots[1].booked_count, 3, "the old state is not changed");
  const elsewhere = {
    ...next.slots[1],
    date: "2026-11-27",
    available_count: 0,
  };
  assertEquals(applyChange(day, elsewhere), day);
  const unknown = { ...elsewhere, id: 99, date: "2026-11-26" };
  assertEquals(applyChange(day, unknown), day);
});

Deno.test("dashboard formats", () => {
  assertEquals(int(1234567), "1,234,567");
  assertEquals(pct(0.756), "76%");
  assertEquals(pct(null), "—");
  assertEquals(duration(4.25), "4.3 ms");
  assertEquals(duration(250), "250 ms");
  assertEquals(duration(1250), "1.3 s");
  assertEquals(longDate("2026-11-26"), "Thursday 26 November 2026");
  assertEquals(reasonText("SLOT_FULL"), "Slot full");
  assertEquals(reasonText("500"), "HTTP 500");
});
