/**
 * Signed QR and calendar URLs, the masked lookup, QR caching (ETag, 304,
 * drawn once per version) and the lookup rate limit.
 */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
  strictEqual,
} from "node:assert/strict";
import { testEachEngine, type TestServer } from "../helpers/server.ts";
import {
  call,
  get,
  post,
  reservationBody,
  seedSlot,
  seedTickets,
} from "../helpers/api.ts";
import { qrTextOfPng } from "../helpers/png.ts";
import { startSmtpReceiver } from "../helpers/smtp_receiver.ts";
import { parseMail } from "../helpers/mime.ts";
import { createMailWorker } from "../../lib/mail/worker.ts";
import { quietLogs, setQuietLogs } from "../../lib/log.ts";
import { formatTicketCode } from "../../domain/ticket_code.ts";

/** Two reservations on a fresh slot; their 201 bodies. */
async function twoReservations(s: TestServer) {
  const slot = await seedSlot(s.db, {
    date: "2026-11-27",
    start: "12:00",
    end: "13:00",
  });
  const codes = await seedTickets(s.db, 2);
  const bodies = [];
  for (const code of codes) {
    const r = await post(s.url, "/api/reservations/create", {
      ...reservationBody(code, slot),
      customer_email: "jane.doe@example.com",
      customer_phone: "+31 6 1234 5678",
    });
    strictEqual(r.status, 201, JSON.stringify(r.body));
    bodies.push(r.body);
  }
  return bodies;
}

/** The three signed URLs of a create answer. */
function urlsOf(body: {
  qr: { svg_url: string; png_url: string };
  calendar_url: string;
}): string[] {
  return [body.qr.svg_url, body.qr.png_url, body.calendar_url];
}

/** `url` with its query parameter `name` set to `value` (or removed: null). */
function withParam(url: string, name: string, value: string | null): string {
  const u = new URL(url, "http://x");
  if (value === null) u.searchParams.delete(name);
  else u.searchParams.set(name, value);
  return u.pathname + u.search;
}

/** The signed URLs of reservation `id` at `version`, as a create answer holds them. */
function toBody(s: TestServer, id: number, version: number) {
  const urls = s.deps.links.urls({ id, version });
  return {
    qr: { svg_url: urls.svg_url, png_url: urls.png_url },
    calendar_url: urls.calendar_url,
  };
}

async function assertNotFound(s: TestServer, path: string) {
  const r = await get(s.url, path);
  strictEqual(r.status, 404, path);
  strictEqual(r.body.error.code, "RESERVATION_NOT_FOUND", path);
}

testEachEngine(
  "QR and calendar URLs open only with their own token and version",
  async (s) => {
    const [a, b] = await twoReservations(s);
    for (const url of [...urlsOf(a), ...urlsOf(b)]) {
      assert(/\?t=[\w-]{22}&v=1$/.test(url), url);
      assert(!url.includes(a.reservation.ticket_code), url);
      assert(!url.includes(b.reservation.ticket_code), url);
      strictEqual((await fetch(s.url + url)).status, 200, url);
    }
    const otherToken = new URL(b.qr.svg_url, "http://x").searchParams.get("t")!;
    const idB = String(b.reservation.id);
    for (const url of urlsOf(a)) {
      const t = new URL(url, "http://x").searchParams.get("t")!;
      await assertNotFound(s, withParam(url, "t", null));
      await assertNotFound(s, withParam(url, "t", ""));
      await assertNotFound(s, withParam(url, "t", "A".repeat(22)));
      await assertNotFound(s, withParam(url, "t", t.slice(0, 21)));
      await assertNotFound(s, withParam(url, "t", otherToken));
      await assertNotFound(s, withParam(url, "v", "2"));
      await assertNotFound(s, withParam(url, "v", null));
      await assertNotFound(s, withParam(url, "v", "01"));
      await assertNotFound(s, withParam(url, "v", "x".repeat(300)));
      // A's token on B's id opens nothing either.
      await assertNotFound(s, url.replace(`/${a.reservation.id}/`, `/${idB}/`));
      await assertNotFound(s, url.replace(`/${a.reservation.id}/`, "/abc/"));
      // The raw code is no credential.
      await assertNotFound(
        s,
        withParam(withParam(url, "t", null), "code", a.reservation.ticket_code),
      );
    }

    // A validly signed URL of a version the reservation does not have yet.
    for (const url of urlsOf(toBody(s, a.reservation.id, 2))) {
      await assertNotFound(s, url);
    }

    // A reservation that moved on to version 2: the old URLs open nothing,
    // the new ones (from the lookup) do.
    await s.db.query(
      "UPDATE ticket_reservations SET version = 2 WHERE id = $1",
      [
        a.reservation.id,
      ],
    );
    for (const url of urlsOf(a)) await assertNotFound(s, url);
    const moved = await get(
      s.url,
      `/api/reservations/lookup?code=${a.reservation.ticket_code}`,
    );
    strictEqual(moved.status, 200);
    for (const url of urlsOf(moved.body)) {
      assert(url.endsWith("&v=2"), url);
      strictEqual((await fetch(s.url + url)).status, 200, url);
    }

    // A cancelled reservation: lookup and files answer 404.
    await s.db.query(
      "UPDATE ticket_reservations SET status = 'CANCELLED' WHERE id = $1",
      [a.reservation.id],
    );
    for (const url of urlsOf(moved.body)) await assertNotFound(s, url);
    await assertNotFound(
      s,
      `/api/reservations/lookup?code=${a.reservation.ticket_code}`,
    );
    // B is untouched.
    for (const url of urlsOf(b)) {
      strictEqual((await fetch(s.url + url)).status, 200, url);
    }
  },
);

