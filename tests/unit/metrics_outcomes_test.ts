import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { failureResult, Metrics } from "../../lib/metrics.ts";
import { AppError } from "../../domain/errors.ts";
import type { Sql } from "../../db/client.ts";

function metrics(): Metrics {
  // An empty outbox, no slots today.
  const db: Sql = {
    query: (text: string) =>
      Promise.resolve(
        (text.includes("mail_outbox") ? [{ pending: 0, age: 0 }] : []) as never,
      ),
  };
  return new Metrics({ db, sseClients: () => 0 });
}

Deno.test("routes report outcomes: reservations, scans and refused sign-ins count per organization", async () => {
  const m = metrics();
  m.reservation(1, "CREATED");
  m.reservation(1, "SLOT_FULL");
  m.reservation(2, "CREATED");
  // An organization not yet known: counted for Prometheus only.
  m.reservation(undefined, "RATE_LIMITED");
  m.validation(1, "GREEN", 0.004);
  m.validation(1, "RED", 0.006);
  m.signInRefused(1, "failed");
  m.signInRefused(undefined, "throttled");

  const one = m.recent(1);
  deepStrictEqual(one.reservations, { CREATED: 1, SLOT_FULL: 1 });
  strictEqual(one.validations.count, 2);
  ok(Math.abs(one.validations.mean! - 0.005) < 1e-9, `${one.validations.mean}`);
  // A refusal of no known account counts for every organization.
  deepStrictEqual(one.logins, { failed: 1, throttled: 1 });
  deepStrictEqual(m.recent(2).reservations, { CREATED: 1 });
  deepStrictEqual(m.recent(2).logins, { failed: 0, throttled: 1 });
  strictEqual(m.recent(2).validations.count, 0);

  const { body } = await m.render();
  ok(body.includes('te_reservations_total{result="CREATED"} 2'), body);
  ok(body.includes('te_reservations_total{result="RATE_LIMITED"} 1'), body);
  ok(body.includes('te_validations_total{result="GREEN"} 1'), body);
  ok(body.includes('te_auth_failures_total{how="failed"} 1'), body);
  ok(body.includes('te_auth_failures_total{how="throttled"} 1'), body);
  ok(body.includes("te_offline_conflicts_total 0"), body);
});

Deno.test("failureResult: the error code, or the status a failure is answered with", () => {
  strictEqual(failureResult(new AppError("SLOT_FULL")), "SLOT_FULL");
  const refused = Object.assign(new Error("connect ECONNREFUSED"), {
    code: "ECONNREFUSED",
  });
  strictEqual(failureResult(refused), "503");
  strictEqual(failureResult(new TypeError("a bug")), "500");
});
