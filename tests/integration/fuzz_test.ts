/**
 * Property-based fuzzing of every route (fast-check): random and malformed
 * bodies, query strings, path parameters and headers, anonymous and signed
 * in, never give a 5xx, always answer the API's errors in the contract's
 * shape, and never change state when refused.
 */
import { ok as assert } from "node:assert/strict";
import fc from "fast-check";
import { testEachEngine, type TestServer } from "../helpers/server.ts";
import { stateFingerprint } from "../helpers/state.ts";
import { createApp } from "../../routes/app.ts";
import { login, seedSlot, seedStaff, seedTickets } from "../helpers/api.ts";

/** Runs per route; every route of the app gets its own property. */
const RUNS = Number(Deno.env.get("FUZZ_RUNS") ?? 30);

/** Everything a refused request must leave as it was. */
async function fingerprint(s: TestServer): Promise<string> {
  return JSON.stringify(await stateFingerprint(s.db));
}

/** The app's routes as (method, path), the catch-alls left out. */
function routesOf(s: TestServer): { method: string; path: string }[] {
  const seen = new Map<string, { method: string; path: string }>();
  for (const r of createApp(s.deps).routes) {
    if (r.method === "ALL") continue;
    seen.set(`${r.method} ${r.path}`, { method: r.method, path: r.path });
  }
  return [...seen.values()];
}

/** Strings people and attackers send: edge dates, numbers, NUL, injection, unicode. */
const nasty = fc.constantFrom(
  "",
  " ",
  "0",
  "-1",
  "1.5",
  "1e309",
  "2147483648",
  "99999999999999999999",
  "NaN",
  "null",
  "true",
  "0000-01-01",
  "9999-12-31",
  "2026-02-30",
  "24:00",
  "25:61",
  "\u0000",
  "a\u0000b",
  "' OR '1'='1",
  "<script>alert(1)</script>",
  "%00",
  "../../etc/passwd",
  "\ud800",
  "🎟️",
  "A".repeat(300),
  "7K3Q-W9M2-XC4T-PA8R-1VNE",
);
const text = fc.oneof(fc.string({ unit: "binary", maxLength: 40 }), nasty);
const scalar = fc.oneof(
  text,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(2147483648, -1, 0, 1e300, Number.MAX_SAFE_INTEGER),
);
/** Field names the routes read, so bodies reach past the first check. */
const FIELDS = [
  "ticket_code",
  "code",
  "slot_id",
  "customer_email",
  "customer_phone",
  "username",
  "password",
  "pin",
  "orq",
  "count",
  "status",
  "order_ref",
  "name",
  "timezone",
  "role",
  "date",
  "from",
  "to",
  "start_time",
  "end_time",
  "total_capacity",
  "weekdays",
  "times",
  "nonce",
  "gate",
  "direction",
  "preview",
  "ticket_codes",
  "token",
  "locale",
  "manage_token",
];
const value: fc.Arbitrary<unknown> = fc.oneof(
  { depthSize: "small" },
  scalar,
  fc.array(scalar, { maxLength: 4 }),
  fc.dictionary(fc.constantFrom(...FIELDS), scalar, { maxKeys: 3 }),
);
/**
 * A valid body per route, so that a mutated field gets past the others'
 * checks and reaches the deeper ones (the database's, for one).
 */
