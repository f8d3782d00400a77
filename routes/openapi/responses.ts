/**
 * The answers' shapes, as API.md fixes them, for the OpenAPI document (and
 * for tests that hold real answers to them). Fields may be added freely, so
 * the document leaves objects open.
 */
import { z } from "zod";
import { SCAN_REASONS } from "../../domain/scan_decision.ts";
import { TICKET_STATUSES } from "../../domain/ticket_status.ts";

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).meta({ format: "date" });
const time = z.string().regex(/^\d{2}:\d{2}$/).describe("HH:MM (24 h)");
const instant = z.string().meta({ format: "date-time" });
const id = z.int().positive();
const count = z.int().min(0);
const ticketStatus = z.enum(TICKET_STATUSES);
const level = z.enum(["AVAILABLE", "LIMITED", "FULL"]);
const slotStatus = z.enum(["ACTIVE", "FULL", "CLOSED"]);
const role = z.enum(["OPERATOR", "MANAGER", "ADMIN"]);
const slotTimes = z.object({ date, start_time: time, end_time: time });

/** `GET /api/health` when the database answers. */
export const healthOk = z.object({
  status: z.literal("ok"),
  database: z.enum(["postgres", "pglite"]),
});

/** `GET /api/health` while the database cannot be reached. */
export const healthUnavailable = z.object({
  status: z.literal("unavailable"),
  database: z.enum(["postgres", "pglite"]),
  error: z.object({
    code: z.literal("SERVICE_UNAVAILABLE"),
    message: z.string(),
  }),
});

/** `{"ticket": {"code", "status", "orq"}}`. */
export const ticketAnswer = z.object({
  ticket: z.object({ code: z.string(), status: ticketStatus, orq: id }),
});

/** `POST /api/tickets/validate` 200. */
export const ticketEligible = ticketAnswer.extend({
  eligible: z.literal(true),
});

/** `POST /api/tickets/issue` 201. */
export const ticketsIssued = z.object({
  tickets: z.array(z.object({
    code: z.string(),
    status: ticketStatus,
    orq: id,
    order_ref: z.string().nullable(),
  })),
});

/** A slot as availability and slot creation show it. */
export const slotAnswer = z.object({
  id,
  date,
  start_time: time,
  end_time: time.describe("HH:MM; 24:00 for midnight"),
  total_capacity: count,
  booked_count: count,
  available_count: count,
  status: slotStatus,
  level,
});

/** The venue as customers see it (API.md "Organization settings"). */
export const publicOrganization = z.object({
  orq: id,
  name: z.string(),
  address: z.string().nullable(),
  brand_color: z.string().nullable().describe("#RRGGBB"),
  locale: z.string(),
  country: z.string().nullable().describe("ISO 3166-1 alpha-2"),
  booking_horizon_days: z.int(),
  change_cutoff_hours: z.int().nullable(),
});

/** `GET /api/reservation-slots/available` 200. */
export const availability = z.object({
  orq: id,
  timezone: z.string(),
  organization: publicOrganization,
  horizon_date: date.describe(
    "The last date customers may book: today + booking_horizon_days − 1",
  ),
  dates: z.array(z.object({ date, level, slots: z.array(slotAnswer) })),
});

/** `POST /api/reservation-slots/create` 201. */
export const slotsCreated = z.object({
  created: z.array(slotAnswer),
  skipped: z.array(z.object({
    date,
    start_time: time,
    reason: z.literal("DUPLICATE"),
  })),
});

/** The reservation answer (create 201, lookup 200 with the contact masked). */
export const reservationAnswer = z.object({
  organization: publicOrganization.optional().describe(
    "The venue (always present in customer answers)",
  ),
  reservation: z.object({
    id,
    ticket_code: z.string(),
    status: z.enum(["RESERVED", "VERIFIED", "EXPIRED"]),
    customer_email: z.string(),
    customer_phone: z.string(),
    reserved_at: instant,
    slot: slotTimes.extend({ id }),
  }),
  qr: z.object({
    payload: z.string(),
    svg_url: z.string().describe("Signed: ?t=<token>&v=<version>"),
    png_url: z.string().describe("Signed: ?t=<token>&v=<version>"),
  }),
  calendar_url: z.string().describe("Signed: ?t=<token>&v=<version>"),
  ticket_url: z.string().optional().describe(
    "The printable ticket page; signed as the QR URLs",
  ),
});

