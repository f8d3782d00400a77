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
import { type SignerRow, signingKeyOf } from "./signing_keys.ts";
import type { KeyObject } from "node:crypto";
import { signClaimsNow } from "./payload_signer.ts";
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

  constructor(private sql: Sql) {}

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
    // so that the loop below signs synchronously.
    const keys = new Map<string, KeyObject | null>();
    await Promise.all([...facts.values()].map(async (f) => {
      const id = f?.signer && `${f.signer.orq}:${f.signer.k}`;
      if (!id || keys.has(id)) return;
      keys.set(id, null);
      keys.set(id, await signingKeyOf(f.signer!).catch(() => null));
    }));
    return requests.map((r) => {
      const f = facts.get(r.slotId);
      const key = f?.signer && keys.get(`${f.signer.orq}:${f.signer.k}`);
      if (!f?.signer || !key) return null; // signed after the statement instead
      try {
        const signed = signClaimsNow(key, {
          v: 1,
          k: f.signer.k,
          o: f.orq,
          c: r.code,
          s: f.s,
          e: f.e,
        });
        return {
          payload: signed.text,
          h: signed.h,
          k: f.signer.k,
          orq: f.orq,
          s: f.s,
          e: f.e,
        };
      } catch {
        return null; // signed after the statement instead
      }
    });
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
