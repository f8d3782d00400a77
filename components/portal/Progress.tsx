import { useT } from "../i18n.tsx";
import { type Step, STEPS } from "./state.ts";

/** Where the customer is: "Step 2 of 5", with every step's name on wide screens. */
export function Progress(props: { step: Step }) {
  const t = useT();
  const current = STEPS.findIndex((s) => s.id === props.step);
  return (
    <nav class="progress" aria-label={t("portal.progress.label")}>
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
                {`${
                  t("portal.progress.stepOf", {
                    number: i + 1,
                    total: STEPS.length,
                  })
                } `}
              </span>
              {t(s.label)}
              {i < current && (
                <span class="sr-only">{t("portal.progress.completed")}</span>
              )}
            </span>
          </li>
        ))}
      </ol>
    </nav>
  );
}