const VALID: Record<string, Record<string, unknown>> = {
  "/api/tickets/validate": { ticket_code: "7K3Q-W9M2-XC4T-PA8R-1VNE" },
  "/api/tickets/issue": {
    orq: 1,
    count: 1,
    status: "ACTIVATED",
    order_ref: "o-1",
  },
  "/api/tickets/activate": { ticket_code: "7K3Q-W9M2-XC4T-PA8R-1VNE" },
  "/api/reservation-slots/create": {
    orq: 1,
    date: "2026-12-01",
    start_time: "10:00",
    end_time: "11:00",
    total_capacity: 5,
  },
  "/api/reservations/create": {
    ticket_code: "7K3Q-W9M2-XC4T-PA8R-1VNE",
    slot_id: 1,
    customer_email: "a@example.com",
    customer_phone: "+31612345678",
    locale: "de",
  },
  "/api/reservations/create-group": {
    ticket_codes: ["7K3Q-W9M2-XC4T-PA8R-1VNE", "8K3Q-W9M2-XC4T-PA8R-1VNE"],
    slot_id: 1,
    customer_email: "a@example.com",
    customer_phone: "+31612345678",
    locale: "en",
  },
  "/api/operator/login": { username: "chief", password: "wrong-password" },
  "/api/operator/validate-ticket": { code: "7K3Q-W9M2-XC4T-PA8R-1VNE" },
  "/api/operator/verify-ticket": { code: "7K3Q-W9M2-XC4T-PA8R-1VNE" },
  "/api/operator/check-in": {
    code: "7K3Q-W9M2-XC4T-PA8R-1VNE",
    nonce: "fuzz-nonce-0123456789",
    gate: "North",
    direction: "OUT",
  },
  "/api/operator/undo-check-in": {
    code: "7K3Q-W9M2-XC4T-PA8R-1VNE",
    nonce: "fuzz-undo-0123456789",
  },
  "/api/operator/sync": {
    device: "fuzz-phone",
    scans: [{
      nonce: "fuzz-sync-0123456789",
      code: "7K3Q-W9M2-XC4T-PA8R-1VNE",
      scanned_at: "2026-11-26T10:00:00Z",
      gate: "North",
      direction: "IN",
      offline_result: "GREEN",
      scanned_by: 2,
    }],
  },
  "/api/organizations": { name: "Venue", timezone: "Europe/Amsterdam" },
  "/api/reservations/:id/move": { slot_id: 1 },
  "/api/reservations/:id/cancel": {},
  "/api/reservations/:id/resend": {},
  "/api/reservations/reschedule": {
    ticket_code: "7K3Q-W9M2-XC4T-PA8R-1VNE",
    customer_email: "a@example.com",
    slot_id: 1,
  },
  "/api/reservations/cancel": {
    ticket_code: "7K3Q-W9M2-XC4T-PA8R-1VNE",
    customer_email: "a@example.com",
  },
  "/api/reservations/resend": { ticket_code: "7K3Q-W9M2-XC4T-PA8R-1VNE" },
  "/api/waitlist": {
    ticket_codes: ["7K3Q-W9M2-XC4T-PA8R-1VNE"],
    slot_id: 1,
    customer_email: "a@example.com",
    locale: "fr",
  },
  "/api/waitlist/claim": {
    token: "bm90LWEtcmVhbC10b2tlbi0wMTIzNDU2Nzg5YWJjZGVm",
    customer_phone: "+31612345678",
    locale: "es",
  },
  "/api/waitlist/:id": { code: "7K3Q-W9M2-XC4T-PA8R-1VNE" },
  "/api/reservations/lookup": {
    ticket_code: "7K3Q-W9M2-XC4T-PA8R-1VNE",
    customer_email: "a@example.com",
  },
  "/api/staff": {
    orq: 1,
    username: "new-staff",
    name: "New",
    role: "MANAGER",
    password: "long-enough-password",
  },
  "/api/reservation-slots/:id": { total_capacity: 150, status: "CLOSED" },
  "/api/staff/:id": { name: "Renamed", role: "OPERATOR", pin: "24681357" },
  "/api/organizations/:orq": {
    name: "Venue",
    country: "NL",
    brand_color: "#123456",
    locale: "de",
    settings: { booking_horizon_days: 30, max_occupancy: null },
  },
  "/api/tickets/import": {
    orq: 1,
    tickets: [{ code: "AAAA-BBBB-CCCC-DDDD", status: "ACTIVATED" }],
  },
  "/api/organizations/:orq/signing-keys": {},
  "/api/organizations/:orq/signing-keys/:k/retire": {},
};

/** Random bodies, and `path`'s valid body with one field replaced. */
function bodyFor(path: string) {
  const valid = VALID[path];
  if (!valid) return body;
  // An empty valid body (`{}`): sent as is, beside the random ones.
  if (Object.keys(valid).length === 0) {
    return fc.oneof(body, fc.constant(JSON.stringify(valid)));
  }
  return fc.oneof(
    body,
    fc.tuple(
      fc.constantFrom(...Object.keys(valid)),
      fc.oneof({ arbitrary: nasty, weight: 3 }, text, value),
    ).map(([k, v]) => JSON.stringify({ ...valid, [k]: v })),
  );
}

const body = fc.oneof(
  fc.constant(undefined),
  fc.dictionary(fc.constantFrom(...FIELDS), value, { maxKeys: 8 })
    .map((o) => JSON.stringify(o)),
  fc.jsonValue().map((v) => JSON.stringify(v)),
  text,
);
const query = fc.dictionary(
  fc.oneof(fc.constantFrom(...FIELDS, "q", "t", "v", "next"), text),
  text,
  { maxKeys: 4 },
);
/**
 * A valid query string per GET route, so that one mutated parameter gets
 * past the others' checks (the search and the export reach the database).
 */
