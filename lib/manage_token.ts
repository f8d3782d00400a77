/**
 * The "manage my booking" token (API.md "Customer self-service": the manage
 * link in every mail carries a signed token instead of the code and email).
 * A JWT (HS256) naming a reservation and its ticket, signed with
 * a key derived from the app's JWT secret for this purpose only, with its own
 * `typ` and `aud`: a staff token is no manage token and a manage token signs
 * no one in. It lasts at most {@link MANAGE_TOKEN_MAX_DAYS}; the reservation's
 * own rules (cancelled, slot ended) are checked where it is used.
 */
import { hkdfSync, timingSafeEqual } from "node:crypto";
import { HmacSha256 } from "./hmac_sha256.ts";

/** The key's purpose, so the same secret signs nothing else with it. */
const PURPOSE = "timed-entry manage token v1";
/** The token's audience and type: no other token of this app carries them. */
export const MANAGE_AUDIENCE = "timed-entry:manage";
const TYP = "manage+jwt";
/**
 * Longest life of a token: past the longest booking horizon (730 days), so a
 * booking made today can be managed until its visit; the visit's end is the
 * real bound (checked against the reservation as it is now).
 */
export const MANAGE_TOKEN_MAX_DAYS = 731;

/** What a manage token names. */
export interface ManageClaims {
  reservationId: number;
  ticketId: number;
}

/** Why a token was not accepted. */
export type ManageTokenRefusal = "invalid" | "expired";

/** The encoded JOSE header of every manage token. */
const HEADER = Buffer.from(JSON.stringify({ alg: "HS256", typ: TYP }))
  .toString("base64url");

/**
 * Signs and checks manage tokens. Signing builds the compact JWS itself, with
 * a synchronous HMAC (every booking answer carries a token; jose's
 * WebCrypto HMAC costs several times as much); the bytes are those jose
 * makes for the same claims (tests/unit/manage_booking_test.ts), which
 * also checks that tokens jose signs are accepted and jose's refusals
 * agree.
 */
export class ManageTokens {
  #hmac: HmacSha256;

  /** `secret`: the app's JWT secret; the key is derived from it with HKDF. */
  constructor(secret: string) {
    this.#hmac = new HmacSha256(
      new Uint8Array(hkdfSync("sha256", secret, "", PURPOSE, 32)),
    );
  }

  /** A token for `c`, issued at `now`. */
  sign(c: ManageClaims, now: Date): Promise<string> {
    try {
      return Promise.resolve(this.signNow(c, now));
    } catch (err) {
      return Promise.reject(err);
    }
  }

  /** {@link sign}, synchronously. */
  signNow(c: ManageClaims, now: Date): string {
    const iat = Math.floor(now.getTime() / 1000);
    const claims = JSON.stringify({
      rid: c.reservationId,
      tid: c.ticketId,
      aud: MANAGE_AUDIENCE,
      iat,
      exp: iat + MANAGE_TOKEN_MAX_DAYS * 86_400,
    });
    const input = `${HEADER}.${Buffer.from(claims).toString("base64url")}`;
    return `${input}.${this.#hmac.digest(input).toString("base64url")}`;
  }

  /**
   * The claims of a valid token at `now`, or why it is refused: as jose's
   * jwtVerify with HS256, the audience, the type and `exp`/`iat`/`aud`
   * required, checked synchronously (jose's WebCrypto HMAC was most of a
   * reschedule's CPU). Only the header this app writes is accepted.
   */
  verify(
    token: string,
    now: Date,
  ): Promise<
    { ok: true; claims: ManageClaims } | {
      ok: false;
      reason: ManageTokenRefusal;
    }
  > {
    return Promise.resolve(this.verifyNow(token, now));
  }

  /** {@link verify}, synchronously. */
  verifyNow(
    token: string,
    now: Date,
  ): { ok: true; claims: ManageClaims } | {
    ok: false;
    reason: ManageTokenRefusal;
  } {
    const invalid = { ok: false as const, reason: "invalid" as const };
    const parts = token.split(".");
    if (parts.length !== 3 || parts[0] !== HEADER) return invalid;
    const given = Buffer.from(parts[2], "base64url");
    const mac = this.#hmac.digest(`${parts[0]}.${parts[1]}`);
    // The signature must be the canonical encoding of the MAC.
    if (
      given.length !== mac.length || !timingSafeEqual(given, mac) ||
      given.toString("base64url") !== parts[2]
    ) return invalid;
    const payload = claimsOf(parts[1]);
    if (!payload) return invalid;
    const { rid, tid, aud, exp, iat, nbf } = payload;
    const audOk = aud === MANAGE_AUDIENCE ||
      (Array.isArray(aud) && aud.includes(MANAGE_AUDIENCE));
    if (!audOk || !isTime(exp) || !isTime(iat)) return invalid;
    const seconds = Math.floor(now.getTime() / 1000);
    if (nbf !== undefined && (!isTime(nbf) || nbf > seconds)) return invalid;
    if (exp <= seconds) return { ok: false, reason: "expired" };
    if (!isId(rid) || !isId(tid)) return invalid;
    return { ok: true, claims: { reservationId: rid, ticketId: tid } };
  }
}

/** The JSON object of an encoded claims set, or null. */
function claimsOf(encoded: string): Record<string, unknown> | null {
  try {
    const value = JSON.parse(Buffer.from(encoded, "base64url").toString());
    return value && typeof value === "object" && !Array.isArray(value)
      ? value
      : null;
  } catch {
    return null;
  }
}

function isTime(v: unknown): v is number {
  return typeof v === "number" && Number.isFinite(v);
}

function isId(v: unknown): v is number {
  return Number.isSafeInteger(v) && (v as number) > 0 &&
    (v as number) <= 2_147_483_647;
}
