/**
 * The manage page's forms without JavaScript (`/reserve/manage/{reschedule,
 * cancel,resend}`): URL-encoded bodies with the manage token, 303 back to
 * the page with its notice, the page again with the refusal in words for
 * bad input (never a 500), and nothing personal in a redirect's address.
 */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import { testEachEngine } from "../helpers/server.ts";
import { book, tomorrow } from "../helpers/staff_changes.ts";

function form(url: string, action: string, body: string) {
  return fetch(`${url}/reserve/manage/${action}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body,
    redirect: "manual",
  });
}

/** The refusal's code in a re-rendered page. */
async function refusal(res: Response): Promise<string | null> {
  assertEquals(res.status, 200);
  assert(res.headers.get("content-type")!.startsWith("text/html"));
  const html = await res.text();
  return /data-problem[^>]*data-code="([A-Z_]+)"/.exec(html)?.[1] ??
    /data-code="([A-Z_]+)"[^>]*data-problem/.exec(html)?.[1] ?? null;
}

testEachEngine(
  "the manage forms: reschedule, resend and cancel answer 303 with a notice; bad input is refused in words",
  async (s) => {
    const a = await tomorrow(s, "12:00");
    const b = await tomorrow(s, "14:00");
    const booked = await book(s, a, "ada@example.com");
    const token = booked.manage_token as string;
    const q = (fields: Record<string, string>) =>
      new URLSearchParams(fields).toString();

    // Bad input: the page with why, never a 500.
    for (
      const [body, code] of [
        [q({ manage_token: token, slot_id: "abc" }), "VALIDATION_FAILED"],
        [q({ manage_token: token, slot_id: "-1" }), "VALIDATION_FAILED"],
        [q({ slot_id: String(b) }), "VALIDATION_FAILED"],
        [
          q({ manage_token: token, slot_id: String(b), extra: "1" }),
          "VALIDATION_FAILED",
        ],
        [
          q({ manage_token: "x.y.z", slot_id: String(b) }),
          "RESERVATION_NOT_FOUND",
        ],
        [q({ manage_token: token, slot_id: "999999" }), "SLOT_NOT_FOUND"],
        ["%%%&&&==", "VALIDATION_FAILED"],
      ] as const
    ) {
      const res = await form(s.url, "reschedule", body);
      assertEquals(await refusal(res), code, body);
    }
    const huge = await form(
      s.url,
      "cancel",
      q({ manage_token: token, pad: "x".repeat(20_000) }),
    );
    assertEquals(await refusal(huge), "PAYLOAD_TOO_LARGE");
    assertEquals(
      await refusal(await form(s.url, "resend", q({ manage_token: "" }))),
      "VALIDATION_FAILED",
    );

    // Reschedule: 303 to the page with a fresh token and the notice.
    const moved = await form(
      s.url,
      "reschedule",
      q({ manage_token: token, slot_id: String(b) }),
    );
    assertEquals(moved.status, 303);
    const to = new URL(moved.headers.get("location")!, s.url);
    assertEquals(to.pathname, "/reserve/manage");
    assertEquals(to.searchParams.get("done"), "moved");
    assert(!to.href.includes("ada"), to.href);
    const page = await (await fetch(to)).text();
    assert(page.includes("Your visit has moved to"), page);
    const [row] = await s.db.query<{ slot_id: number }>(
      "SELECT slot_id FROM ticket_reservations WHERE id = $1",
      [booked.reservation.id],
    );
    assertEquals(row.slot_id, b);
    const fresh = to.searchParams.get("token")!;

    const resent = await form(s.url, "resend", q({ manage_token: fresh }));
    assertEquals(resent.status, 303);
    const resentPage = await (await fetch(
      new URL(resent.headers.get("location")!, s.url),
    )).text();
    assert(
      resentPage.includes("sent the confirmation again to ada@example.com"),
    );

    const cancelled = await form(s.url, "cancel", q({ manage_token: fresh }));
    assertEquals(cancelled.status, 303);
    const after = new URL(cancelled.headers.get("location")!, s.url);
    assertEquals(after.searchParams.get("done"), "cancelled");
    const cancelledPage = await (await fetch(after)).text();
    assert(cancelledPage.includes("Your booking is cancelled"), cancelledPage);
    // The same form again: the booking is gone.
    assertEquals(
      await refusal(
        await form(s.url, "cancel", q({ manage_token: fresh })),
      ),
      "RESERVATION_NOT_FOUND",
    );
  },
);
