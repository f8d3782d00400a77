/** Helpers of the mail thread's tests: its config, the outbox, waiting. */
import { engines, type TestServer } from "./server.ts";
import { reserveOnNewSlot } from "./api.ts";
import type { SmtpReceiver } from "./smtp_receiver.ts";
import type { Config } from "../../lib/config.ts";

/** The app's config pointed at `s`'s database and at `rx`. */
export function configFor(s: TestServer, rx: SmtpReceiver): Config {
  return {
    ...s.deps.config,
    databaseUrl: s.databaseUrl ?? null,
    smtpUrl: rx.url,
  };
}

/** Reserves a fresh ticket over HTTP (a slot of its own); the 201 body. */
export async function reserve(s: TestServer, email: string, hour = 12) {
  const slot = { date: "2026-11-27", start: `${hour}:00`, end: `${hour}:30` };
  return (await reserveOnNewSlot(s, slot, { customer_email: email })).body;
}

/** The outbox rows' statuses, oldest first. */
export async function statuses(s: TestServer): Promise<string[]> {
  const rows = await s.db.query<{ status: string }>(
    `SELECT status FROM mail_outbox ORDER BY id`,
  );
  return rows.map((r) => r.status);
}

/** Waits until `check` holds (or fails after `ms`). */
export async function until(
  what: string,
  check: () => Promise<boolean>,
  ms = 5000,
) {
  const end = Date.now() + ms;
  while (!await check()) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A test of PostgreSQL only (the mail thread needs its own connections). */
export function postgresTest(name: string, fn: () => Promise<void>) {
  if (!engines().includes("postgres")) return;
  Deno.test({ name: `${name} [postgres]`, fn });
}