/** `POST /api/operator/login` 200. */
export const loginAnswer = z.object({
  token: z.string(),
  expires_at: instant,
  operator: z.object({ id, name: z.string(), role, orq: id }),
});

/** `POST /api/operator/validate-ticket` 200: a RED answer is a result. */
export const scanAnswer = z.object({
  result: z.enum(["GREEN", "RED", "YELLOW"]),
  reason: z.enum(SCAN_REASONS),
  title: z.string(),
  message: z.string(),
  ticket: z.object({ code: z.string(), status: ticketStatus }).nullable(),
  reservation: slotTimes.nullable(),
  customer: z.object({ email: z.string(), phone: z.string() }).nullable(),
  verified_at: instant.nullable(),
  verified_by: z.object({ id, name: z.string() }).nullable(),
  can_verify: z.boolean(),
});

/** `POST /api/operator/verify-ticket` 200 (a repeat is ALREADY_VERIFIED; a guest back after an exit, REENTRY). */
export const verifyAnswer = z.object({
  result: z.enum(["VERIFIED", "REENTRY", "ALREADY_VERIFIED"]),
  verified_at: instant,
  verified_by: z.object({ id, name: z.string() }),
});

/** `POST /api/organizations` 201. */
export const organizationAnswer = z.object({
  orq: id,
  name: z.string(),
  timezone: z.string(),
});

/** `POST /api/staff` 201. */
export const staffAnswer = z.object({
  id,
  username: z.string(),
  name: z.string(),
  role,
  orq: id,
});

/** The dashboard's `occupancy`: people inside now (API.md "Manager"). */
export const occupancy = z.object({
  inside_count: count,
  max_occupancy: count.nullable(),
  over_max: z.boolean().describe(
    "inside_count > max_occupancy: the setting is how many may be inside at once",
  ),
  gates: z.array(z.object({
    gate: z.string().nullable().describe(
      "Compared case-insensitively; null: scans without a gate",
    ),
    entries: count,
    exits: count,
  })),
});

/** `GET /api/dashboard/summary` 200, and the stream's `snapshot` event. */
export const dashboardSummary = z.object({
  orq: id,
  date,
  slots: z.array(z.object({
    id,
    start_time: time,
    end_time: time,
    status: z.enum(["ACTIVE", "FULL", "CLOSED"]),
    total_capacity: count,
    booked_count: count,
    held_count: count,
    verified_count: count.describe("First admissions"),
    entries: count.describe("Every admission, re-entries included"),
    exits: count,
    utilization: z.number().min(0).max(1),
  })),
  totals: z.object({
    total_capacity: count,
    booked_count: count,
    verified_count: count,
    expected_count: count,
    no_show_count: count,
  }),
  occupancy: occupancy.nullable().describe(
    "People inside now: on today's summary only, null on other dates",
  ),
});

const fraction = z.number().nullable();

/** `GET /api/dashboard/metrics` 200: the last 15 minutes and the alerts. */
export const dashboardMetrics = z.object({
  orq: id,
  date,
  timezone: z.string(),
  generated_at: instant,
  window_minutes: count,
  conversion: z.object({
    reserved: count,
    eligible: count,
    rate: fraction,
  }),
  utilization: z.object({
    booked_count: count,
    total_capacity: count,
    overall: fraction,
    slots: z.array(
      dashboardSummary.shape.slots.element.extend({ ended: z.boolean() }),
    ),
  }),
  reservations: z.object({
    attempts: count,
    created: count,
    failed: count,
    failure_rate: fraction,
    by_reason: z.record(z.string(), count),
  }),
  validation: z.object({ count, mean_ms: fraction }),
  api: z.object({ requests: count, p95_ms: fraction }),
  auth: z.object({ failed: count, throttled: count }),
  alerts: z.array(z.object({
    code: z.enum([
      "RESERVATION_FAILURE_RATE",
      "SLOT_NEARLY_FULL",
      "API_SLOW",
      "AUTH_FAILURE_SPIKE",
    ]),
    firing: z.boolean(),
    severity: z.enum(["critical", "warning"]),
    title: z.string(),
    message: z.string(),
    value: fraction,
    threshold: z.number(),
    slots: z.array(z.object({ id, start_time: time, end_time: time }))
      .optional(),
  })),
});

/** `POST /operator/logout` 200: where the browser goes next. */
export const logoutAnswer = z.object({ next: z.string() });
