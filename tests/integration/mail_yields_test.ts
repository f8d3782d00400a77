/**
 * Mail is background work: the HTTP thread counts the requests it is
 * handling (lib/requests_in_flight.ts) and the mail drainer, in its thread
 * or in process, sends in the pauses between them, never waiting longer
 * than its bound.
 */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import { startServer, type TestServer } from "../helpers/server.ts";
import {
  configFor,
  postgresTest,
  reserve,
  statuses,
  until,
} from "../helpers/mail_thread.ts";
import {
  post,
  reservationBody,
  seedSlot,
  seedTickets,
  staffToken,
} from "../helpers/api.ts";
import { stream } from "../helpers/dashboard.ts";
import {
  type SmtpReceiver,
  startSmtpReceiver,
} from "../helpers/smtp_receiver.ts";
import {
  type MailRunner,
  type MailThreadOptions,
  startMailWorker,
  startMailWorkerThread,
} from "../../lib/mail/worker_thread.ts";
import { RequestsInFlight } from "../../lib/requests_in_flight.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A queued confirmation, and a drainer (thread or in process) that sees a
 * request in flight from the start: nothing goes out while it stays, the
 * mail goes out once it has left.
 */
async function waitsForThePause(
  mode: MailRunner["mode"],
  start: (
    s: TestServer,
    rx: SmtpReceiver,
    opts: MailThreadOptions,
  ) => MailRunner,
) {
  const s = await startServer("postgres");
  const rx = await startSmtpReceiver();
  const inFlight = new RequestsInFlight();
  inFlight.enter();
  const mail = start(s, rx, { pollMs: 60_000, yieldMaxMs: 60_000, inFlight });
  try {
    await until(mode, () => Promise.resolve(mail.mode === mode));
    await reserve(s, "ada@example.com");
    mail.kick();
    await sleep(700);
    assertEquals(rx.messages.length, 0);
    assertEquals(await statuses(s), ["PENDING"]);

    inFlight.leave();
    await rx.waitFor(1, 10_000);
    await until("SENT", async () => (await statuses(s))[0] === "SENT");
  } finally {
    await mail.stop();
    await rx.close();
    await s.close();
  }
}

postgresTest(
  "the mail thread sends nothing while a request is in flight, and sends once none is",
  () =>
    waitsForThePause(
      "thread",
      (s, rx, opts) => startMailWorkerThread(configFor(s, rx), opts),
    ),
);

postgresTest(
  "the in-process drainer waits for the same pause",
  () =>
    waitsForThePause(
      "in-process",
      (s, rx, opts) =>
        startMailWorker({ db: s.db, config: configFor(s, rx) }, {
          ...opts,
          moduleUrl: new URL("./no_such_mail_thread.ts", import.meta.url).href,
        }),
    ),
);

postgresTest(
  "under requests that never pause, mail still goes out after the bound",
  async () => {
    const s = await startServer("postgres");
    const rx = await startSmtpReceiver();
    const inFlight = new RequestsInFlight();
    inFlight.enter();
    const mail = startMailWorkerThread(configFor(s, rx), {
      pollMs: 60_000,
      yieldMaxMs: 300,
      inFlight,
    });
    try {
      await reserve(s, "ada@example.com");
      mail.kick();
      await rx.waitFor(1, 10_000);
      assertEquals(inFlight.now(), 1);
    } finally {
      await mail.stop();
      await rx.close();
      await s.close();
    }
  },
);

postgresTest(
  "the app counts a request while it is handled, and a dashboard stream only until it has answered",
  async () => {
    const s = await startServer("postgres");
    try {
      const slot = await seedSlot(s.db, {
        date: "2026-11-26",
        start: "12:00",
        end: "13:00",
        capacity: 5,
      });
      const [code] = await seedTickets(s.db, 1);
      assertEquals(s.deps.inFlight.now(), 0);

      // The booking waits for the slot's row lock, held here.
      let answered: Promise<{ status: number }> | null = null;
      await s.db.begin(async (tx) => {
        await tx.query(
          `SELECT id FROM reservation_slots WHERE id = $1 FOR UPDATE`,
          [slot],
        );
        answered = post(
          s.url,
          "/api/reservations/create",
          reservationBody(code, slot),
        );
        await until(
          "the request to be counted",
          () => Promise.resolve(s.deps.inFlight.now() === 1),
        );
      });
      assertEquals((await answered!).status, 201);
      assertEquals(s.deps.inFlight.now(), 0);

      const boss = await staffToken(s, "boss", "MANAGER");
      const sse = await stream(s, boss);
      try {
        await sse.next("snapshot");
        assertEquals(s.deps.inFlight.now(), 0);
      } finally {
        await sse.close();
      }
      // A refused request leaves too.
      const bad = await post(s.url, "/api/reservations/create", { nope: 1 });
      assert(bad.status >= 400 && bad.status < 500);
      assertEquals(s.deps.inFlight.now(), 0);
    } finally {
      await s.close();
    }
  },
);
