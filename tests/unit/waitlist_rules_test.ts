import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { holdExpiry, mayHold, planOffers } from "../../domain/waitlist.ts";

Deno.test("planOffers: entries that fit, in join order; a larger one keeps its rank", () => {
  const e = (id: number, places: number, reservable = true) => ({
    id,
    places,
    reservable,
  });
  assertEquals(planOffers(1, [e(1, 2), e(2, 1), e(3, 1)]), {
    hold: [2],
    drop: [],
  });
  assertEquals(planOffers(3, [e(1, 2), e(2, 2), e(3, 1)]), {
    hold: [1, 3],
    drop: [],
  });
  assertEquals(planOffers(0, [e(1, 1)]), { hold: [], drop: [] });
});

Deno.test("planOffers: entries that can no longer be booked are dropped, not held", () => {
  assertEquals(
    planOffers(2, [
      { id: 1, places: 1, reservable: false },
      { id: 2, places: 2, reservable: true },
    ]),
    { hold: [2], drop: [1] },
  );
});

Deno.test("mayHold: only while the start is more than the offer time away", () => {
  const starts = new Date("2026-11-26T11:00:00Z");
  assertEquals(mayHold(new Date("2026-11-26T10:29:00Z"), starts, 30), true);
  assertEquals(mayHold(new Date("2026-11-26T10:30:00Z"), starts, 30), false);
  assertEquals(mayHold(new Date("2026-11-26T12:00:00Z"), starts, 30), false);
});

Deno.test("holdExpiry: the offer time, never past the start", () => {
  const starts = new Date("2026-11-26T11:00:00Z");
  assertEquals(
    holdExpiry(new Date("2026-11-26T10:00:00Z"), starts, 30).toISOString(),
    "2026-11-26T10:30:00.000Z",
  );
  assertEquals(
    holdExpiry(new Date("2026-11-26T10:00:00Z"), starts, 90).toISOString(),
    "2026-11-26T11:00:00.000Z",
  );
});
