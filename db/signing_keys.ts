/**
 * Organizations' Ed25519 signing keys (API.md "Offline scanning"): stored
 * with the private key encrypted (AES-GCM under a key derived by HKDF from
 * SIGNING_KEY_SECRET), created when an organization first needs one,
 * listed, retired and deleted. Keys travel as base64 text in SQL so that
 * postgres.js and PGlite read and write them alike.
 */
import type { Sql } from "./client.ts";
import type { KeyObject } from "node:crypto";
import {
  generateSigningKeyPair,
  importPublicKey,
} from "../domain/ticket_signature.ts";
import { privateKeyOf } from "./payload_signer.ts";
import { generateTicketCode } from "../domain/ticket_code.ts";

/**
 * Used when SIGNING_KEY_SECRET is not set (development, tests, the demo):
 * every instance derives the same key, and the startup warns.
 */
export const DEV_SIGNING_SECRET = "timed-entry-development-signing-secret";

let secretText = DEV_SIGNING_SECRET;
let wrapping: Promise<CryptoKey> | null = null;

/** Sets the secret the private keys are encrypted with (once, at startup). */
export function useSigningSecret(secret: string | null): void {
  const next = secret || DEV_SIGNING_SECRET;
  if (next === secretText && wrapping) return;
  secretText = next;
  wrapping = null;
  privateKeys.clear();
}

function wrappingKey(): Promise<CryptoKey> {
  wrapping ??= (async () => {
    const base = await crypto.subtle.importKey(
      "raw",
      new TextEncoder().encode(secretText),
      "HKDF",
      false,
      ["deriveKey"],
    );
    return await crypto.subtle.deriveKey(
      {
        name: "HKDF",
        hash: "SHA-256",
        salt: new TextEncoder().encode("timed-entry signing keys"),
        info: new TextEncoder().encode("v1"),
      },
      base,
      { name: "AES-GCM", length: 256 },
      false,
      ["encrypt", "decrypt"],
    );
  })();
  return wrapping;
}

/** The key's row as signing needs it. */
export interface SignerRow {
  orq: number;
  k: string;
  /** base64 of IV (12 bytes) + AES-GCM ciphertext of the PKCS #8 key. */
  private_key_enc: string;
}

/** A key as the API lists it (public parts only). */
export interface PublicKeyRow {
  k: string;
  public_key: string;
  status: "active" | "retired" | "deleted";
  created_at: Date;
  retired_at: Date | null;
  trusted_until: Date | null;
}

const privateKeys = new Map<string, Promise<KeyObject>>();
const publicKeys = new Map<string, Promise<CryptoKey>>();

/** A key row's id: its own encrypted bytes make it unique across databases. */
export function signerId(row: SignerRow): string {
  return `${row.orq}:${row.k}:${row.private_key_enc}`;
}

/**
 * The decrypted signing key of a row (kept: decryption is done once a key),
 * for db/payload_signer.ts.
 */
export function signingKeyOf(row: SignerRow): Promise<KeyObject> {
  const id = signerId(row);
  let key = privateKeys.get(id);
  if (!key) {
    if (privateKeys.size > 1000) privateKeys.clear();
    key = (async () => {
      const blob = fromBase64(row.private_key_enc);
      const pkcs8 = new Uint8Array(
        await crypto.subtle.decrypt(
          {
            name: "AES-GCM",
            iv: blob.subarray(0, 12),
            additionalData: aad(row.orq, row.k),
          },
          await wrappingKey(),
          blob.subarray(12),
        ),
      );
      return privateKeyOf(pkcs8);
    })();
    key.catch(() => privateKeys.delete(id));
    privateKeys.set(id, key);
  }
  return key;
}

/** The verifying key of base64 raw bytes (kept). */
export function verifyingKeyOf(publicKeyBase64: string): Promise<CryptoKey> {
  let key = publicKeys.get(publicKeyBase64);
  if (!key) {
    if (publicKeys.size > 1000) publicKeys.clear();
    key = importPublicKey(fromBase64(publicKeyBase64));
    publicKeys.set(publicKeyBase64, key);
  }
  return key;
}

/**
 * Adds a new active key for `orq`, retiring the current signer (which stays
 * trusted until its last payload's end). Returns the new key's id.
 */
export async function addSigningKey(
  tx: Sql,
  orq: number,
  instant: Date,
): Promise<string> {
  // A booking may make an organization's first key meanwhile (activeSigners
  // takes no organization lock): retire again and retry.
  for (let attempt = 0; attempt < 5; attempt++) {
    await retireActive(tx, orq, instant);
    const k = generateTicketCode().slice(0, 6);
    if (await insertKey(tx, orq, k, instant)) return k;
  }
  throw new Error(`Cannot add a signing key to organization ${orq}`);
}

/**
 * The active key of each organization in `orqs`, creating it for one that
 * has none (two transactions racing: one insert wins, both read it).
 */
