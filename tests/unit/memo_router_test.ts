import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { Hono } from "hono";
import { MemoRouter } from "../../lib/memo_router.ts";

/** The app's shape: a catch-all middleware, a static path beside `:id` paths. */
function app(): Hono {
  const a = new Hono({ router: new MemoRouter() });
  a.use("*", async (c, next) => {
    await next();
    c.res.headers.set("x-seen", "1");
  });
  a.get("/api/reservations/lookup", (c) => c.text("lookup"));
  a.get(
    "/api/reservations/:id/qr.svg",
    (c) => c.text(`svg ${c.req.param("id")}`),
  );
  a.get(
    "/api/reservations/:id/qr.png",
    (c) => c.text(`png ${c.req.param("id")}`),
  );
  a.post("/api/operator/validate-ticket", (c) => c.text("scan"));
  a.notFound((c) => c.text("none", 404));
  return a;
}

async function get(a: Hono, path: string, method = "GET") {
  const res = await a.request(path, { method });
  return [res.status, await res.text(), res.headers.get("x-seen")];
}

Deno.test("MemoRouter: repeated paths keep their own handlers and parameters", async () => {
  const a = app();
  const paths: [string, string, (string | number | null)[]][] = [
    ["GET", "/api/reservations/5/qr.svg", [200, "svg 5", "1"]],
    ["GET", "/api/reservations/6/qr.svg", [200, "svg 6", "1"]],
    ["GET", "/api/reservations/5/qr.png", [200, "png 5", "1"]],
    ["GET", "/api/reservations/lookup", [200, "lookup", "1"]],
    ["POST", "/api/operator/validate-ticket", [200, "scan", "1"]],
    ["GET", "/api/operator/validate-ticket", [404, "none", "1"]],
    ["GET", "/nowhere", [404, "none", "1"]],
  ];
  for (let round = 0; round < 3; round++) {
    for (const [method, path, expected] of paths) {
      deepStrictEqual(
        await get(a, path, method),
        expected,
        `${method} ${path}`,
      );
    }
  }
});

Deno.test("MemoRouter: more paths than it remembers, and over-long ones, still match", async () => {
  const a = app();
  for (let id = 1; id <= 1_500; id++) {
    strictEqual(
      (await get(a, `/api/reservations/${id}/qr.svg`))[1],
      `svg ${id}`,
    );
  }
  deepStrictEqual(await get(a, "/api/reservations/7/qr.svg"), [
    200,
    "svg 7",
    "1",
  ]);
  const long = "9".repeat(300);
  deepStrictEqual(await get(a, `/api/reservations/${long}/qr.png`), [
    200,
    `png ${long}`,
    "1",
  ]);
});
