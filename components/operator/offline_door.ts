/**
 * The door with no network (API.md "Offline scanning"): the offline kit and
 * the queue of scans this device made offline, both kept in IndexedDB so a
 * reload keeps them; the decision from the signed payload, the kit and the
 * device's own queued scans; the upload when the network is back. The device
 * keeps no names, emails or phones: the kit is hashes and the queue codes.
 */
import { signal } from "@preact/signals";
import { createStore, del, get, set } from "idb-keyval";
import { parseSignedPayload } from "../../domain/signed_payload.ts";
import {
  decideOffline,
  type OfflineDecision,
} from "../../domain/offline_decision.ts";
import {
  type KitAnswer,
  mergeKit,
  type StoredKit,
} from "../../domain/offline_kit.ts";
import type { Direction } from "../../domain/scan_decision.ts";
import { signatureHash, signatureHolds } from "./offline_crypto.ts";
import { timedFetch } from "./connection.ts";

/** A scan made offline, as `POST /api/operator/sync` takes it. */
export interface QueuedScan {
  nonce: string;
  code: string;
  scanned_at: string;
  gate: string | null;
  direction: Direction;
  offline_result: string;
  scanned_by: number | null;
}

/** One upload's outcome per scan. */
interface SyncResult {
  nonce: string;
  outcome: "ACCEPTED" | "DUPLICATE" | "REJECTED";
}

/** Scans waiting for the network, oldest first. */
export const pending = signal<QueuedScan[]>([]);
/** Scans the server did not accept at the last uploads (the dashboard shows them). */
export const conflicts = signal(0);
/** The kit's day and when it was fetched, for the header; null without a kit. */
export const kitReady = signal(false);

const store = createStore("te-scanner", "offline");
/** Uploads at most this many scans per request (the contract's limit). */
const SYNC_BATCH = 500;
let kit: StoredKit | null = null;
let sets: { revoked: Set<string>; verified: Set<string>; inside: Set<string> } =
  { revoked: new Set(), verified: new Set(), inside: new Set() };
let uploading: Promise<void> | null = null;
/**
 * What this device's own offline scans say per stored code, until a kit
 * fetched after their upload says it instead.
 */
let own = new Map<string, OwnState>();

interface OwnState {
  verified: boolean;
  inside: boolean;
  verifiedAt: Date | null;
}

/** Reads the kept kit and queue (after a reload, even with no network). */
export async function loadOffline(): Promise<void> {
  try {
    useKit((await get<StoredKit>("kit", store)) ?? null);
    pending.value = (await get<QueuedScan[]>("queue", store)) ?? [];
    own = replay(pending.value);
  } catch {
    // No IndexedDB (a private window): online only.
  }
}

/** Asks the server for what changed since the kept cursor (a full kit the first time). */
export async function refreshKit(): Promise<void> {
  const since = kit ? `?since=${encodeURIComponent(kit.cursor)}` : "";
  try {
    const res = await timedFetch(`/api/operator/offline-kit${since}`, {
      credentials: "same-origin",
      cache: "no-store",
    });
    if (!res.ok) return;
    const answer = await res.json() as KitAnswer;
    useKit(mergeKit(kit, answer, Date.now()));
    // The kit now knows every scan uploaded before it was made.
    own = replay(pending.value);
    await set("kit", kit, store);
  } catch {
    // Offline or refused: the kept kit stays.
  }
}

/** Forgets the kit at sign-out; unsent scans stay until they are uploaded. */
export async function forgetKit(): Promise<void> {
  useKit(null);
  try {
    await del("kit", store);
  } catch { /* nothing kept */ }
}

/** Whether this device can decide scans offline. */
export function canDecideOffline(): boolean {
  return kit !== null;
}

/** The server's time now, as this device best knows it. */
export function serverNow(): Date {
  return new Date(Date.now() + (kit?.skewMs ?? 0));
}

