/**
 * The venue as customers see it (API.md "Organization settings"): the
 * `organization` block of availability and reservation answers, national
 * phone numbers read in the venue's country, and people-friendly paths
 * (HTML 404 for pages, JSON for the API, trailing slashes redirected).
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

const VENUE = {
  name: "Museum of Light",
  address: "Lichtstraat 1\n1011 AB Amsterdam",
  brand_color: "#1d4ed8",
  country: "NL",
  settings: { booking_horizon_days: 30, change_cutoff_hours: 12 },
};

async function brand(s: TestServer, orq = 1) {
  await s.db.query(
    `UPDATE organizations SET name = $2, address = $3, brand_color = $4,
            country = $5, settings = $6::text::jsonb WHERE orq = $1`,
    [
      orq,
      VENUE.name,
      VENUE.address,
      VENUE.brand_color,
      VENUE.country,
      JSON.stringify(VENUE.settings),
    ],
  );
  s.deps.orgs.forget(orq);
}

const BLOCK = {
  orq: 1,
  name: VENUE.name,
  address: VENUE.address,
  brand_color: VENUE.brand_color,
  locale: "en",
  country: "NL",
  booking_horizon_days: 30,
  change_cutoff_hours: 12,
};

testEachEngine(
  "availability and reservation answers carry the venue's organization block",
  async (s) => {
    await brand(s);
    const slotId = await seedSlot(s.db, {
      date: "2026-11-27",
      start: "12:00",
      end: "13:00",
    });
    const a = await get(s.url, "/api/reservation-slots/available?orq=1");
    strictEqual(a.status, 200);
    assertEquals(a.body.organization, BLOCK);
    // Today (2026-11-26) + 30 − 1.
    strictEqual(a.body.horizon_date, "2026-12-25");
    // No contact email or other settings leak to customers.
    strictEqual("contact_email" in a.body.organization, false);

    const [code] = await seedTickets(s.db, 1);
    const r = await post(
      s.url,
      "/api/reservations/create",
      reservationBody(code, slotId),
    );
    strictEqual(r.status, 201);
    assertEquals(r.body.organization, BLOCK);
    const lookup = await get(s.url, `/api/reservations/lookup?code=${code}`);
    strictEqual(lookup.status, 200);
    assertEquals(lookup.body.organization, BLOCK);
  },
);

testEachEngine(
  "a phone typed without + is read in the venue's country and stored in E.164",
  async (s) => {
    const slotId = await seedSlot(s.db, {
      date: "2026-11-27",
      start: "12:00",
      end: "13:00",
    });
    const [first, second, third] = await seedTickets(s.db, 3);
    const book = (code: string, phone: string) =>
      post(s.url, "/api/reservations/create", {
        ...reservationBody(code, slotId),
        customer_phone: phone,
      });

    // No country set: a national number cannot be read.
    const refused = await book(first, "06 1234 5678");
    strictEqual(refused.status, 400);
    strictEqual(refused.body.error.code, "VALIDATION_FAILED");
    assert(refused.body.error.details.fields.customer_phone);

    await brand(s);
    const r = await book(first, "06 1234 5678");
    strictEqual(r.status, 201);
    strictEqual(r.body.reservation.customer_phone, "+31612345678");
    const [row] = await s.db.query<{ customer_phone: string }>(
      "SELECT customer_phone FROM ticket_reservations WHERE id = $1",
      [r.body.reservation.id],
    );
    strictEqual(row.customer_phone, "+31612345678");

    // International input keeps working, whatever the country.
    const abroad = await book(second, "+49 30 1234567");
    strictEqual(abroad.status, 201);
    strictEqual(abroad.body.reservation.customer_phone, "+49301234567");

    // Not a Dutch number: refused as input, nothing stored.
    const wrong = await book(third, "06 1234");
    strictEqual(wrong.status, 400);
    assert(wrong.body.error.details.fields.customer_phone);
    // A national number for a slot that does not exist: cannot be read.
    const noSlot = await post(s.url, "/api/reservations/create", {
      ...reservationBody(third, 999_999),
      customer_phone: "0612345678",
    });
    strictEqual(noSlot.status, 400);
    const [{ n }] = await s.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM ticket_reservations",
    );
    strictEqual(n, 2);
  },
);

testEachEngine(
  "unknown pages answer an HTML 404, unknown API paths the JSON error",
  async (s) => {
    const page = await fetch(s.url + "/no-such-page");
    strictEqual(page.status, 404);
    assert(page.headers.get("content-type")!.startsWith("text/html"));
    const html = await page.text();
    assert(html.includes("Page not found"));
    assert(html.includes('href="/reserve"'));
    assert(html.includes('rel="icon"'));
    strictEqual(
      page.headers.get("content-security-policy")?.includes("default-src"),
      true,
    );

    for (const path of ["/api/nothing-here", "/api/", "/static/none.css"]) {
      const api = await call(s.url, "GET", path);
      strictEqual(api.status, 404, path);
      strictEqual(api.body.error.code, "NOT_FOUND", path);
    }
    // A POST to a page path is not a person's page view: JSON.
    const posted = await call(s.url, "POST", "/no-such-page", { json: {} });
    strictEqual(posted.status, 404);
    strictEqual(posted.body.error.code, "NOT_FOUND");
  },
);

testEachEngine(
  "trailing slashes on pages redirect with 308; API paths are never redirected",
  async (s) => {
    const r = await fetch(s.url + "/reserve/?code=ABCD", {
      redirect: "manual",
    });
    await r.body?.cancel();
    strictEqual(r.status, 308);
    strictEqual(r.headers.get("location"), "/reserve?code=ABCD");

    const deep = await fetch(s.url + "/manager//", { redirect: "manual" });
    await deep.body?.cancel();
    strictEqual(deep.status, 308);
    strictEqual(deep.headers.get("location"), "/manager");

    // Never to another site: "//evil.example/" stays on this one.
    const sneaky = await fetch(s.url + "//evil.example/", {
      redirect: "manual",
    });
    await sneaky.body?.cancel();
    strictEqual(sneaky.status, 308);
    strictEqual(sneaky.headers.get("location"), "/evil.example");

    const home = await fetch(s.url + "/", { redirect: "manual" });
    await home.body?.cancel();
    strictEqual(home.status, 200);

    const api = await fetch(s.url + "/api/health/", { redirect: "manual" });
    await api.body?.cancel();
    assert(api.status !== 308 && api.status !== 301, `got ${api.status}`);

    const followed = await fetch(s.url + "/reserve/");
    strictEqual(followed.status, 200);
    assert((await followed.text()).includes("Reserve your visit"));
  },
);
