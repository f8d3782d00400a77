import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import {
  activationRefusal,
  reservationRefusal,
  TICKET_STATUSES,
  type TicketStatus,
} from "../../domain/ticket_status.ts";
import { decideScan } from "../../domain/scan_decision.ts";
import { AppError } from "../../domain/errors.ts";

Deno.test("TICKET_STATUSES: the story's lifecycle, in order", () => {
  deepStrictEqual(
    [...TICKET_STATUSES],
    ["PENDING_PAYMENT", "ACTIVATED", "RESERVED", "VERIFIED", "EXPIRED"],
  );
});

const NOW = new Date("2026-11-14T10:00:00Z");

// US-015 "Status Definitions": Can Reserve? / Can Verify? — as the rules
// that decide them: reservationRefusal, and the scan of a ticket whose slot
// is on now.
const statusTable: [TicketStatus, boolean, boolean][] = [
  ["PENDING_PAYMENT", false, false],
  ["ACTIVATED", true, false],
  ["RESERVED", false, true],
  ["VERIFIED", false, false],
  ["EXPIRED", false, false],
];

for (const [status, reserve, verify] of statusTable) {
  Deno.test(`status table: ${status} reserve=${reserve} verify=${verify}`, () => {
    strictEqual(reservationRefusal({ status }, NOW) === null, reserve);
    const scan = decideScan(
      {
        orq: 1,
        status,
        slot: { date: "2026-11-14", start_time: "10:00", end_time: "11:00" },
        verified_at: null,
        verified_by_name: null,
        inside: true,
      },
      {
        orq: 1,
        at: new Date("2026-11-14T10:30:00Z"),
        timeZone: "UTC",
        entryOpensMinutesBefore: null,
        entryClosesMinutesAfterStart: null,
        allowReentry: true,
      },
    );
    strictEqual(scan.can_verify, verify);
  });
}
const RESERVATION = {
  date: "2026-11-20",
  start_time: "12:00",
  end_time: "13:00",
};

// API.md "POST /api/tickets/validate": the error code and HTTP status per status.
const refusalCases: [TicketStatus, string | null, number | null][] = [
  ["ACTIVATED", null, null],
  ["PENDING_PAYMENT", "TICKET_NOT_ACTIVATED", 409],
  ["RESERVED", "TICKET_ALREADY_RESERVED", 409],
  ["VERIFIED", "TICKET_ALREADY_VERIFIED", 409],
  ["EXPIRED", "TICKET_EXPIRED", 410],
];

for (const [status, code, httpStatus] of refusalCases) {
  Deno.test(`reservationRefusal: ${status} → ${code ?? "allowed"}`, () => {
    const refusal = reservationRefusal({ status }, NOW);
    if (code === null) {
      strictEqual(refusal, null);
      return;
    }
    ok(refusal instanceof AppError);
    strictEqual(refusal.code, code);
    strictEqual(refusal.status, httpStatus);
  });
}

Deno.test("reservationRefusal: ALREADY_RESERVED carries the existing reservation", () => {
  const refusal = reservationRefusal(
    { status: "RESERVED", reservation: RESERVATION },
    NOW,
  );
  strictEqual(refusal?.code, "TICKET_ALREADY_RESERVED");
  deepStrictEqual(refusal?.details, { reservation: RESERVATION });
  deepStrictEqual(refusal?.toBody().error.details, {
    reservation: {
      date: "2026-11-20",
      start_time: "12:00",
      end_time: "13:00",
    },
  });
});

Deno.test("reservationRefusal: other refusals carry no reservation", () => {
  for (const status of ["PENDING_PAYMENT", "VERIFIED", "EXPIRED"] as const) {
    const refusal = reservationRefusal(
      { status, reservation: RESERVATION },
      NOW,
    );
    strictEqual(refusal?.details?.reservation, undefined, status);
  }
});

const expiryCases: {
  name: string;
  status: TicketStatus;
  expires_at: Date | null | undefined;
  code: string | null;
}[] = [
  {
    name: "ACTIVATED without expiry may be reserved",
    status: "ACTIVATED",
    expires_at: undefined,
    code: null,
  },
  {
    name: "ACTIVATED with a null expiry may be reserved",
    status: "ACTIVATED",
    expires_at: null,
    code: null,
  },
  {
    name: "ACTIVATED expiring a millisecond from now may be reserved",
    status: "ACTIVATED",
    expires_at: new Date(NOW.getTime() + 1),
    code: null,
  },
  {
    name: "ACTIVATED expiring exactly now has expired",
    status: "ACTIVATED",
    expires_at: new Date(NOW.getTime()),
    code: "TICKET_EXPIRED",
  },
  {
    name: "ACTIVATED that expired yesterday has expired",
    status: "ACTIVATED",
    expires_at: new Date("2026-11-13T10:00:00Z"),
    code: "TICKET_EXPIRED",
  },
  {
    name: "PENDING_PAYMENT past its expiry is expired rather than unpaid",
    status: "PENDING_PAYMENT",
    expires_at: new Date("2026-11-13T10:00:00Z"),
    code: "TICKET_EXPIRED",
  },
  {
    name: "PENDING_PAYMENT before its expiry is unpaid",
    status: "PENDING_PAYMENT",
    expires_at: new Date("2026-11-15T10:00:00Z"),
    code: "TICKET_NOT_ACTIVATED",
  },
  {
    name: "RESERVED past its product expiry keeps its reservation",
    status: "RESERVED",
    expires_at: new Date("2026-11-13T10:00:00Z"),
    code: "TICKET_ALREADY_RESERVED",
  },
  {
    name: "VERIFIED past its product expiry is still used",
    status: "VERIFIED",
    expires_at: new Date("2026-11-13T10:00:00Z"),
    code: "TICKET_ALREADY_VERIFIED",
  },
];

for (const c of expiryCases) {
  Deno.test(`reservationRefusal expiry: ${c.name}`, () => {
    const refusal = reservationRefusal(
      { status: c.status, expires_at: c.expires_at },
      NOW,
    );
    strictEqual(refusal?.code ?? null, c.code);
    if (c.code === "TICKET_EXPIRED") strictEqual(refusal?.status, 410);
  });
}

// API.md "POST /api/tickets/activate": PENDING_PAYMENT becomes ACTIVATED,
// ACTIVATED answers the same (idempotent), any later status its TICKET_* code.
const activationCases: [TicketStatus, string | null][] = [
  ["PENDING_PAYMENT", null],
  ["ACTIVATED", null],
  ["RESERVED", "TICKET_ALREADY_RESERVED"],
  ["VERIFIED", "TICKET_ALREADY_VERIFIED"],
  ["EXPIRED", "TICKET_EXPIRED"],
];

for (const [status, code] of activationCases) {
  Deno.test(`activationRefusal: ${status} → ${code ?? "allowed"}`, () => {
    const refusal = activationRefusal(status);
    strictEqual(refusal?.code ?? null, code);
    if (refusal) ok(refusal instanceof AppError);
  });
}
