import { useEffect, useRef } from "preact/hooks";
import { formatTicketCode } from "../../domain/ticket_code.ts";
import { ResultIcon } from "./ResultIcon.tsx";
import { DONE_TITLE, type ScannerState, type View } from "./scanner_state.ts";

/**
 * A scan's answer over the whole screen in its colour: icon, the API's title
 * and message, the customer on GREEN, and the buttons at thumb height.
 * Focus goes to the title (never to a button, so a keyboard-wedge scanner's
 * Enter cannot admit by accident); Escape is "Scan next".
 */
export function ResultCard(
  props: { s: ScannerState; view: Extract<View, { kind: "card" }> },
) {
  const { s, view } = props;
  const { scan } = view;
  const title = useRef<HTMLHeadingElement>(null);
  useEffect(() => title.current?.focus(), [scan]);
  const colour = scan.result.toLowerCase();
  return (
    <section
      class={`result result-${colour}`}
      role="dialog"
      aria-modal="true"
      aria-labelledby="result-title"
      aria-describedby="result-message"
      data-result={scan.result}
      data-reason={scan.reason}
      onKeyDown={(e) => e.key === "Escape" && s.next()}
    >
      <div class="result-body">
        <ResultIcon cue={scan.result} />
        <h1 id="result-title" tabIndex={-1} ref={title}>{scan.title}</h1>
        {scan.offline && <p class="offline-badge">Offline check</p>}
        <p id="result-message" class="result-message">{scan.message}</p>
        <dl class="result-facts">
          {scan.customer && (
            <>
              <div>
                <dt>Email</dt>
                <dd>{scan.customer.email}</dd>
              </div>
              <div>
                <dt>Phone</dt>
                <dd>{scan.customer.phone}</dd>
              </div>
            </>
          )}
          {scan.ticket && (
            <div>
              <dt>Ticket</dt>
              <dd class="code">{formatTicketCode(scan.ticket.code)}</dd>
            </div>
          )}
        </dl>
        {view.error && <p class="result-error" role="alert">{view.error}</p>}
      </div>
      <div class="result-actions">
        {scan.can_verify && (
          <button
            type="button"
            class="result-button verify"
            disabled={view.admitting}
            onClick={s.admit}
          >
            {view.admitting ? "Admitting…" : "Admit"}
          </button>
        )}
        <button type="button" class="result-button next" onClick={s.next}>
          Scan next
        </button>
      </div>
    </section>
  );
}

/**
 * The short card after a recorded admission, re-entry or exit; scanning
 * resumes by itself, or on a tap.
 */
export function DoneCard(
  props: { s: ScannerState; view: Extract<View, { kind: "done" }> },
) {
  const { s, view } = props;
  const title = useRef<HTMLHeadingElement>(null);
  useEffect(() => title.current?.focus(), [view]);
  const exit = view.event === "EXIT";
  return (
    <section
      class={`result result-green result-flash${exit ? " result-exit" : ""}`}
      role="dialog"
      aria-modal="true"
      aria-labelledby="result-title"
      data-result="GREEN"
      data-reason={view.scan.reason}
      data-done={view.event}
      onClick={s.next}
      onKeyDown={(e) => e.key === "Escape" && s.next()}
    >
      <div class="result-body">
        <ResultIcon cue="VERIFIED" size={128} />
        <h1 id="result-title" tabIndex={-1} ref={title}>
          {DONE_TITLE[view.event]}
        </h1>
        <p class="result-message" role="status">{view.scan.message}</p>
        {view.scan.ticket && (
          <p class="code nowrap">{formatTicketCode(view.scan.ticket.code)}</p>
        )}
      </div>
      <div class="result-actions">
        <button type="button" class="result-button next" onClick={s.next}>
          Scan next
        </button>
      </div>
    </section>
  );
}
