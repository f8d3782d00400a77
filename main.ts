import { loadConfig } from "./lib/config.ts";
import { bootstrap, openDatabase } from "./lib/startup.ts";
import { buildDeps } from "./lib/app_deps.ts";
import { createApp } from "./routes/app.ts";
import { seedDemo } from "./db/demo.ts";
import { readDemo } from "./lib/demo_state.ts";
import { createDemoDayJob, type DemoDayJob } from "./lib/demo_day_job.ts";
import { hashSecret } from "./lib/passwords.ts";
import { systemClock, zonedNow } from "./domain/clock.ts";
import { findOrganization } from "./db/organizations.ts";
import { demoBanner } from "./lib/demo_banner.ts";
import { logEvent, setQuietLogs } from "./lib/log.ts";
import { startMailWorker } from "./lib/mail/worker_thread.ts";
import { SigningThread } from "./db/signing_thread.ts";
import { createExpiryJob } from "./lib/expiry_job.ts";
import { createReminderJob } from "./lib/reminder_job.ts";
import { createWaitlistJob } from "./lib/waitlist_job.ts";
import { issueBackupToken } from "./lib/backup_token.ts";
import { createBackupJob } from "./lib/backup_job.ts";
import { takeBackup } from "./lib/backup.ts";

const config = loadConfig();
setQuietLogs(!config.logEvents);
const db = await openDatabase(config);
const jwtSecret = await bootstrap(db, config);
// On PGlite only this process can read the database: `deno task backup`
// asks it, with a token it leaves in DATA_DIR (lib/backup_token.ts).
if (!config.backupToken && db.engine === "pglite") {
  config.backupToken = await issueBackupToken(config.dataDir);
}

// The demo: seeded on an empty database; today's "reserved for today" ticket
// made now and at every venue midnight; its codes and logins printed at every start.
let demoDay: DemoDayJob | null = null;
if (config.demo) {
  const org = (await findOrganization(db, 1))!;
  await seedDemo(db, zonedNow(systemClock(), org.timezone), hashSecret);
  demoDay = createDemoDayJob({
    db,
    clock: systemClock,
    timezone: org.timezone,
    onNewDay: (date, code) =>
      console.log(`Demo ticket reserved for ${date}: ${code ?? "none"}`),
  });
  const today = await demoDay.runOnce();
  const demo = await readDemo(db, today.date, today.code);
  console.log(demoBanner(demo, org, config.publicUrl));
  demoDay.start();
}

// QR payloads of bookings and moves are signed in a thread of their own.
const signer = new SigningThread({
  onFail: (reason) => logEvent("signer.thread_error", { reason }),
});
const deps = buildDeps(db, config, {
  clock: systemClock,
  jwtSecret,
  signer,
});
const app = createApp(deps);
// Staff revocations and organization changes from other instances, from the start.
await Promise.all([deps.versions.ready(), deps.orgs.ready()]);
// Confirmation mails from the outbox: SMTP_URL, else DATA_DIR/mailbox.
// On PostgreSQL in a thread of their own, off the HTTP thread.
// Sent in the pauses between requests (lib/mail/worker.ts).
const mail = startMailWorker({ db, config }, { inFlight: deps.inFlight });
deps.onReservation = () => mail.kick();
// Reservations of ended slots and tickets past their expiry, every minute.
const expiry = createExpiryJob({
  db,
  clock: systemClock,
  live: deps.live,
  onExpired: (n) => deps.metrics.expired(n),
});
expiry.start();
// Reminder mails when due, each once whatever the number of instances.
const reminders = createReminderJob({
  db,
  clock: systemClock,
  onQueued: () => mail.kick(),
});
reminders.start();
// Waitlist holds that ran out pass on; slots about to start drop their waitlist.
const waitlist = createWaitlistJob({
  db,
  clock: systemClock,
  live: deps.live,
  onMail: () => mail.kick(),
});
waitlist.start();
// Scheduled backups (BACKUP_EVERY) into BACKUP_DIR, the newest BACKUP_KEEP kept.
const backups = config.backupEveryMs
  ? createBackupJob({
    backup: () =>
      takeBackup(db, {
        dir: config.backupDir,
        databaseUrl: config.databaseUrl,
        now: systemClock(),
      }),
    dir: config.backupDir,
    keep: config.backupKeep,
    intervalMs: config.backupEveryMs,
  })
  : null;
backups?.start();
const server = Deno.serve({
  port: config.port,
  hostname: config.host,
  onListen: ({ hostname, port }) =>
    console.log(
      `Listening on http://${hostname}:${port} (database: ${db.engine})`,
    ),
}, app.fetch);

// Finish in-flight requests and jobs, then close the database cleanly.
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  Deno.addSignalListener(signal, async () => {
    await server.shutdown();
    await Promise.allSettled([
      mail.stop(),
      expiry.stop(),
      reminders.stop(),
      waitlist.stop(),
      demoDay?.stop(),
      backups?.stop(),
    ]);
    signer.close();
    await db.close();
    Deno.exit(0);
  });
}
