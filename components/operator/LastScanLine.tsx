import { formatTicketCode } from "../../domain/ticket_code.ts";
import { ResultIcon } from "./ResultIcon.tsx";
import type { ScannerState } from "./scanner_state.ts";

const UNDO_WHAT = {
  VALID: "Admitted:",
  REENTRY: "Re-entered:",
  EXIT: "Left:",
} as const;

/**
 * The last answer (or "Not admitted" for a GREEN card left without
 * admitting), "Undo" for this device's last admission or exit while it may
 * be undone, and how many guests this device let in.
 */
export function LastScanLine(props: { s: ScannerState }) {
  const { s } = props;
  const last = s.last.value;
  const undo = s.undoable.value;
  const problem = s.undoError.value;
  return (
    <section class="last-scan" aria-label="Recent scans">
      {last
        ? (
          <p
            class={`last last-${last.colour.toLowerCase()}`}
            role="status"
            data-last={last.title}
          >
            <ResultIcon cue={last.colour} size={24} />
            <span>
              Last: <strong>{last.title}</strong>
              {last.code && (
                <span class="code">{" " + formatTicketCode(last.code)}</span>
              )}
            </span>
          </p>
        )
        : <p class="last" role="status">No scans yet.</p>}
      {undo && (
        // Its own line, naming the ticket: the last scan may be another one.
        <div class="undo-row">
          <p id="undo-what">
            {UNDO_WHAT[undo.event]}{" "}
            <span class="code">{formatTicketCode(undo.code)}</span>
          </p>
          <button
            type="button"
            class="button undo"
            disabled={undo.busy}
            onClick={s.undo}
            aria-describedby="undo-what"
          >
            {undo.busy ? "Undoing…" : "Undo"}
          </button>
        </div>
      )}
      {problem && <p class="field-error undo-error" role="alert">{problem}</p>}
      <p class="count">
        Admitted on this device: <strong>{s.admittedCount.value}</strong>
      </p>
    </section>
  );
}
