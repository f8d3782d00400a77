/** The door staff's pages over HTTP (no browser): who may see the scanner, where login leads. */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import { testEachEngine } from "../helpers/server.ts";
import { login, seedStaff } from "../helpers/api.ts";

/** The island's JSON props embedded in the page. */
function props(html: string, island: string) {
  const m = html.match(
    new RegExp(
      `<script type="application/json" data-island-props="${island}">(.*?)</script>`,
    ),
  );
  return JSON.parse(m![1]);
}

async function get(url: string, cookie?: string) {
  const res = await fetch(url, {
    redirect: "manual",
    headers: cookie ? { cookie: `te_token=${cookie}` } : {},
  });
  return { res, html: await res.text() };
}

testEachEngine("/operator/scan needs a valid login cookie", async (s) => {
  await seedStaff(s.db, {
    username: "jane",
    name: "Jane Smith",
    role: "OPERATOR",
    pin: "482916",
  });
  const to = "/operator/login?next=%2Foperator%2Fscan";
  for (const cookie of [undefined, "not-a-token"]) {
    const { res } = await get(s.url + "/operator/scan", cookie);
    assertEquals(res.status, 302);
    assertEquals(res.headers.get("location"), to);
  }

  const token = await login(s.url, "jane", { pin: "482916" });
  const scan = await get(s.url + "/operator/scan", token);
  assertEquals(scan.res.status, 200);
  assertEquals(scan.res.headers.get("cache-control"), "no-store");
  assert(scan.html.includes("/static/build/OperatorScanner.js"));
  assertEquals(
    [...scan.html.matchAll(/href="\/static\/([a-z_]+\.css)/g)].map((m) => m[1]),
    [
      "base.css",
      "operator.css",
      "operator_result.css",
      "operator_door.css",
      "operator_offline.css",
    ],
  );
  const p = props(scan.html, "OperatorScanner");
  const [jane] = await s.db.query<{ id: number }>(
    "SELECT id FROM staff WHERE username = 'jane'",
  );
  // The id names the scanner's offline scans (`scanned_by`).
  assertEquals(p.operator, {
    id: jane.id,
    name: "Jane Smith",
    role: "OPERATOR",
  });
  // The venue's default for "Admit on scan" (a device may switch it).
  assertEquals(p.checkInOnScan, false);
  assertEquals(p.now, "2026-11-26T10:00:00.000Z");
  assertEquals(p.expiresAt, "2026-11-26T18:00:00.000Z");

  // Eight hours later the same cookie no longer opens the scanner.
  s.clock.advance(8 * 3600_000 + 1000);
  assertEquals((await get(s.url + "/operator/scan", token)).res.status, 302);

  // A cross-site form cannot sign anyone out: only a JSON request may.
  for (const type of [undefined, "application/x-www-form-urlencoded"]) {
    const forged = await fetch(s.url + "/operator/logout", {
      method: "POST",
      redirect: "manual",
      headers: type ? { "content-type": type, cookie: `te_token=${token}` } : {
        cookie: `te_token=${token}`,
      },
      body: type ? "a=1" : undefined,
    });
    assertEquals(forged.status, 403);
    assertEquals((await forged.json()).error.code, "FORBIDDEN");
    assertEquals(forged.headers.get("set-cookie"), null);
  }
  const out = await fetch(s.url + "/operator/logout", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: "{}",
  });
  assertEquals(out.status, 200);
  assertEquals((await out.json()).next, "/operator/login");
  assert(/te_token=;.*Max-Age=0/i.test(out.headers.get("set-cookie")!));
});

testEachEngine(
  "/operator/login goes back only to operator pages",
  async (s) => {
    const cases: [string, string][] = [
      ["", "/operator/scan"],
      ["?next=%2Foperator%2Fscan", "/operator/scan"],
      ["?next=https%3A%2F%2Fevil.example%2F", "/operator/scan"],
      ["?next=%2F%2Fevil.example", "/operator/scan"],
      ["?next=%2Foperator%2F..%2Fapi", "/operator/scan"],
    ];
    for (const [query, next] of cases) {
      const { res, html } = await get(s.url + "/operator/login" + query);
      assertEquals(res.status, 200);
      assertEquals(props(html, "OperatorLogin"), { next }, query);
      assert(html.includes('id="mode-pin"'));
    }
    const root = await get(s.url + "/operator");
    assertEquals(root.res.headers.get("location"), "/operator/scan");
  },
);
