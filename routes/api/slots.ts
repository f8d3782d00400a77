import { Hono } from "hono";
import { z } from "zod";
import type { ApiEnv, AppDeps } from "../deps.ts";
import { parseWith, readJson } from "../../lib/http.ts";
import { assertOrg, auditActor, requireRole } from "../../lib/auth.ts";
import { AppError, validationFailed } from "../../domain/errors.ts";
import { addDays, daysBetween } from "../../domain/clock.ts";
import { anyJsonObject, dateField, orqField, orqParam } from "./fields.ts";
import {
  dateLevel,
  type SlotLevel,
  slotLevel,
} from "../../domain/slot_rules.ts";
import { expandSeries, isClockTime } from "../../domain/slot_series.ts";
import { horizonDate } from "../../domain/customer_change.ts";
import {
  createSlots,
  existingSlotKeys,
  listSlots,
  type NewSlot,
  type SlotRow,
} from "../../db/slots.ts";
import type { Sql } from "../../db/client.ts";
import { recordAudit } from "../../db/audit.ts";
import { logEvent } from "../../lib/log.ts";
import {
  type PublicOrganization,
  publicOrganization,
} from "../../lib/public_organization.ts";

const startField = z.string().refine((t) => isClockTime(t), "Expected HH:MM")
  .describe("HH:MM");
const endField = z.string().refine(
  (t) => isClockTime(t, true),
  "Expected HH:MM (24:00 for midnight)",
).describe("HH:MM; 24:00 for midnight");

/** Query of `GET /api/reservation-slots/available`. */
export const availableQuery = z.object({
  orq: orqParam,
  from: dateField.optional(),
  to: dateField.optional(),
  /** Places wanted together (a group): a slot with fewer free reads FULL. */
  party: z.string().regex(/^\d{1,2}$/, "Expected 1 to 20").transform(Number)
    .refine((n) => n >= 1 && n <= 20, "Expected 1 to 20").optional(),
});

const capacityField = z.int().min(1, "Capacity must be at least 1").max(
  100_000,
);
/** Body of `POST /api/reservation-slots/create`: one slot. */
export const singleBody = z.strictObject({
  orq: orqField,
  date: dateField,
  start_time: startField,
  end_time: endField,
  total_capacity: capacityField.default(200),
  /** Answer what would be created and skipped, and write nothing. */
  preview: z.boolean().optional(),
});
/** Body of `POST /api/reservation-slots/create`: a series. */
export const seriesBody = z.strictObject({
  orq: orqField,
  from: dateField,
  to: dateField,
  weekdays: z.array(z.int().min(1).max(7)).min(1).max(7),
  times: z.array(z.tuple([startField, endField])).min(1).max(96),
  total_capacity: capacityField.default(200),
  /** Answer what would be created and skipped, and write nothing. */
  preview: z.boolean().optional(),
});

/** A slot as the availability answer shows it. */
function slotJson(
  s: Omit<SlotRow, "id" | "orq"> & { id: number | null },
  party = 1,
) {
  return {
    id: s.id,
    date: s.date,
    start_time: s.start_time,
    end_time: s.end_time,
    total_capacity: s.total_capacity,
    booked_count: s.booked_count,
    available_count: s.available_count,
    status: s.status,
    level: s.available_count < party ? "FULL" as const : slotLevel(s),
  };
}

/** The availability answer of API.md: slots grouped by date, with levels. */
export function availabilityBody(
  orq: number,
  timezone: string,
  slots: SlotRow[],
  venue?: { organization: PublicOrganization; horizon_date: string },
  party = 1,
) {
  const dates: {
    date: string;
    level: SlotLevel;
    slots: ReturnType<typeof slotJson>[];
  }[] = [];
  for (const s of slots) {
    let current = dates[dates.length - 1];
    if (!current || current.date !== s.date) {
      current = { date: s.date, level: "FULL", slots: [] };
      dates.push(current);
    }
    current.slots.push(slotJson(s, party));
  }
  for (const d of dates) d.level = dateLevel(d.slots.map((s) => s.level));
  return { orq, timezone, ...venue, dates };
}

