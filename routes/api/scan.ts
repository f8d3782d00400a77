import { Hono } from "hono";
import { z } from "zod";
import type { ApiEnv, AppDeps } from "../deps.ts";
import { readJson } from "../../lib/http.ts";
import { type Principal, requireRole, signInLimitKey } from "../../lib/auth.ts";
import { AppError } from "../../domain/errors.ts";
import {
  extractTicketCode,
  normalizeTicketCode,
} from "../../domain/ticket_code.ts";
import {
  type ContextOf,
  type Scanner,
  scanTicket,
  verifyTicket,
} from "../../db/verification.ts";
import { scanAnswer } from "../../db/door_answer.ts";
import { logEvent } from "../../lib/log.ts";

/** A scanned QR payload, a link with `?code=`, or a code as typed. */
export const scannedCode = z.string().trim().min(
  1,
  "Scan or type a ticket code",
)
  .max(500, "Too long for a ticket code");

/** Body of `POST /api/operator/validate-ticket`. */
export const validateBody = z.strictObject({ code: scannedCode });
/** A door request's nonce (API.md "Door"): unique per organization. */
export const nonceField = z.string().regex(
  /^[\x20-\x7e]{16,100}$/,
  "16 to 100 printable characters",
);

/** Body of `POST /api/operator/verify-ticket`. */
export const verifyBody = z.strictObject({
  code: scannedCode,
  nonce: nonceField.optional(),
});

/** The stored form of whatever was scanned or typed; null when it cannot be a code. */
export function codeOf(scanned: string): string | null {
  return normalizeTicketCode(extractTicketCode(scanned));
}

/**
 * The stored code of a scan, verifying a signed QR payload against its
 * organization's keys (lib/signed_scan.ts); null when it names no ticket.
 */
export function scannedCodeOf(
  deps: AppDeps,
  scanned: string,
): Promise<string | null> {
  return deps.scannedCodes.codeOf(scanned);
}

/** The staff member scanning; API keys may not. */
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
      at: instant,
      timeZone: org.timezone,
      entryOpensMinutesBefore: org.settings.entry_opens_minutes_before,
      entryClosesMinutesAfterStart:
        org.settings.entry_closes_minutes_after_start,
      allowReentry: org.settings.allow_reentry,
    };
  };
}

/** The log line of each door event a request records. */
export const DOOR_LOG_EVENTS: Record<string, string> = {
  VERIFIED: "ticket.verified",
  REENTRY: "ticket.reentry",
  EXIT: "ticket.exit",
  RESCAN: "ticket.rescan",
  REFUSED: "ticket.refused",
};

/** `/api/operator`: the scanner's validate-ticket and verify-ticket. */
export function scanRoutes(deps: AppDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  const operator = requireRole(deps.auth, "OPERATOR");

  app.post("/validate-ticket", operator, async (c) => {
    const started = performance.now();
    const who = scannerOf(c.get("principal"));
    await deps.limits.validate.consume(signInLimitKey(c.get("principal")));
    const body = await readJson(c, validateBody);
    const scan = await scanTicket(
      deps.store,
      await scannedCodeOf(deps, body.code),
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
    return c.json(scanAnswer(scan.ticket, scan.decision));
  });

  app.post("/verify-ticket", operator, async (c) => {
    const who = scannerOf(c.get("principal"));
    await deps.limits.validate.consume(`staff-verify:${who.staffId}`);
    const body = await readJson(c, verifyBody);
    const instant = deps.clock();
    const v = await verifyTicket(
      deps.store,
      {
        code: await scannedCodeOf(deps, body.code),
        nonce: body.nonce ?? null,
        userAgent: c.req.header("user-agent")?.slice(0, 300) ?? null,
        instant,
      },
      who,
      contextAt(deps, instant),
    );
    if (v.changed) {
      deps.live.changed(
        v.changed.orq,
        v.changed.slot_id,
        v.recorded === "REENTRY" ? "check_in" : "verification",
      );
    }
    if (v.recorded) {
      logEvent(DOOR_LOG_EVENTS[v.recorded], {
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
