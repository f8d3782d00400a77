import { ok, strictEqual } from "node:assert/strict";
import {
  dateLevel,
  type SlotFacts,
  type SlotLevel,
  slotLevel,
  slotRefusal,
  type SlotStatus,
} from "../../domain/slot_rules.ts";
import { slotHasEnded } from "../../domain/slot_end.ts";
import { AppError } from "../../domain/errors.ts";
import { zonedNow } from "../../domain/clock.ts";

// API.md: AVAILABLE when more than 50 % of capacity is free, LIMITED from
// exactly 50 % free down to the last free place, FULL at none free or when the
// slot is FULL/CLOSED.
const levelCases: [number, number, SlotStatus, SlotLevel][] = [
  [200, 0, "ACTIVE", "AVAILABLE"],
  [200, 50, "ACTIVE", "AVAILABLE"],
  [200, 99, "ACTIVE", "AVAILABLE"], // 101 free > 100
  [200, 100, "ACTIVE", "LIMITED"], // exactly half free
  [200, 101, "ACTIVE", "LIMITED"],
  [200, 180, "ACTIVE", "LIMITED"], // 10 % free
  [200, 190, "ACTIVE", "LIMITED"], // below 10 % stays yellow
  [200, 199, "ACTIVE", "LIMITED"], // the last free place
  [200, 200, "ACTIVE", "FULL"],
  [200, 201, "ACTIVE", "FULL"], // never negative free places
  [1, 0, "ACTIVE", "AVAILABLE"], // 1 of 1 free is more than half
  [1, 1, "ACTIVE", "FULL"],
  [2, 0, "ACTIVE", "AVAILABLE"],
  [2, 1, "ACTIVE", "LIMITED"], // exactly half
  [2, 2, "ACTIVE", "FULL"],
  [3, 0, "ACTIVE", "AVAILABLE"],
  [3, 1, "ACTIVE", "AVAILABLE"], // 2 of 3 free is more than half
  [3, 2, "ACTIVE", "LIMITED"], // 1 of 3 free is less than half
  [3, 3, "ACTIVE", "FULL"],
  [201, 100, "ACTIVE", "AVAILABLE"], // 101 of 201 free is more than half
  [201, 101, "ACTIVE", "LIMITED"],
  [200, 0, "FULL", "FULL"], // status wins over the counts
  [200, 0, "CLOSED", "FULL"],
  [200, 150, "CLOSED", "FULL"],
  [1, 0, "CLOSED", "FULL"],
];

for (const [capacity, booked, status, expected] of levelCases) {
  Deno.test(
    `slotLevel: ${booked}/${capacity} booked, ${status} → ${expected}`,
    () => {
      strictEqual(
        slotLevel({
          total_capacity: capacity,
          booked_count: booked,
          held_count: 0,
          status,
        }),
        expected,
      );
    },
  );
}

Deno.test("slotLevel: for every count up to 200, LIMITED iff 1 ≤ free ≤ 100", () => {
  for (let booked = 0; booked <= 200; booked++) {
    const free = 200 - booked;
    const expected = free === 0 ? "FULL" : free > 100 ? "AVAILABLE" : "LIMITED";
    strictEqual(
      slotLevel({
        total_capacity: 200,
        booked_count: booked,
        held_count: 0,
        status: "ACTIVE",
      }),
      expected,
      `booked ${booked}`,
    );
  }
});

const dateLevelCases: [SlotLevel[], SlotLevel][] = [
  [["FULL"], "FULL"],
  [["LIMITED"], "LIMITED"],
  [["AVAILABLE"], "AVAILABLE"],
  [["FULL", "LIMITED"], "LIMITED"],
  [["LIMITED", "FULL"], "LIMITED"],
  [["FULL", "FULL", "FULL"], "FULL"],
  [["FULL", "AVAILABLE", "LIMITED"], "AVAILABLE"],
  [["LIMITED", "LIMITED", "AVAILABLE"], "AVAILABLE"],
  [["AVAILABLE", "FULL"], "AVAILABLE"],
  [[], "FULL"],
];

