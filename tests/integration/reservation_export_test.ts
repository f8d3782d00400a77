/** GET /api/reservations/export.csv (API.md "Back office"). */
import { deepStrictEqual as eq, ok } from "node:assert/strict";
import { parse } from "csv-parse/sync";
import { testEachEngine } from "../helpers/server.ts";
import { get, seedSlot, seedStaff, staffToken } from "../helpers/api.ts";
import { insertMany, insertReservation } from "../helpers/reservation_rows.ts";
import { EXPORT_PAGE_ROWS } from "../../lib/reservation_csv.ts";

const HEADER = "reservation_id,ticket_code,status,slot_date,start_time," +
  "end_time,customer_email,customer_phone,reserved_at,verified_at," +
  "verified_by,order_ref";

/** The export's raw answer: status, headers, body text and chunk count. */
async function download(base: string, path: string, token: string) {
  const res = await fetch(base + path, {
    headers: { authorization: `Bearer ${token}` },
  });
  let chunks = 0;
  let text = "";
  const decoder = new TextDecoder();
  for await (const chunk of res.body!) {
    chunks++;
    text += decoder.decode(chunk, { stream: true });
  }
  return { status: res.status, headers: res.headers, text, chunks };
}

testEachEngine(
  "export: header, every status, escaping, the venue's zone",
  async (s) => {
    const boss = await staffToken(s, "boss", "MANAGER");
    const guard = await seedStaff(s.db, {
      username: "gate",
      name: "=Gate, Keeper",
      role: "OPERATOR",
      pin: "123456",
    });
    const slot = await seedSlot(s.db, {
      date: "2026-12-01",
      start: "09:00",
      end: "10:00",
    });
    const summer = await seedSlot(s.db, {
      date: "2027-07-01",
      start: "18:00",
      end: "24:00",
    });
    const outside = await seedSlot(s.db, {
      date: "2027-08-01",
      start: "09:00",
      end: "10:00",
    });
    const v = await insertReservation(s.db, {
      slotId: slot,
      status: "VERIFIED",
      email: 'say "hi"@example.com',
      phone: "+31612345678",
      reservedAt: "2026-11-26T10:00:00Z",
      verifiedAt: "2026-12-01T08:05:00Z",
      verifiedBy: guard,
      orderRef: "@order,1",
    });
    const c = await insertReservation(s.db, {
      slotId: summer,
      status: "CANCELLED",
      reservedAt: "2027-06-01T10:00:00Z",
    });
    await insertReservation(s.db, { slotId: outside });

    const r = await download(
      s.url,
      "/api/reservations/export.csv?orq=1&from=2026-12-01&to=2027-07-31",
      boss,
    );
    eq(r.status, 200, r.text);
    ok(r.headers.get("content-type")?.startsWith("text/csv"));
    eq(
      r.headers.get("content-disposition"),
      'attachment; filename="reservations-1-2026-12-01-2027-07-31.csv"',
    );
    const lines = r.text.split("\r\n");
    eq(lines[0], HEADER);
    eq(lines.length, 4, "header, two rows, the empty tail");
    const rows = parse(r.text, { columns: true }) as Record<string, string>[];
    eq(rows[0], {
      reservation_id: String(v.id),
      ticket_code: v.code,
      status: "VERIFIED",
      slot_date: "2026-12-01",
      start_time: "09:00",
      end_time: "10:00",
      customer_email: 'say "hi"@example.com',
      customer_phone: "'+31612345678",
      reserved_at: "2026-11-26T11:00:00+01:00",
      verified_at: "2026-12-01T09:05:00+01:00",
      verified_by: "'=Gate, Keeper",
      order_ref: "'@order,1",
    });
    eq(rows[1].reservation_id, String(c.id));
    eq(rows[1].status, "CANCELLED");
    eq(rows[1].reserved_at, "2027-06-01T12:00:00+02:00", "summer time");
    eq(rows[1].verified_at, "");
    eq(rows[1].end_time, "24:00");

    const code = async (query: string) => {
      const res = await get(
        s.url,
        `/api/reservations/export.csv?${query}`,
        boss,
      );
      return `${res.status} ${res.body?.error?.code ?? ""}`.trim();
    };
    // 366 days at most, both ends included.
    eq(
      await code("orq=1&from=2026-01-01&to=2027-01-02"),
      "400 VALIDATION_FAILED",
    );
    eq(await code("orq=1&from=2026-01-01&to=2027-01-01"), "200");
    eq(
      await code("orq=1&from=2026-02-01&to=2026-01-31"),
      "400 VALIDATION_FAILED",
    );
    eq(await code("orq=1&from=2026-02-30"), "400 VALIDATION_FAILED");
    eq(await code("orq=1"), "200");
  },
  { timezone: "Europe/Amsterdam" },
);

testEachEngine("export: many rows arrive in order, page by page", async (s) => {
  const boss = await staffToken(s, "boss", "MANAGER");
  const n = EXPORT_PAGE_ROWS * 2 + 500;
  const late = await seedSlot(s.db, {
    date: "2026-12-02",
    start: "09:00",
    end: "10:00",
    capacity: n,
  });
  const early = await seedSlot(s.db, {
    date: "2026-12-01",
    start: "09:00",
    end: "10:00",
    capacity: n,
  });
  await insertMany(s.db, {
    slotId: late,
    count: n - 10,
    prefix: "CCCCCCCC",
    local: "m",
    domain: "x.test",
  });
  await insertMany(s.db, {
    slotId: early,
    count: 10,
    prefix: "DDDDDDDD",
    local: "e",
    domain: "x.test",
  });
  const want = (await s.db.query<{ id: number }>(
    `SELECT r.id FROM ticket_reservations r
       JOIN reservation_slots s ON s.id = r.slot_id
      ORDER BY s.date, r.id`,
  )).map((r) => String(r.id));
  const r = await download(
    s.url,
    "/api/reservations/export.csv?orq=1&from=2026-12-01&to=2026-12-02",
    boss,
  );
  eq(r.status, 200);
  const rows = parse(r.text, { columns: true }) as Record<string, string>[];
  eq(rows.map((x) => x.reservation_id), want);
  ok(r.chunks >= 3, `streamed in ${r.chunks} chunks`);
});