/** The offline answer for scanned text. */
export async function decideHere(
  text: string,
  direction: Direction,
): Promise<OfflineDecision> {
  const at = serverNow();
  const parsed = parseSignedPayload(text);
  if (!kit || !parsed) {
    return decideOffline({
      claims: null,
      signatureValid: false,
      revoked: false,
      state: NOT_SEEN,
      rules: kit?.org ?? NO_RULES,
      at,
      direction,
    });
  }
  const [valid, h] = await Promise.all([
    signatureHolds(parsed, kit.keys),
    signatureHash(parsed.signature),
  ]);
  const mine = own.get(parsed.claims.c);
  return decideOffline({
    claims: parsed.claims,
    signatureValid: valid,
    revoked: sets.revoked.has(h),
    state: {
      verified: (mine?.verified ?? false) || sets.verified.has(h),
      inside: mine ? mine.inside : sets.inside.has(h),
      verifiedAt: mine?.verifiedAt ?? null,
      verifiedByName: mine?.verifiedAt ? "this device" : null,
    },
    rules: kit.org,
    at,
    direction,
  });
}

/** Keeps an offline admission or exit of the ticket `code` for the upload. */
export async function queueScan(scan: QueuedScan, code: string): Promise<void> {
  pending.value = [...pending.value, scan];
  own.set(code, passed(own.get(code), scan));
  await keepQueue();
}

/**
 * Uploads the queue (oldest first, in batches), drops what the server
 * answered, counts what it did not accept, then refreshes the kit. One
 * upload at a time.
 */
export function uploadQueue(device: string): Promise<void> {
  uploading ??= (async () => {
    try {
      while (pending.value.length > 0) {
        const batch = pending.value.slice(0, SYNC_BATCH);
        const res = await timedFetch("/api/operator/sync", {
          method: "POST",
          headers: { "content-type": "application/json" },
          credentials: "same-origin",
          cache: "no-store",
          body: JSON.stringify({ device, scans: batch }),
        });
        if (!res.ok) return;
        const { results } = await res.json() as { results: SyncResult[] };
        const answered = new Set(results.map((r) => r.nonce));
        conflicts.value += results.filter((r) => r.outcome !== "ACCEPTED")
          .length;
        pending.value = pending.value.filter((q) => !answered.has(q.nonce));
        await keepQueue();
      }
      await refreshKit();
    } catch {
      // The network went again: the queue waits for the next return.
    } finally {
      uploading = null;
    }
  })();
  return uploading;
}

const NOT_SEEN = {
  verified: false,
  inside: false,
  verifiedAt: null,
  verifiedByName: null,
};
const NO_RULES = {
  orq: 0,
  timezone: "UTC",
  entry_opens_minutes_before: null,
  entry_closes_minutes_after_start: null,
  allow_reentry: false,
};

function useKit(next: StoredKit | null): void {
  kit = next;
  sets = {
    revoked: new Set(next?.revoked),
    verified: new Set(next?.verified),
    inside: new Set(next?.inside),
  };
  kitReady.value = next !== null;
}

/** The own state after one more scan. */
function passed(before: OwnState | undefined, scan: QueuedScan): OwnState {
  if (scan.direction === "OUT") {
    return {
      verified: true,
      inside: false,
      verifiedAt: before?.verifiedAt ?? null,
    };
  }
  return {
    verified: true,
    inside: true,
    verifiedAt: before?.verifiedAt ?? new Date(scan.scanned_at),
  };
}

/** The own states of queued scans, replayed in order. */
function replay(scans: QueuedScan[]): Map<string, OwnState> {
  const states = new Map<string, OwnState>();
  for (const scan of scans) {
    const code = parseSignedPayload(scan.code)?.claims.c;
    if (code) states.set(code, passed(states.get(code), scan));
  }
  return states;
}

async function keepQueue(): Promise<void> {
  try {
    await set("queue", pending.value, store);
  } catch { /* kept in memory only */ }
}
