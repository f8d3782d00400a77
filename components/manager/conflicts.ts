/**
 * Offline conflicts on the dashboard (`GET /api/dashboard/conflicts`, the
 * stream's `conflict` events): what the browser fetches and the sentence
 * each conflict is read as, in the venue's zone.
 */
import { zonedNow } from "../../domain/clock.ts";
import { formatTicketCode } from "../../domain/ticket_code.ts";
import type { Fetched } from "./api.ts";

/** One admission of a conflict. */
export interface ConflictSide {
  at: string;
  gate: string | null;
  device: string | null;
  by: { id: number; name: string | null } | null;
}

/** A conflict as the route lists it. */
export interface Conflict {
  id: number;
  kind: "DOUBLE_ADMISSION" | "REFUSED_ADMISSION";
  code: string;
  code_prefix: string;
  reason: string | null;
  counted_inside: boolean;
  first: ConflictSide | null;
  second: ConflictSide;
}

/** `GET /api/dashboard/conflicts` of `orq` on `date`, newest first. */
export async function fetchConflicts(
  orq: number,
  date: string,
): Promise<Fetched<{ date: string; conflicts: Conflict[] }>> {
  try {
    const res = await fetch(
      `/api/dashboard/conflicts?orq=${orq}&date=${date}`,
      {
        credentials: "same-origin",
        cache: "no-store",
        headers: { accept: "application/json" },
      },
    );
    if (!res.ok) {
      await res.body?.cancel();
      return { ok: false, status: res.status };
    }
    return { ok: true, data: await res.json() };
  } catch {
    return { ok: false, status: 0 };
  }
}

/** Why the server refused, in words. */
const REFUSALS: Record<string, string> = {
  WRONG_DATE: "booked for another day",
  EXPIRED: "expired",
  TOO_EARLY: "too early",
  TOO_LATE: "too late",
  NO_RESERVATION: "no reservation",
  NOT_PAID: "not paid",
  INVALID_TICKET: "not a ticket of this venue",
  SCAN_TOO_OLD: "scanned over 24 hours before the upload",
  SCAN_IN_FUTURE: "the device's clock was ahead",
};

/** `10:42 at gate B`: the admission's time in the venue's zone, and its gate. */
function where(side: ConflictSide, timeZone: string): string {
  const time = zonedNow(new Date(side.at), timeZone).time;
  return side.gate ? `${time} at gate ${side.gate}` : `${time} (no gate)`;
}

/** `a`, `a and b`, `a, b and c`. */
function listed(parts: string[]): string {
  return parts.length < 2
    ? parts.join("")
    : `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}`;
}

/** A ticket's conflicts, its newest first. */
export interface ConflictGroup {
  code: string;
  /** The newest conflict's id and kind. */
  id: number;
  kind: Conflict["kind"];
  conflicts: Conflict[];
}

/** The conflicts grouped by ticket, groups by their newest conflict (newest first). */
export function groupConflicts(list: Conflict[]): ConflictGroup[] {
  const groups = new Map<string, ConflictGroup>();
  for (const c of [...list].sort((a, b) => b.id - a.id)) {
    const g = groups.get(c.code);
    if (g) g.conflicts.push(c);
    else {
      groups.set(c.code, {
        code: c.code,
        id: c.id,
        kind: c.kind,
        conflicts: [c],
      });
    }
  }
  return [...groups.values()];
}

/** Every admission of a group's double admissions once, earliest first. */
function admissions(g: ConflictGroup): ConflictSide[] {
  const seen = new Map<string, ConflictSide>();
  for (const c of g.conflicts) {
    if (c.kind !== "DOUBLE_ADMISSION") continue;
    for (const side of c.first ? [c.first, c.second] : [c.second]) {
      seen.set(`${side.at}|${side.gate}|${side.device}`, side);
    }
  }
  return [...seen.values()].sort((a, b) => a.at.localeCompare(b.at));
}

/**
 * A ticket's conflicts in words: "Admitted at 10:42 at gate B and at 10:43
 * at gate C", then each refused admission.
 */
export function conflictSentences(
  g: ConflictGroup,
  timeZone: string,
): string[] {
  const out: string[] = [];
  const both = admissions(g);
  if (both.length > 0) {
    out.push(`Admitted ${listed(both.map((s) => `at ${where(s, timeZone)}`))}`);
  }
  for (const c of g.conflicts) {
    if (c.kind !== "REFUSED_ADMISSION") continue;
    const why = c.reason ? REFUSALS[c.reason] ?? c.reason.toLowerCase() : null;
    out.push(
      `Admitted offline at ${where(c.second, timeZone)}, refused by the server${
        why ? ` (${why})` : ""
      }${c.counted_inside ? "; counted inside" : ""}`,
    );
  }
  return out;
}

/** Who scanned, on which device: "Bea on phone-b". */
export function sideSource(side: ConflictSide): string {
  const who = side.by?.name ?? null;
  if (who && side.device) return `${who} on ${side.device}`;
  return who ?? side.device ?? "unknown device";
}

/** Who scanned a group's admissions: "Bea on phone-b, then Cas on phone-c". */
export function groupSources(g: ConflictGroup): string {
  const refused = g.conflicts.filter((c) => c.kind === "REFUSED_ADMISSION")
    .map((c) => c.second);
  return [...admissions(g), ...refused].map(sideSource).join(", then ");
}

/** The code as people read it (groups of four). */
export function conflictCode(g: { code: string }): string {
  return formatTicketCode(g.code);
}