testEachEngine(
  "lookup masks the contact and answers 404 for an unknown code",
  async (s) => {
    const [a] = await twoReservations(s);
    const look = await get(
      s.url,
      `/api/reservations/lookup?code=${
        formatTicketCode(a.reservation.ticket_code).toLowerCase()
      }`,
    );
    strictEqual(look.status, 200);
    // A code alone gets no manage token (that needs the email too).
    const { manage_token: _, ...created } = a;
    assertEquals(look.body, {
      ...created,
      reservation: {
        ...a.reservation,
        customer_email: "j***@example.com",
        customer_phone: "+31 6 ***** 678",
      },
    });
    const text = JSON.stringify(look.body);
    assert(!text.includes("jane.doe"), text);
    assert(!text.includes("12345678"), text);

    for (
      const [path, status, code] of [
        [
          "/api/reservations/lookup?code=ZZZZZZZZZZZZZZZZZZZZ",
          404,
          "RESERVATION_NOT_FOUND",
        ],
        ["/api/reservations/lookup?code=%21%21", 404, "RESERVATION_NOT_FOUND"],
        ["/api/reservations/lookup", 400, "VALIDATION_FAILED"],
      ] as const
    ) {
      const r = await get(s.url, path);
      strictEqual(r.status, status, path);
      strictEqual(r.body.error.code, code, path);
      assert(typeof r.body.error.message === "string");
    }
  },
);

testEachEngine(
  "QR images are cached for good per version: ETag, immutable, 304",
  async (s) => {
    const [a] = await twoReservations(s);
    for (const url of [a.qr.svg_url, a.qr.png_url]) {
      const first = await fetch(s.url + url);
      strictEqual(first.status, 200);
      await first.arrayBuffer();
      const etag = first.headers.get("etag")!;
      assert(/^"[^"]+"$/.test(etag), `a strong ETag: ${etag}`);
      strictEqual(
        first.headers.get("cache-control"),
        "private, max-age=31536000, immutable",
      );
      for (
        const header of [etag, `W/${etag}`, `"other", ${etag}`, "*"]
      ) {
        const again = await fetch(s.url + url, {
          headers: { "if-none-match": header },
        });
        strictEqual(again.status, 304, header);
        strictEqual(await again.text(), "");
        strictEqual(again.headers.get("etag"), etag);
        strictEqual(
          again.headers.get("cache-control"),
          "private, max-age=31536000, immutable",
        );
      }
      const changed = await fetch(s.url + url, {
        headers: { "if-none-match": '"something-else"' },
      });
      strictEqual(changed.status, 200);
      await changed.arrayBuffer();
    }
  },
);

