/**
 * Undo of this device's last admission or exit: offered for five minutes to
 * its operator (the server's rule), and kept for a manager, who may undo at
 * any time.
 */
import { undoCheckIn } from "./api.ts";
import { backToLogin } from "./session.ts";
import type { DoorEvent, ScannerState } from "./scanner_state.ts";
import { problemText } from "./scanner_state.ts";

/** How long an operator may undo their own admission. */
export const UNDO_MS = 5 * 60 * 1000;

/** The door event the "Undo" button would revert. */
export interface Undoable {
  code: string;
  event: DoorEvent;
  /** When it was recorded (this device's clock). */
  at: number;
  /** Set on the first attempt and kept, so a retried undo reverts once. */
  nonce: string | null;
  busy: boolean;
}

/** What the last-scan line says after an undo. */
export const UNDONE_TITLE: Record<DoorEvent, string> = {
  VALID: "Admission undone",
  REENTRY: "Re-entry undone",
  EXIT: "Exit undone",
};

let expiry: ReturnType<typeof setTimeout> | undefined;

/** Offers "Undo" for the event just recorded, replacing any earlier offer. */
export function offerUndo(
  s: ScannerState,
  code: string,
  event: DoorEvent,
): void {
  s.undoable.value = { code, event, at: Date.now(), nonce: null, busy: false };
  s.undoError.value = null;
  clearTimeout(expiry);
  if (!s.manager) {
    expiry = setTimeout(() => (s.undoable.value = null), UNDO_MS);
  }
}

/** A sentence for an undo the server refused. */
function refusal(code: string): string {
  if (code === "NOTHING_TO_UNDO") {
    return "Nothing to undo: this ticket's last door event was already undone.";
  }
  return "Too late to undo here: an operator may undo only their own admission within 5 minutes. Ask a manager.";
}

/** Reverts the offered event; the outcome goes to the last-scan line. */
export async function undoLast(s: ScannerState): Promise<void> {
  const u = s.undoable.value;
  if (!u || u.busy) return;
  const nonce = u.nonce ?? crypto.randomUUID();
  s.undoable.value = { ...u, nonce, busy: true };
  s.undoError.value = null;
  const r = await undoCheckIn(u.code, nonce);
  if (r.ok) {
    clearTimeout(expiry);
    s.undoable.value = null;
    if (u.event !== "EXIT") s.admittedCount.value--;
    s.last.value = {
      title: UNDONE_TITLE[u.event],
      colour: "YELLOW",
      code: u.code,
    };
    return;
  }
  if (r.error.status === 401) return backToLogin("");
  if (r.error.status === 403 || r.error.status === 409) {
    // Final answers: the button goes, the reason stays.
    clearTimeout(expiry);
    s.undoable.value = null;
    s.undoError.value = refusal(r.error.code);
    return;
  }
  // No answer: keep the button (and its nonce) for another try.
  s.undoable.value = { ...u, nonce, busy: false };
  s.undoError.value = problemText(r.error);
}
