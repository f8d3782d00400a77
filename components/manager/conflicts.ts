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

/** The conflict in one sentence: "Admitted at 10:42 at gate B and at 10:43 at gate C". */
export function conflictSentence(c: Conflict, timeZone: string): string {
  if (c.kind === "DOUBLE_ADMISSION" && c.first) {
    return `Admitted at ${where(c.first, timeZone)} and at ${
      where(c.second, timeZone)
    }`;
  }
  const why = c.reason ? REFUSALS[c.reason] ?? c.reason.toLowerCase() : null;
  return `Admitted offline at ${
    where(c.second, timeZone)
  }, refused by the server${why ? ` (${why})` : ""}${
    c.counted_inside ? "; counted inside" : ""
  }`;
}

/** Who scanned, on which device: "Bea on phone-b". */
export function sideSource(side: ConflictSide): string {
  const who = side.by?.name ?? null;
  if (who && side.device) return `${who} on ${side.device}`;
  return who ?? side.device ?? "unknown device";
}

/** The code as people read it (groups of four). */
export function conflictCode(c: Conflict): string {
  return formatTicketCode(c.code);
}
