/**
 * Sync of a door device's offline scans (API.md "Offline scanning"): one
 * transaction per upload. The upload's tickets are locked (by id), then each
 * scan is decided in upload order by the door's own rule (decideScan at the
 * scan's instant) against the ticket as committed and as the earlier scans
 * of the upload left it; the moves, events and conflicts are then written a
 * few statements sent together (db/door_sync_writes.ts). A nonce
 * already spent replays its first answer.
 */
import type { Db, Sql } from "./client.ts";
import { retryConflicts } from "./conflicts.ts";
import { zonedNow } from "../domain/clock.ts";
import {
  decideScan,
  type Direction,
  type ScanContext,
} from "../domain/scan_decision.ts";
import {
  type ConflictKind,
  conflictOf,
  countsInside,
  offlineFacts,
  scanTimeRefusal,
  syncOutcome,
} from "../domain/sync_rules.ts";
import { reservationOf, TICKET_SELECT, type TicketRow } from "./tickets.ts";
import { type DoorAnswer, passAnswer } from "./door_answer.ts";
import type { PassKind } from "./door.ts";
import { EVENT_KINDS, SLOT_DELTAS } from "./door_moves.ts";
import {
  type AdmittedRow,
  type ConflictRow,
  type SlotDeltaRow,
  type SyncEventRow,
  writeSync,
} from "./door_sync_writes.ts";
import {
  enabledStaff,
  firstAdmissions,
  firstOf,
  replayed,
  sameRequest,
  spentNonces,
  type SyncFirst,
  type SyncResult,
  type SyncScan,
  type SyncUpload,
} from "./door_sync_reads.ts";

export type { SyncFirst, SyncResult, SyncScan, SyncUpload };

/** A conflict the upload found. */
export interface SyncConflict {
  id: number;
  kind: ConflictKind;
  code: string;
  reason: string | null;
  counted_inside: boolean;
  first: SyncFirst | null;
  second: SyncFirst;
}

/** What an upload did. */
export interface SyncDone {
  results: SyncResult[];
  /** Each slot whose counts changed, once per kind of move. */
  moves: { slot_id: number; kind: PassKind }[];
  conflicts: SyncConflict[];
}

/** The uploader: a staff member of `orq`. */
export interface Uploader {
  staffId: number;
  orq: number;
}

/** A ticket of the upload as the earlier scans left it. */
interface Held {
  row: TicketRow;
  first: SyncFirst | null;
  changed: boolean;
}

/** Attempts when a nonce is being spent by a concurrent request. */
const ATTEMPTS = 5;

/**
 * Decides and applies the scans of `up`; `rules` are the organization's scan
 * rules (their `at` is replaced by each scan's instant).
 */
export async function syncScans(
  db: Db,
  up: SyncUpload,
  who: Uploader,
  rules: ScanContext,
): Promise<SyncDone> {
  return await retryConflicts(
    () => db.begin((tx) => syncOnce(tx, up, who, rules)),
    ATTEMPTS,
    isNonceRace,
  );
}

/** A unique violation (a nonce spent meanwhile) or a deadlock: try again. */
function isNonceRace(err: unknown): boolean {
  const code = (err as { code?: string })?.code;
  return code === "23505" || code === "40P01";
}

