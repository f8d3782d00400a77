/** The demo codes and logins as they stand, for the banner printed at every start. */
import type { Db } from "../db/client.ts";
import { DEMO_STAFF, type DemoData } from "../db/demo.ts";
import { demoTickets, staffHashes } from "../db/demo_today.ts";
import { verifySecret } from "./passwords.ts";

/**
 * The demo tickets still to try on the venue's `date`, `reservedToday` as
 * given, and the demo staff whose secret is still the demo's (a changed
 * password is not printed).
 */
export async function readDemo(
  db: Db,
  date: string,
  reservedToday: string | null,
): Promise<DemoData> {
  const tickets = await demoTickets(db, date);
  const stored = await staffHashes(db, DEMO_STAFF.map((s) => s.username));
  const staff: DemoData["staff"] = [];
  for (const s of DEMO_STAFF) {
    const row = stored.find((r) => r.username === s.username);
    const pin = "pin" in s ? s.pin : null;
    const secret = pin ?? ("password" in s ? s.password : "");
    const hash = pin ? row?.pin_hash : row?.password_hash;
    if (!hash || !(await verifySecret(secret, hash))) continue;
    staff.push({
      username: s.username,
      secret,
      kind: pin ? "pin" : "password",
      role: s.role,
    });
  }
  return { ...tickets, reservedToday, staff };
}
