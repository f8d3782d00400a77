/**
 * `POST /api/tickets/import` (API.md "Back office"): CSV and JSON bodies,
 * rows skipped as INVALID or DUPLICATE, the limits, who may import, and one
 * audit entry per import.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { testEachEngine } from "../helpers/server.ts";
import { call, post, staffToken } from "../helpers/api.ts";
import { stateFingerprint } from "../helpers/state.ts";
import {
  auditOf,
  codesCsv,
  freshCodes,
  importCsv,
  importJson,
  ORG1_KEY,
} from "../helpers/ticket_import.ts";
import { TOKEN_COOKIE } from "../../lib/auth.ts";

const A = "AAAA-BBBB-CCCC-DDDD"; // 16 characters: strong
const B = "0123456789AB"; // 12 characters: weak (60 bits)

testEachEngine(
  "import CSV: BOM, CRLF, quoted fields, any header order",
  async (s) => {
    const admin = await staffToken(s, "chief", "ADMIN");
    const csv = "\uFEFForder_ref,Status,CODE\r\n" +
      `"ORD, 1",activated,${A.toLowerCase()}\r\n` +
      `"multi\r\nline ""ref""",,${B}\r\n` +
      `,PENDING_PAYMENT,"il0o il0o il0o il0o"\r\n`;
    const r = await importCsv(s.url, csv, { orq: 1, token: admin });
    strictEqual(r.status, 200, JSON.stringify(r.body));
    deepStrictEqual(r.body, {
      imported: 3,
      skipped: [],
      skipped_count: 0,
      weak_codes: 1,
    });
    const rows = await s.db.query<
      { code: string; status: string; order_ref: string | null; act: boolean }
    >(
      `SELECT code, status, order_ref, activated_at IS NOT NULL AS act
       FROM tickets ORDER BY code`,
    );
    deepStrictEqual([...rows], [
      {
        code: "0123456789AB",
        status: "PENDING_PAYMENT",
        order_ref: 'multi\r\nline "ref"',
        act: false,
      },
      {
        code: "1100110011001100",
        status: "PENDING_PAYMENT",
        order_ref: null,
        act: false,
      },
      {
        code: "AAAABBBBCCCCDDDD",
        status: "ACTIVATED",
        order_ref: "ORD, 1",
        act: true,
      },
    ]);

    // LF only, code the only column; the same codes again are all DUPLICATE.
    const again = await importCsv(
      s.url,
      `code\n${B}\n${A}\n`,
      { orq: 1, token: admin },
    );
    strictEqual(again.status, 200);
    deepStrictEqual(again.body, {
      imported: 0,
      skipped: [
        { row: 1, code: "0123456789AB", reason: "DUPLICATE" },
        { row: 2, code: "AAAABBBBCCCCDDDD", reason: "DUPLICATE" },
      ],
      skipped_count: 2,
      weak_codes: 0,
    });
  },
);

testEachEngine(
  "import CSV: bad rows are INVALID and never stop the others",
  async (s) => {
    const admin = await staffToken(s, "chief", "ADMIN");
    const good = freshCodes(3);
    const csv = [
      "code,status,order_ref",
      `${good[0]},ACTIVATED,`,
      "0123456789A,,", // 11 characters
      `${good[1]},VERIFIED,`, // a status an import cannot set
      `${good[1]},,`, // the same code again, now valid
      "UUUUUUUUUUUU,,", // U is not Crockford
      `${good[2]},,${"x".repeat(101)}`, // order_ref too long
      `${good[0].toLowerCase()},,`, // a repeat of row 1
      "", // an empty line is no row
      `${"Z".repeat(64)}`, // fewer columns than the header: fine
    ].join("\n");
    const r = await importCsv(s.url, csv, { orq: 1, token: admin });
    strictEqual(r.status, 200, JSON.stringify(r.body));
    deepStrictEqual(r.body, {
      imported: 3,
      skipped: [
        { row: 2, code: "0123456789A", reason: "INVALID" },
        { row: 3, code: good[1], reason: "INVALID" },
        { row: 5, code: "UUUUUUUUUUUU", reason: "INVALID" },
        { row: 6, code: good[2], reason: "INVALID" },
        { row: 7, code: good[0], reason: "DUPLICATE" },
      ],
      skipped_count: 5,
      weak_codes: 0,
    });
  },
);

testEachEngine(
  "import CSV: a bad file is refused whole (400), nothing changes",
  async (s) => {
    const admin = await staffToken(s, "chief", "ADMIN");
    const otherOrgs = await staffToken(s, "root2", "ADMIN");
    const before = await stateFingerprint(s.db);
    const [code] = freshCodes(1);
    const cases: [string, string, string][] = [
      ["no code column", `status,order_ref\nACTIVATED,x\n`, "body"],
      ["unknown column", `code,stauts\n${code},ACTIVATED\n`, "body"],
      ["column twice", `code,code\n${code},${code}\n`, "body"],
      ["empty body", "", "body"],
      ["unclosed quote", `code\n"${code}\n`, "body"],
      ["text after a closing quote", `code\n"${code}"x\n`, "body"],
    ];
    for (const [name, csv, field] of cases) {
      const r = await importCsv(s.url, csv, { orq: 1, token: admin });
      strictEqual(r.status, 400, `${name}: ${JSON.stringify(r.body)}`);
      strictEqual(r.body.error.code, "VALIDATION_FAILED", name);
      ok(r.body.error.details.fields[field], name);
    }
    const noOrq = await importCsv(s.url, codesCsv([code]), { token: admin });
    strictEqual(noOrq.status, 400);
    ok(noOrq.body.error.details.fields.orq);
    const plain = await importCsv(s.url, codesCsv([code]), {
      orq: 1,
      token: admin,
      headers: { "content-type": "text/plain" },
    });
    strictEqual(plain.status, 400);
    const unknownOrg = await importCsv(s.url, codesCsv([code]), {
      orq: 99,
      token: otherOrgs,
    });
    strictEqual(unknownOrg.status, 403);
    deepStrictEqual(await stateFingerprint(s.db), before);
    deepStrictEqual(await auditOf(s.db, "tickets.import"), []);
  },
);

testEachEngine(
  "import JSON: rows like CSV ones; bad types are 400",
  async (s) => {
    const codes = freshCodes(2);
    const r = await importJson(s.url, {
      orq: 1,
      tickets: [
        { code: codes[0], status: "ACTIVATED", order_ref: "J-1" },
        { code: codes[1] },
        { code: "short", status: null, order_ref: null },
        { code: codes[1], status: "PENDING_PAYMENT" },
      ],
    }, { headers: ORG1_KEY });
    strictEqual(r.status, 200, JSON.stringify(r.body));
    deepStrictEqual(r.body, {
      imported: 2,
      skipped: [
        { row: 3, code: "short", reason: "INVALID" },
        { row: 4, code: codes[1], reason: "DUPLICATE" },
      ],
      skipped_count: 2,
      weak_codes: 0,
    });
    const before = await stateFingerprint(s.db);
    for (
      const bad of [
        { orq: 1 },
        { orq: 1, tickets: [{ code: 5 }] },
        { orq: 1, tickets: [{ code: codes[0], extra: 1 }] },
        { orq: "1", tickets: [] },
        { tickets: [] },
      ]
    ) {
      const r = await importJson(s.url, bad, { headers: ORG1_KEY });
      strictEqual(r.status, 400, JSON.stringify(bad));
      strictEqual(r.body.error.code, "VALIDATION_FAILED");
    }
    const malformed = await call(s.url, "POST", "/api/tickets/import", {
      raw: '{"orq": 1, "tickets": [',
      headers: ORG1_KEY,
    });
    strictEqual(malformed.status, 400);
    deepStrictEqual(await stateFingerprint(s.db), before);
  },
);

testEachEngine(
  "import: more than 100,000 rows → 400, nothing imported",
  async (s) => {
    const codes = freshCodes(100_001);
    const before = await stateFingerprint(s.db);
    const csv = await importCsv(s.url, codesCsv(codes), {
      orq: 1,
      headers: ORG1_KEY,
    });
    strictEqual(csv.status, 400, JSON.stringify(csv.body));
    strictEqual(csv.body.error.code, "VALIDATION_FAILED");
    const json = await importJson(s.url, {
      orq: 1,
      tickets: codes.map((code) => ({ code })),
    }, { headers: ORG1_KEY });
    strictEqual(json.status, 400);
    ok(json.body.error.details.fields.tickets);
    deepStrictEqual(await stateFingerprint(s.db), before);
    deepStrictEqual(await auditOf(s.db, "tickets.import"), []);
  },
);

testEachEngine(
  "import: over 32 MiB → 413, with or without a length",
  async (s) => {
    const before = await stateFingerprint(s.db);
    // Valid rows all the way, so only the size can refuse it.
    const line = new TextEncoder().encode(
      `${"A".repeat(64)},,${"x".repeat(100)}\n`,
    );
    const rows = Math.ceil((32 * 1024 * 1024 + 1) / line.length);
    const sized = new Uint8Array(rows * line.length + 16);
    sized.set(new TextEncoder().encode("code,status,ref\n"));
    for (let i = 0; i < rows; i++) sized.set(line, 16 + i * line.length);
    const r = await importCsv(s.url, sized, { orq: 1, headers: ORG1_KEY });
    strictEqual(r.status, 413, JSON.stringify(r.body));
    strictEqual(r.body.error.code, "PAYLOAD_TOO_LARGE");
    // Chunked: refused while it arrives.
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(ctl) {
        // Rows of 400+ bytes: the size, not the row count, runs out first.
        if (sent === 0) {
          ctl.enqueue(new TextEncoder().encode("code,order_ref\n"));
        }
        const chunk = new TextEncoder().encode(
          `${"B".repeat(63)},${"x".repeat(400)}\n`.repeat(256),
        );
        sent += chunk.length;
        if (sent > 40 * 1024 * 1024) ctl.close();
        else ctl.enqueue(chunk);
      },
    });
    const chunked = await importCsv(s.url, stream, {
      orq: 1,
      headers: ORG1_KEY,
    }).catch((e) => ({ status: 0, body: String(e), headers: new Headers() }));
    strictEqual(chunked.status, 413, JSON.stringify(chunked.body));
    deepStrictEqual(await stateFingerprint(s.db), before);
  },
);

testEachEngine(
  "import: who may, and another organization's codes",
  async (s) => {
    const [{ orq: org2 }] = await s.db.query<{ orq: number }>(
      "INSERT INTO organizations (name, timezone) VALUES ('Other', 'UTC') RETURNING orq",
    );
    const otherAdmin = await staffToken(s, "other", "ADMIN", org2);
    const held = freshCodes(2);
    const first = await importCsv(s.url, codesCsv(held), {
      orq: org2,
      token: otherAdmin,
    });
    strictEqual(first.body.imported, 2);

    const manager = await staffToken(s, "mgr", "MANAGER");

    const admin = await staffToken(s, "chief", "ADMIN");

    const before = await stateFingerprint(s.db);
    const fresh = freshCodes(1);
    const asManager = await importCsv(s.url, codesCsv(fresh), {
      orq: 1,
      token: manager,
    });
    strictEqual(asManager.status, 403);
    const keyElsewhere = await importCsv(s.url, codesCsv(fresh), {
      orq: org2,
      headers: ORG1_KEY,
    });
    strictEqual(keyElsewhere.status, 403);
    strictEqual(keyElsewhere.body.error.code, "FORBIDDEN");
    const jsonElsewhere = await importJson(s.url, {
      orq: org2,
      tickets: [{ code: fresh[0] }],
    }, { headers: ORG1_KEY });
    strictEqual(jsonElsewhere.status, 403);
    const noAuth = await importCsv(s.url, codesCsv(fresh), { orq: 1 });
    strictEqual(noAuth.status, 401);
    deepStrictEqual(await stateFingerprint(s.db), before);

    // Organization 1 cannot take (or learn more than "taken" about) org2's codes.
    const clash = await importCsv(s.url, codesCsv([...held, ...fresh]), {
      orq: 1,
      token: admin,
    });
    strictEqual(clash.status, 200);
    strictEqual(clash.body.imported, 1);
    deepStrictEqual(
      clash.body.skipped.map((x: { reason: string }) => x.reason),
      [
        "DUPLICATE",
        "DUPLICATE",
      ],
    );
    const owners = await s.db.query<{ orq: number }>(
      "SELECT orq FROM tickets WHERE code = ANY($1::text[]) ORDER BY orq",
      [held],
    );
    deepStrictEqual(owners.map((o) => o.orq), [org2, org2]);
  },
);

testEachEngine("import by cookie: text/csv here only; JSON too", async (s) => {
  const admin = await staffToken(s, "chief", "ADMIN");
  const cookie = { cookie: `${TOKEN_COOKIE}=${admin}` };
  const codes = freshCodes(3);
  const csv = await importCsv(s.url, codesCsv([codes[0]]), {
    orq: 1,
    headers: cookie,
  });
  strictEqual(csv.status, 200, JSON.stringify(csv.body));
  strictEqual(csv.body.imported, 1);
  const json = await importJson(s.url, {
    orq: 1,
    tickets: [{ code: codes[1] }],
  }, { headers: cookie });
  strictEqual(json.status, 200);
  const plain = await importCsv(s.url, codesCsv([codes[2]]), {
    orq: 1,
    headers: { ...cookie, "content-type": "text/plain" },
  });
  strictEqual(plain.status, 403);
  // Elsewhere text/csv with the cookie stays refused.
  const issue = await call(s.url, "POST", "/api/tickets/issue", {
    raw: '{"orq":1,"count":1}',
    headers: { ...cookie, "content-type": "text/csv" },
  });
  strictEqual(issue.status, 403);
});

testEachEngine(
  "audit: one entry per import, issue and activation",
  async (s) => {
    const admin = await staffToken(s, "chief", "ADMIN");
    const codes = freshCodes(3);
    await importCsv(s.url, codesCsv([...codes, "bad"]), {
      orq: 1,
      token: admin,
    });
    await importCsv(s.url, codesCsv(codes), { orq: 1, headers: ORG1_KEY });
    const imports = await auditOf(s.db, "tickets.import");
    deepStrictEqual(imports, [
      {
        orq: 1,
        actor_kind: "staff",
        target_type: "tickets",
        target_id: null,
        before: null,
        after: { rows: 4, imported: 3, skipped_count: 1, weak_codes: 0 },
      },
      {
        orq: 1,
        actor_kind: "api_key",
        target_type: "tickets",
        target_id: null,
        before: null,
        after: { rows: 3, imported: 0, skipped_count: 3, weak_codes: 0 },
      },
    ]);

    const issued = await post(s.url, "/api/tickets/issue", {
      orq: 1,
      count: 5,
      order_ref: "ORD-9",
    }, admin);
    strictEqual(issued.status, 201);
    deepStrictEqual(
      (await auditOf(s.db, "tickets.issue")).map((a) => a.after),
      [
        { count: 5, status: "PENDING_PAYMENT", order_ref: "ORD-9" },
      ],
    );

    const code = issued.body.tickets[0].code;
    for (let i = 0; i < 2; i++) {
      const r = await call(s.url, "POST", "/api/tickets/activate", {
        json: { ticket_code: code },
        headers: ORG1_KEY,
      });
      strictEqual(r.status, 200);
      deepStrictEqual(r.body, {
        ticket: { code, status: "ACTIVATED", orq: 1 },
      });
    }
    const [{ id }] = await s.db.query<{ id: number }>(
      "SELECT id FROM tickets WHERE code = $1",
      [code],
    );
    // The repeat changed nothing, so it left no entry.
    deepStrictEqual(await auditOf(s.db, "ticket.activate"), [{
      orq: 1,
      actor_kind: "api_key",
      target_type: "ticket",
      target_id: String(id),
      before: { status: "PENDING_PAYMENT" },
      after: { status: "ACTIVATED" },
    }]);
  },
);

testEachEngine(
  "audit: a lone surrogate in order_ref is stored, not a 500",
  async (s) => {
    const r = await call(s.url, "POST", "/api/tickets/issue", {
      raw: '{"orq":1,"count":1,"order_ref":"a\\ud800"}',
      headers: ORG1_KEY,
    });
    strictEqual(r.status, 201, JSON.stringify(r.body));
    deepStrictEqual(
      (await auditOf(s.db, "tickets.issue")).map((a) => a.after),
      [
        { count: 1, status: "PENDING_PAYMENT", order_ref: "a\uFFFD" },
      ],
    );
  },
);
