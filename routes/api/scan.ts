import { Hono } from "hono";
import { z } from "zod";
import type { ApiEnv, AppDeps } from "../deps.ts";
import { readJson } from "../../lib/http.ts";
import { type Principal, requireRole } from "../../lib/auth.ts";
import { AppError } from "../../domain/errors.ts";
import { zonedNow } from "../../domain/clock.ts";
import {
  extractTicketCode,
  normalizeTicketCode,
} from "../../domain/ticket_code.ts";
import { reservationOf } from "../../db/tickets.ts";
import {
  type ContextOf,
  type Scan,
  type Scanner,
  scanTicket,
  verifyTicket,
} from "../../db/verification.ts";
import { logEvent } from "../../lib/log.ts";

/** A scanned QR payload, a link with `?code=`, or a code as typed. */
const scannedCode = z.string().trim().min(1, "Scan or type a ticket code")
  .max(500, "Too long for a ticket code");

/** Body of `POST /api/operator/validate-ticket`. */
export const validateBody = z.strictObject({ code: scannedCode });
/** Body of `POST /api/operator/verify-ticket`. */
export const verifyBody = z.strictObject({
  code: scannedCode,
  nonce: z.string().regex(
    /^[\x21-\x7e]{1,100}$/,
    "1 to 100 printable characters without spaces",
  ).optional(),
});

/** The stored form of whatever was scanned or typed; null when it cannot be a code. */
function codeOf(scanned: string): string | null {
  return normalizeTicketCode(extractTicketCode(scanned));
}

/** Who scans: a signed-in staff member (an API key may not). */
export function scannerOf(p: Principal): Scanner {
  if (p.kind !== "staff" || p.id === null) throw new AppError("FORBIDDEN");
  return { staffId: p.id, orq: p.orq, anyOrg: p.platformAdmin };
}

/** Scan rules of an organization at `instant`, in its zone. */
export function contextAt(deps: AppDeps, instant: Date): ContextOf {
  return async (orq) => {
    const org = await deps.orgs.get(orq);
    if (!org) throw new AppError("ORG_NOT_FOUND");
    return {
      orq,
      now: zonedNow(instant, org.timezone),
      timeZone: org.timezone,
      entryOpensMinutesBefore: org.settings.entry_opens_minutes_before,
    };
  };
}

/** The validate-ticket body of API.md; customer contact only on GREEN and YELLOW. */
export function scanBody({ ticket: t, decision: d }: Scan) {
  return {
    result: d.result,
    reason: d.reason,
    title: d.title,
    message: d.message,
    ticket: t ? { code: t.code, status: t.status } : null,
    reservation: t ? reservationOf(t) : null,
    customer: t && d.result !== "RED"
      ? { email: t.customer_email, phone: t.customer_phone }
      : null,
    verified_at: t?.verified_at ? new Date(t.verified_at).toISOString() : null,
    verified_by: t?.verified_by
      ? { id: t.verified_by, name: t.verified_by_name }
      : null,
    can_verify: d.can_verify,
  };
}

/** `/api/operator`: the scanner's validate-ticket and verify-ticket. */
export function scanRoutes(deps: AppDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  const operator = requireRole(deps.auth, "OPERATOR");

  app.post("/validate-ticket", operator, async (c) => {
    const started = performance.now();
    const who = scannerOf(c.get("principal"));
    await deps.limits.validate.consume(`staff:${who.staffId}`);
    const body = await readJson(c, validateBody);
    const scan = await scanTicket(
      deps.store,
      codeOf(body.code),
      who,
      contextAt(deps, deps.clock()),
    );
    deps.metrics.validation(
      who.orq,
      scan.decision.result,
      (performance.now() - started) / 1000,
    );
    logEvent("validation.result", {
      ticket_id: scan.ticket?.id ?? null,
      result: scan.decision.result,
      reason: scan.decision.reason,
    });
    return c.json(scanBody(scan));
  });

  app.post("/verify-ticket", operator, async (c) => {
    const who = scannerOf(c.get("principal"));
    await deps.limits.validate.consume(`staff-verify:${who.staffId}`);
    const body = await readJson(c, verifyBody);
    const instant = deps.clock();
    const v = await verifyTicket(
      deps.store,
      {
        code: codeOf(body.code),
        nonce: body.nonce ?? null,
        userAgent: c.req.header("user-agent")?.slice(0, 300) ?? null,
        instant,
      },
      who,
      contextAt(deps, instant),
    );
    if (v.changed) {
      deps.live.changed(v.changed.orq, v.changed.slot_id, "verification");
    }
    if (v.recorded) {
      logEvent(v.result === "VERIFIED" ? "ticket.verified" : "ticket.rescan", {
        ticket_id: v.ticket_id,
        operator_id: who.staffId,
        timestamp: instant.toISOString(),
      });
    }
    return c.json({
      result: v.result,
      verified_at: new Date(v.verified_at).toISOString(),
      verified_by: v.verified_by,
    });
  });

  return app;
}
