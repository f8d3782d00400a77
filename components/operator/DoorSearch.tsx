import { useSignal } from "@preact/signals";
import { useEffect, useLayoutEffect, useRef } from "preact/hooks";
import { backToLogin } from "./session.ts";
import {
  type CheckInAnswer,
  type SearchItem,
  searchToday,
} from "./search_api.ts";
import {
  problemText,
  SEARCH_DEBOUNCE_MS,
  searchable,
  type SearchPhase,
  statusText,
} from "./door_search_view.ts";
import { DoorSearchRow } from "./DoorSearchRow.tsx";

/** Props of {@link DoorSearch}. */
export interface DoorSearchProps {
  /** The gate this phone admits at (sent with each check-in), if set. */
  gate: string | null;
  /** Back to scanning ("Close" or Escape). */
  onClose(): void;
  /** After a check-in that admitted (`checked_in` true). */
  onAdmitted?(answer: CheckInAnswer): void;
}

/**
 * The door search over the whole screen, for a guest without a phone: type
 * part of a code, email or phone number (3+ letters or digits; it searches
 * after a short pause, Enter at once), then admit from today's bookings.
 */
export function DoorSearch(props: DoorSearchProps) {
  const typed = useSignal("");
  const phase = useSignal<SearchPhase>({ kind: "idle" });
  const items = useSignal<SearchItem[]>([]);
  const input = useRef<HTMLInputElement>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const pending = useRef<AbortController | null>(null);

  // Focused in the same commit as the screen, so typing at once lands here.
  useLayoutEffect(() => input.current?.focus(), []);
  useEffect(() => {
    return () => {
      clearTimeout(timer.current);
      pending.current?.abort();
    };
  }, []);

  const run = async (text: string) => {
    clearTimeout(timer.current);
    const q = text.trim();
    if (!searchable(q)) return;
    pending.current?.abort();
    const aborter = new AbortController();
    pending.current = aborter;
    phase.value = { kind: "searching", q };
    let r;
    try {
      r = await searchToday(q, aborter.signal);
    } catch {
      return; // a newer search replaced this one
    }
    if (pending.current !== aborter) return;
    pending.current = null;
    if (!r.ok) {
      if (r.error.status === 401) return backToLogin("");
      phase.value = { kind: "failed", error: r.error };
      return;
    }
    items.value = r.data.items;
    phase.value = { kind: "done", q, count: r.data.items.length };
  };

  const onInput = (text: string) => {
    typed.value = text;
    clearTimeout(timer.current);
    if (searchable(text.trim())) {
      timer.current = setTimeout(() => run(text), SEARCH_DEBOUNCE_MS);
    } else {
      pending.current?.abort();
      pending.current = null;
      items.value = [];
      phase.value = { kind: "idle" };
    }
  };

  const p = phase.value;
  return (
    <section
      class="door-search"
      role="dialog"
      aria-modal="true"
      aria-labelledby="door-search-title"
      onKeyDown={(e) => {
        if (e.key !== "Escape") return;
        // Escape in a filled field empties it first, as search fields do.
        if (e.target === input.current && typed.value) {
          e.preventDefault();
          onInput("");
        } else {
          props.onClose();
        }
      }}
    >
      <header class="door-search-head">
        <h1 id="door-search-title">Find a booking</h1>
        <button type="button" class="button small" onClick={props.onClose}>
          Close
        </button>
      </header>
      <form
        class="door-search-form"
        role="search"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          run(typed.value);
        }}
      >
        <label for="door-search-q">Ticket code, email or phone</label>
        <p class="hint" id="door-search-hint">
          Part of it is enough: 3 or more letters or digits. Today's bookings
          only.
        </p>
        <div class="manual-row">
          <input
            id="door-search-q"
            ref={input}
            type="search"
            value={typed.value}
            onInput={(e) => onInput(e.currentTarget.value)}
            maxLength={254}
            autocomplete="off"
            autocapitalize="none"
            spellcheck={false}
            enterKeyHint="search"
            aria-describedby="door-search-hint door-search-status"
          />
          <button type="submit" class="button primary">Search</button>
        </div>
      </form>
      <p class="door-search-status" id="door-search-status" role="status">
        {statusText(p, typed.value)}
      </p>
      {p.kind === "failed" && (
        <p class="field-error" role="alert">{problemText(p.error)}</p>
      )}
      {items.value.length > 0 && (
        <ul
          class="door-search-results"
          aria-label="Today's bookings found"
          aria-busy={p.kind === "searching"}
        >
          {items.value.map((item) => (
            <DoorSearchRow
              key={item.reservation_id}
              item={item}
              gate={props.gate}
              onAdmitted={props.onAdmitted}
            />
          ))}
        </ul>
      )}
    </section>
  );
}
