import { Hono } from "hono";
import { z } from "zod";
import type { ApiEnv, AppDeps } from "../deps.ts";
import { parseWith, readJson } from "../../lib/http.ts";
import {
  assertOrg,
  auditActor,
  type Principal,
  requireRole,
} from "../../lib/auth.ts";
import { AppError } from "../../domain/errors.ts";
import { base64url } from "../../domain/ticket_signature.ts";
import {
  activeSigners,
  fromBase64,
  listSigningKeys,
  type PublicKeyRow,
} from "../../db/signing_keys.ts";
import {
  deleteSigningKey,
  retireSigningKey,
  rotateSigningKey,
} from "../../db/signing_key_admin.ts";
import { recordAudit } from "../../db/audit.ts";
import type { Sql } from "../../db/client.ts";
import { logEvent } from "../../lib/log.ts";

/** `:orq` of the signing-key routes. */
export const keyOrqParams = z.object({
  orq: z.string().regex(/^[1-9]\d{0,8}$/, "Expected an organization number"),
});

/** `:orq` and `:k` of one key. */
export const keyParams = keyOrqParams.extend({
  k: z.string().regex(/^[0-9A-Za-z]{1,16}$/, "Expected a key id"),
});

/** Body of the POST routes: nothing. */
export const emptyKeyBody = z.strictObject({});

/** A key as the API shows it: public parts only. */
export function keyAnswer(k: PublicKeyRow) {
  return {
    k: k.k,
    alg: "Ed25519" as const,
    public_key: base64url(fromBase64(k.public_key)),
    status: k.status,
    created_at: new Date(k.created_at).toISOString(),
    retired_at: k.retired_at ? new Date(k.retired_at).toISOString() : null,
    trusted_until: k.trusted_until
      ? new Date(k.trusted_until).toISOString()
      : null,
  };
}

/**
 * `/api/organizations/:orq/signing-keys` (ADMIN): list, add a signer,
 * retire and delete keys (API.md "Offline scanning").
 */
export function signingKeyRoutes(deps: AppDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  const admin = requireRole(deps.auth, "ADMIN");

  function orqOf(principal: Principal, params: Record<string, string>) {
    const orq = Number(parseWith(keyOrqParams, params).orq);
    assertOrg(principal, orq);
    return orq;
  }

  async function keysOf(sql: Sql, orq: number) {
    return (await listSigningKeys(sql, orq)).map(keyAnswer);
  }

  app.get("/:orq/signing-keys", admin, async (c) => {
    const orq = orqOf(c.get("principal"), c.req.param());
    if (!(await deps.orgs.get(orq))) throw new AppError("ORG_NOT_FOUND");
    c.header("cache-control", "no-store");
    // Every organization has a signer: its first is made when first needed.
    const keys = await deps.db.begin(async (tx) => {
      await activeSigners(tx, [orq]);
      return await keysOf(tx, orq);
    });
    return c.json({ keys });
  });

  app.post("/:orq/signing-keys", admin, async (c) => {
    const principal = c.get("principal");
    const orq = orqOf(principal, c.req.param());
    await readJson(c, emptyKeyBody);
    const instant = deps.clock();
    const key = await deps.db.begin(async (tx) => {
      const k = await rotateSigningKey(tx, orq, instant);
      await audit(tx, principal, orq, "signing_key.added", k, instant);
      return (await keysOf(tx, orq)).find((x) => x.k === k)!;
    });
    logEvent("signing_key.added", { orq, k: key.k });
    return c.json(key, 201);
  });

  app.post("/:orq/signing-keys/:k/retire", admin, async (c) => {
    const principal = c.get("principal");
    const orq = orqOf(principal, c.req.param());
    const { k } = parseWith(keyParams, c.req.param());
    await readJson(c, emptyKeyBody);
    const key = await deps.db.begin(async (tx) => {
      await retireSigningKey(tx, orq, k.toUpperCase());
      return (await keysOf(tx, orq)).find((x) => x.k === k.toUpperCase())!;
    });
    return c.json(key);
  });

  app.delete("/:orq/signing-keys/:k", admin, async (c) => {
    const principal = c.get("principal");
    const orq = orqOf(principal, c.req.param());
    const k = parseWith(keyParams, c.req.param()).k.toUpperCase();
    const instant = deps.clock();
    const resigned = await deps.db.begin(async (tx) => {
      const n = await deleteSigningKey(tx, orq, k, instant);
      await audit(tx, principal, orq, "signing_key.deleted", k, instant, {
        resigned: n,
      });
      return n;
    });
    deps.onReservation?.();
    logEvent("signing_key.deleted", { orq, k, resigned });
    return c.json({ k, status: "deleted", resigned });
  });

  return app;
}

function audit(
  tx: Sql,
  principal: Principal,
  orq: number,
  action: string,
  k: string,
  at: Date,
  after: Record<string, unknown> = {},
) {
  return recordAudit(tx, {
    orq,
    actor: auditActor(principal),
    action,
    target: { type: "signing_key", id: k },
    after: { k, ...after },
    at,
  });
}
