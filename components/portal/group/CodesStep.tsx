import { useT } from "../../i18n.tsx";
import type { Translator } from "../../../domain/translator.ts";
import { formatTicketCode } from "../../../domain/ticket_code.ts";
import { ticketMessage } from "../messages.ts";
import type { CodeEntry, GroupState } from "../group_state.ts";
import { MAX_GROUP } from "../group_state.ts";
import { inLanguage } from "../../LanguageSwitcher.tsx";

/** Step 1 of a group: paste or add the codes; each is checked as it comes. */
export function CodesStep(props: { s: GroupState }) {
  const t = useT();
  const { s } = props;
  const entries = s.entries.value;
  const ready = s.ready().length;
  const error = s.listError.value;
  return (
    <section class="panel" aria-labelledby="step-title">
      <h2 id="step-title" tabIndex={-1} data-step-heading>
        {t("group.codes.title")}
      </h2>
      <p>{t("group.codes.intro", { max: MAX_GROUP })}</p>
      {/* Without JavaScript the form posts here, the list in hidden fields. */}
      <form
        id="codes-form"
        method="post"
        action="/reserve/group"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          s.addCodes(s.draft.value);
        }}
      >
        <input type="hidden" name="step" value="ticket" />
        <div class="field">
          <label for="ticket-codes">{t("group.codes.label")}</label>
          <p class="hint" id="ticket-codes-hint">
            {t("group.codes.hint")}
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
        <button type="submit" class="button" name="go" value="add">
          {t("group.codes.add")}
        </button>
      </form>
      {entries.length > 0 && (
        <>
          <h3 id="code-list-title">
            {t("group.codes.readyCount", {
              ready,
              total: entries.length,
            })}
          </h3>
          <ol class="code-list" aria-labelledby="code-list-title">
            {entries.map((e, i) => (
              <CodeRow
                key={`${e.typed}-${i}`}
                entry={e}
                index={i}
                onRemove={() => s.removeCode(i)}
              />
            ))}
          </ol>
        </>
      )}
      {error && (
        <p class="field-error" role="alert">
          {t(error, { max: MAX_GROUP })}
        </p>
      )}
      <div class="buttons">
        <button
          type="submit"
          form="codes-form"
          name="go"
          value="continue"
          class="button primary"
          onClick={(e) => {
            e.preventDefault();
            s.submitCodes();
          }}
        >
          {t("group.codes.continue")}
        </button>
        <a class="button" href={inLanguage("/reserve", t.locale)}>
          {t("group.codes.single")}
        </a>
      </div>
    </section>
  );
}

function CodeRow(
  props: { entry: CodeEntry; index: number; onRemove: () => void },
) {
  const t = useT();
  const e = props.entry;
  const shown = e.code ? formatTicketCode(e.code) : e.typed;
  const text = e.status === "checking"
    ? t("group.codes.checking")
    : e.status === "ok"
    ? t("group.codes.ready")
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
      <input
        type="hidden"
        name="code"
        form="codes-form"
        value={e.code ?? e.typed}
      />
      <button
        type="submit"
        form="codes-form"
        name="remove"
        value={String(props.index)}
        class="link"
        onClick={(ev) => {
          ev.preventDefault();
          props.onRemove();
        }}
      >
        {t("group.codes.remove")}
        <span class="sr-only">{` ${shown}`}</span>
      </button>
    </li>
  );
}

function problemText(t: Translator, e: CodeEntry): string {
  switch (e.problem?.code) {
    case "NOT_A_CODE":
      return t("group.codes.notACode");
    case "DUPLICATE":
      return t("group.codes.duplicate");
    case "OTHER_VENUE":
      return t("group.codes.otherVenue");
    default:
      return ticketMessage(t, e.problem ?? { code: "INTERNAL" }).title + ".";
  }
}
