/**
 * The printable ticket page, the captioned ticket PNG and the accent
 * stylesheet: opened only by the reservation's signed token (no personal
 * data in the URL), stale after a move, never a 5xx.
 */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import { testEachEngine } from "../helpers/server.ts";
import {
  call,
  managerRoutePrincipals,
  reserveOnNewSlot,
  seedSlot,
} from "../helpers/api.ts";
import { decodePng, isPng, qrTextOfPng } from "../helpers/png.ts";
import { formatTicketCode } from "../../domain/ticket_code.ts";

testEachEngine(
  "the ticket page and PNG open with the signed link, and only the current version's",
  async (s) => {
    await s.db.query(
      `UPDATE organizations SET name = 'Museum of Light',
              address = E'Lichtstraat 1\\n1011 AB Amsterdam' WHERE orq = 1`,
    );
    s.deps.orgs.forget(1);
    const { code, body } = await reserveOnNewSlot(s, {
      date: "2026-11-27",
      start: "14:00",
      end: "15:00",
    });
    const url: string = body.ticket_url;
    assert(/^\/reserve\/ticket\?id=\d+&t=[\w-]{22}&v=1$/.test(url), url);
    assert(!url.includes(code));

    const page = await fetch(s.url + url);
    assertEquals(page.status, 200);
    assertEquals(page.headers.get("cache-control"), "no-store");
    const html = await page.text();
    for (
      const part of [
        "Museum of Light",
        "Lichtstraat 1",
        "Friday 27 November 2026",
        "14:00–15:00",
        formatTicketCode(code),
        body.qr.svg_url.replaceAll("&", "&amp;"),
        "/static/ticket.css",
      ]
    ) assert(html.includes(part), part);

    const png = await fetch(
      s.url + body.qr.png_url.replace("/qr.png?", "/ticket.png?"),
    );
    assertEquals(png.status, 200);
    assertEquals(png.headers.get("content-type"), "image/png");
    assertEquals(
      png.headers.get("content-disposition"),
      'attachment; filename="ticket-museum-of-light-2026-11-27-1400.png"',
    );
    const bytes = new Uint8Array(await png.arrayBuffer());
    assert(isPng(bytes));
    // The QR still reads, and the caption makes the image taller than wide.
    assertEquals(qrTextOfPng(bytes), body.qr.payload);
    const image = decodePng(bytes);
    assert(image.height > image.width + 100, `${image.width}×${image.height}`);
    const etag = png.headers.get("etag")!;
    const again = await fetch(
      s.url + body.qr.png_url.replace("/qr.png?", "/ticket.png?"),
      { headers: { "if-none-match": etag } },
    );
    await again.body?.cancel();
    assertEquals(again.status, 304);

    // Wrong or missing tokens: the HTML 404 page, and the API's JSON 404.
    const wrongToken = url.replace(/t=[\w-]{22}/, "t=" + "A".repeat(22));
    for (
      const bad of [
        wrongToken,
        "/reserve/ticket",
        "/reserve/ticket?id=1&v=1",
        "/reserve/ticket?id=99999999999&t=x&v=1",
      ]
    ) {
      const r = await fetch(s.url + bad);
      assertEquals(r.status, 404, bad);
      assert((await r.text()).includes("Ticket not found"), bad);
    }
    const badPng = await call(
      s.url,
      "GET",
      `/api/reservations/${body.reservation.id}/ticket.png?t=${
        "A".repeat(22)
      }&v=1`,
    );
    assertEquals(badPng.status, 404);
    assertEquals(badPng.body.error.code, "RESERVATION_NOT_FOUND");

    // Moved by staff: the old version's page no longer opens.
    const { boss } = await managerRoutePrincipals(s);
    const other = await seedSlot(s.db, {
      date: "2026-11-28",
      start: "10:00",
      end: "11:00",
    });
    const moved = await call(
      s.url,
      "POST",
      `/api/reservations/${body.reservation.id}/move`,
      { json: { slot_id: other }, token: boss },
    );
    assertEquals(moved.status, 200);
    assertEquals(moved.body.organization.name, "Museum of Light");
    const stale = await fetch(s.url + url);
    await stale.body?.cancel();
    assertEquals(stale.status, 404);
    const fresh = await fetch(s.url + moved.body.ticket_url);
    assertEquals(fresh.status, 200);
    assert((await fresh.text()).includes("Saturday 28 November 2026"));
  },
);

testEachEngine("the accent stylesheet picks readable text", async (s) => {
  const yellow = await fetch(s.url + "/reserve/accent.css?c=ffd500");
  assertEquals(yellow.status, 200);
  assertEquals(yellow.headers.get("content-type"), "text/css; charset=utf-8");
  assert(yellow.headers.get("cache-control")!.includes("immutable"));
  const css = await yellow.text();
  assert(css.includes("--venue: #ffd500; --on-venue: #000000;"), css);
  const blue = await (await fetch(s.url + "/reserve/accent.css?c=1D4ED8"))
    .text();
  assert(blue.includes("--venue: #1d4ed8; --on-venue: #ffffff;"), blue);
  for (const bad of ["", "?c=", "?c=zzzzzz", "?c=12345", "?c=%3Cscript%3E"]) {
    const r = await fetch(s.url + "/reserve/accent.css" + bad);
    await r.body?.cancel();
    assertEquals(r.status, 404, bad);
  }
});
