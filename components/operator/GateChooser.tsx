import { useSignal } from "@preact/signals";
import { useLayoutEffect, useRef } from "preact/hooks";
import {
  cleanGate,
  GATE_MAX,
  type GateChoice,
  gateProblem,
} from "./device_prefs.ts";

/**
 * Which gate this device stands at, asked on its first scan page and
 * whenever the header's gate is tapped. The name goes with every check-in,
 * so the door log and the dashboard can count per gate.
 */
export function GateChooser(
  props: {
    current: GateChoice;
    onChoose: (gate: string | null) => void;
    onCancel: () => void;
  },
) {
  const typed = useSignal(props.current ?? "");
  const problem = useSignal<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  // In the same commit as the dialog: a key pressed at once (Escape, or a
  // scanner's typing) already lands in it.
  useLayoutEffect(() => input.current?.focus(), []);
  const first = props.current === undefined;
  return (
    <section
      class="gate-chooser"
      role="dialog"
      aria-modal="true"
      aria-labelledby="gate-title"
      onKeyDown={(e) => !first && e.key === "Escape" && props.onCancel()}
    >
      <form
        class="gate-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          problem.value = gateProblem(typed.value);
          if (!problem.value) props.onChoose(cleanGate(typed.value));
        }}
      >
        <h1 id="gate-title">Which gate is this?</h1>
        <p class="hint" id="gate-hint">
          Every scan on this device is recorded at this gate. It is remembered
          on this device.
        </p>
        <label for="gate-name">Gate name</label>
        <input
          id="gate-name"
          ref={input}
          type="text"
          value={typed.value}
          onInput={(e) => (typed.value = e.currentTarget.value)}
          maxLength={GATE_MAX + 10}
          autocomplete="off"
          enterKeyHint="done"
          placeholder="e.g. North entrance"
          aria-invalid={problem.value ? "true" : undefined}
          aria-describedby={problem.value
            ? "gate-hint gate-error"
            : "gate-hint"}
        />
        {problem.value && (
          <p class="field-error" id="gate-error" role="alert">
            {problem.value}
          </p>
        )}
        <button type="submit" class="button primary block">
          Use this gate
        </button>
        <button
          type="button"
          class="button block"
          onClick={() => props.onChoose(null)}
        >
          No gate
        </button>
        {!first && (
          <button type="button" class="button block" onClick={props.onCancel}>
            Cancel
          </button>
        )}
      </form>
    </section>
  );
}
