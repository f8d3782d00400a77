import { useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import { formatTicketCode } from "../../domain/ticket_code.ts";
import {
  checkIn,
  type CheckInAnswer,
  type FoundGuest,
  searchGuests,
} from "./api.ts";
import { problemText } from "./scanner_state.ts";
import { backToLogin } from "./session.ts";

/**
 * Finds today's guest whose phone died, by email, phone or part of the code,
 * and admits from the result (a check-in at this device's gate).
 */
export function DoorSearch(
  props: {
    gate: string | null;
    onClose: () => void;
    onAdmitted?: (answer: CheckInAnswer) => void;
  },
) {
  const q = useSignal("");
  const items = useSignal<FoundGuest[] | null>(null);
  const problem = useSignal<string | null>(null);
  const busy = useSignal<string | null>(null);
  // One nonce per guest, so a retried "Admit" admits once.
  const nonces = useRef(new Map<string, string>());
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);

  const search = async () => {
    const text = q.value.trim();
    if (text.length < 3) {
      problem.value = "Type at least 3 characters of the email, phone or code.";
      return;
    }
    busy.value = "search";
    problem.value = null;
    const r = await searchGuests(text);
    busy.value = null;
    if (!r.ok) {
      if (r.error.status === 401) return backToLogin("");
      problem.value = problemText(r.error);
      return;
    }
    items.value = r.data.items;
  };

  const admit = async (guest: FoundGuest) => {
    const code = guest.ticket!.code;
    const nonce = nonces.current.get(code) ?? crypto.randomUUID();
    nonces.current.set(code, nonce);
    busy.value = code;
    problem.value = null;
    const r = await checkIn({ code, nonce, gate: props.gate, direction: "IN" });
    busy.value = null;
    if (!r.ok) {
      if (r.error.status === 401) return backToLogin("");
      problem.value = problemText(r.error);
      return;
    }
    if (r.data.checked_in) return props.onAdmitted?.(r.data);
    // Not admitted: show the guest as the server sees them now.
    nonces.current.delete(code);
    items.value = (items.value ?? []).map((g) =>
      g.ticket?.code === code ? { ...g, ...r.data } : g
    );
  };

  return (
    <section
      class="door-search"
      role="dialog"
      aria-modal="true"
      aria-labelledby="search-title"
      onKeyDown={(e) => e.key === "Escape" && props.onClose()}
    >
      <div class="door-search-body">
        <div class="door-search-top">
          <h1 id="search-title">Find guest</h1>
          <button type="button" class="button small" onClick={props.onClose}>
            Close
          </button>
        </div>
        <form
          class="manual"
          role="search"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            search();
          }}
        >
          <label for="search-q">Email, phone or part of the code</label>
          <div class="manual-row">
            <input
              id="search-q"
              ref={input}
              type="search"
              value={q.value}
              onInput={(e) => (q.value = e.currentTarget.value)}
              maxLength={100}
              autocomplete="off"
              spellcheck={false}
              enterKeyHint="search"
            />
            <button
              type="submit"
              class="button primary"
              disabled={busy.value !== null}
            >
              Search
            </button>
          </div>
        </form>
        {problem.value && (
          <p class="field-error" role="alert">{problem.value}</p>
        )}
        {items.value && (
          <p class="search-count" role="status">
            {items.value.length === 0
              ? "No reservation today matches."
              : `${items.value.length} found today.`}
          </p>
        )}
        <ul class="search-results">
          {(items.value ?? []).map((g) => (
            <li
              key={g.reservation_id}
              class={`found found-${g.result.toLowerCase()}`}
            >
              <p class="found-who">
                <strong>{g.customer?.email}</strong>
                <span>{g.customer?.phone}</span>
              </p>
              <p class="found-when">
                {g.reservation &&
                  `${g.reservation.start_time}–${g.reservation.end_time}`}
                {" · "}
                <span class="code nowrap">
                  {g.ticket && formatTicketCode(g.ticket.code)}
                </span>
              </p>
              <p class="found-state">
                <strong>{g.title}</strong> {g.message}
              </p>
              {g.can_verify && (
                <button
                  type="button"
                  class="button primary block"
                  disabled={busy.value !== null}
                  onClick={() => admit(g)}
                  aria-label={`Admit ${g.customer?.email ?? "this guest"}`}
                >
                  {busy.value === g.ticket?.code ? "Admitting…" : "Admit"}
                </button>
              )}
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}
