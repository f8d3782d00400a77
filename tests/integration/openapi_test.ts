/**
 * The OpenAPI document (`/api/openapi.json`) and its page (`/api/docs`):
 * valid OpenAPI 3.1, naming exactly the routes the app mounts, with answers
 * the app really gives. Pages are in the document as `text/html`
 * operations; `/static/*` files and the app-wide middleware (`ALL /*`) are
 * not.
 */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import { Validator } from "@seriousme/openapi-schema-validator";
import type { z } from "zod";
import { testEachEngine, type TestServer } from "../helpers/server.ts";
import {
  get,
  post,
  reservationBody,
  seedSlot,
  seedTickets,
  staffToken,
} from "../helpers/api.ts";
import { createApp } from "../../routes/app.ts";
import { openApiPath } from "../../lib/openapi/document.ts";
import { ERRORS } from "../../domain/errors.ts";
import { PAGE_CSP } from "../../components/PageShell.tsx";
import * as answers from "../../routes/openapi/responses.ts";
import { organizationList } from "../../routes/openapi/organization_list_operations.ts";

type Json = Record<string, unknown>;

/** `METHOD /openapi/{path}` of every route the app mounts, but middleware and static files. */
function mountedRoutes(s: TestServer): Set<string> {
  const routes = new Set<string>();
  for (const r of createApp(s.deps).routes) {
    if (r.method === "ALL" && (r.path === "/*" || r.path === "/static/*")) {
      continue;
    }
    routes.add(`${r.method} ${openApiPath(r.path)}`);
  }
  return routes;
}

/** `METHOD path` of every operation in the document. */
function documentedRoutes(doc: Json): Set<string> {
  const routes = new Set<string>();
  for (const [path, item] of Object.entries(doc.paths as Json)) {
    for (const method of Object.keys(item as Json)) {
      routes.add(`${method.toUpperCase()} ${path}`);
    }
  }
  return routes;
}

testEachEngine(
  "/api/openapi.json is OpenAPI 3.1 and names every mounted route",
  async (s) => {
    const res = await fetch(s.url + "/api/openapi.json");
    assertEquals(res.status, 200);
    assertEquals(
      res.headers.get("content-type"),
      "application/json; charset=utf-8",
    );
    const doc = await res.json() as Json;

    // The OpenAPI 3.1 meta-schema.
    const validator = new Validator();
    const result = await validator.validate(doc);
    assertEquals(validator.version, "3.1");
    assert(result.valid, JSON.stringify(result.errors, null, 2));
    assert(/^3\.1\.\d+$/.test(String(doc.openapi)));
    const info = doc.info as Json;
    assert(info.title && info.version);

    // The same routes as the app, both ways.
    const mounted = mountedRoutes(s);
    const documented = documentedRoutes(doc);
    assert(mounted.size > 20, `only ${mounted.size} routes found`);
    assertEquals(
      [...mounted].filter((r) => !documented.has(r)),
      [],
      "mounted but not in the document",
    );
    assertEquals(
      [...documented].filter((r) => !mounted.has(r)),
      [],
      "in the document but not mounted",
    );

    for (const [path, item] of Object.entries(doc.paths as Json)) {
      for (const [method, raw] of Object.entries(item as Json)) {
        const op = raw as Json;
        const where = `${method.toUpperCase()} ${path}`;
        const responses = op.responses as Json;
        assert(Object.keys(responses).length > 0, `${where}: no responses`);
        // Each path parameter is declared.
        const params = (op.parameters ?? []) as Json[];
        for (const [, name] of path.matchAll(/\{(\w+)\}/g)) {
          assert(
            params.some((p) => p.in === "path" && p.name === name),
            `${where}: path parameter ${name}`,
          );
        }
        // Every error code is the contract's, answered with its own status.
        const codes = op["x-error-codes"] as (keyof typeof ERRORS)[];
        assert(codes.length > 0, `${where}: no error codes`);
        for (const code of codes) {
          assert(code in ERRORS, `${where}: unknown code ${code}`);
          assert(
            String(ERRORS[code][0]) in responses,
            `${where}: no ${ERRORS[code][0]} answer for ${code}`,
          );
        }
      }
    }
    // Codes that carry details say which.
    const create = (doc.paths as Json)["/api/reservations/create"] as Json;
    const full = ((create.post as Json).responses as Json)["409"] as Json;
    const fullError = ((((full.content as Json)["application/json"] as Json)
      .schema as Json).properties as Json).error as Json;
    const details = (fullError.properties as Json).details as Json;
    assertEquals(Object.keys(details.properties as Json).sort(), [
      "alternatives",
      "reservation",
    ]);
    const validate = (doc.paths as Json)["/api/tickets/validate"] as Json;
    const post404 = ((validate.post as Json).responses as Json)["404"] as Json;
    const schema = ((post404.content as Json)["application/json"] as Json)
      .schema as Json;
    assertEquals(
      (((schema.properties as Json).error as Json).properties as Json).code,
      { type: "string", enum: ["TICKET_NOT_FOUND"] },
    );
  },
);