for (const [levels, expected] of dateLevelCases) {
  Deno.test(`dateLevel: [${levels.join(", ")}] → ${expected}`, () => {
    strictEqual(dateLevel(levels), expected);
  });
}

const endedCases: {
  name: string;
  slot: { date: string; end_time: string };
  now: { date: string; time: string };
  ended: boolean;
}[] = [
  {
    name: "a slot on an earlier date has ended",
    slot: { date: "2026-11-13", end_time: "23:00" },
    now: { date: "2026-11-14", time: "00:01" },
    ended: true,
  },
  {
    name: "a slot on a later date has not ended",
    slot: { date: "2026-11-15", end_time: "00:30" },
    now: { date: "2026-11-14", time: "23:59" },
    ended: false,
  },
  {
    name: "today, before its end",
    slot: { date: "2026-11-14", end_time: "13:00" },
    now: { date: "2026-11-14", time: "12:59" },
    ended: false,
  },
  {
    name: "today, at its end",
    slot: { date: "2026-11-14", end_time: "13:00" },
    now: { date: "2026-11-14", time: "13:00" },
    ended: true,
  },
  {
    name: "today, after its end",
    slot: { date: "2026-11-14", end_time: "13:00" },
    now: { date: "2026-11-14", time: "13:01" },
    ended: true,
  },
  {
    name: "today, started but not ended",
    slot: { date: "2026-11-14", end_time: "13:00" },
    now: { date: "2026-11-14", time: "12:30" },
    ended: false,
  },
  {
    name: "today, early morning, slot in the afternoon",
    slot: { date: "2026-11-14", end_time: "16:00" },
    now: { date: "2026-11-14", time: "00:00" },
    ended: false,
  },
  {
    name: "a slot ending at 24:00 is open at 23:59",
    slot: { date: "2026-11-14", end_time: "24:00" },
    now: { date: "2026-11-14", time: "23:59" },
    ended: false,
  },
  {
    name: "a slot ending at 24:00 is open at 00:00 of its own day",
    slot: { date: "2026-11-14", end_time: "24:00" },
    now: { date: "2026-11-14", time: "00:00" },
    ended: false,
  },
  {
    name: "a slot ending at 24:00 has ended at 00:00 the next day",
    slot: { date: "2026-11-14", end_time: "24:00" },
    now: { date: "2026-11-15", time: "00:00" },
    ended: true,
  },
  {
    name: "dates compare across month ends",
    slot: { date: "2026-11-30", end_time: "18:00" },
    now: { date: "2026-12-01", time: "09:00" },
    ended: true,
  },
  {
    name: "dates compare across year ends",
    slot: { date: "2027-01-01", end_time: "01:00" },
    now: { date: "2026-12-31", time: "23:00" },
    ended: false,
  },
];

for (const c of endedCases) {
  Deno.test(`slotHasEnded: ${c.name}`, () => {
    strictEqual(slotHasEnded(c.slot, c.now), c.ended);
  });
}

Deno.test("slotHasEnded: today in Auckland while UTC is still yesterday", () => {
  // 2026-11-25T12:30Z is 2026-11-26 01:30 in Auckland (NZDT, +13).
  const instant = new Date("2026-11-25T12:30:00Z");
  const slot = { date: "2026-11-25", end_time: "18:00" };
  strictEqual(slotHasEnded(slot, zonedNow(instant, "Pacific/Auckland")), true);
  strictEqual(slotHasEnded(slot, zonedNow(instant, "UTC")), false);
  const tomorrowThere = { date: "2026-11-26", end_time: "10:00" };
  strictEqual(
    slotHasEnded(tomorrowThere, zonedNow(instant, "Pacific/Auckland")),
    false,
  );
});

const NOW = { date: "2026-11-14", time: "10:00" };
const ORG = 1;

function slot(over: Partial<SlotFacts> = {}): SlotFacts {
  return {
    orq: ORG,
    date: "2026-11-20",
    end_time: "13:00",
    status: "ACTIVE",
    total_capacity: 200,
    booked_count: 50,
    held_count: 0,
    ...over,
  };
}

