/**
 * `GET /api/organizations` (platform administrator only) and the back
 * office's organization switcher: `/admin/<section>?orq=N` works in
 * organization N for the platform administrator, and is ignored for
 * everyone else.
 */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import { testEachEngine } from "../helpers/server.ts";
import { get, managerRoutePrincipals, statusOf } from "../helpers/api.ts";
import { TOKEN_COOKIE } from "../../lib/auth.ts";

/** The admin page at `path` with the login cookie `token`: status and HTML. */
async function page(base: string, path: string, token: string) {
  const res = await fetch(base + path, {
    headers: { cookie: `${TOKEN_COOKIE}=${token}` },
    redirect: "manual",
  });
  return { status: res.status, html: await res.text() };
}

/** The props the Slots page's island was rendered with. */
function islandProps(html: string): Record<string, unknown> {
  const m =
    /<script type="application\/json" data-island-props="AdminSlots">(.*?)<\/script>/s
      .exec(html);
  assert(m, "island props");
  return JSON.parse(m[1]);
}

testEachEngine(
  "GET /api/organizations: every organization for the platform administrator, 403 for anyone else",
  async (s) => {
    const who = await managerRoutePrincipals(s);
    const r = await get(s.url, "/api/organizations", who.root);
    assertEquals(r.status, 200);
    assertEquals(r.body, {
      items: [
        { orq: 1, name: "Organization 1", timezone: "UTC" },
        { orq: who.org2, name: "Other", timezone: "UTC" },
      ],
    });
    assertEquals(r.headers.get("cache-control"), "no-store");
    assertEquals(
      await statusOf(s.url, "/api/organizations", who.admin),
      "403 FORBIDDEN",
    );
    assertEquals(
      await statusOf(s.url, "/api/organizations", who.boss),
      "403 FORBIDDEN",
    );
    assertEquals(
      await statusOf(s.url, "/api/organizations", who.otherBoss),
      "403 FORBIDDEN",
    );
    assertEquals(
      await statusOf(s.url, "/api/organizations"),
      "401 UNAUTHORIZED",
    );
  },
);

testEachEngine(
  "the back office opens another organization for the platform administrator only",
  async (s) => {
    const who = await managerRoutePrincipals(s);
    const home = await page(s.url, "/admin/slots", who.root);
    assertEquals(home.status, 200);
    assertEquals(islandProps(home.html).orq, 1);
    assert(home.html.includes("data-org-switcher"), "the switcher");
    assert(home.html.includes('href="/admin/staff"'), home.html);

    const away = await page(s.url, `/admin/slots?orq=${who.org2}`, who.root);
    assertEquals(away.status, 200);
    assertEquals(islandProps(away.html).orq, who.org2);
    assert(away.html.includes("<strong>Other</strong>"), "the venue's name");
    // Every section link and the sign-out keep the organization chosen.
    assert(away.html.includes(`href="/admin/staff?orq=${who.org2}"`));
    assert(
      new RegExp(`<option value="${who.org2}" selected`).test(away.html),
      "the switcher shows the organization chosen",
    );
    const entry = await fetch(s.url + `/admin?orq=${who.org2}`, {
      headers: { cookie: `${TOKEN_COOKIE}=${who.root}` },
      redirect: "manual",
    });
    await entry.body?.cancel();
    assertEquals(entry.status, 302);
    assert(
      entry.headers.get("location")!.endsWith(`/admin/slots?orq=${who.org2}`),
    );
    for (const bad of ["99999", "abc", "0", "-1"]) {
      assertEquals(
        (await page(s.url, `/admin/slots?orq=${bad}`, who.root)).status,
        404,
        bad,
      );
    }

    // Anyone else works in their own organization, whatever the address.
    const admin = await page(s.url, `/admin/slots?orq=${who.org2}`, who.admin);
    assertEquals(admin.status, 200);
    assertEquals(islandProps(admin.html).orq, 1);
    assert(!admin.html.includes("data-org-switcher"));
    assert(!admin.html.includes(`?orq=`));
  },
);
