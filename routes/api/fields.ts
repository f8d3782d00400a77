import { z } from "zod";
import { isCalendarDate } from "../../domain/clock.ts";

/** An organization number in a query string (`?orq=1`). */
export const orqParam = z.string().regex(
  /^\d{1,9}$/,
  "Expected an organization number",
).transform(Number);

/** A calendar date `YYYY-MM-DD`. */
export const dateField = z.string().refine(
  isCalendarDate,
  "Expected a date YYYY-MM-DD",
);
