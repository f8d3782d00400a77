import { type Context, Hono } from "hono";
import { setCookie } from "hono/cookie";
import { z } from "zod";
import type { ApiEnv, AppDeps } from "../deps.ts";
import { clientKey, readJson } from "../../lib/http.ts";
import { TOKEN_COOKIE, TOKEN_TTL_SECONDS } from "../../lib/auth.ts";
import { DUMMY_HASH } from "../../lib/passwords.ts";
import { AppError } from "../../domain/errors.ts";
import { findStaffByUsername } from "../../db/staff.ts";
import { logEvent } from "../../lib/log.ts";
import { orqOfError } from "../../lib/metrics.ts";

const usernameField = z.string().trim().min(1, "Enter a username").max(100);
/** Body of `POST /api/operator/login`: a password, or a PIN. */
export const loginBody = z.union([
  z.strictObject({
    username: usernameField,
    password: z.string().min(1, "Enter a password").max(200),
  }),
  z.strictObject({
    username: usernameField,
    pin: z.string().regex(/^\d{4,12}$/, "A PIN is 4 to 12 digits"),
  }),
]);

/** `/api/operator`: staff login (scanning routes join it in the scanner's issue). */
export function operatorRoutes(deps: AppDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();

  app.post("/login", async (c) => {
    try {
      return await login(c);
    } catch (err) {
      // Refused (401) and throttled (429) sign-ins, for the account's
      // organization when the name was known.
      if (
        err instanceof AppError && (err.status === 401 || err.status === 429)
      ) {
        deps.metrics.signInRefused(
          c.get("orq") ?? orqOfError(err),
          err.status === 401 ? "failed" : "throttled",
        );
      }
      throw err;
    }
  });

  async function login(c: Context<ApiEnv>) {
    const body = await readJson(c, loginBody);
    const method = "password" in body ? "password" : "pin";
    const secret = "password" in body ? body.password : body.pin;
    const staff = await deps.loginGuard.attempt(
      {
        username: body.username,
        address: clientKey(c, deps.trustProxy),
        method,
      },
      async (verify) => {
        const staff = await findStaffByUsername(deps.db, body.username);
        // A refused sign-in of a known account counts for its organization.
        if (staff) c.set("orq", staff.orq);
        const stored = method === "password"
          ? staff?.password_hash
          : staff?.pin_hash;
        // Hash even for unknown users so the answer's timing tells nothing.
        const ok = await verify(secret, stored ?? DUMMY_HASH);
        // A disabled account fails like a wrong secret: no hint.
        return staff && stored && ok && !staff.disabled ? staff : null;
      },
    );
    // The PIN was right, but it does not open a manager's or admin's account.
    if (method === "pin" && staff.role !== "OPERATOR") {
      logEvent("operator.login_refused", {
        operator_id: staff.id,
        reason: "PASSWORD_REQUIRED",
      });
      throw new AppError("PASSWORD_REQUIRED");
    }
    const principal = {
      kind: "staff" as const,
      id: staff.id,
      name: staff.name,
      role: staff.role,
      orq: staff.orq,
      platformAdmin: staff.platform_admin,
      tv: staff.token_version,
    };
    const { token, expires } = await deps.tokens.sign(principal, deps.clock());
    setCookie(c, TOKEN_COOKIE, token, {
      httpOnly: true,
      sameSite: "Strict",
      path: "/",
      maxAge: TOKEN_TTL_SECONDS,
      secure: deps.config.https,
    });
    logEvent("operator.login", { operator_id: staff.id, orq: staff.orq });
    return c.json({
      token,
      expires_at: expires.toISOString(),
      operator: {
        id: staff.id,
        name: staff.name,
        role: staff.role,
        orq: staff.orq,
      },
    });
  }

  return app;
}
