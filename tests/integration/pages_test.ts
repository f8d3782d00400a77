/** The portal's pages and static files over HTTP (no browser). */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import { testEachEngine } from "../helpers/server.ts";
import {
  post,
  reservationBody,
  seedSlot,
  seedTickets,
} from "../helpers/api.ts";
import { formatTicketCode } from "../../domain/ticket_code.ts";

async function page(url: string) {
  const res = await fetch(url);
  return { res, html: await res.text() };
}

/** The island's JSON props embedded in the page. */
function props(html: string) {
  const m = html.match(
    /<script type="application\/json" data-island-props="ReservePortal">(.*?)<\/script>/,
  );
  return JSON.parse(m![1]);
}

testEachEngine("/ and /reserve render, with their assets", async (s) => {
  const home = await page(s.url + "/");
  assertEquals(home.res.status, 200);
  assert(home.html.includes('href="/reserve"'));
  assert(home.res.headers.get("content-security-policy")!.includes("'self'"));

  const reserve = await page(s.url + "/reserve");
  assertEquals(reserve.res.status, 200);
  assertEquals(reserve.res.headers.get("cache-control"), "no-store");
  assert(reserve.html.includes('data-island="ReservePortal"'));
  assert(reserve.html.includes('id="ticket-code"'));
  assertEquals(props(reserve.html).ticket, null);

  // Every linked asset is served; fingerprinted URLs may be cached for good.
  const assets = [...reserve.html.matchAll(/(?:href|src)="(\/static\/[^"]+)"/g)]
    .map((m) => m[1].replaceAll("&amp;", "&"));
  assert(assets.some((a) => a.startsWith("/static/build/ReservePortal.js?v=")));
  // The customer pages load the base and the portal stylesheets, nothing else.
  assertEquals(
    assets.filter((a) => a.includes(".css")).map((a) => a.split("?")[0]),
    [
      "/static/base.css",
      "/static/portal.css",
      "/static/portal_booking.css",
      "/static/portal_language.css",
    ],
  );
  for (const a of assets) {
    const res = await fetch(s.url + a);
    await res.body?.cancel();
    assertEquals(res.status, 200, a);
    assert(res.headers.get("cache-control")!.includes("immutable"), a);
  }
  const bare = await fetch(s.url + "/static/base.css");
  await bare.body?.cancel();
  assertEquals(bare.headers.get("cache-control"), "no-cache");
  assertEquals(bare.headers.get("content-type"), "text/css; charset=utf-8");
  const missing = await fetch(s.url + "/static/../deno.json");
  await missing.body?.cancel();
  assertEquals(missing.status, 404);
});

testEachEngine("/reserve?code= is checked before rendering", async (s) => {
  const slot = await seedSlot(s.db, {
    date: "2026-11-27",
    start: "12:00",
    end: "13:00",
  });
  const [ok, reserved] = await seedTickets(s.db, 2);
  const [pending] = await seedTickets(s.db, 1, { status: "PENDING_PAYMENT" });
  await post(
    s.url,
    "/api/reservations/create",
    reservationBody(reserved, slot),
  );

  // A bookable ticket opens at the contact step, typed any way.
  const typed = formatTicketCode(ok).toLowerCase().replaceAll("-", " ");
  const a = await page(`${s.url}/reserve?code=${encodeURIComponent(typed)}`);
  assertEquals(props(a.html).ticket, { code: ok, orq: 1 });
  assert(a.html.includes("Your contact details"));
  assert(a.html.includes("<title>Contact · Reserve your visit</title>"));

  const b = await page(`${s.url}/reserve?code=${pending}`);
  assertEquals(props(b.html).problem, { code: "TICKET_NOT_ACTIVATED" });
  assert(b.html.includes('data-code="TICKET_NOT_ACTIVATED"'));

  // An already booked ticket shows its slot and links to its QR code.
  const c = await page(`${s.url}/reserve?code=${reserved}`);
  const problem = props(c.html).problem;
  assertEquals(problem.code, "TICKET_ALREADY_RESERVED");
  assertEquals(problem.reservation, {
    date: "2026-11-27",
    start_time: "12:00",
    end_time: "13:00",
  });
  // Signed links: the code is in none of them.
  for (const url of Object.values(problem.links) as string[]) {
    assert(/\?t=[\w-]{22}&v=1$/.test(url), url);
    assert(!url.includes(reserved), url);
  }
  const qr = await fetch(s.url + problem.links.svg_url);
  await qr.body?.cancel();
  assertEquals(qr.status, 200);

  // Markup in the code cannot escape the props script.
  const d = await page(
    `${s.url}/reserve?code=${encodeURIComponent("</script><b>x")}`,
  );
  assertEquals(props(d.html).code, "</script><b>x");
  assert(!d.html.includes("</script><b>"));
});

testEachEngine(
  "/reserve?code= spends the validation rate limit",
  async (s) => {
    const [code] = await seedTickets(s.db, 1);
    const first = await page(`${s.url}/reserve?code=${code}`);
    assertEquals(props(first.html).problem, null);
    const api = await post(s.url, "/api/tickets/validate", {
      ticket_code: code,
    });
    assertEquals(api.status, 429);
    const again = await page(`${s.url}/reserve?code=${code}`);
    assertEquals(props(again.html).problem.code, "RATE_LIMITED");
    assert(props(again.html).problem.retryAfter > 0);
  },
  { env: { RATE_LIMIT_VALIDATE_PER_MIN: "1" } },
);
