import type { Ref } from "preact";
import type { ScannerState } from "./scanner_state.ts";

/**
 * The typed fallback, always on screen: any case, spaces and dashes are
 * fine (the server normalises the code).
 */
export function ManualEntry(
  props: { s: ScannerState; input: Ref<HTMLInputElement> },
) {
  const { s } = props;
  const notice = s.notice.value;
  return (
    <form
      class="manual"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        s.check(s.typed.value, "manual");
      }}
    >
      <label for="manual-code">Or type the ticket code</label>
      <p class="hint" id="manual-code-hint">
        20 letters and digits, e.g.{" "}
        <span class="nowrap">7K3Q-W9M2-XC4T-PA8R-1VNE</span>.
      </p>
      <div class="manual-row">
        <input
          id="manual-code"
          ref={props.input}
          type="text"
          class="code-input"
          value={s.typed.value}
          onInput={(e) => (s.typed.value = e.currentTarget.value)}
          maxLength={100}
          autocomplete="off"
          autocapitalize="characters"
          spellcheck={false}
          enterKeyHint="go"
          aria-describedby={notice
            ? "manual-code-hint manual-notice"
            : "manual-code-hint"}
        />
        <button type="submit" class="button primary" disabled={s.busy.value}>
          Check
        </button>
      </div>
      {notice && (
        <p class="field-error" id="manual-notice" role="alert">{notice}</p>
      )}
    </form>
  );
}
