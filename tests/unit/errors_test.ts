import { Hono } from "hono";
import { deepStrictEqual, ok, strictEqual, throws } from "node:assert/strict";
import {
  AppError,
  type ErrorCode,
  ERRORS,
  validationFailed,
} from "../../domain/errors.ts";
import type { ScanReason } from "../../domain/scan_decision.ts";

// Every error code API.md names, with the HTTP status it gives there.
const contract: [ErrorCode, number][] = [
  ["VALIDATION_FAILED", 400],
  ["UNAUTHORIZED", 401],
  ["INVALID_CREDENTIALS", 401],
  ["FORBIDDEN", 403],
  ["ORG_NOT_FOUND", 404],
  ["TICKET_NOT_FOUND", 404],
  ["SLOT_NOT_FOUND", 404],
  ["RESERVATION_NOT_FOUND", 404],
  ["TICKET_NOT_ACTIVATED", 409],
  ["TICKET_ALREADY_RESERVED", 409],
  ["TICKET_ALREADY_VERIFIED", 409],
  ["TICKET_EXPIRED", 410],
  ["SLOT_FULL", 409],
  ["SLOT_CLOSED", 409],
  ["SLOT_IN_PAST", 409],
  ["SLOT_BEYOND_HORIZON", 409],
  ["TICKET_NOT_RESERVED", 409],
  ["CHANGE_CUTOFF_PASSED", 409],
  ["USERNAME_TAKEN", 409],
  ["NOTHING_TO_UNDO", 409],
  ["RATE_LIMITED", 429],
  ["LOGIN_THROTTLED", 429],
  ["SLOT_NOT_FULL", 409],
  ["ALREADY_WAITLISTED", 409],
  ["WAITLIST_NOT_FOUND", 404],
  ["OFFER_NOT_FOUND", 404],
  ["OFFER_EXPIRED", 410],
];

for (const [code, status] of contract) {
  Deno.test(`ERRORS: ${code} is HTTP ${status}`, () => {
    strictEqual(ERRORS[code][0], status);
    strictEqual(new AppError(code).status, status);
  });
}

// API.md verify-ticket: "Any RED reason → 409 with error.code equal to the reason".
const redReasons: ScanReason[] = [
  "WRONG_DATE",
  "NO_RESERVATION",
  "INVALID_TICKET",
  "NOT_PAID",
  "EXPIRED",
  "TOO_EARLY",
  "TOO_LATE",
];

for (const reason of redReasons) {
  Deno.test(`ERRORS: RED scan reason ${reason} is a 409 error code`, () => {
    ok(reason in ERRORS, `${reason} missing from ERRORS`);
    const e = new AppError(reason as ErrorCode);
    strictEqual(e.code, reason);
    strictEqual(e.status, 409);
  });
}

Deno.test("ERRORS: every code has an HTTP error status and a sentence", () => {
  for (const [code, [status, message]] of Object.entries(ERRORS)) {
    ok(status >= 400 && status <= 599, `${code}: status ${status}`);
    ok(/^[A-Z]/.test(message), `${code}: message starts upper case`);
    ok(/[.!]$/.test(message), `${code}: message ends a sentence`);
    ok(/^[A-Z][A-Z_]*$/.test(code), `${code}: code is SCREAMING_SNAKE`);
  }
});

Deno.test("ERRORS: only 4xx/5xx statuses the contract uses", () => {
  const statuses = new Set(Object.values(ERRORS).map(([s]) => s));
  deepStrictEqual(
    [...statuses].sort(),
    [400, 401, 403, 404, 409, 410, 413, 429, 500, 503],
  );
  strictEqual(ERRORS.INTERNAL[0], 500);
  strictEqual(ERRORS.SERVICE_UNAVAILABLE[0], 503);
});

Deno.test("AppError: code, status, default message and Error nature", () => {
  const e = new AppError("SLOT_FULL");
  ok(e instanceof Error);
  ok(e instanceof AppError);
  strictEqual(e.code, "SLOT_FULL");
  strictEqual(e.status, 409);
  strictEqual(e.message, ERRORS.SLOT_FULL[1]);
  strictEqual(e.details, undefined);
  strictEqual(e.headers, undefined);
  strictEqual(String(e), `AppError: ${ERRORS.SLOT_FULL[1]}`);
  // Built without the Error constructor, so without a stack (see AppError).
  strictEqual((e as { stack?: string }).stack, undefined);
});

