/// <reference lib="dom" />
/**
 * Offline scanning in Chromium (API.md "Offline scanning"): the network cut
 * mid-shift, signed QR codes decided on the phone and queued, a reload
 * offline that keeps the queue, the upload on return with each scan's own
 * time, two devices admitting one ticket offline (one admission, one
 * conflict on the dashboard), a forged code and a moved ticket's old code
 * refused offline.
 */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import type { Page } from "playwright-core";
import {
  call,
  reserveOnNewSlot,
  seedSlot,
  staffToken,
} from "../helpers/api.ts";
import { NOW } from "./fixtures.ts";
import { card, chooseGate, scannerTest, TODAY } from "./operator_fixtures.ts";
import {
  doneCard,
  doorLog,
  openScanner,
  setOrgSettings,
  wedgeScan,
} from "./door_fixtures.ts";
import { shot } from "./browser.ts";

/** Waits for the connection line to show `mode` (and `waiting` queued scans). */
async function connectionIs(
  page: Page,
  mode: "online" | "offline",
  waiting?: number,
): Promise<void> {
  const w = waiting === undefined ? "" : `[data-waiting="${waiting}"]`;
  await page.locator(`.connection[data-mode=${mode}]${w}`).waitFor({
    timeout: 15_000,
  });
}

/** The scanner ready for offline use: the kit and the stored page. */
async function readyForOffline(page: Page): Promise<void> {
  await page.locator(".connection[data-kit=ready]").waitFor();
  await page.waitForSelector("html[data-offline-ready]");
}

scannerTest(
  "Offline mid-shift: scans decided on the phone, kept over a reload, uploaded on return; two devices, one admission and one conflict",
  async (s, browser) => {
    await setOrgSettings(s, { check_in_on_scan: true });
    const tickets = [];
    for (const start of ["12:00", "12:30", "13:00", "13:30"]) {
      const end = `${String(Number(start.slice(0, 2)) + 1)}${start.slice(2)}`;
      const r = await reserveOnNewSlot(s, { date: TODAY, start, end });
      assert(String(r.body.qr.payload).startsWith("TE1."), r.body.qr.payload);
      tickets.push({
        code: r.code,
        qr: r.body.qr.payload as string,
        id: r.body.reservation.id,
      });
    }
    const [a, b, c, d] = tickets;

    const one = await openScanner(s, browser);
    await chooseGate(one.page, "B");
    await readyForOffline(one.page);
    await one.context.setOffline(true);

    // The first failure decides on the phone; the second switches the mode.
    await wedgeScan(one.page, a.qr);
    assertEquals(await doneCard(one.page, "VALID"), "ADMITTED");
    await one.page.locator("section.result").waitFor({ state: "detached" });
    await wedgeScan(one.page, b.qr);
    assertEquals(await doneCard(one.page, "VALID"), "ADMITTED");
    await connectionIs(one.page, "offline", 2);

    // Already in (this phone's own scan), a typed code, a forged code.
    await wedgeScan(one.page, a.qr);
    let shown = await card(one.page);
    assertEquals([shown.result, shown.title], ["YELLOW", "ALREADY VERIFIED"]);
    assert(shown.text.includes("Offline check"), shown.text);
    await shot(one.page, "scanner-offline-already-360");
    await one.page.keyboard.press("Escape");
    await wedgeScan(one.page, c.code);
    shown = await card(one.page);
    assertEquals([shown.result, shown.title], [
      "YELLOW",
      "CANNOT CHECK OFFLINE",
    ]);
    await one.page.keyboard.press("Escape");
    const forged = c.qr.slice(0, -3) + (c.qr.endsWith("A") ? "BAA" : "AAA");
    await wedgeScan(one.page, forged);
    shown = await card(one.page);
    assertEquals([shown.result, shown.title], ["RED", "INVALID TICKET"]);
    await one.page.keyboard.press("Escape");
    assertEquals(await doorLog(s.db, a.code), []);

    // A reload with no network: the stored page, the queue kept.
    await one.page.reload();
    await one.page.waitForSelector(
      "[data-island=OperatorScanner][data-hydrated]",
    );
    await connectionIs(one.page, "offline", 2);

    // A second device admits B offline too, and comes back first.
    const two = await openScanner(s, browser);
    await chooseGate(two.page, "C");
    await readyForOffline(two.page);
    await two.context.setOffline(true);
    await wedgeScan(two.page, b.qr);
    assertEquals(await doneCard(two.page, "VALID"), "ADMITTED");
    await two.context.setOffline(false);
    await connectionIs(two.page, "online", 0);

    // The first device back: A accepted at its scan's time, B a duplicate.
    await one.context.setOffline(false);
    await connectionIs(one.page, "online", 0);
    await one.page.locator(".connection-conflicts").waitFor();
    assertEquals(await doorLog(s.db, a.code), [["VERIFIED", "IN", "B", false]]);
    // B: one admission (gate C, first up); gate B's is kept as a rescan.
    assertEquals(await doorLog(s.db, b.code), [
      ["VERIFIED", "IN", "C", false],
      ["RESCAN", "IN", "B", false],
    ]);
    const [admitted] = await s.db.query<
      { verified_at: Date; offline: boolean }
    >(
      `SELECT t.verified_at, e.offline FROM tickets t
         JOIN verification_events e ON e.ticket_id = t.id
        WHERE t.code = $1`,
      [a.code],
    );
    assert(admitted.offline);
    const late = new Date(admitted.verified_at).getTime() - Date.parse(NOW);
    assert(late >= 0 && late < 5 * 60_000, `verified ${late} ms after NOW`);
    const manager = await staffToken(s, "boss", "MANAGER");
    const conflicts = await call(
      s.url,
      "GET",
      `/api/dashboard/conflicts?orq=1&date=${TODAY}`,
      {
        token: manager,
      },
    );
    assertEquals(conflicts.status, 200);
    const text = JSON.stringify(conflicts.body);
    assertEquals(conflicts.body.conflicts.length, 1, text);
    assert(text.includes('"B"') && text.includes('"C"'), text);

    // D moves to another time: after the next kit, its old code is refused offline.
    const later = await seedSlot(s.db, {
      date: TODAY,
      start: "15:00",
      end: "16:00",
    });
    const moved = await call(s.url, "POST", `/api/reservations/${d.id}/move`, {
      json: { slot_id: later },
      token: manager,
    });
    assertEquals(moved.status, 200, JSON.stringify(moved.body));
    await one.page.reload();
    await readyForOffline(one.page);
    await one.context.setOffline(true);
    await wedgeScan(one.page, d.qr);
    shown = await card(one.page);
    assertEquals([shown.result, shown.title], ["RED", "INVALID TICKET"]);
    assert(shown.message?.includes("replaced"), shown.message);
    assertEquals([one.errors, two.errors], [[], []]);
    await one.context.close();
    await two.context.close();
  },
);
