import { deepStrictEqual as assertEquals } from "node:assert/strict";
import {
  applyChange,
  applyOccupancy,
  slotPhase,
  soldOut,
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
import { dateOfUrl, urlOfDate } from "../../components/manager/day_url.ts";

const day: DashboardSummary = {
  orq: 1,
  date: "2026-11-26",
  slots: [
    {
      id: 1,
      start_time: "09:00",
      end_time: "10:00",
      status: "ACTIVE",
      total_capacity: 10,
      booked_count: 4,
      held_count: 0,
      verified_count: 3,
      entries: 3,
      exits: 0,
      utilization: 0.4,
    },
    {
      id: 2,
      start_time: "12:00",
      end_time: "24:00",
      status: "ACTIVE",
      total_capacity: 4,
      booked_count: 3,
      held_count: 0,
      verified_count: 1,
      entries: 1,
      exits: 0,
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
  occupancy: {
    inside_count: 4,
    max_occupancy: null,
    over_max: false,
    gates: [{ gate: null, entries: 4, exits: 0 }],
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
  const counts = {
    id: 2,
    date: "2026-11-26",
    status: "FULL",
    total_capacity: 4,
    booked_count: 4,
    held_count: 0,
    available_count: 0,
    verified_count: 2,
    entries: 3,
    exits: 1,
  };
  const change = { orq: 1, slot: counts, occupancy: null };
  const next = applyChange(day, change);
  assertEquals(next.slots[1], {
    ...day.slots[1],
    status: "FULL",
    booked_count: 4,
    verified_count: 2,
    entries: 3,
    exits: 1,
    utilization: 1,
  });
  assertEquals(next.slots[0], day.slots[0]);
  assertEquals(day.slots[1].booked_count, 3, "the old state is not changed");
  const elsewhere = { ...change, slot: { ...counts, date: "2026-11-27" } };
  assertEquals(applyChange(day, elsewhere), day);
  const unknown = { ...change, slot: { ...counts, id: 99 } };
  assertEquals(applyChange(day, unknown), day);
  // Capacity, status and holds (slot_changed) follow as well.
  const grown = applyChange(day, {
    ...change,
    slot: { ...counts, status: "ACTIVE", total_capacity: 8, held_count: 2 },
  });
  assertEquals(grown.slots[1].total_capacity, 8);
  assertEquals(grown.slots[1].held_count, 2);
  assertEquals(grown.slots[1].utilization, 0.5);
});

Deno.test("a deleted slot leaves the day; occupancy follows the events that carry it", () => {
  const gone = {
    orq: 1,
    slot: { id: 1 },
    occupancy: null,
    deleted: true as const,
  };
  assertEquals(applyChange(day, gone).slots.map((s) => s.id), [2]);
  assertEquals(applyChange(day, { ...gone, slot: { id: 99 } }), day);
  assertEquals(applyOccupancy(day, gone), day);
  const occupancy = {
    inside_count: 7,
    max_occupancy: 6,
    over_max: true,
    gates: [{ gate: "North", entries: 8, exits: 1 }],
  };
  assertEquals(
    applyOccupancy(day, { ...gone, occupancy }).occupancy,
    occupancy,
  );
});

Deno.test("sold out: no place left, holds included", () => {
  const s = { booked_count: 3, held_count: 0, total_capacity: 4 };
  assertEquals(soldOut(s), false);
  assertEquals(soldOut({ ...s, held_count: 1 }), true);
  assertEquals(soldOut({ ...s, booked_count: 4 }), true);
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

Deno.test("the chosen day in the address: today has none", () => {
  assertEquals(dateOfUrl("http://h/manager?date=2026-11-27"), "2026-11-27");
  assertEquals(dateOfUrl("http://h/manager"), null);
  assertEquals(dateOfUrl("http://h/manager?date=2026-13-45"), null);
  assertEquals(dateOfUrl("http://h/manager?date=tomorrow"), null);
  assertEquals(
    urlOfDate("http://h/manager", "2026-11-27", "2026-11-26"),
    "/manager?date=2026-11-27",
  );
  assertEquals(
    urlOfDate("http://h/manager?date=2026-11-27", "2026-11-26", "2026-11-26"),
    "/manager",
  );
});
