import type { Alert } from "./api.ts";
import { Icon } from "./Icons.tsx";

const SEVERITY_TEXT = { critical: "Critical", warning: "Warning" } as const;

/**
 * Firing alerts as banners, critical first, each with a shape and the word
 * for its severity; "All clear" with what is watched when none fires. A
 * polite live region: a new alert is read out once.
 */
export function AlertList(
  props: { alerts: Alert[]; occupancyWatched?: boolean },
) {
  const firing = props.alerts.filter((a) => a.firing).sort((a, b) =>
    a.severity === b.severity ? 0 : a.severity === "critical" ? -1 : 1
  );
  return (
    <section class="alerts" aria-labelledby="alerts-title">
      <h2 id="alerts-title" class="sr-only">Alerts</h2>
      <div aria-live="polite">
        {firing.length === 0
          ? (
            <p class="alert-banner alert-ok" data-alerts="none">
              <Icon kind="ok" />
              <span>
                <strong>All clear.</strong> {props.occupancyWatched
                  ? "Watching reservation failures, slot capacity, API speed, staff sign-in failures and people inside."
                  : "Watching reservation failures, slot capacity, API speed and staff sign-in failures."}
              </span>
            </p>
          )
          : (
            <ul class="alert-list">
              {firing.map((a) => (
                <li
                  key={a.code}
                  class={`alert-banner alert-${a.severity}`}
                  data-alert={a.code}
                >
                  <Icon kind={a.severity} />
                  <span>
                    <strong>
                      {SEVERITY_TEXT[a.severity]}: {a.title}.
                    </strong>{" "}
                    {a.message}
                  </span>
                </li>
              ))}
            </ul>
          )}
      </div>
    </section>
  );
}
