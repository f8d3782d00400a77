/** Helpers of the dashboard tests: a reservation, a verification, a stream. */
import { deepStrictEqual as assertEquals } from "node:assert/strict";
import type { TestServer } from "./server.ts";
import { post, reservationBody } from "./api.ts";
import { openSse, type SseClient } from "./sse.ts";

/** POST /api/reservations/create of `code` on `slotId`. */
export async function reserve(s: TestServer, code: string, slotId: number) {
  return await post(
    s.url,
    "/api/reservations/create",
    reservationBody(code, slotId),
  );
}

/** Verifies `code` at the door with `token`; it must come out VERIFIED. */
export async function verify(s: TestServer, token: string, code: string) {
  const r = await post(s.url, "/api/operator/verify-ticket", { code }, token);
  assertEquals(r.status, 200, JSON.stringify(r.body));
  assertEquals(r.body.result, "VERIFIED");
}

/** Opens the manager's dashboard stream of organization 1. */
export function stream(
  s: TestServer,
  token: string,
  extra = {},
): Promise<SseClient> {
  return openSse(`${s.url}/api/dashboard/stream?orq=1`, {
    authorization: `Bearer ${token}`,
    ...extra,
  });
}
