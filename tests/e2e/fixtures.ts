/** A running app over PostgreSQL plus Chromium, and the calendar the portal tests book from. */
import type { Browser } from "playwright-core";
import type { Sql } from "../../db/client.ts";
import {
  type StartOptions,
  startServer,
  type TestServer,
} from "../helpers/server.ts";
import { launchChromium } from "./browser.ts";

/** "Now" in every portal test: Thursday 26 November 2026, 11:00 in Amsterdam. */
export const NOW = "2026-11-26T10:00:00Z";
/** The venue's zone in the portal tests. */
export const TIMEZONE = "Europe/Amsterdam";

/** Registers a test with a fresh server (PostgreSQL, pinned clock) and browser. */
export function portalTest(
  name: string,
  fn: (s: TestServer, browser: Browser) => Promise<void>,
  opts: StartOptions = {},
): void {
  Deno.test({
    name,
    fn: async () => {
      const s = await startServer("postgres", {
        now: NOW,
        timezone: TIMEZONE,
        ...opts,
      });
      const browser = await launchChromium();
      try {
        await fn(s, browser);
      } finally {
        await browser.close();
        await s.close();
      }
    },
  });
}

/**
 * 90 days of hourly slots from 09:00 to 17:00 (capacity 200) from today:
 * Saturday 28 November is filling up (50 of 200 left everywhere), Sunday 29
 * November is full, and Tuesday 1 December has no slots at all.
 */
export async function seedSeason(sql: Sql): Promise<void> {
  await sql.query(
    `INSERT INTO reservation_slots (orq, date, start_time, end_time, total_capacity)
     SELECT 1, d::date, make_time(h, 0, 0), make_time(h + 1, 0, 0), 200
       FROM generate_series('2026-11-26'::date, '2026-11-26'::date + 89, interval '1 day') d,
            generate_series(9, 16) h`,
  );
  await sql.query(
    `UPDATE reservation_slots SET booked_count = 150 WHERE date = '2026-11-28'`,
  );
  await sql.query(
    `UPDATE reservation_slots SET booked_count = 200, status = 'FULL'
      WHERE date = '2026-11-29'`,
  );
  await sql.query(`DELETE FROM reservation_slots WHERE date = '2026-12-01'`);
}

/** The id of organization 1's slot at `date` `start`. */
export async function slotAt(
  sql: Sql,
  date: string,
  start: string,
): Promise<number> {
  const rows = await sql.query<{ id: number }>(
    `SELECT id FROM reservation_slots WHERE orq = 1 AND date = $1 AND start_time = $2`,
    [date, start],
  );
  return rows[0].id;
}

/** A slot's booked count. */
export async function bookedCount(sql: Sql, id: number): Promise<number> {
  const rows = await sql.query<{ booked_count: number }>(
    `SELECT booked_count FROM reservation_slots WHERE id = $1`,
    [id],
  );
  return rows[0].booked_count;
}

/** A ticket's status by code. */
export async function ticketStatus(sql: Sql, code: string): Promise<string> {
  const rows = await sql.query<{ status: string }>(
    `SELECT status FROM tickets WHERE code = $1`,
    [code],
  );
  return rows[0]?.status ?? "NONE";
}
