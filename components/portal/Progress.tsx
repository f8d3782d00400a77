import { type Step, STEPS } from "./state.ts";

/** Where the customer is: "Step 2 of 5", with every step's name on wide screens. */
export function Progress(props: { step: Step }) {
  const current = STEPS.findIndex((s) => s.id === props.step);
  return (
    <nav class="progress" aria-label="Progress">
      <ol>
        {STEPS.map((s, i) => (
          <li
            key={s.id}
            class={i < current ? "done" : i === current ? "current" : undefined}
            aria-current={i === current ? "step" : undefined}
          >
            <span class="progress-num" aria-hidden="true">{i + 1}</span>
            <span class="progress-label">
              <span class="sr-only">
                {`Step ${i + 1} of ${STEPS.length}: `}
              </span>
              {s.label}
              {i < current && <span class="sr-only">(completed)</span>}
            </span>
          </li>
        ))}
      </ol>
    </nav>
  );
}