const VALID_QUERY: Record<string, Record<string, string>> = {
  "/api/reservations": { orq: "1", q: "w9m2-xc4t", limit: "2" },
  "/api/operator/search": { orq: "1", q: "w9m2-xc4t" },
  "/api/reservations/export.csv": {
    orq: "1",
    from: "2026-11-01",
    to: "2026-12-31",
  },
  "/api/operator/offline-kit": { since: "k1.1.2026-11-26.0.0.1" },
};

/** Random queries, and `path`'s valid query with one parameter replaced. */
function queryFor(path: string) {
  const valid = VALID_QUERY[path];
  if (!valid) return query;
  return fc.oneof(
    query,
    fc.tuple(
      fc.constantFrom(...Object.keys(valid), "status", "date", "cursor"),
      fc.oneof(text, fc.constantFrom("%", "_", "\\", "CANCELLED", "0")),
    ).map(([k, v]) => ({ ...valid, [k]: v })),
  );
}

const param = fc.oneof(
  fc.nat().map(String),
  fc.constantFrom("0", "-1", "2147483648", "1e3", "x", "%00", "..%2f"),
  text.map((t) => encodeURIComponent(t.toWellFormed())),
);
const contentType = fc.constantFrom(
  undefined,
  "application/json",
  "application/json",
  "application/json",
  "application/json; charset=utf-16",
  "text/plain",
  "text/csv",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x",
);

/** Who calls: nobody, a forged credential, or each role (bearer or cookie); mostly staff who may. */
function callers(tokens: Record<string, string>) {
  const anyone = fc.constantFrom<Record<string, string>>(
    {},
    { authorization: "Bearer not.a.token" },
    { authorization: "Basic cm9vdDpyb290" },
    { cookie: "te_token=garbage" },
    { "x-api-key": "wrong-key-0123456789" },
    { authorization: `Bearer ${tokens.operator}` },
    { cookie: `te_token=${tokens.admin}` },
    { "x-api-key": "issuer-key-0123456789abcdef" },
  );
  const mighty = fc.constantFrom<Record<string, string>>(
    { authorization: `Bearer ${tokens.admin}` },
    { authorization: `Bearer ${tokens.root}` },
  );
  return fc.oneof(anyone, mighty);
}

testEachEngine(
  "fuzz: random requests to every route never 5xx and never change state when refused",
  async (s) => {
    const slot = await seedSlot(s.db, {
      date: "2026-11-26",
      start: "12:00",
      end: "13:00",
    });
    await seedTickets(s.db, 3);
    await seedStaff(s.db, {
      username: "chief",
      role: "ADMIN",
      password: "chief-password",
    });
    await seedStaff(s.db, {
      username: "door",
      role: "OPERATOR",
      pin: "123456",
    });
    const tokens = {
      admin: await login(s.url, "chief", { password: "chief-password" }),
      operator: await login(s.url, "door", { pin: "123456" }),
      root: await login(s.url, "root", { password: "root-password-1" }),
    };
    const routes = routesOf(s);
    assert(routes.length >= 20, `only ${routes.length} routes found`);

    for (const route of routes) {
      await fc.assert(
        fc.asyncProperty(
          param,
          queryFor(route.path),
          bodyFor(route.path),
          contentType,
          callers(tokens),
          async (id, q, payload, type, auth) => {
            const path = route.path.replace(/:[a-z_]+/g, id) +
              (Object.keys(q).length ? `?${new URLSearchParams(q)}` : "");
            const headers: Record<string, string> = { ...auth };
            if (type) headers["content-type"] = type;
            const before = await fingerprint(s);
            const res = await fetch(s.url + path, {
              method: route.method,
              headers,
              body: route.method === "GET" ? undefined : payload,
            });
            const what = `${route.method} ${path} ${
              JSON.stringify(payload)?.slice(0, 200)
            } ${JSON.stringify(headers)} → ${res.status}`;
            if (
              res.headers.get("content-type")?.startsWith("text/event-stream")
            ) {
              await res.body?.cancel();
              return;
            }
            const answer = await res.text();
            assert(res.status < 500, `${what} ${answer.slice(0, 300)}`);
            if (res.status < 400) return;
            if (path.startsWith("/api/") || path.startsWith("/metrics")) {
              const err = JSON.parse(answer).error;
              assert(typeof err?.code === "string", `${what} ${answer}`);
              assert(typeof err?.message === "string", `${what} ${answer}`);
            }
            assert(!/\n\s+at /.test(answer), `stack trace: ${what}`);
            assert(before === await fingerprint(s), `state changed: ${what}`);
          },
        ),
        {
          numRuns: RUNS,
          seed: Number(Deno.env.get("FUZZ_SEED") ?? Date.now() % 2 ** 31),
        },
      );
    }
    assert(slot > 0);
  },
);
