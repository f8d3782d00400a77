/** Rate limits shared through Redis: two instances, one budget. */
import { strictEqual } from "node:assert/strict";
import { startServer } from "../helpers/server.ts";
import { post } from "../helpers/api.ts";

const REDIS_URL = Deno.env.get("TEST_REDIS_URL") ?? "redis://127.0.0.1:6379";

Deno.test({
  name: "two instances share one validation budget through Redis",
  fn: async () => {
    const env = {
      REDIS_URL,
      REDIS_PREFIX: `te-test-${crypto.randomUUID()}`,
      RATE_LIMIT_VALIDATE_PER_MIN: "4",
    };
    const a = await startServer("pglite", { env });
    const b = await startServer("pglite", { env });
    try {
      const body = { ticket_code: "ZZZZZZZZZZZZZZZZZZZZ" };
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) {
        statuses.push(
          (await post(a.url, "/api/tickets/validate", body)).status,
        );
      }
      statuses.push((await post(b.url, "/api/tickets/validate", body)).status);
      const fifth = await post(b.url, "/api/tickets/validate", body);
      const sixth = await post(a.url, "/api/tickets/validate", body);
      strictEqual(statuses.join(","), "404,404,404,404");
      strictEqual(fifth.status, 429);
      strictEqual(fifth.body.error.code, "RATE_LIMITED");
      strictEqual(sixth.status, 429);
    } finally {
      await a.close();
      await b.close();
    }
  },
});
