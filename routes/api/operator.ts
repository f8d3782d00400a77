import { Hono } from "hono";
import { setCookie } from "hono/cookie";
import { z } from "zod";
import type { ApiEnv, AppDeps } from "../deps.ts";
import { clientAddress, readJson } from "../../lib/http.ts";
import { TOKEN_COOKIE, TOKEN_TTL_SECONDS } from "../../lib/auth.ts";
import { DUMMY_HASH, verifySecret } from "../../lib/passwords.ts";
import { AppError } from "../../domain/errors.ts";
import { findStaffByUsername } from "../../db/staff.ts";
import { logEvent } from "../../lib/log.ts";

const usernameField = z.string().trim().min(1, "Enter a username").max(100);
const loginBody = z.union([
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
    const body = await readJson(c, loginBody);
    const address = clientAddress(c, deps.trustProxy);
    const throttleKey = `${body.username.toLowerCase()}|${address}`;
    await deps.limits.login.check(throttleKey);

    const staff = await findStaffByUsername(deps.db, body.username);
    const secret = "password" in body ? body.password : body.pin;
    const stored = staff
      ? ("password" in body ? staff.password_hash : staff.pin_hash)
      : null;
    // Hash even for unknown users so the answer's timing tells nothing.
    const ok = await verifySecret(secret, stored ?? DUMMY_HASH) &&
      stored !== null;
    if (!staff || !ok) {
      await deps.limits.login.penalize(throttleKey);
      logEvent("operator.login_failed", {
        username: body.username.slice(0, 100),
        client: address,
        method: "password" in body ? "password" : "pin",
      });
      throw new AppError("INVALID_CREDENTIALS");
    }
    await deps.limits.login.reset(throttleKey);
    const principal = {
      kind: "staff" as const,
      id: staff.id,
      name: staff.name,
      role: staff.role,
      orq: staff.orq,
      platformAdmin: staff.platform_admin,
    };
    const { token, expires } = await deps.tokens.sign(principal, deps.clock());
    setCookie(c, TOKEN_COOKIE, token, {
      httpOnly: true,
      sameSite: "Strict",
      path: "/",
      maxAge: TOKEN_TTL_SECONDS,
      secure: deps.config.publicUrl.startsWith("https://"),
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
  });

  return app;
}
