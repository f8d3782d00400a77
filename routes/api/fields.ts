import { z } from "zod";
import { isCalendarDate } from "../../domain/clock.ts";

/** An organization number in a query string (`?orq=1`). */
export const orqParam = z.string().regex(
  /^\d{1,9}$/,
  "Expected an organization number",
).transform(Number);

/** An organization number in a JSON body (a PostgreSQL `integer`). */
export const orqField = z.int().positive().max(2_147_483_647);

/**
 * A calendar date `YYYY-MM-DD` in the years a venue can mean (2000–2999):
 * year 0 does not exist in PostgreSQL, and a range from 9999-12-31 would
 * run past the years it can print.
 */
export const dateField = z.string().refine(
  isCalendarDate,
  "Expected a date YYYY-MM-DD",
).refine(
  (d) => d >= "2000-01-01" && d <= "2999-12-31",
  "Expected a date between 2000-01-01 and 2999-12-31",
).meta({ format: "date", description: "YYYY-MM-DD" });

/** A ticket code as typed: any text of sane length. */
export const ticketCodeField = z.string().trim().min(1, "Enter a ticket code")
  .max(200, "Too long for a ticket code");

/** `limit` of a back-office list (API.md: 1–200, default 50). */
export const limitParam = z.string().regex(/^\d{1,3}$/, "Expected 1 to 200")
  .transform(Number).refine((n) => n >= 1 && n <= 200, "Expected 1 to 200")
  .optional().transform((n) => n ?? 50);

/** `cursor` of a back-office list: opaque, from `next_cursor`. */
export const cursorParam = z.string().max(1000).optional();

/** `q` of a back-office list: 3+ characters (code, email or phone digits). */
export const searchParam = z.string().trim().min(3, "At least 3 characters")
  .max(254).optional();

/**
 * Any JSON object, and any JSON value: the first check of a body whose shape
 * is decided after. Built once (a zod schema built per request was a
 * visible share of a reschedule's CPU).
 */
export const anyJsonObject = z.record(z.string(), z.unknown());
export const anyJson = z.unknown();