/** `/api/reservation-slots`: availability for customers, creation for admins. */
export function slotRoutes(deps: AppDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();

  app.get("/available", async (c) => {
    const q = parseWith(availableQuery, c.req.query());
    const now = await deps.zonedNow(q.orq);
    const org = await deps.orgs.get(q.orq);
    if (!org) throw new AppError("ORG_NOT_FOUND");
    const from = q.from ?? now.date;
    const to = q.to ?? addDays(from, 89);
    const span = daysBetween(from, to);
    if (span < 0) throw validationFailed({ to: "Must not be before from" });
    if (span > 365) {
      throw validationFailed({ to: "The range may span at most 366 days" });
    }
    // Answers may be a second old (see lib/availability_cache.ts).
    const party = q.party ?? 1;
    const body = await deps.caches.availability.get(
      q.orq,
      from,
      // Each party size has its own answer (forgotten with the others).
      party === 1 ? to : `${to}|party=${party}`,
      now,
      async () =>
        JSON.stringify(
          availabilityBody(
            q.orq,
            now.timezone,
            await listSlots(deps.db, { orq: q.orq, from, to, now }),
            {
              organization: publicOrganization(org),
              // The last date customers may book (`booking_horizon_days`).
              horizon_date: horizonDate(
                now.date,
                org.settings.booking_horizon_days,
              ),
            },
            party,
          ),
        ),
    );
    return c.body(body, 200, {
      "content-type": "application/json; charset=utf-8",
      "cache-control": "no-store",
    });
  });

  app.post("/create", requireRole(deps.auth, "ADMIN"), async (c) => {
    const raw = await readJson(c, anyJsonObject);
    const isSeries = "from" in raw || "weekdays" in raw || "times" in raw;
    const body = isSeries
      ? parseWith(seriesBody, raw)
      : parseWith(singleBody, raw);
    assertOrg(c.get("principal"), body.orq);
    const now = await deps.zonedNow(body.orq);
    const specs = "weekdays" in body
      ? checkSeries(body, now.date)
      : checkSingle(body, now.date);
    const result = body.preview
      ? await previewSlots(deps.db, body.orq, specs, body.total_capacity)
      : await deps.db.begin(async (tx) => {
        const made = await createSlots(tx, {
          orq: body.orq,
          slots: specs,
          total_capacity: body.total_capacity,
        });
        if (made.created.length > 0) {
          await recordAudit(tx, {
            orq: body.orq,
            actor: auditActor(c.get("principal")),
            action: "slots.created",
            target: { type: "slot", id: null },
            after: {
              created: made.created.length,
              skipped: made.skipped.length,
              from: specs[0].date,
              to: specs[specs.length - 1].date,
              total_capacity: body.total_capacity,
            },
            at: deps.clock(),
          });
        }
        return made;
      });
    if (!body.preview) {
      deps.caches.availability.forget(body.orq);
      logEvent("slots.created", {
        orq: body.orq,
        created: result.created.length,
        skipped: result.skipped.length,
      });
    }
    return c.json({
      created: result.created.map(slotJson),
      skipped: result.skipped.map((s) => ({
        date: s.date,
        start_time: s.start_time,
        reason: "DUPLICATE",
      })),
    }, body.preview ? 200 : 201);
  });

  return app;
}

/** What a creation would make and skip, read without writing. */
async function previewSlots(
  sql: Sql,
  orq: number,
  specs: NewSlot[],
  total_capacity: number,
): Promise<{ created: ReturnType<typeof wouldCreate>[]; skipped: NewSlot[] }> {
  const existing = await existingSlotKeys(sql, { orq, slots: specs });
  const isNew = (s: NewSlot) => !existing.has(`${s.date} ${s.start_time}`);
  return {
    created: specs.filter(isNew).map((s) => wouldCreate(s, total_capacity)),
    skipped: specs.filter((s) => !isNew(s)),
  };
}

/** A slot a creation would make: no id yet, nothing booked. */
function wouldCreate(s: NewSlot, total_capacity: number) {
  return {
    ...s,
    id: null,
    total_capacity,
    booked_count: 0,
    held_count: 0,
    available_count: total_capacity,
    verified_count: 0,
    status: "ACTIVE" as const,
  };
}

function checkSingle(b: z.output<typeof singleBody>, today: string) {
  if (b.end_time <= b.start_time) {
    throw validationFailed({ end_time: "Must be after start_time" });
  }
  if (b.date < today) {
    throw validationFailed({ date: "Must not be in the past" });
  }
  return [{ date: b.date, start_time: b.start_time, end_time: b.end_time }];
}

function checkSeries(b: z.output<typeof seriesBody>, today: string) {
  if (b.from < today) {
    throw validationFailed({ from: "Must not be in the past" });
  }
  const span = daysBetween(b.from, b.to);
  if (span < 0) throw validationFailed({ to: "Must not be before from" });
  if (span > 365) {
    throw validationFailed({ to: "A series may span at most 366 days" });
  }
  b.times.forEach(([start, end], i) => {
    if (end <= start) {
      throw validationFailed({ [`times.${i}`]: "End must be after start" });
    }
  });
  const specs = expandSeries(b);
  if (specs.length > 20_000) {
    throw validationFailed({ times: "At most 20,000 slots in one request" });
  }
  if (specs.length === 0) {
    throw new AppError("VALIDATION_FAILED", {
      message: "The series has no dates on the chosen weekdays.",
      details: {
        fields: { weekdays: "No date in the range falls on these days" },
      },
    });
  }
  return specs;
}
