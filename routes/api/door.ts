import { Hono } from "hono";
import { z } from "zod";
import type { ApiEnv, AppDeps } from "../deps.ts";
import { readJson } from "../../lib/http.ts";
import { requireRole, signInLimitKey } from "../../lib/auth.ts";
import { passDoor } from "../../db/door.ts";
import { undoDoor } from "../../db/door_undo.ts";
import { logEvent } from "../../lib/log.ts";
import type { LiveKind } from "../../lib/live/publisher.ts";
import {
  contextAt,
  DOOR_LOG_EVENTS,
  nonceField,
  scannedCode,
  scannedCodeOf,
  scannerOf,
} from "./scan.ts";

/** A gate's name: 1–50 characters without control characters. */
export const gateField = z.string().min(1, "1 to 50 characters").max(
  50,
  "1 to 50 characters",
  // deno-lint-ignore no-control-regex
).regex(/^[^\u0000-\u001f\u007f]*$/, "No control characters");

/** Body of `POST /api/operator/check-in`. */
export const checkInBody = z.strictObject({
  code: scannedCode,
  nonce: nonceField,
  gate: gateField.optional(),
  direction: z.enum(["IN", "OUT"]).default("IN"),
});

/** Body of `POST /api/operator/undo-check-in`. */
export const undoBody = z.strictObject({
  code: scannedCode,
  nonce: nonceField,
});

/** The live dashboard's kind for each admission, re-entry and exit. */
const LIVE_KINDS: Record<string, LiveKind> = {
  VERIFIED: "verification",
  REENTRY: "check_in",
  EXIT: "check_out",
};

/** `/api/operator`: check-in (in and out) and its undo. */
export function doorRoutes(deps: AppDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  const operator = requireRole(deps.auth, "OPERATOR");

  app.post("/check-in", operator, async (c) => {
    const started = performance.now();
    const principal = c.get("principal");
    const who = scannerOf(principal);
    await deps.limits.validate.consume(signInLimitKey(principal));
    const body = await readJson(c, checkInBody);
    const instant = deps.clock();
    const pass = await passDoor(
      deps.store,
      {
        code: await scannedCodeOf(deps, body.code),
        nonce: body.nonce,
        gate: body.gate ?? null,
        direction: body.direction,
        userAgent: c.req.header("user-agent")?.slice(0, 300) ?? null,
        instant,
      },
      who,
      contextAt(deps, instant),
      { recordRefusals: true },
    );
    // A check-in is a validation too (the scan figures and their timing).
    deps.metrics.validation(
      who.orq,
      pass.answer.result,
      (performance.now() - started) / 1000,
    );
    if (pass.changed && pass.recorded) {
      deps.live.changed(
        pass.changed.orq,
        pass.changed.slot_id,
        LIVE_KINDS[pass.recorded],
      );
    }
    if (pass.recorded) {
      logEvent(DOOR_LOG_EVENTS[pass.recorded], {
        ticket_id: pass.ticketId,
        operator_id: who.staffId,
        gate: body.gate ?? null,
        direction: body.direction,
        reason: pass.answer.reason,
        timestamp: instant.toISOString(),
      });
    }
    return c.json(pass.answer);
  });

  app.post("/undo-check-in", operator, async (c) => {
    const principal = c.get("principal");
    const who = scannerOf(principal);
    const body = await readJson(c, undoBody);
    const instant = deps.clock();
    const undo = await undoDoor(
      deps.store,
      {
        code: await scannedCodeOf(deps, body.code),
        nonce: body.nonce,
        userAgent: c.req.header("user-agent")?.slice(0, 300) ?? null,
        instant,
      },
      { ...who, mayUndoAny: principal.role !== "OPERATOR" },
      contextAt(deps, instant),
    );
    if (undo.changed) {
      deps.live.changed(undo.changed.orq, undo.changed.slot_id, "undo");
    }
    if (undo.reverted) {
      logEvent("ticket.check_in_undone", {
        ticket_id: undo.ticketId,
        operator_id: who.staffId,
        undone: undo.reverted,
        timestamp: instant.toISOString(),
      });
    }
    return c.json(undo.answer);
  });

  return app;
}