testEachEngine(
  "/api/docs names every route, with local assets only",
  async (s) => {
    const res = await fetch(s.url + "/api/docs");
    assertEquals(res.status, 200);
    assert(res.headers.get("content-type")!.startsWith("text/html"));
    assertEquals(res.headers.get("content-security-policy"), PAGE_CSP);
    const html = await res.text();
    const doc = await (await fetch(s.url + "/api/openapi.json")).json();
    for (const path of Object.keys(doc.paths)) {
      assert(html.includes(`<code>${path}</code>`), `page lacks ${path}`);
    }
    assert(html.includes("<code>SLOT_FULL</code>"));
    assert(html.includes("customer_email"));
    assert(!/(?:href|src)="(?:https?:)?\/\//.test(html), "an outside asset");
    const assets = [...html.matchAll(/(?:href|src)="(\/static\/[^"]+)"/g)]
      .map((m) => m[1].replaceAll("&amp;", "&"));
    assert(assets.some((a) => a.startsWith("/static/docs.css")));
    for (const a of assets) {
      const asset = await fetch(s.url + a);
      await asset.body?.cancel();
      assertEquals(asset.status, 200, a);
    }
  },
);

/** The body, after checking it against the documented answer. */
function holds<T>(schema: z.ZodType<T>, body: unknown, where: string): T {
  const parsed = schema.safeParse(body);
  assert(parsed.success, `${where}: ${JSON.stringify(parsed.error?.issues)}`);
  return parsed.data;
}

testEachEngine("the app's answers have the documented shapes", async (s) => {
  const admin = await staffToken(s, "chief", "ADMIN");
  const manager = await staffToken(s, "boss", "MANAGER");
  const door = await staffToken(s, "door", "OPERATOR");
  const slotId = await seedSlot(s.db, {
    date: "2026-11-26",
    start: "12:00",
    end: "13:00",
  });
  const [code] = await seedTickets(s.db, 1);

  holds(answers.healthOk, (await get(s.url, "/api/health")).body, "health");
  holds(
    answers.availability,
    (await get(s.url, "/api/reservation-slots/available?orq=1")).body,
    "available",
  );
  const checks: [z.ZodType, string, unknown, string?][] = [
    [answers.ticketEligible, "/api/tickets/validate", { ticket_code: code }],
    [
      answers.reservationAnswer,
      "/api/reservations/create",
      reservationBody(code, slotId),
    ],
    [
      answers.scanAnswer,
      "/api/operator/validate-ticket",
      { code },
      door,
    ],
    [answers.verifyAnswer, "/api/operator/verify-ticket", { code }, door],
    [
      answers.ticketsIssued,
      "/api/tickets/issue",
      { orq: 1, count: 1 },
      admin,
    ],
    [
      answers.slotsCreated,
      "/api/reservation-slots/create",
      { orq: 1, date: "2026-11-27", start_time: "09:00", end_time: "10:00" },
      admin,
    ],
    [
      answers.staffAnswer,
      "/api/staff",
      {
        orq: 1,
        username: "new-door",
        name: "New",
        role: "OPERATOR",
        pin: "123456",
      },
      admin,
    ],
  ];
  for (const [schema, path, body, token] of checks) {
    const r = await post(s.url, path, body, token);
    assert(r.status < 300, `${path}: ${r.status} ${JSON.stringify(r.body)}`);
    holds(schema, r.body, path);
  }
  const lookup = await get(s.url, `/api/reservations/lookup?code=${code}`);
  holds(answers.reservationAnswer, lookup.body, "lookup");
  const issued = await post(
    s.url,
    "/api/tickets/issue",
    { orq: 1, count: 1, status: "PENDING_PAYMENT" },
    admin,
  );
  const activated = await post(s.url, "/api/tickets/activate", {
    ticket_code: issued.body.tickets[0].code,
  }, admin);
  holds(answers.ticketAnswer, activated.body, "activate");
  holds(
    answers.dashboardSummary,
    (await get(s.url, "/api/dashboard/summary?orq=1", manager)).body,
    "summary",
  );
  holds(
    answers.dashboardMetrics,
    (await get(s.url, "/api/dashboard/metrics?orq=1", manager)).body,
    "metrics",
  );
  const root = await post(s.url, "/api/operator/login", {
    username: "root",
    password: "root-password-1",
  });
  holds(answers.loginAnswer, root.body, "login");
  const org = await post(s.url, "/api/organizations", {
    name: "Another venue",
    timezone: "Europe/Amsterdam",
  }, root.body.token);
  holds(answers.organizationAnswer, org.body, "organizations");
  holds(
    organizationList,
    (await get(s.url, "/api/organizations", root.body.token)).body,
    "organization list",
  );
});
