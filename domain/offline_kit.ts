/**
 * The offline kit a scanner keeps (API.md "GET /api/operator/offline-kit"):
 * the answers merged into one stored state. A full kit replaces what was
 * kept; an incremental one adds and removes hashes. Hashes (`h`) are
 * base64url of the first 6 bytes of SHA-256 over a signature: nothing
 * personal.
 */

/** A public key of the kit. */
export interface KitKey {
  k: string;
  alg: string;
  public_key: string;
  status: string;
}

/** The organization's rules in the kit. */
export interface KitOrg {
  orq: number;
  timezone: string;
  entry_opens_minutes_before: number | null;
  entry_closes_minutes_after_start: number | null;
  allow_reentry: boolean;
}

/** One answer of the offline-kit route. */
export interface KitAnswer {
  server_time: string;
  cursor: string;
  full: boolean;
  org: KitOrg;
  keys: KitKey[];
  revoked: { add: string[]; remove: string[] };
  verified: {
    date: string;
    add: string[];
    remove: string[];
    inside: string[];
    /** Incremental kits: tickets whose guest left since the cursor. */
    outside?: string[];
  };
}

/** What the device keeps between answers. */
export interface StoredKit {
  cursor: string;
  /** The server's clock minus the device's when the kit came, in ms. */
  skewMs: number;
  org: KitOrg;
  keys: KitKey[];
  revoked: string[];
  /** The venue day the verified set is for. */
  date: string;
  verified: string[];
  inside: string[];
}

/**
 * The kit after an answer: a full one (or one for another day, or the first)
 * replaces what was kept; an incremental one applies its additions and
 * removals. `verified.inside` and `verified.outside` of an incremental
 * answer give the state now of the tickets whose guest came or went since
 * the cursor; a hash sent twice (the server's reads overlap) changes nothing.
 */
export function mergeKit(
  kept: StoredKit | null,
  kit: KitAnswer,
  deviceNowMs: number,
): StoredKit {
  const skewMs = Date.parse(kit.server_time) - deviceNowMs;
  if (kit.full || !kept || kept.date !== kit.verified.date) {
    return {
      cursor: kit.cursor,
      skewMs,
      org: kit.org,
      keys: kit.keys,
      revoked: unique(kit.revoked.add),
      date: kit.verified.date,
      verified: unique(kit.verified.add),
      inside: unique(kit.verified.inside),
    };
  }
  return {
    cursor: kit.cursor,
    skewMs,
    org: kit.org,
    keys: kit.keys,
    revoked: apply(kept.revoked, kit.revoked.add, kit.revoked.remove),
    date: kit.verified.date,
    verified: apply(kept.verified, kit.verified.add, kit.verified.remove),
    inside: apply(kept.inside, kit.verified.inside, [
      ...kit.verified.remove,
      ...kit.verified.outside ?? [],
    ]),
  };
}

function apply(kept: string[], add: string[], remove: string[]): string[] {
  const gone = new Set(remove);
  return unique([...kept, ...add]).filter((h) => !gone.has(h));
}

function unique(list: string[]): string[] {
  return [...new Set(list)];
}
