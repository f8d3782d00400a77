/**
 * What a sync upload reads besides its tickets (db/door_sync.ts): nonces
 * already spent and their first answers, the standing admissions of tickets
 * already VERIFIED, and which staff may be named as verifiers.
 */
import type { Sql } from "./client.ts";
import { validationFailed } from "../domain/errors.ts";
import type { Direction, ScanResult } from "../domain/scan_decision.ts";
import type { SyncOutcome } from "../domain/sync_rules.ts";
import type { TicketRow } from "./tickets.ts";
import type { DoorAnswer } from "./door_answer.ts";

/** One offline scan as uploaded, its code already normalised. */
export interface SyncScan {
  nonce: string;
  /** Null when the text cannot be a code. */
  code: string | null;
  scannedAt: Date;
  gate: string | null;
  direction: Direction;
  offlineResult: ScanResult;
  scannedBy: number;
}

/** An upload of one device. */
export interface SyncUpload {
  device: string;
  scans: SyncScan[];
  userAgent: string | null;
  /** The server's instant of the upload. */
  instant: Date;
}

/** An admission as the device and the dashboard see it. */
export interface SyncFirst {
  at: string;
  gate: string | null;
  device: string | null;
  by: { id: number; name: string | null } | null;
}

/** The answer for one scan. */
export interface SyncResult {
  nonce: string;
  outcome: SyncOutcome;
  reason?: string;
  first?: SyncFirst;
}

/** The admission of a VERIFIED ticket as its row tells it (no gate or device). */
export function firstOf(row: TicketRow): SyncFirst | null {
  if (row.status !== "VERIFIED" || !row.verified_at) return null;
  return {
    at: new Date(row.verified_at).toISOString(),
    gate: null,
    device: null,
    by: row.verified_by === null
      ? null
      : { id: row.verified_by, name: row.verified_by_name },
  };
}

/** 400 unless a repeated nonce is the same scan (same code and direction). */
export function sameRequest(
  i: number,
  first: { code: string | null; direction: Direction | "UNDO" },
  scan: SyncScan,
): void {
  if (first.code !== scan.code) {
    throw validationFailed({
      [`scans.${i}.nonce`]: "Already used for another ticket",
    });
  }
  if (first.direction !== scan.direction) {
    throw validationFailed({
      [`scans.${i}.nonce`]: first.direction === "UNDO"
        ? "Already used for an undo"
        : `Already used for ${first.direction}`,
    });
  }
}

/** The first answer of a nonce as sync gives it (check-in's answers too). */
export function replayed(
  nonce: string,
  a: (DoorAnswer & { sync?: SyncResult }) | null,
): SyncResult {
  if (a?.sync) return { ...a.sync, nonce };
  if (!a) return { nonce, outcome: "DUPLICATE" };
  if (a.checked_in || a.checked_out) {
    return { nonce, outcome: "ACCEPTED", reason: a.reason };
  }
  if (a.reason === "ALREADY_VERIFIED") {
    return {
      nonce,
      outcome: "DUPLICATE",
      reason: a.reason,
      ...(a.verified_at
        ? {
          first: {
            at: a.verified_at,
            gate: null,
            device: null,
            by: a.verified_by,
          },
        }
        : {}),
    };
  }
  return { nonce, outcome: "REJECTED", reason: a.reason };
}

/** Stored events of these nonces: their code, operation and first answer. */
export async function spentNonces(
  sql: Sql,
  orq: number,
  nonces: string[],
): Promise<
  Map<
    string,
    { code: string; direction: Direction | "UNDO"; answer: DoorAnswer | null }
  >
> {
  const rows = await sql.query<{
    nonce: string;
    kind: string;
    direction: Direction | null;
    answer: DoorAnswer | null;
    code: string;
  }>(
    `SELECT e.nonce, e.kind, e.direction, e.answer, t.code
       FROM verification_events e JOIN tickets t ON t.id = e.ticket_id
      WHERE e.orq = $1 AND e.nonce = ANY($2::text[])`,
    [orq, nonces],
  );
  return new Map(rows.map((r) => [r.nonce, {
    code: r.code,
    direction: r.kind === "UNDO" ? "UNDO" : r.direction ?? "IN",
    answer: r.answer,
  }]));
}

/** Each VERIFIED ticket's standing admission: when, at which gate and device, by whom. */
export async function firstAdmissions(
  sql: Sql,
  verified: TicketRow[],
): Promise<Map<number, SyncFirst>> {
  if (verified.length === 0) return new Map();
  const rows = await sql.query<{
    ticket_id: number;
    gate: string | null;
    device: string | null;
  }>(
    `SELECT DISTINCT ON (ticket_id) ticket_id, gate, device
       FROM verification_events
      WHERE ticket_id = ANY($1::int[]) AND kind = 'VERIFIED' AND undone_at IS NULL
      ORDER BY ticket_id, id DESC`,
    [verified.map((r) => r.id)],
  );
  const byId = new Map(rows.map((r) => [r.ticket_id, r]));
  const out = new Map<number, SyncFirst>();
  for (const t of verified) {
    const first = firstOf(t);
    if (!first) continue;
    const e = byId.get(t.id);
    out.set(t.id, {
      ...first,
      gate: e?.gate ?? null,
      device: e?.device ?? null,
    });
  }
  return out;
}

/** Enabled staff of `orq` among `ids`, with their names. */
export async function enabledStaff(
  sql: Sql,
  orq: number,
  ids: number[],
): Promise<Map<number, { id: number; name: string | null }>> {
  const rows = await sql.query<{ id: number; name: string }>(
    `SELECT id, name FROM staff
      WHERE orq = $1 AND id = ANY($2::int[]) AND NOT disabled`,
    [orq, ids],
  );
  return new Map(rows.map((r) => [r.id, { id: r.id, name: r.name }]));
}
