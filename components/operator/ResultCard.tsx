import { useEffect, useRef } from "preact/hooks";
import { formatTicketCode } from "../../domain/ticket_code.ts";
import { ResultIcon } from "./ResultIcon.tsx";
import type { ScannerState, View } from "./scanner_state.ts";

/**
 * A scan's answer over the whole screen in its colour: icon, the API's title
 * and message, the customer on GREEN, and the buttons at thumb height.
 * Focus goes to the title (never to a button, so a keyboard-wedge scanner's
 * Enter cannot verify by accident); Escape is "Scan next".
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
            disabled={view.verifying}
            onClick={s.verify}
          >
            {view.verifying ? "Marking…" : "Mark as Verified"}
          </button>
        )}
        <button type="button" class="result-button next" onClick={s.next}>
          Scan next
        </button>
      </div>
    </section>
  );
}

/** The short "Verified" flash after "Mark as Verified"; a tap dismisses it. */
export function VerifiedFlash(props: { s: ScannerState; code: string }) {
  const title = useRef<HTMLHeadingElement>(null);
  useEffect(() => title.current?.focus(), []);
  return (
    <section
      class="result result-green result-flash"
      role="dialog"
      aria-modal="true"
      aria-labelledby="result-title"
      data-result="VERIFIED"
      onClick={props.s.next}
      onKeyDown={(e) => e.key === "Escape" && props.s.next()}
    >
      <div class="result-body">
        <ResultIcon cue="VERIFIED" size={128} />
        <h1 id="result-title" tabIndex={-1} ref={title}>VERIFIED</h1>
        <p class="result-message" role="status">
          Entry allowed: the ticket is marked as used.
        </p>
        <p class="code nowrap">{formatTicketCode(props.code)}</p>
      </div>
      <div class="result-actions">
        <button type="button" class="result-button next" onClick={props.s.next}>
          Scan next
        </button>
      </div>
    </section>
  );
}
