import { formatTicketCode } from "../../domain/ticket_code.ts";
import { ResultIcon } from "./ResultIcon.tsx";
import type { ScannerState } from "./scanner_state.ts";

/** The last answer and how many tickets this device verified, under the entry field. */
export function LastScanLine(props: { s: ScannerState }) {
  const { s } = props;
  const last = s.last.value;
  return (
    <section class="last-scan" aria-label="Recent scans">
      {last
        ? (
          <p class={`last last-${last.colour.toLowerCase()}`}>
            <ResultIcon cue={last.colour} size={24} />
            <span>
              Last: <strong>{last.title}</strong>
              {last.code && (
                <span class="code">{" " + formatTicketCode(last.code)}</span>
              )}
            </span>
          </p>
        )
        : <p class="last">No scans yet.</p>}
      <p class="count">
        Verified on this device: <strong>{s.verifiedCount.value}</strong>
      </p>
    </section>
  );
}
