import { Hono } from "hono";
import { z } from "zod";
import type { ApiEnv, AppDeps } from "../deps.ts";
import { clientKey, readJson } from "../../lib/http.ts";
import { assertOrg, auditActor, requireRole } from "../../lib/auth.ts";
import { recordAudit } from "../../db/audit.ts";
import { AppError } from "../../domain/errors.ts";
import { orqField, ticketCodeField } from "./fields.ts";
import { activationRefusal } from "../../domain/ticket_status.ts";
import { activateTicket, issueTickets } from "../../db/tickets.ts";
import { logEvent } from "../../lib/log.ts";
import { codeOrNotFound, validateTicket } from "../../lib/ticket_check.ts";

/** Body of `POST /api/tickets/validate`. */
export const validateBody = z.strictObject({ ticket_code: ticketCodeField });
/** Body of `POST /api/tickets/issue`. */
export const issueBody = z.strictObject({
  orq: orqField,
  count: z.int().min(1).max(1000),
  status: z.enum(["PENDING_PAYMENT", "ACTIVATED"]).default("PENDING_PAYMENT"),
  order_ref: z.string().trim().max(100).nullish(),
});
/** Body of `POST /api/tickets/activate`. */
export const activateBody = z.strictObject({ ticket_code: ticketCodeField });

/** `/api/tickets`: customer validation and the issuance/payment integrations. */
export function ticketRoutes(deps: AppDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();

  app.post("/validate", async (c) => {
    await deps.limits.validate.consume(
      `validate:${clientKey(c, deps.trustProxy)}`,
    );
    const body = await readJson(c, validateBody);
    const ticket = await validateTicket(deps, body.ticket_code);
    return c.json({
      ticket: { code: ticket.code, status: ticket.status, orq: ticket.orq },
      eligible: true,
    });
  });

  const admin = requireRole(deps.auth, "ADMIN", { allowApiKey: true });

  app.post("/issue", admin, async (c) => {
    const body = await readJson(c, issueBody);
    assertOrg(c.get("principal"), body.orq);
    if (!(await deps.orgs.get(body.orq))) throw new AppError("ORG_NOT_FOUND");
    const orderRef = body.order_ref ?? null;
    const tickets = await deps.db.begin(async (tx) => {
      const issued = await issueTickets(tx, {
        orq: body.orq,
        count: body.count,
        status: body.status,
        order_ref: orderRef,
      });
      await recordAudit(tx, {
        orq: body.orq,
        actor: auditActor(c.get("principal")),
        action: "tickets.issue",
        target: { type: "tickets", id: null },
        after: {
          count: issued.length,
          status: body.status,
          order_ref: orderRef,
        },
        at: deps.clock(),
      });
      return issued;
    });
    logEvent("tickets.issued", { orq: body.orq, count: tickets.length });
    return c.json({ tickets }, 201);
  });

  app.post("/activate", admin, async (c) => {
    const body = await readJson(c, activateBody);
    const p = c.get("principal");
    const code = codeOrNotFound(body.ticket_code);
    const ticket = await deps.db.begin(async (tx) => {
      const t = await activateTicket(tx, code, p.platformAdmin ? null : p.orq);
      if (t?.changed) {
        await recordAudit(tx, {
          orq: t.orq,
          actor: auditActor(p),
          action: "ticket.activate",
          target: { type: "ticket", id: t.id },
          before: { status: "PENDING_PAYMENT" },
          after: { status: "ACTIVATED" },
          at: deps.clock(),
        });
      }
      return t;
    });
    if (!ticket) throw new AppError("TICKET_NOT_FOUND");
    const refusal = activationRefusal(ticket.status);
    if (refusal) throw refusal;
    logEvent("ticket.activated", { code_prefix: code.slice(0, 4) });
    return c.json({
      ticket: { code: ticket.code, status: ticket.status, orq: ticket.orq },
    });
  });

  return app;
}
