import type { DemoData } from "../db/demo.ts";
import type { Organization } from "../db/organizations.ts";
import { formatTicketCode } from "../domain/ticket_code.ts";

/** The console text that tells a newcomer which codes and logins to try. */
export function demoBanner(
  demo: DemoData,
  org: Organization,
  baseUrl: string,
): string {
  return [
    "",
    `Demo data for "${org.name}" (time zone ${org.timezone}):`,
    "  Tickets ready to reserve (ACTIVATED):",
    ...demo.activated.map((c) =>
      `    ${formatTicketCode(c)}   ${baseUrl}/reserve?code=${c}`
    ),
    "  Not paid yet (PENDING_PAYMENT):",
    ...demo.pending.map((c) => `    ${formatTicketCode(c)}`),
    `  Reserved for today (scan → GREEN): ${
      demo.reservedToday
        ? formatTicketCode(demo.reservedToday)
        : "none (today's 00:00 slot is the venue's own or full)"
    }`,
    `  Reserved for a later day (scan → WRONG DATE): ${
      demo.reservedLater ? formatTicketCode(demo.reservedLater) : "none"
    }`,
    "  Staff logins:",
    ...demo.staff.map((s) =>
      `    ${s.role.padEnd(8)} username ${s.username}, ${s.kind} ${s.secret}`
    ),
    `  Pages: ${baseUrl}/reserve  ${baseUrl}/operator/login  ${baseUrl}/manager`,
    ...demo.staff.filter((s) => s.role === "ADMIN").map((s) =>
      `  Back office: ${baseUrl}/admin (username ${s.username}, ${s.kind} ${s.secret})`
    ),
    "  (Printed at every start with DEMO=1. To start the demo over: stop the app,",
    "  delete the data folder (DATA_DIR, default ./data), start it again.)",
    "",
  ].join("\n");
}