const refusalCases: {
  name: string;
  slot: SlotFacts | null;
  code: string | null;
  status?: number;
}[] = [
  { name: "a bookable slot", slot: slot(), code: null },
  {
    name: "the last free place is bookable",
    slot: slot({ booked_count: 199 }),
    code: null,
  },
  {
    name: "a slot that started today but has not ended is bookable",
    slot: slot({ date: "2026-11-14", end_time: "10:01" }),
    code: null,
  },
  { name: "no slot", slot: null, code: "SLOT_NOT_FOUND", status: 404 },
  {
    name: "another organization's slot",
    slot: slot({ orq: 2 }),
    code: "SLOT_NOT_FOUND",
    status: 404,
  },
  {
    name: "another organization's slot, even when closed, past and full",
    slot: slot({
      orq: 2,
      status: "CLOSED",
      date: "2026-11-01",
      booked_count: 200,
    }),
    code: "SLOT_NOT_FOUND",
    status: 404,
  },
  {
    name: "a closed slot",
    slot: slot({ status: "CLOSED" }),
    code: "SLOT_CLOSED",
    status: 409,
  },
  {
    name: "closed comes before ended",
    slot: slot({ status: "CLOSED", date: "2026-11-01" }),
    code: "SLOT_CLOSED",
    status: 409,
  },
  {
    name: "closed comes before full",
    slot: slot({ status: "CLOSED", booked_count: 200 }),
    code: "SLOT_CLOSED",
    status: 409,
  },
  {
    name: "a slot on an earlier date",
    slot: slot({ date: "2026-11-13" }),
    code: "SLOT_IN_PAST",
    status: 409,
  },
  {
    name: "a slot that ended earlier today",
    slot: slot({ date: "2026-11-14", end_time: "09:00" }),
    code: "SLOT_IN_PAST",
    status: 409,
  },
  {
    name: "a slot ending right now",
    slot: slot({ date: "2026-11-14", end_time: "10:00" }),
    code: "SLOT_IN_PAST",
    status: 409,
  },
  {
    name: "ended comes before full",
    slot: slot({ date: "2026-11-13", status: "FULL", booked_count: 200 }),
    code: "SLOT_IN_PAST",
    status: 409,
  },
  {
    name: "a slot with every place booked",
    slot: slot({ booked_count: 200 }),
    code: "SLOT_FULL",
    status: 409,
  },
  {
    name: "an overbooked slot",
    slot: slot({ booked_count: 201 }),
    code: "SLOT_FULL",
    status: 409,
  },
  {
    name: "a slot marked FULL with places left",
    slot: slot({ status: "FULL", booked_count: 10 }),
    code: "SLOT_FULL",
    status: 409,
  },
  {
    name: "a slot whose last places are held",
    slot: slot({ booked_count: 190, held_count: 10 }),
    code: "SLOT_FULL",
    status: 409,
  },
  {
    name: "a one-place slot once taken",
    slot: slot({ total_capacity: 1, booked_count: 1 }),
    code: "SLOT_FULL",
    status: 409,
  },
];

for (const c of refusalCases) {
  Deno.test(`slotRefusal: ${c.name} → ${c.code ?? "bookable"}`, () => {
    const refusal = slotRefusal(c.slot, ORG, NOW);
    if (c.code === null) {
      strictEqual(refusal, null);
      return;
    }
    ok(refusal instanceof AppError);
    strictEqual(refusal.code, c.code);
    strictEqual(refusal.status, c.status);
  });
}

Deno.test("slotRefusal: the organization's own zone decides 'past'", () => {
  // A slot on 2026-11-25 until 18:00; at 2026-11-25T12:30Z it is already
  // 2026-11-26 in Auckland but only 07:30 on the 25th in New York.
  const instant = new Date("2026-11-25T12:30:00Z");
  const s = slot({ date: "2026-11-25", end_time: "18:00" });
  strictEqual(
    slotRefusal(s, ORG, zonedNow(instant, "Pacific/Auckland"))?.code,
    "SLOT_IN_PAST",
  );
  strictEqual(slotRefusal(s, ORG, zonedNow(instant, "America/New_York")), null);
});
