import { loadConfig } from "./lib/config.ts";
import { bootstrap, buildDeps, openDatabase } from "./lib/startup.ts";
import { createApp } from "./routes/app.ts";
import { seedDemo } from "./db/demo.ts";
import { systemClock, zonedNow } from "./domain/clock.ts";
import { findOrganization } from "./db/organizations.ts";
import { formatTicketCode } from "./domain/ticket_code.ts";
import { setQuietLogs } from "./lib/log.ts";
import { createMailWorker } from "./lib/mail/worker.ts";
import { createExpiryJob } from "./lib/expiry_job.ts";

const config = loadConfig();
setQuietLogs(Deno.env.get("LOG_EVENTS") === "0");
const db = await openDatabase(config);
const jwtSecret = await bootstrap(db, config);

if (config.demo) {
  const org = (await findOrganization(db, 1))!;
  const demo = await seedDemo(db, zonedNow(systemClock(), org.timezone));
  if (demo) {
    const base = config.publicUrl;
    const lines = [
      "",
      `Demo data for "${org.name}" (time zone ${org.timezone}):`,
      "  Tickets ready to reserve (ACTIVATED):",
      ...demo.activated.map((c) =>
        `    ${formatTicketCode(c)}   ${base}/reserve?code=${c}`
      ),
      "  Not paid yet (PENDING_PAYMENT):",
      ...demo.pending.map((c) => `    ${formatTicketCode(c)}`),
      `  Reserved for today (scan → GREEN): ${
        demo.reservedToday
          ? formatTicketCode(demo.reservedToday)
          : "none (today's slots have ended)"
      }`,
      `  Reserved for a later day (scan → WRONG DATE): ${
        demo.reservedLater ? formatTicketCode(demo.reservedLater) : "none"
      }`,
      "  Staff logins:",
      ...demo.staff.map((s) =>
        `    ${s.role.padEnd(8)} username ${s.username}, ${s.kind} ${s.secret}`
      ),
      "",
    ];
    console.log(lines.join("\n"));
  }
}

const deps = buildDeps(db, config, { clock: systemClock, jwtSecret });
const app = createApp(deps);
// Confirmation mails from the outbox: SMTP_URL, else DATA_DIR/mailbox.
const mail = createMailWorker({ db, config });
deps.onReservation = () => mail.kick();
mail.start();
// Reservations of ended slots and tickets past their expiry, every minute.
createExpiryJob({
  db,
  clock: systemClock,
  live: deps.live,
  onExpired: (n) => deps.metrics?.expired(n),
}).start();
Deno.serve({
  port: config.port,
  hostname: config.host,
  onListen: ({ hostname, port }) =>
    console.log(
      `Listening on http://${hostname}:${port} (database: ${db.engine})`,
    ),
}, app.fetch);
