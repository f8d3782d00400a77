/**
 * The pieces of the "Check and confirm" step that the single-ticket and the
 * group booking share: the summary's slot rows and "Change" links, the
 * nearby times offered when the slot filled up, and the step's buttons.
 */
import type { SlotChoice } from "./api.ts";
import { longDate, places, shortDate, timeRange } from "./format.ts";

/** "Change" link in the summary; `label` tells screen readers what. */
export function Change(props: { label: string; onClick: () => void }) {
  return (
    <button type="button" class="link" onClick={props.onClick}>
      Change<span class="sr-only">{` ${props.label}`}</span>
    </button>
  );
}

/** The summary's Date (with its "Change") and Time rows. */
export function SlotRows(props: { slot: SlotChoice; onChange: () => void }) {
  const { slot } = props;
  return (
    <>
      <div>
        <dt>Date</dt>
        <dd>
          {longDate(slot.date)}
          <Change label="date and time" onClick={props.onChange} />
        </dd>
      </div>
      <div>
        <dt>Time</dt>
        <dd>{timeRange(slot.start_time, slot.end_time)}</dd>
      </div>
    </>
  );
}

/** Nearby times with room, each booked with one click. */
export function Alternatives(
  props: {
    alternatives: SlotChoice[];
    busy: boolean;
    onBook: (alt: SlotChoice) => void;
  },
) {
  if (props.alternatives.length === 0) return null;
  return (
    <ul class="alternatives">
      {props.alternatives.map((alt) => (
        <li key={alt.id}>
          <button
            type="button"
            class="button alternative"
            disabled={props.busy}
            onClick={() => props.onBook(alt)}
          >
            <span class="alt-when">
              Book {shortDate(alt.date)},{" "}
              <span class="nowrap">
                {timeRange(alt.start_time, alt.end_time)}
              </span>
            </span>
            {alt.available_count !== undefined && (
              <span class="alt-room">{places(alt.available_count)} left</span>
            )}
          </button>
        </li>
      ))}
    </ul>
  );
}

/** The way back to the dates once the chosen slot cannot be booked. */
export function ChooseAnotherDate(props: { onClick: () => void }) {
  return (
    <button type="button" class="button" onClick={props.onClick}>
      Choose another date
    </button>
  );
}

/** "Book"/"Back" buttons and the status line screen readers hear. */
export function ConfirmButtons(
  props: {
    busy: boolean;
    /** Hide the buttons (the slot is gone: only the ways forward remain). */
    hidden: boolean;
    label: string;
    onConfirm: () => void;
    onBack: () => void;
  },
) {
  const { busy } = props;
  return (
    <>
      {!props.hidden && (
        <div class="buttons">
          <button
            type="button"
            class="button primary"
            disabled={busy}
            onClick={props.onConfirm}
          >
            {busy ? "Booking…" : props.label}
          </button>
          <button type="button" class="button" onClick={props.onBack}>
            Back
          </button>
        </div>
      )}
      <p class="sr-only" role="status">
        {busy ? "Booking your visit…" : ""}
      </p>
    </>
  );
}

/** The summary's Email (with its "Change") and Phone rows. */
export function ContactRows(
  props: {
    email: string;
    /** The phone number as shown. */
    phone: string;
    onChange: () => void;
  },
) {
  return (
    <>
      <div>
        <dt>Email</dt>
        <dd>
          {props.email}
          <Change label="contact details" onClick={props.onChange} />
        </dd>
      </div>
      <div>
        <dt>Phone</dt>
        <dd>{props.phone}</dd>
      </div>
    </>
  );
}