export async function activeSigners(
  tx: Sql,
  orqs: number[],
): Promise<Map<number, SignerRow>> {
  const read = () =>
    tx.query<SignerRow>(
      `SELECT orq, k, encode(private_key_enc, 'base64') AS private_key_enc
         FROM signing_keys WHERE orq = ANY($1::int[]) AND status = 'active'`,
      [orqs],
    );
  let rows = await read();
  const missing = orqs.filter((o) => !rows.some((r) => r.orq === o));
  if (missing.length > 0) {
    for (const orq of missing) {
      await insertKey(tx, orq, generateTicketCode().slice(0, 6), new Date());
    }
    rows = await read();
  }
  return new Map(rows.map((r) => [r.orq, r]));
}

/** The organization's keys that are not deleted, newest first. */
export async function listSigningKeys(
  sql: Sql,
  orq: number,
): Promise<PublicKeyRow[]> {
  return await sql.query<PublicKeyRow>(
    `SELECT k, encode(public_key, 'base64') AS public_key, status, created_at,
            retired_at, trusted_until
       FROM signing_keys WHERE orq = $1 AND status <> 'deleted'
      ORDER BY id DESC`,
    [orq],
  );
}

/** The keys a verifier trusts at `instant`: active, or retired and still trusted. */
export async function trustedKeys(
  sql: Sql,
  orq: number,
  instant: Date,
): Promise<PublicKeyRow[]> {
  return await sql.query<PublicKeyRow>(
    `SELECT k, encode(public_key, 'base64') AS public_key, status, created_at,
            retired_at, trusted_until
       FROM signing_keys
      WHERE orq = $1 AND (status = 'active'
        OR (status = 'retired' AND trusted_until > $2))
      ORDER BY id DESC`,
    [orq, instant],
  );
}

/** One key of `orq` by id with its status, or null. */
export async function findSigningKey(
  sql: Sql,
  orq: number,
  k: string,
): Promise<{ k: string; status: string; public_key: string } | null> {
  const rows = await sql.query<
    { k: string; status: string; public_key: string }
  >(
    `SELECT k, status, encode(public_key, 'base64') AS public_key
       FROM signing_keys WHERE orq = $1 AND k = $2`,
    [orq, k],
  );
  return rows[0] ?? null;
}

/** Locks key `k` of `orq` (FOR UPDATE) and returns its status, or null. */
export async function lockSigningKey(
  tx: Sql,
  orq: number,
  k: string,
): Promise<string | null> {
  const rows = await tx.query<{ status: string }>(
    `SELECT status FROM signing_keys WHERE orq = $1 AND k = $2 FOR UPDATE`,
    [orq, k],
  );
  return rows[0]?.status ?? null;
}

/** Marks `k` retired, trusted until its last signed payload's end. */
export async function retireKey(
  tx: Sql,
  orq: number,
  k: string,
  instant: Date,
): Promise<void> {
  await tx.query(
    `UPDATE signing_keys SET status = 'retired', retired_at = $3,
            trusted_until = GREATEST($3, (SELECT max(signed_until)
              FROM ticket_reservations
             WHERE orq = $1 AND signed_key = $2))
      WHERE orq = $1 AND k = $2`,
    [orq, k, instant],
  );
}

/** Marks `k` deleted: no longer listed, signing or trusted. */
export async function deleteKey(
  tx: Sql,
  orq: number,
  k: string,
  instant: Date,
): Promise<void> {
  await tx.query(
    `UPDATE signing_keys SET status = 'deleted', trusted_until = $3,
            retired_at = COALESCE(retired_at, $3)
      WHERE orq = $1 AND k = $2`,
    [orq, k, instant],
  );
}

async function retireActive(tx: Sql, orq: number, instant: Date) {
  const rows = await tx.query<{ k: string }>(
    `SELECT k FROM signing_keys WHERE orq = $1 AND status = 'active' FOR UPDATE`,
    [orq],
  );
  for (const r of rows) await retireKey(tx, orq, r.k, instant);
}

async function insertKey(
  tx: Sql,
  orq: number,
  k: string,
  instant: Date,
): Promise<boolean> {
  const pair = await generateSigningKeyPair();
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const sealed = new Uint8Array(
    await crypto.subtle.encrypt(
      { name: "AES-GCM", iv, additionalData: aad(orq, k) },
      await wrappingKey(),
      pair.privatePkcs8,
    ),
  );
  const blob = new Uint8Array(12 + sealed.length);
  blob.set(iv);
  blob.set(sealed, 12);
  const rows = await tx.query(
    `INSERT INTO signing_keys (orq, k, public_key, private_key_enc, created_at)
     VALUES ($1, $2, decode($3, 'base64'), decode($4, 'base64'), $5)
     ON CONFLICT DO NOTHING RETURNING k`,
    [orq, k, toBase64(pair.publicRaw), toBase64(blob), instant],
  );
  return rows.length === 1;
}

function aad(orq: number, k: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(`${orq}:${k}`);
}

/** Standard base64 of bytes. */
export function toBase64(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(s);
}

/** Bytes of standard base64 (PostgreSQL's `encode` breaks lines every 76). */
export function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const bin = atob(text.replace(/\s+/g, ""));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