testEachEngine(
  "a QR image is drawn once per version, however often it is asked for",
  async (s) => {
    const [a, b] = await twoReservations(s);
    const images = s.deps.qrImages;
    const before = images.renders;
    const pngs = await Promise.all(
      Array.from({ length: 100 }, async () => {
        const res = await fetch(s.url + a.qr.png_url);
        strictEqual(res.status, 200);
        return new Uint8Array(await res.arrayBuffer());
      }),
    );
    strictEqual(images.renders - before, 1, "100 requests, one drawing");
    strictEqual(qrTextOfPng(pngs[99]), a.qr.payload);
    assert(pngs.every((p) => p.length === pngs[0].length));
    for (let i = 0; i < 20; i++) {
      await (await fetch(s.url + a.qr.png_url)).arrayBuffer();
    }
    strictEqual(images.renders - before, 1);

    // The SVG, another reservation and another version are drawn once each.
    for (let i = 0; i < 5; i++) {
      await (await fetch(s.url + a.qr.svg_url)).arrayBuffer();
      await (await fetch(s.url + b.qr.png_url)).arrayBuffer();
    }
    strictEqual(images.renders - before, 3);
    await s.db.query(
      "UPDATE ticket_reservations SET version = 2 WHERE id = $1",
      [
        a.reservation.id,
      ],
    );
    const moved = await get(
      s.url,
      `/api/reservations/lookup?code=${a.reservation.ticket_code}`,
    );
    for (let i = 0; i < 5; i++) {
      await (await fetch(s.url + moved.body.qr.png_url)).arrayBuffer();
    }
    strictEqual(images.renders - before, 4);
    // Refused requests draw nothing.
    await assertNotFound(s, withParam(a.qr.png_url, "t", "A".repeat(22)));
    strictEqual(images.renders - before, 4);
  },
);

testEachEngine(
  "lookup, QR and calendar share a per-address limit: 429 with Retry-After",
  async (s) => {
    const [a] = await twoReservations(s);
    const lookup = `/api/reservations/lookup?code=${a.reservation.ticket_code}`;
    const from = (ip: string) => ({ headers: { "x-forwarded-for": ip } });
    // Five a minute: lookup, the three files, and a refused one all count.
    for (
      const path of [
        lookup,
        ...urlsOf(a),
        withParam(a.qr.png_url, "t", null),
      ]
    ) {
      const r = await call(s.url, "GET", path, from("203.0.113.7"));
      assert(r.status === 200 || r.status === 404, `${path}: ${r.status}`);
    }
    for (const path of [lookup, a.qr.png_url, a.calendar_url]) {
      const r = await call(s.url, "GET", path, from("203.0.113.7"));
      strictEqual(r.status, 429, path);
      strictEqual(r.body.error.code, "RATE_LIMITED");
      const retry = Number(r.headers.get("retry-after"));
      assert(retry >= 1 && retry <= 60, String(retry));
    }
    // Another address has its own budget.
    const other = await call(s.url, "GET", lookup, from("198.51.100.9"));
    strictEqual(other.status, 200);
  },
  { env: { RATE_LIMIT_LOOKUP_PER_MIN: "5", TRUST_PROXY: "1" } },
);

testEachEngine(
  "with a generated JWT secret the mail worker signs the links the app accepts",
  async (s) => {
    strictEqual(s.deps.config.jwtSecret, null);
    const [a] = await twoReservations(s);
    const rx = await startSmtpReceiver();
    try {
      // As in its own thread: only the database and the configuration.
      const worker = createMailWorker({
        db: s.db,
        config: { ...s.deps.config, smtpUrl: rx.url },
      });
      await worker.drain();
      await worker.stop();
      const mail = rx.messages.find((m) =>
        m.raw.includes(`reservation-${a.reservation.id}.`)
      )!;
      const text = parseMail(mail.raw).parts
        .find((p) => p.type === "text/plain")!.text;
      const link = /Show your QR code again: (\S+)/.exec(text)![1];
      strictEqual(link, s.deps.config.publicUrl + a.qr.png_url);
      const res = await fetch(s.url + a.qr.png_url);
      strictEqual(res.status, 200);
      strictEqual(
        qrTextOfPng(new Uint8Array(await res.arrayBuffer())),
        a.qr.payload,
      );
    } finally {
      await rx.close();
    }
  },
  { env: { JWT_SECRET: "" } },
);

testEachEngine("lookup logs nothing of the contact", async (s) => {
  const lines: string[] = [];
  const log = console.log, error = console.error, quiet = quietLogs();
  console.log = console.error = (...args: unknown[]) => {
    lines.push(args.map(String).join(" "));
  };
  setQuietLogs(false);
  try {
    const [a] = await twoReservations(s);
    // The capture works: creating logs the email (reservation.created).
    assert(lines.some((l) => l.includes("jane.doe@example.com")), "control");
    lines.length = 0;
    const look = await get(
      s.url,
      `/api/reservations/lookup?code=${a.reservation.ticket_code}`,
    );
    strictEqual(look.status, 200);
    await get(s.url, "/api/reservations/lookup?code=ZZZZZZZZZZZZZZZZZZZZ");
  } finally {
    console.log = log;
    console.error = error;
    setQuietLogs(quiet);
  }
  assert(
    !lines.some((l) => l.includes("jane.doe") || l.includes("12345678")),
    lines.join("\n"),
  );
});
