/**
 * The "manage my booking" token (API.md "Customer self-service": the manage
 * link in every mail carries a signed token instead of the code and email).
 * A JWT (HS256) naming a reservation and its ticket, signed with
 * a key derived from the app's JWT secret for this purpose only, with its own
 * `typ` and `aud`: a staff token is no manage token and a manage token signs
 * no one in. It lasts at most {@link MANAGE_TOKEN_MAX_DAYS}; the reservation's
 * own rules (cancelled, slot ended) are checked where it is used.
 */
import { hkdfSync } from "node:crypto";
import { jwtVerify } from "jose";
import { errors as joseErrors } from "jose";
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
 * makes for the same claims (tests/unit/manage_booking_test.ts), and
 * checking stays with jose.
 */
export class ManageTokens {
  #raw: Uint8Array;
  #hmac: HmacSha256;
  #key: Promise<CryptoKey> | null = null;

  /** `secret`: the app's JWT secret; the key is derived from it with HKDF. */
  constructor(secret: string) {
    this.#raw = new Uint8Array(hkdfSync("sha256", secret, "", PURPOSE, 32));
    this.#hmac = new HmacSha256(this.#raw);
  }

  // Imported once: jose would import a raw key again on every call.
  #cryptoKey(): Promise<CryptoKey> {
    return this.#key ??= crypto.subtle.importKey(
      "raw",
      this.#raw as BufferSource,
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["sign", "verify"],
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

  /** The claims of a valid token at `now`, or why it is refused. */
  async verify(
    token: string,
    now: Date,
  ): Promise<
    { ok: true; claims: ManageClaims } | {
      ok: false;
      reason: ManageTokenRefusal;
    }
  > {
    try {
      const { payload } = await jwtVerify(token, await this.#cryptoKey(), {
        algorithms: ["HS256"],
        audience: MANAGE_AUDIENCE,
        typ: TYP,
        currentDate: now,
        requiredClaims: ["exp", "iat", "aud"],
      });
      const { rid, tid } = payload;
      if (!isId(rid) || !isId(tid)) return { ok: false, reason: "invalid" };
      return { ok: true, claims: { reservationId: rid, ticketId: tid } };
    } catch (err) {
      const expired = err instanceof joseErrors.JWTExpired;
      return { ok: false, reason: expired ? "expired" : "invalid" };
    }
  }
}

function isId(v: unknown): v is number {
  return Number.isSafeInteger(v) && (v as number) > 0 &&
    (v as number) <= 2_147_483_647;
}
