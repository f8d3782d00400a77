/**
 * Signed QR and calendar URLs of a reservation (API.md "POST
 * /api/reservations/create"): `?t=<token>&v=<version>`, where the token is
 * an HMAC-SHA-256 over the reservation's id and version, truncated to 128
 * bits, base64url. A reservation id alone, or a raw ticket code, opens
 * nothing; a token opens only the version it was made for.
 */
import { hkdfSync } from "node:crypto";
import { HmacSha256 } from "./hmac_sha256.ts";
import { sameSecret } from "./same_secret.ts";
import type { Sql } from "../db/client.ts";
import { ManageTokens } from "./manage_token.ts";

/** The key's purpose, so the same secret signs nothing else with it. */
const PURPOSE = "timed-entry reservation links v1";
/** Bytes of the HMAC kept in a token (128 bits). */
const TOKEN_BYTES = 16;
/** A token's length in base64url (no padding). */
export const TOKEN_LENGTH = 22;

/** The QR and calendar URLs of one version of a reservation. */
export interface ReservationUrls {
  svg_url: string;
  png_url: string;
  calendar_url: string;
}

/**
 * Signs and checks reservation link tokens with a key derived from a secret.
 * Synchronous node:crypto, not WebCrypto: every booking answer is signed, and
 * an async WebCrypto call costs a round trip through the runtime's thread
 * pool on the reservation path.
 */
export class ReservationLinks {
  #hmac: HmacSha256;
  /** The last token made: an answer asks for the same one twice in a row. */
  #last: { id: number; version: number; token: string } | null = null;
  /** The "manage my booking" tokens, from the same secret (lib/manage_token.ts). */
  readonly manage: ManageTokens;

  /** `secret`: the app's JWT secret (env or generated); the key is derived with HKDF. */
  constructor(secret: string) {
    this.#hmac = new HmacSha256(
      new Uint8Array(hkdfSync("sha256", secret, "", PURPOSE, 32)),
    );
    this.manage = new ManageTokens(secret);
  }

  /** The token of reservation `id` at `version`. */
  token(id: number, version: number): string {
    const last = this.#last;
    if (last && last.id === id && last.version === version) return last.token;
    const token = this.#hmac.digest(`reservation:${id}:${version}`)
      .subarray(0, TOKEN_BYTES)
      .toString("base64url");
    this.#last = { id, version, token };
    return token;
  }

  /** Whether `token` was made for reservation `id` at `version` (constant time). */
  verify(id: number, version: number, token: string): boolean {
    if (token.length !== TOKEN_LENGTH) return false;
    return sameSecret(this.token(id, version), token);
  }

  /** The signed URLs of `r` (paths, or absolute under `base`). */
  urls(
    r: { id: number; version: number },
    base = "",
  ): ReservationUrls {
    const query = `?t=${this.token(r.id, r.version)}&v=${r.version}`;
    const path = `${base}/api/reservations/${r.id}`;
    return {
      svg_url: `${path}/qr.svg${query}`,
      png_url: `${path}/qr.png${query}`,
      calendar_url: `${path}/calendar.ics${query}`,
    };
  }
}

/**
 * The links of the app whose JWT secret is `jwtSecret`, or (unset) the one
 * generated into the database at its first start (lib/startup.ts bootstrap):
 * for the mail worker, which may run in its own thread.
 */
export async function linksFromDatabase(
  sql: Sql,
  jwtSecret: string | null,
): Promise<ReservationLinks> {
  if (jwtSecret) return new ReservationLinks(jwtSecret);
  const rows = await sql.query<{ value: string }>(
    "SELECT value FROM app_settings WHERE key = 'jwt_secret'",
  );
  if (!rows[0]) throw new Error("Cannot sign links: no JWT secret stored yet");
  return new ReservationLinks(rows[0].value);
}
