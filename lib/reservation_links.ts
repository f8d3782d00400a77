/**
 * Signed QR and calendar URLs of a reservation (API.md "POST
 * /api/reservations/create"): `?t=<token>&v=<version>`, where the token is
 * an HMAC-SHA-256 over the reservation's id and version, truncated to 128
 * bits, base64url. A reservation id alone, or a raw ticket code, opens
 * nothing; a token opens only the version it was made for.
 */
import { timingSafeEqual } from "node:crypto";
import type { Sql } from "../db/client.ts";

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

/** Signs and checks reservation link tokens with a key derived from a secret. */
export class ReservationLinks {
  #key: Promise<CryptoKey>;

  /** `secret`: the app's JWT secret (env or generated); the key is derived with HKDF. */
  constructor(secret: string) {
    this.#key = deriveKey(secret);
  }

  /** The token of reservation `id` at `version`. */
  async token(id: number, version: number): Promise<string> {
    const mac = await crypto.subtle.sign(
      "HMAC",
      await this.#key,
      new TextEncoder().encode(`reservation:${id}:${version}`),
    );
    return base64url(new Uint8Array(mac, 0, TOKEN_BYTES));
  }

  /** Whether `token` was made for reservation `id` at `version` (constant time). */
  async verify(id: number, version: number, token: string): Promise<boolean> {
    if (token.length !== TOKEN_LENGTH) return false;
    const expected = new TextEncoder().encode(await this.token(id, version));
    return timingSafeEqual(expected, new TextEncoder().encode(token));
  }

  /** The signed URLs of `r` (paths, or absolute under `base`). */
  async urls(
    r: { id: number; version: number },
    base = "",
  ): Promise<ReservationUrls> {
    const query = `?t=${await this.token(r.id, r.version)}&v=${r.version}`;
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

async function deriveKey(secret: string): Promise<CryptoKey> {
  const base = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(secret),
    "HKDF",
    false,
    ["deriveKey"],
  );
  return await crypto.subtle.deriveKey(
    {
      name: "HKDF",
      hash: "SHA-256",
      salt: new Uint8Array(),
      info: new TextEncoder().encode(PURPOSE),
    },
    base,
    { name: "HMAC", hash: "SHA-256", length: 256 },
    false,
    ["sign"],
  );
}

function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes)).replaceAll("+", "-")
    .replaceAll("/", "_").replace(/=+$/, "");
}