Deno.test("AppError: thrown through Hono, it reaches the error handler", async () => {
  const app = new Hono();
  app.get("/", () => {
    throw new AppError("SLOT_FULL");
  });
  app.onError((err) =>
    err instanceof AppError
      ? new Response(err.code, { status: err.status })
      : new Response("other", { status: 500 })
  );
  const res = await app.request("/");
  strictEqual(res.status, 409);
  strictEqual(await res.text(), "SLOT_FULL");
});

Deno.test("AppError: body without details has exactly code and message", () => {
  const body = new AppError("TICKET_NOT_FOUND").toBody();
  deepStrictEqual(body, {
    error: {
      code: "TICKET_NOT_FOUND",
      message: "We could not find a ticket with this code.",
    },
  });
  ok(!("details" in body.error));
});

Deno.test("AppError: a custom message replaces the default", () => {
  const e = new AppError("SLOT_IN_PAST", {
    message: 'The slot "2026-11-13 12:00" has already ended.',
  });
  strictEqual(e.message, 'The slot "2026-11-13 12:00" has already ended.');
  strictEqual(
    e.toBody().error.message,
    'The slot "2026-11-13 12:00" has already ended.',
  );
  strictEqual(e.status, 409);
});

Deno.test("AppError: details appear in the body as given", () => {
  const alternatives = [
    { id: 18, date: "2026-11-26", start_time: "13:00", end_time: "14:00" },
  ];
  const e = new AppError("SLOT_FULL", { details: { alternatives } });
  deepStrictEqual(e.toBody(), {
    error: {
      code: "SLOT_FULL",
      message: "This time slot is full.",
      details: { alternatives },
    },
  });
});

Deno.test("AppError: body is plain JSON", () => {
  const e = new AppError("TICKET_ALREADY_RESERVED", {
    details: {
      reservation: {
        date: "2026-11-20",
        start_time: "12:00",
        end_time: "13:00",
      },
    },
  });
  deepStrictEqual(JSON.parse(JSON.stringify(e.toBody())), {
    error: {
      code: "TICKET_ALREADY_RESERVED",
      message: "This ticket already has a reservation.",
      details: {
        reservation: {
          date: "2026-11-20",
          start_time: "12:00",
          end_time: "13:00",
        },
      },
    },
  });
});

Deno.test("AppError: headers are kept for the response (Retry-After)", () => {
  const e = new AppError("RATE_LIMITED", { headers: { "Retry-After": "42" } });
  strictEqual(e.status, 429);
  deepStrictEqual(e.headers, { "Retry-After": "42" });
  ok(!("headers" in e.toBody().error), "headers stay out of the body");
});

Deno.test("AppError: can be thrown and caught by code", () => {
  throws(
    () => {
      throw new AppError("FORBIDDEN");
    },
    (e: unknown) =>
      e instanceof AppError && e.code === "FORBIDDEN" && e.status === 403,
  );
});

Deno.test("validationFailed: 400 VALIDATION_FAILED with details.fields", () => {
  const e = validationFailed({
    customer_email: "Not an email address",
    customer_phone: "Use the international form, e.g. +31612345678",
  });
  ok(e instanceof AppError);
  strictEqual(e.status, 400);
  strictEqual(e.code, "VALIDATION_FAILED");
  strictEqual(e.message, ERRORS.VALIDATION_FAILED[1]);
  deepStrictEqual(e.toBody(), {
    error: {
      code: "VALIDATION_FAILED",
      message: "Some fields are missing or malformed.",
      details: {
        fields: {
          customer_email: "Not an email address",
          customer_phone: "Use the international form, e.g. +31612345678",
        },
      },
    },
  });
});

Deno.test("validationFailed: a custom message, still with fields", () => {
  const e = validationFailed({ orq: "Required" }, "orq is required.");
  strictEqual(e.message, "orq is required.");
  deepStrictEqual(e.details, { fields: { orq: "Required" } });
  strictEqual(e.status, 400);
});

Deno.test("validationFailed: no fields still gives details.fields", () => {
  deepStrictEqual(validationFailed({}).toBody().error.details, { fields: {} });
});
