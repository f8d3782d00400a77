/** The mail drainer in its own thread (PostgreSQL), and its fallbacks. */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import { engines, startServer, type TestServer } from "../helpers/server.ts";
import {
  configFor,
  postgresTest,
  reserve,
  statuses,
  until,
} from "../helpers/mail_thread.ts";
import { startSmtpReceiver } from "../helpers/smtp_receiver.ts";
import { parseMail } from "../helpers/mime.ts";
import { qrTextOfPng } from "../helpers/png.ts";
import {
  startMailWorker,
  startMailWorkerThread,
} from "../../lib/mail/worker_thread.ts";

/** Backends of this database that the mail thread's pool opened. */
async function mailThreadBackends(s: TestServer): Promise<number> {
  const [{ n }] = await s.db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_stat_activity
      WHERE datname = current_database()
        AND application_name = 'timed-entry-mail'`,
  );
  return n;
}

postgresTest(
  "the mail thread sends a kicked confirmation once, then stops",
  async () => {
    const s = await startServer("postgres");
    const rx = await startSmtpReceiver();
    // A long poll: only the kick can make it send within the test.
    const mail = startMailWorkerThread(configFor(s, rx), { pollMs: 60_000 });
    try {
      assertEquals(mail.mode, "thread");
      s.deps.onReservation = () => mail.kick();
      const body = await reserve(s, "ada@example.com");
      mail.kick();
      await rx.waitFor(1, 10_000);
      await until(
        "the row to be SENT",
        async () => (await statuses(s))[0] === "SENT",
      );
      // Kicks after the send find nothing more to do.
      mail.kick();
      mail.kick();
      await new Promise((r) => setTimeout(r, 300));
      assertEquals(rx.messages.length, 1);
      assertEquals(rx.messages[0].to, ["ada@example.com"]);
      assertEquals(await statuses(s), ["SENT"]);
      assertEquals(mail.mode, "thread");
      // The thread's own pool did it, not the app's.
      assert(await mailThreadBackends(s) >= 1);
      const pngs = parseMail(rx.messages[0].raw).parts.filter((p) =>
        p.type === "image/png"
      );
      assertEquals(pngs.length, 2);
      assertEquals(qrTextOfPng(pngs[0].content), body.qr.payload);

      await mail.stop();
      assertEquals(mail.mode, "stopped");
      await until(
        "the thread's connections to close",
        async () => await mailThreadBackends(s) === 0,
      );
      // Stopped: a kick starts nothing (Deno's op sanitizer fails this test
      // on a thread or timer left running), and the new mail stays queued.
      s.deps.onReservation = () => mail.kick();
      await reserve(s, "grace@example.com", 14);
      mail.kick();
      assertEquals(mail.mode, "stopped");
      assertEquals(rx.messages.length, 1);
      assertEquals(await statuses(s), ["SENT", "PENDING"]);
    } finally {
      await mail.stop();
      await rx.close();
      await s.close();
    }
  },
);

postgresTest(
  "a mail thread that cannot start leaves the mail to the in-process worker",
  async () => {
    const s = await startServer("postgres");
    const rx = await startSmtpReceiver();
    const mail = startMailWorker({ db: s.db, config: configFor(s, rx) }, {
      pollMs: 60_000,
      moduleUrl: new URL("./no_such_mail_thread.ts", import.meta.url).href,
    });
    try {
      await until(
        "the fallback",
        () => Promise.resolve(mail.mode === "in-process"),
      );
      s.deps.onReservation = () => mail.kick();
      await reserve(s, "ada@example.com");
      await rx.waitFor(1, 10_000);
      await until(
        "the row to be SENT",
        async () => (await statuses(s))[0] === "SENT",
      );
      assertEquals(rx.messages.length, 1);
    } finally {
      await mail.stop();
      await rx.close();
      await s.close();
    }
    assertEquals(mail.mode, "stopped");
  },
);

if (engines().includes("pglite")) {
  Deno.test({
    name: "on PGlite the mail worker stays in process [pglite]",
    fn: async () => {
      const s = await startServer("pglite");
      const rx = await startSmtpReceiver();
      const mail = startMailWorker({ db: s.db, config: configFor(s, rx) }, {
        pollMs: 60_000,
      });
      try {
        assertEquals(mail.mode, "in-process");
        s.deps.onReservation = () => mail.kick();
        await reserve(s, "ada@example.com");
        await rx.waitFor(1, 10_000);
        assertEquals(rx.messages[0].to, ["ada@example.com"]);
      } finally {
        await mail.stop();
        await rx.close();
        await s.close();
      }
    },
  });
}
