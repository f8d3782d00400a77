/** The scanner's state (signals) and what its camera, keys and buttons do. */
import { type Signal, signal } from "@preact/signals";
import {
  checkIn,
  type CheckInAnswer,
  type Direction,
  noAnswer,
  type OperatorError,
  type ScanAnswer,
  validateTicket,
} from "./api.ts";
import { connection } from "./connection.ts";
import { canDecideOffline } from "./offline_door.ts";
import { admitOffline, checkOffline } from "./offline_check.ts";
import { type Cue, giveFeedback } from "./feedback.ts";
import type { GateChoice } from "./device_prefs.ts";
import { backToLogin } from "./session.ts";
import { offerUndo, type Undoable, undoLast } from "./undo.ts";

/** How long the "ADMITTED" card stays before scanning resumes. */
export const FLASH_MS = 1500;

/** Where a code came from: typed cards give focus back to the field. */
export type Source = "camera" | "manual" | "wedge" | "search";

/** What a recorded door event is (the reason of its GREEN answer). */
export type DoorEvent = "VALID" | "REENTRY" | "EXIT";

/** What fills the screen. */
export type View =
  | { kind: "scanning" }
  | {
    kind: "card";
    scan: ScanAnswer;
    source: Source;
    /** One per card, so a repeated tap on "Admit" is one admission. */
    nonce: string;
    /** What was scanned (an offline "Admit" decides it again). */
    scanned: string;
    admitting: boolean;
    error: string | null;
  }
  | { kind: "done"; scan: CheckInAnswer; event: DoorEvent; source: Source };

/** The last result, for the line under the camera. */
export interface LastScan {
  title: string;
  colour: Cue;
  code: string | null;
}

/** Everything the scanner shows and does. */
export interface ScannerState {
  view: Signal<View>;
  busy: Signal<boolean>;
  /** The manual entry field. */
  typed: Signal<string>;
  /** Why the last check gave no answer (network, rate limit). */
  notice: Signal<string | null>;
  last: Signal<LastScan | null>;
  /** Guests let in (first entries and re-entries) on this device. */
  admittedCount: Signal<number>;
  sound: Signal<boolean>;
  gate: Signal<GateChoice>;
  direction: Signal<Direction>;
  admitOnScan: Signal<boolean>;
  /** The last admission or exit of this device, while it may be undone. */
  undoable: Signal<Undoable | null>;
  /** What the last undo said when it could not undo. */
  undoError: Signal<string | null>;
  /** A manager may undo at any time, so the button never goes. */
  manager: boolean;
  /** The signed-in staff member, named in offline scans. */
  operatorId: number | null;
  check: (text: string, source: Source) => Promise<void>;
  admit: () => Promise<void>;
  undo: () => Promise<void>;
  /** Shows a recorded door event (also one recorded by the search panel). */
  recorded: (scan: CheckInAnswer, source: Source) => void;
  /** Shows an answer's card; `nonce` admits from it, `scanned` is the text read. */
  showCard: (
    scan: ScanAnswer,
    source: Source,
    nonce: string,
    scanned: string,
  ) => void;
  next: () => void;
}

/** A sentence for an answer that is not a result. */
export function problemText(e: OperatorError): string {
  if (e.code === "NETWORK" || e.code === "TIMEOUT") {
    return "No connection to the server. Check the network and try again.";
  }
  if (e.code === "RATE_LIMITED") {
    return `Too many scans in a short time. Wait ${
      e.retryAfter ?? 60
    } seconds and try again.`;
  }
  if (e.code === "FORBIDDEN") {
    return "This account may not scan tickets. Sign in as door staff.";
  }
  return `${e.message} (${e.code})`;
}

/** The door event a check-in answer recorded, or null when it recorded none. */
export function recordedEvent(scan: CheckInAnswer): DoorEvent | null {
  if (scan.result !== "GREEN") return null;
  if (scan.checked_out && scan.reason === "EXIT") return "EXIT";
  if (!scan.checked_in) return null;
  return scan.reason === "REENTRY" ? "REENTRY" : "VALID";
}

/** The big word of a recorded door event. */
export const DONE_TITLE: Record<DoorEvent, string> = {
  VALID: "ADMITTED",
  REENTRY: "RE-ENTRY",
  EXIT: "EXIT RECORDED",
};

