import { useT } from "../../i18n.tsx";
import type { Translator } from "../../../domain/translator.ts";
import { formatTicketCode } from "../../../domain/ticket_code.ts";
import { ticketMessage } from "../messages.ts";
import type { CodeEntry, GroupState } from "../group_state.ts";
import { MAX_GROUP } from "../group_state.ts";

/** Step 1 of a group: paste or add the codes; each is checked as it comes. */
export function CodesStep(props: { s: GroupState }) {
  const { s } = props;
  const entries = s.entries.value;
  const ready = s.ready().length;
  const error = s.listError.value;
  return (
    <section class="panel" aria-labelledby="step-title">
      <h2 id="step-title" tabIndex={-1} data-step-heading>
        Your tickets
      </h2>
      <p>
        Book one time for 2 to {MAX_GROUP}{" "}
        tickets at once. Paste the codes from your order emails, or add them one
        by one.
      </p>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          s.addCodes(s.draft.value);
        }}
      >
        <div class="field">
          <label for="ticket-codes">Ticket codes</label>
          <p class="hint" id="ticket-codes-hint">
            One per line, or separated by commas or spaces.
          </p>
          <textarea
            id="ticket-codes"
            name="codes"
            rows={3}
            class="code-input"
            value={s.draft.value}
            onInput={(e) => (s.draft.value = e.currentTarget.value)}
            autocomplete="off"
            autocapitalize="characters"
            spellcheck={false}
            aria-describedby="ticket-codes-hint"
          />
        </div>
        <button type="submit" class="button">Add codes</button>
      </form>
      {entries.length > 0 && (
        <>
          <h3 id="code-list-title">
            {ready} of {entries.length} ready to book
          </h3>
          <ol class="code-list" aria-labelledby="code-list-title">
            {entries.map((e, i) => (
              <CodeRow
                key={`${e.typed}-${i}`}
                entry={e}
                onRemove={() => s.removeCode(i)}
              />
            ))}
          </ol>
        </>
      )}
      {error && <p class="field-error" role="alert">{error}</p>}
      <div class="buttons">
        <button
          type="button"
          class="button primary"
          onClick={() => s.submitCodes()}
        >
          Continue
        </button>
        <a class="button" href="/reserve">Book a single ticket</a>
      </div>
    </section>
  );
}

function CodeRow(props: { entry: CodeEntry; onRemove: () => void }) {
  const t = useT();
  const e = props.entry;
  const shown = e.code ? formatTicketCode(e.code) : e.typed;
  const text = e.status === "checking"
    ? "Checking…"
    : e.status === "ok"
    ? "Ready to book"
    : problemText(t, e);
  return (
    <li class={`code-row code-${e.status}`} data-status={e.status}>
      <span class="code">{shown}</span>
      <span
        class="code-state"
        role={e.status === "problem" ? "alert" : undefined}
      >
        {text}
      </span>
      <button type="button" class="link" onClick={props.onRemove}>
        Remove<span class="sr-only">{` ${shown}`}</span>
      </button>
    </li>
  );
}

function problemText(t: Translator, e: CodeEntry): string {
  switch (e.problem?.code) {
    case "NOT_A_CODE":
      return "This is not a ticket code.";
    case "DUPLICATE":
      return "This code is in the list already.";
    case "OTHER_VENUE":
      return "This ticket is for another venue.";
    default:
      return ticketMessage(t, e.problem ?? { code: "INTERNAL" }).title + ".";
  }
}
