/**
 * The nearby times a move's SLOT_FULL answer offers (`details.alternatives`,
 * API.md), each a button that tries the move again to that slot.
 */
import type { ApiError } from "../api.ts";
import type { SlotChoice } from "../../portal/api.ts";
import { longDate } from "../dates.ts";

/**
 * The alternatives of a SLOT_FULL `error`, without slot `current` (the
 * reservation's own); none for other errors or malformed details.
 */
export function moveAlternatives(
  error: ApiError | null,
  current: number,
): SlotChoice[] {
  if (error?.code !== "SLOT_FULL") return [];
  const list = error.details?.alternatives;
  if (!Array.isArray(list)) return [];
  return list.filter((a): a is SlotChoice =>
    typeof a?.id === "number" && a.id !== current &&
    typeof a.date === "string" && typeof a.start_time === "string" &&
    typeof a.end_time === "string"
  );
}

/** The buttons of `choices`; `onMove` retries the move to the one pressed. */
export function MoveAlternatives(props: {
  choices: SlotChoice[];
  busy: boolean;
  onMove: (slot: SlotChoice) => void;
}) {
  if (props.choices.length === 0) return null;
  return (
    <ul class="alternatives" aria-label="Nearby times with room">
      {props.choices.map((alt) => (
        <li key={alt.id}>
          <button
            type="button"
            class="button alternative"
            disabled={props.busy}
            data-alternative={alt.id}
            onClick={() => props.onMove(alt)}
          >
            <span class="alt-when">
              Move to {longDate(alt.date)},{" "}
              <span class="nowrap">{alt.start_time}–{alt.end_time}</span>
            </span>
            {typeof alt.available_count === "number" && (
              <span class="alt-room">{alt.available_count} free</span>
            )}
          </button>
        </li>
      ))}
    </ul>
  );
}