async function syncOnce(
  tx: Sql,
  up: SyncUpload,
  who: Uploader,
  rules: ScanContext,
): Promise<SyncDone> {
  const codes = [
    ...new Set(up.scans.map((s) => s.code).filter((c) => c !== null)),
  ];
  // The lock the tickets' own updates take (NO KEY): other requests' door
  // events still insert (their foreign keys take KEY SHARE).
  const rows = await tx.query<TicketRow>(
    `${TICKET_SELECT} WHERE t.orq = $1 AND t.code = ANY($2::text[])
      ORDER BY t.id FOR NO KEY UPDATE OF t`,
    [who.orq, codes],
  );
  const nonces = up.scans.map((s) => s.nonce);
  const staffIds = [
    ...new Set([who.staffId, ...up.scans.map((s) => s.scannedBy)]),
  ];
  const [spent, firsts, staff] = await Promise.all([
    spentNonces(tx, who.orq, nonces),
    firstAdmissions(tx, rows.filter((r) => r.status === "VERIFIED")),
    enabledStaff(tx, who.orq, staffIds),
  ]);
  const held = new Map<string, Held>(
    rows.map((r) => [r.code, {
      row: r,
      first: firsts.get(r.id) ?? null,
      changed: false,
    }]),
  );

  const results: SyncResult[] = [];
  const events: SyncEventRow[] = [];
  const conflicts: (ConflictRow & { code: string })[] = [];
  const admitted: AdmittedRow[] = [];
  const slots = new Map<number, SlotDeltaRow>();
  const moves = new Map<string, { slot_id: number; kind: PassKind }>();
  const answered = new Map<
    string,
    { i: number; code: string | null; direction: Direction }
  >();

  up.scans.forEach((scan, i) => {
    const before = answered.get(scan.nonce);
    if (before) {
      sameRequest(i, before, scan);
      results.push({ ...results[before.i], nonce: scan.nonce });
      return;
    }
    answered.set(scan.nonce, { i, code: scan.code, direction: scan.direction });
    const stored = spent.get(scan.nonce);
    if (stored) {
      sameRequest(i, stored, scan);
      results.push(replayed(scan.nonce, stored.answer));
      return;
    }
    const t = scan.code ? held.get(scan.code) : undefined;
    const refusal = scanTimeRefusal(scan.scannedAt, up.instant);
    const ctx = { ...rules, at: scan.scannedAt, direction: scan.direction };
    const facts = t && { ...t.row, slot: reservationOf(t.row) };
    const decision = decideScan(facts ? offlineFacts(facts) : null, ctx);
    const { outcome, reason } = refusal
      ? { outcome: "REJECTED" as const, reason: refusal }
      : syncOutcome(decision);
    const result: SyncResult = { nonce: scan.nonce, outcome, reason };
    if (!t) {
      // Unknown codes record nothing, as online: a replay decides again.
      results.push(result);
      return;
    }
    const verifier = staff.get(scan.scannedBy) ?? staff.get(who.staffId) ??
      { id: who.staffId, name: null };
    const here: SyncFirst = {
      at: scan.scannedAt.toISOString(),
      gate: scan.gate,
      device: up.device,
      by: verifier,
    };
    const earlier = t.first ?? firstOf(t.row);
    if (outcome === "DUPLICATE" && earlier) result.first = earlier;
    const conflict = conflictOf(outcome, scan.offlineResult, scan.direction);
    const scanDate = zonedNow(scan.scannedAt, rules.timeZone).date;
    const forced = conflict === "REFUSED_ADMISSION" &&
      countsInside(t.row, scanDate, refusal);
    const move = outcome === "ACCEPTED"
      ? decision.reason
      : forced
      ? "VALID"
      : null;
    let kind: PassKind = outcome === "REJECTED" && decision.result === "RED"
      ? "REFUSED"
      : outcome === "REJECTED" && refusal
      ? "REFUSED"
      : "RESCAN";
    if (move) {
      kind = EVENT_KINDS[move];
      applyMove(t, move, scan, here);
      if (move === "VALID") {
        admitted.push({
          id: t.row.reservation_id!,
          verified_at: here.at,
          verified_by: verifier.id,
        });
      }
      const [v, e, x] = SLOT_DELTAS[move];
      const d = slots.get(t.row.slot_id!) ??
        { id: t.row.slot_id!, verified: 0, entries: 0, exits: 0 };
      d.verified += v;
      d.entries += e;
      d.exits += x;
      slots.set(d.id, d);
      moves.set(`${d.id}:${kind}`, { slot_id: d.id, kind });
    }
    const answer: DoorAnswer & { sync: SyncResult } = {
      ...passAnswer(t.row, decision, scan.direction, move !== null),
      sync: result,
    };
    events.push({
      ticket_id: t.row.id,
      reservation_id: t.row.reservation_id,
      staff_id: who.staffId,
      kind,
      nonce: scan.nonce,
      direction: scan.direction,
      gate: scan.gate,
      scanned_at: here.at,
      answer,
    });
    if (conflict) {
      const first = conflict === "DOUBLE_ADMISSION" ? earlier : null;
      conflicts.push({
        code: t.row.code,
        ticket_id: t.row.id,
        kind: conflict,
        date: scanDate,
        reason: conflict === "REFUSED_ADMISSION" ? reason : null,
        counted_inside: forced,
        first_at: first?.at ?? null,
        first_gate: first?.gate ?? null,
        first_device: first?.device ?? null,
        first_staff_id: first?.by?.id ?? null,
        second_at: here.at,
        second_gate: here.gate,
        second_device: here.device,
        second_staff_id: verifier.id,
        nonce: scan.nonce,
      });
    }
    results.push(result);
  });

  const changed = [...held.values()].filter((h) => h.changed);
  const ids = await writeSync(tx, {
    orq: who.orq,
    device: up.device,
    userAgent: up.userAgent,
    instant: up.instant,
    events,
    conflicts,
    tickets: changed.map((h) => ({
      id: h.row.id,
      status: h.row.status,
      verified_at: h.row.verified_at
        ? new Date(h.row.verified_at).toISOString()
        : null,
      verified_by: h.row.verified_by,
      inside: h.row.inside,
    })),
    admitted,
    slots: [...slots.values()],
  });
  return {
    results,
    moves: [...moves.values()],
    conflicts: conflicts.map((c, i) => ({
      id: ids[i],
      kind: c.kind,
      code: c.code,
      reason: c.reason,
      counted_inside: c.counted_inside,
      first: c.first_at
        ? {
          at: c.first_at,
          gate: c.first_gate,
          device: c.first_device,
          by: c.first_staff_id === null ? null : {
            id: c.first_staff_id,
            name: staff.get(c.first_staff_id)?.name ?? null,
          },
        }
        : null,
      second: {
        at: c.second_at,
        gate: c.second_gate,
        device: c.second_device,
        by: c.second_staff_id === null ? null : {
          id: c.second_staff_id,
          name: staff.get(c.second_staff_id)?.name ?? null,
        },
      },
    })),
  };
}

/** The ticket after a GREEN move (or a refused admission counted inside). */
function applyMove(t: Held, move: string, scan: SyncScan, here: SyncFirst) {
  t.changed = true;
  if (move === "VALID") {
    t.row = {
      ...t.row,
      status: "VERIFIED",
      verified_at: scan.scannedAt,
      verified_by: here.by!.id,
      verified_by_name: here.by!.name,
      inside: true,
    };
    t.first = here;
  } else {
    t.row = { ...t.row, inside: move !== "EXIT" };
  }
}
