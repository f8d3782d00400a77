/**
 * Signs the QR payloads of a reservation batch before its statement runs
 * (db/reservation_batches.ts), so that no slot row stays locked while the
 * JS thread signs: each request's payload is made from its slot's instants
 * and its organization's active key as they were a moment ago, and the
 * statement stores it only if they still hold (the slot's instants, the key
 * still active); a reservation left unsigned that way is signed after it.
 */
import type { Sql } from "./client.ts";
import { TtlCache } from "./ttl_cache.ts";
import { signerId, type SignerRow, signingKeyOf } from "./signing_keys.ts";
import type { KeyObject } from "node:crypto";
import { signedTextOrNull } from "./payload_signer.ts";
import type { SignedClaims } from "../domain/signed_payload.ts";
import type { SigningThread, ThreadSigned } from "./signing_thread.ts";
import { SLOT_ENDS_AT, SLOT_STARTS_AT } from "./sql_fragments.ts";

/** A payload made ahead for one request (null: none could be). */
export interface Presigned {
  payload: string;
  h: string;
  k: string;
  orq: number;
  s: number;
  e: number;
}

interface SlotSigner {
  orq: number;
  s: number;
  e: number;
  signer: SignerRow | null;
}

/**
 * Slots' instants and their organization's signer, kept for a minute: the
 * statement checks both, so a stale entry costs a signature after it, never
 * a wrong payload.
 */
export class Presigner {
  #slots = new TtlCache<SlotSigner | null>(60_000, 10_000);
  /** Keys' PKCS #8 bytes for the signing thread, by key id. */
  #pkcs8 = new Map<string, Uint8Array>();

  /** `thread`: signs off the HTTP thread when given and running. */
  constructor(private sql: Sql, private thread: SigningThread | null = null) {}

  /** A payload per request (by index), for `code` in `slotId`. */
  async sign(
    requests: { code: string; slotId: number }[],
  ): Promise<(Presigned | null)[]> {
    const ids = [...new Set(requests.map((r) => r.slotId))];
    const facts = new Map<number, SlotSigner | null>();
    let missing: Promise<Map<number, SlotSigner>> | null = null;
    await Promise.all(ids.map(async (id) => {
      facts.set(
        id,
        await this.#slots.get(String(id), async () => {
          // Every slot this batch misses is read by one query.
          missing ??= this.#read(ids);
          return (await missing).get(id) ?? null;
        }),
      );
    }));
    // One key per organization: fetched (decrypted once, then cached) here,
    // so that the payloads are signed together below.
    const keys = new Map<string, KeyObject | null>();
    await Promise.all([...facts.values()].map(async (f) => {
      const id = f?.signer && signerId(f.signer);
      if (!id || keys.has(id)) return;
      keys.set(id, null);
      keys.set(id, await signingKeyOf(f.signer!).catch(() => null));
    }));
    const todo = requests.map((r) => {
      const f = facts.get(r.slotId);
      const keyId = f?.signer && signerId(f.signer);
      const key = keyId && keys.get(keyId);
      // No key: signed after the statement instead.
      if (!f?.signer || !keyId || !key) return null;
      const claims: SignedClaims = {
        v: 1,
        k: f.signer.k,
        o: f.orq,
        c: r.code,
        s: f.s,
        e: f.e,
      };
      return { f, keyId, key, claims };
    });
    const signed = await this.#signAll(todo);
    return todo.map((t, i) => {
      const one = signed[i];
      if (!t || !one) return null; // signed after the statement instead
      return {
        payload: one.text,
        h: one.h,
        k: t.f.signer!.k,
        orq: t.f.orq,
        s: t.f.s,
        e: t.f.e,
      };
    });
  }

  /** In the signing thread when there is one, else (or if it fails) here. */
  async #signAll(
    todo: ({ keyId: string; key: KeyObject; claims: SignedClaims } | null)[],
  ): Promise<ThreadSigned[]> {
    const items = todo.flatMap((t) => t ? [t] : []);
    if (this.thread?.running && items.length > 0) {
      try {
        const out = await this.thread.sign(items.map((t) => ({
          keyId: t.keyId,
          pkcs8: this.#pkcs8Of(t.keyId, t.key),
          claims: t.claims,
        })));
        let j = 0;
        return todo.map((t) => t ? out[j++] : null);
      } catch {
        // The thread is gone: sign here.
      }
    }
    return todo.map((t) => t && signedTextOrNull(t.key, t.claims));
  }

  #pkcs8Of(keyId: string, key: KeyObject): Uint8Array {
    let bytes = this.#pkcs8.get(keyId);
    if (!bytes) {
      bytes = new Uint8Array(key.export({ format: "der", type: "pkcs8" }));
      this.#pkcs8.set(keyId, bytes);
    }
    return bytes;
  }

  async #read(ids: number[]): Promise<Map<number, SlotSigner>> {
    const rows = await this.sql.query<
      {
        id: number;
        orq: number;
        s: string;
        e: string;
        k: string | null;
        private_key_enc: string | null;
      }
    >(
      `SELECT s.id, s.orq,
              extract(epoch FROM ${SLOT_STARTS_AT})::bigint::text AS s,
              extract(epoch FROM ${SLOT_ENDS_AT})::bigint::text AS e,
              k.k, encode(k.private_key_enc, 'base64') AS private_key_enc
         FROM reservation_slots s
         JOIN organizations o ON o.orq = s.orq
         LEFT JOIN signing_keys k ON k.orq = s.orq AND k.status = 'active'
        WHERE s.id = ANY($1::int[])`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, {
      orq: r.orq,
      s: Number(r.s),
      e: Number(r.e),
      signer: r.k && r.private_key_enc
        ? { orq: r.orq, k: r.k, private_key_enc: r.private_key_enc }
        : null,
    }]));
  }
}
