import { jwtVerify, SignJWT } from "jose";
import type { Context, MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import { AppError } from "../domain/errors.ts";
import { sameSecret } from "./same_secret.ts";
import type { Role } from "../db/staff.ts";
import type { AuditActor } from "../db/audit.ts";
import type { StaffVersions } from "./staff_versions.ts";

/** Who is calling: a signed-in staff member or an integration's API key. */
export interface Principal {
  kind: "staff" | "api_key";
  /** Staff id; null for an API key. */
  id: number | null;
  name: string;
  role: Role;
  orq: number;
  platformAdmin: boolean;
  /**
   * The account's token version when the token was signed (staff only); a
   * token older than the account's current version is revoked.
   */
  tv?: number;
  /**
   * A stable key of the sign-in (staff only): the same for every request
   * made with one token, on every instance, and nothing else.
   */
  signIn?: string;
}

/** Name of the login cookie. */
export const TOKEN_COOKIE = "te_token";
/** Lifetime of a login (API.md: 8 hours). */
export const TOKEN_TTL_SECONDS = 8 * 60 * 60;

const RANK: Record<Role, number> = { OPERATOR: 1, MANAGER: 2, ADMIN: 3 };

/** Signs and checks login tokens. */
export class Tokens {
  #key: Uint8Array;
  constructor(secret: string) {
    this.#key = new TextEncoder().encode(secret);
  }

  /** A JWT for `p`, expiring 8 hours after `now`. */
  async sign(
    p: Principal,
    now: Date,
  ): Promise<{ token: string; expires: Date }> {
    const iat = Math.floor(now.getTime() / 1000);
    const token = await new SignJWT({
      role: p.role,
      orq: p.orq,
      name: p.name,
      pa: p.platformAdmin,
      tv: p.tv ?? 1,
    })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(String(p.id))
      // Each sign-in its own token (and rate-limit key), even in one second.
      .setJti(crypto.randomUUID())
      .setIssuedAt(iat)
      .setExpirationTime(iat + TOKEN_TTL_SECONDS)
      .sign(this.#key);
    return { token, expires: new Date((iat + TOKEN_TTL_SECONDS) * 1000) };
  }

  // Verified tokens, so that a scanner's every request does not redo the
  // signature check (a third of a scan's server time): the token string maps
  // to its principal and expiry; expiry is still checked on every use.
  #verified = new Map<string, { principal: Principal; exp: number }>();

  /** The principal of a valid token; throws UNAUTHORIZED otherwise. */
  async verify(token: string, now: Date): Promise<Principal> {
    const hit = this.#verified.get(token);
    if (hit) {
      if (now.getTime() < hit.exp) return hit.principal;
      this.#verified.delete(token);
      throw new AppError("UNAUTHORIZED");
    }
    const principal = await this.#check(token, now);
    if (this.#verified.size >= 10_000) this.#verified.clear();
    this.#verified.set(token, principal);
    return principal.principal;
  }

  async #check(
    token: string,
    now: Date,
  ): Promise<{ principal: Principal; exp: number }> {
    try {
      const { payload } = await jwtVerify(token, this.#key, {
        algorithms: ["HS256"],
        currentDate: now,
      });
      const role = payload.role as Role;
      if (!RANK[role] || typeof payload.orq !== "number") throw new Error();
      return {
        principal: {
          kind: "staff",
          id: Number(payload.sub),
          name: String(payload.name ?? ""),
          role,
          orq: payload.orq,
          platformAdmin: payload.pa === true,
          // Tokens signed before versions existed count as the first.
          tv: Number.isSafeInteger(payload.tv) ? payload.tv as number : 1,
          signIn: await signInKeyOf(token),
        },
        exp: (payload.exp ?? 0) * 1000,
      };
    } catch {
      throw new AppError("UNAUTHORIZED");
    }
  }
}

/** What the auth middleware needs. */
export interface AuthDeps {
  tokens: Tokens;
  apiKeys: { orq: number; key: string }[];
  now: () => Date;
  /** Current token versions: revoked and disabled accounts' tokens stop. */
  versions?: StaffVersions;
}

/** Variables the middleware sets on the context. */
export type AuthVars = {
  principal: Principal;
  /** The organization a request turned out to be for (per-organization metrics). */
  orq?: number;
};

/**
 * Requires a principal of at least `minRole`. Bearer header first, then the
 * login cookie, which state-changing requests may use only with a JSON body
 * (a cross-site form cannot send one), or a `text/csv` one where `allowCsv`
 * (the ticket import). API keys only where `allowApiKey`.
 */
export function requireRole(
  deps: AuthDeps,
  minRole: Role,
  opts: { allowApiKey?: boolean; allowCsv?: boolean } = {},
): MiddlewareHandler<{ Variables: AuthVars }> {
  return async (c, next) => {
    const principal = await authenticate(c, deps, opts);
    if (principal.kind === "staff" && deps.versions) {
      // A map lookup once the account is known on this instance.
      const ok = deps.versions.accepts(principal.id!, principal.tv ?? 1);
      if (ok === false || (ok !== true && !(await ok))) {
        throw new AppError("UNAUTHORIZED");
      }
    }
    if (RANK[principal.role] < RANK[minRole]) {
      throw new AppError("FORBIDDEN");
    }
    c.set("principal", principal);
    await next();
  };
}

async function authenticate(
  c: Context,
  deps: AuthDeps,
  opts: { allowApiKey?: boolean; allowCsv?: boolean },
): Promise<Principal> {
  const apiKey = c.req.header("x-api-key");
  if (apiKey !== undefined) {
    const match = deps.apiKeys.find((k) => sameSecret(k.key, apiKey));
    if (!match) throw new AppError("UNAUTHORIZED");
    if (!opts.allowApiKey) throw new AppError("FORBIDDEN");
    return {
      kind: "api_key",
      id: null,
      name: "api key",
      role: "ADMIN",
      orq: match.orq,
      platformAdmin: false,
    };
  }
  const header = c.req.header("authorization");
  if (header) {
    const token = bearerToken(header);
    if (!token) throw new AppError("UNAUTHORIZED");
    return await deps.tokens.verify(token, deps.now());
  }
  const cookie = getCookie(c, TOKEN_COOKIE);
  if (!cookie) throw new AppError("UNAUTHORIZED");
  const method = c.req.method;
  if (method !== "GET" && method !== "HEAD") {
    const type = c.req.header("content-type") ?? "";
    // text/csv also forces a CORS preflight; only the ticket import takes it.
    const csv = opts.allowCsv === true && /^text\/csv\s*(;|$)/i.test(type);
    if (!csv && !/^application\/json\s*(;|$)/i.test(type)) {
      throw new AppError("FORBIDDEN", {
        message: "Requests signed in by cookie must send a JSON body.",
      });
    }
  }
  return await deps.tokens.verify(cookie, deps.now());
}

/** The first 16 bytes of the token's SHA-256, base64url: a key, not a secret. */
async function signInKeyOf(token: string): Promise<string> {
  const digest = await crypto.subtle.digest(
    "SHA-256",
    new TextEncoder().encode(token),
  );
  return btoa(String.fromCharCode(...new Uint8Array(digest).slice(0, 16)))
    .replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/**
 * The rate-limit key of a principal's sign-in (API.md "Rate limits": door
 * phones sharing an account each have their own budget): per token for
 * staff, per key for an API key.
 */
export function signInLimitKey(p: Principal): string {
  if (p.signIn) return `signin:${p.signIn}`;
  return p.kind === "api_key" ? `api-key:${p.orq}` : `staff:${p.id}`;
}

/** The sign-in a request was made with (its token or API key), as a map key. */
export function credentialOf(c: Context): string {
  return c.req.header("x-api-key") ?? c.req.header("authorization") ??
    getCookie(c, TOKEN_COOKIE) ?? "";
}

/** The token of an `Authorization: Bearer <token>` header, or null. */
export function bearerToken(header: string | undefined): string | null {
  return header ? /^Bearer\s+(\S+)$/i.exec(header)?.[1] ?? null : null;
}

/** Throws FORBIDDEN unless `p` may act for organization `orq`. */
export function assertOrg(p: Principal, orq: number): void {
  if (!p.platformAdmin && p.orq !== orq) throw new AppError("FORBIDDEN");
}

/** The audit log's actor for a principal. */
export function auditActor(p: Principal): AuditActor {
  return { kind: p.kind, id: p.id, name: p.name };
}