/** The scanner's state; create it once per island. */
export function createScannerState(
  opts: { manager: boolean; admitOnScan: boolean; operatorId?: number | null },
): ScannerState {
  let flashTimer: ReturnType<typeof setTimeout> | undefined;

  const showCard = (
    scan: ScanAnswer,
    source: Source,
    nonce: string,
    scanned: string,
  ) => {
    s.last.value = {
      title: scan.title,
      colour: scan.result,
      code: scan.ticket?.code ?? null,
    };
    s.view.value = {
      kind: "card",
      scan,
      source,
      nonce,
      scanned,
      admitting: false,
      error: null,
    };
    giveFeedback(scan.result, s.sound.value);
  };

  /** Shows a check-in's answer: the short GREEN card when it recorded, else the card. */
  const showCheckIn = (
    scan: CheckInAnswer,
    source: Source,
    scanned: string,
  ) => {
    // A card that may still admit needs a nonce of its own: reusing the
    // check-in's would only repeat its answer.
    if (recordedEvent(scan)) s.recorded(scan, source);
    else showCard(scan, source, crypto.randomUUID(), scanned);
  };

  const s: ScannerState = {
    view: signal<View>({ kind: "scanning" }),
    busy: signal(false),
    typed: signal(""),
    notice: signal<string | null>(null),
    last: signal<LastScan | null>(null),
    admittedCount: signal(0),
    sound: signal(true),
    gate: signal<GateChoice>(undefined),
    direction: signal<Direction>("IN"),
    admitOnScan: signal(opts.admitOnScan),
    undoable: signal<Undoable | null>(null),
    undoError: signal<string | null>(null),
    manager: opts.manager,
    operatorId: opts.operatorId ?? null,
    showCard,
    check: async (text, source) => {
      if (s.busy.value || s.view.value.kind !== "scanning") return;
      if (!text.trim()) {
        s.notice.value = "Type the ticket code first.";
        return;
      }
      s.busy.value = true;
      s.notice.value = null;
      const code = text.trim();
      const nonce = crypto.randomUUID();
      // OUT always records; IN records on the scan when the device says so.
      const records = s.direction.value === "OUT" || s.admitOnScan.value;
      if (connection.value.offline && canDecideOffline()) {
        if (source === "manual") s.typed.value = "";
        await checkOffline(s, code, nonce, records, source);
        s.busy.value = false;
        return;
      }
      const r = records
        ? await checkIn({
          code,
          nonce,
          gate: s.gate.value ?? null,
          direction: s.direction.value,
        })
        : await validateTicket(code);
      if (!r.ok && noAnswer(r.error) && canDecideOffline()) {
        // No answer: decided here, queued under the same nonce, so the
        // upload gets the first answer if the server did record it.
        if (source === "manual") s.typed.value = "";
        await checkOffline(s, code, nonce, records, source);
        s.busy.value = false;
        return;
      }
      s.busy.value = false;
      if (!r.ok) {
        if (r.error.status === 401) return backToLogin(text);
        s.notice.value = problemText(r.error);
        giveFeedback("RED", s.sound.value);
        return;
      }
      if (source === "manual") s.typed.value = "";
      if (records) showCheckIn(r.data as CheckInAnswer, source, code);
      else showCard(r.data, source, nonce, code);
    },
    admit: async () => {
      const v = s.view.value;
      if (v.kind !== "card" || !v.scan.can_verify || v.admitting) return;
      const code = v.scan.ticket!.code;
      s.view.value = { ...v, admitting: true, error: null };
      if (v.scan.offline || (connection.value.offline && canDecideOffline())) {
        return await admitOffline(s, v.scanned, v.nonce, v.source);
      }
      // The card's nonce: a retry after a lost answer admits once.
      const r = await checkIn({
        code,
        nonce: v.nonce,
        gate: s.gate.value ?? null,
        direction: "IN",
      });
      if (!r.ok && noAnswer(r.error) && canDecideOffline()) {
        return await admitOffline(s, v.scanned, v.nonce, v.source);
      }
      if (!r.ok) {
        if (r.error.status === 401) return backToLogin(code);
        s.view.value = { ...v, admitting: false, error: problemText(r.error) };
        return;
      }
      // Not admitted (someone else was first, or the slot just ended): the
      // answer shows the ticket as it is now.
      showCheckIn(r.data, v.source, v.scanned);
    },
    undo: () => undoLast(s),
    recorded: (scan, source) => {
      const event = recordedEvent(scan)!;
      const code = scan.ticket!.code;
      if (event !== "EXIT") s.admittedCount.value++;
      s.last.value = { title: DONE_TITLE[event], colour: "VERIFIED", code };
      // An offline event is only queued: there is nothing on the server to undo yet.
      if (!scan.offline) offerUndo(s, code, event);
      s.view.value = { kind: "done", scan, event, source };
      giveFeedback("VERIFIED", s.sound.value);
      clearTimeout(flashTimer);
      flashTimer = setTimeout(s.next, FLASH_MS);
    },
    next: () => {
      clearTimeout(flashTimer);
      const v = s.view.value;
      if (v.kind === "card" && v.scan.can_verify) {
        // A GREEN card left without admitting: the ticket stays unused.
        s.last.value = {
          title: "Not admitted",
          colour: "YELLOW",
          code: v.scan.ticket?.code ?? null,
        };
      }
      s.view.value = { kind: "scanning" };
    },
  };
  return s;
}
