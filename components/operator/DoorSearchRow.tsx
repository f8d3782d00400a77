import { useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import { formatTicketCode } from "../../domain/ticket_code.ts";
import { ResultIcon } from "./ResultIcon.tsx";
import { backToLogin } from "./session.ts";
import { checkIn, type CheckInAnswer, type SearchItem } from "./search_api.ts";
import {
  type AdmitOutcome,
  admitOutcome,
  mayAdmit,
  problemText,
  slotText,
} from "./door_search_view.ts";

/** Props of {@link DoorSearchRow}. */
export interface DoorSearchRowProps {
  item: SearchItem;
  gate: string | null;
  onAdmitted?(answer: CheckInAnswer): void;
}

/**
 * One booking found: slot time, the answer's colour as an icon and its
 * title, the contact as the answer carries it, the code in groups of four;
 * "Admit" on GREEN, then the check-in's answer in its place.
 */
export function DoorSearchRow(props: DoorSearchRowProps) {
  // The answer shown: the search's, then the check-in's.
  const shown = useSignal<SearchItem | CheckInAnswer>(props.item);
  const outcome = useSignal<AdmitOutcome | null>(null);
  const busy = useSignal(false);
  const error = useSignal<string | null>(null);
  // One per row, kept across retries: a repeated tap is one admission.
  const nonce = useRef<string | null>(null);
  const said = useRef<HTMLParagraphElement>(null);

  useEffect(() => {
    if (!outcome.value) shown.value = props.item;
  }, [props.item]);
  useEffect(() => {
    // The button is gone: the answer takes the focus, so it is read out.
    if (outcome.value) said.current?.focus();
  }, [outcome.value]);

  const admit = async () => {
    const ticket = shown.value.ticket;
    if (busy.value || !ticket) return;
    nonce.current ??= crypto.randomUUID();
    busy.value = true;
    error.value = null;
    const r = await checkIn({
      code: ticket.code,
      nonce: nonce.current,
      gate: props.gate,
      direction: "IN",
    });
    busy.value = false;
    if (!r.ok) {
      if (r.error.status === 401) return backToLogin("");
      error.value = problemText(r.error);
      return;
    }
    shown.value = r.data;
    outcome.value = admitOutcome(r.data);
    if (r.data.checked_in) props.onAdmitted?.(r.data);
  };

  const s = shown.value;
  const id = `door-hit-${props.item.reservation_id}`;
  const code = s.ticket ? formatTicketCode(s.ticket.code) : null;
  const done = outcome.value;
  return (
    <li
      class={`door-hit door-hit-${s.result.toLowerCase()}`}
      data-result={s.result}
      data-reason={s.reason}
      aria-labelledby={`${id}-time ${id}-status`}
    >
      <div class="door-hit-facts">
        <p class="door-hit-time" id={`${id}-time`}>
          <span class="sr-only">Slot</span> {slotText(s)}
        </p>
        <p class="door-hit-status" id={`${id}-status`}>
          <ResultIcon cue={s.result} size={22} />
          <span>{s.title}</span>
        </p>
        {s.customer && (
          <p class="door-hit-contact">
            <span>{s.customer.email}</span>
            <span class="nowrap">{s.customer.phone}</span>
          </p>
        )}
        {code && (
          <p class="door-hit-code code">
            <span class="sr-only">Ticket</span> {code}
          </p>
        )}
      </div>
      {done && (
        <p
          class={`door-hit-outcome door-hit-outcome-${done.colour.toLowerCase()}`}
          ref={said}
          tabIndex={-1}
          role="status"
        >
          <strong>{done.title}</strong> {done.message}
        </p>
      )}
      {!done && mayAdmit(s) && (
        <button
          type="button"
          class="button primary door-hit-admit"
          disabled={busy.value}
          onClick={admit}
        >
          {busy.value ? "Admitting…" : "Admit"}
          <span class="sr-only">
            {` ${slotText(s)}${code ? `, ticket ${code}` : ""}`}
          </span>
        </button>
      )}
      {error.value && <p class="field-error" role="alert">{error.value}</p>}
    </li>
  );
}
