import type { ComponentChildren } from "preact";
import type { DashboardMetrics } from "./api.ts";
import { Icon } from "./Icons.tsx";
import { duration, int, pct, pct1, reasonText } from "./format.ts";
import {
  API_P95_LIMIT_SECONDS,
  API_P95_MIN_REQUESTS,
  AUTH_FAILURE_LIMIT,
  FAILURE_RATE_LIMIT,
  FAILURE_RATE_MIN_ATTEMPTS,
  SLOT_UTILIZATION_LIMIT,
} from "../../domain/alerts.ts";

/** One key figure: its name, value, what it counts, and whether it alerts. */
function Metric(
  props: {
    id: string;
    label: string;
    value: string;
    note: string;
    /** When its alert fires: what crossed the line, in words. */
    flag?: { text: string; severity: "critical" | "warning" } | null;
    children?: ComponentChildren;
  },
) {
  const flag = props.flag;
  return (
    <div
      class={`metric${flag ? ` metric-firing firing-${flag.severity}` : ""}`}
      data-metric={props.id}
    >
      <dt>{props.label}</dt>
      <dd>
        <span class="metric-value">{props.value}</span>
        <span class="metric-note">{props.note}</span>
        {flag && (
          <span class="metric-flag">
            <Icon kind={flag.severity} size={16} />
            {flag.text}
          </span>
        )}
        {props.children}
      </dd>
    </div>
  );
}

/** The story's key metrics, with what each one counts. */
export function MetricsPanel(props: { m: DashboardMetrics }) {
  const { m } = props;
  /** The metric's flag when alert `code` fires. */
  const flag = (code: string, text: (slots: number) => string) => {
    const a = m.alerts.find((a) => a.code === code && a.firing);
    return a
      ? { text: text(a.slots?.length ?? 0), severity: a.severity }
      : null;
  };
  const win = `last ${m.window_minutes} min`;
  const reasons = Object.entries(m.reservations.by_reason).sort((a, b) =>
    b[1] - a[1]
  );
  return (
    <section class="panel metrics" aria-labelledby="metrics-title">
      <h2 id="metrics-title">Key metrics</h2>
      <dl class="metric-grid">
        <Metric
          id="conversion"
          label="Reservation conversion"
          value={pct(m.conversion.rate)}
          note={`${int(m.conversion.reserved)} of ${
            int(m.conversion.eligible)
          } paid tickets reserved (all time)`}
        />
        <Metric
          id="utilization"
          label="Slot utilization today"
          value={pct(m.utilization.overall)}
          note={`${int(m.utilization.booked_count)} of ${
            int(m.utilization.total_capacity)
          } places booked`}
          flag={flag(
            "SLOT_NEARLY_FULL",
            (n) =>
              `${n} ${n === 1 ? "slot" : "slots"} still to come above ${
                pct(SLOT_UTILIZATION_LIMIT)
              }`,
          )}
        />
        <Metric
          id="failures"
          label={`Failed reservations (${win})`}
          value={pct1(m.reservations.failure_rate)}
          note={`${int(m.reservations.failed)} of ${
            int(m.reservations.attempts)
          } attempts`}
          flag={flag(
            "RESERVATION_FAILURE_RATE",
            () => `Above the ${pct(FAILURE_RATE_LIMIT)} alert line`,
          )}
        >
          {reasons.length > 0 && (
            <ul class="reasons" aria-label="Failures by reason">
              {reasons.map(([code, n]) => (
                <li key={code} data-reason={code}>
                  <span>{reasonText(code)}</span> <strong>{int(n)}</strong>
                </li>
              ))}
            </ul>
          )}
        </Metric>
        <Metric
          id="validation"
          label={`Average scan decision time (${win})`}
          value={duration(m.validation.mean_ms)}
          note={`over ${int(m.validation.count)} scans`}
        />
        <Metric
          id="api"
          label={`API response time, 95th percentile (${win})`}
          value={duration(m.api.p95_ms)}
          note={`over ${int(m.api.requests)} requests`}
          flag={flag(
            "API_SLOW",
            () => `Above the ${API_P95_LIMIT_SECONDS} s alert line`,
          )}
        />
        <Metric
          id="auth"
          label={`Failed staff sign-ins (${win})`}
          value={int(m.auth.failed + m.auth.throttled)}
          note={`${int(m.auth.failed)} wrong, ${
            int(m.auth.throttled)
          } throttled`}
          flag={flag(
            "AUTH_FAILURE_SPIKE",
            () => `Above the alert line of ${AUTH_FAILURE_LIMIT}`,
          )}
        />
      </dl>
      <details class="definitions">
        <summary>How these are measured</summary>
        <dl>
          <dt>Reservation conversion</dt>
          <dd>
            Tickets with a reservation (reserved, verified, or expired after
            one) divided by tickets that could be reserved: paid (activated) or
            any later status. The app does not keep customers' ticket checks, so
            paid tickets stand in for "tickets validated". All time, this
            organization.
          </dd>
          <dt>Slot utilization</dt>
          <dd>
            Booked places divided by capacity, over today's slots and per slot
            in the table. Alert when a slot that has not ended is more than{" "}
            {pct(SLOT_UTILIZATION_LIMIT)} booked.
          </dd>
          <dt>Failed reservations</dt>
          <dd>
            Answers of the reservation API other than "created", by error code,
            and their share of all attempts. Alert above{" "}
            {pct(FAILURE_RATE_LIMIT)} once there are at least{" "}
            {FAILURE_RATE_MIN_ATTEMPTS} attempts.
          </dd>
          <dt>Average scan decision time</dt>
          <dd>
            How long the server takes to answer a scan (GREEN, RED or YELLOW),
            from the request to the answer.
          </dd>
          <dt>API response time</dt>
          <dd>
            The time within which 95% of API requests were answered (the live
            stream excluded), from the server's latency histogram. Alert above
            {" "}
            {API_P95_LIMIT_SECONDS} s once there are at least{" "}
            {API_P95_MIN_REQUESTS} requests.
          </dd>
          <dt>Failed staff sign-ins</dt>
          <dd>
            Sign-ins refused for a wrong username or secret, plus attempts
            refused while throttled. Alert above {AUTH_FAILURE_LIMIT}.
          </dd>
          <dt>Scope</dt>
          <dd>
            Conversion and utilization come from the database. Failures, scan
            time, API speed and sign-ins are counted by this server instance
            over the last {m.window_minutes}{" "}
            minutes, all organizations together; with several instances, each
            counts its own traffic.
          </dd>
        </dl>
      </details>
    </section>
  );
}
