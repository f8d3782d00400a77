/**
 * The story's alerts ("Metrics & Monitoring"), decided from facts: no I/O.
 * Every check is returned, firing or not, so a dashboard can show what it
 * watches as well as what is wrong.
 */

/** Reservation failures above this share of attempts in the window. */
export const FAILURE_RATE_LIMIT = 0.1;
/** Fewer attempts than this in the window are too few to judge a rate. */
export const FAILURE_RATE_MIN_ATTEMPTS = 10;
/** A slot booked above this share of its capacity. */
export const SLOT_UTILIZATION_LIMIT = 0.9;
/** API 95th percentile above this many seconds. */
export const API_P95_LIMIT_SECONDS = 1;
/** Fewer API requests than this in the window are too few for a percentile. */
export const API_P95_MIN_REQUESTS = 20;
/** More failed or throttled staff sign-ins than this in the window. */
export const AUTH_FAILURE_LIMIT = 20;

/** What is checked. */
export type AlertCode =
  | "RESERVATION_FAILURE_RATE"
  | "SLOT_NEARLY_FULL"
  | "API_SLOW"
  | "AUTH_FAILURE_SPIKE"
  | "MAX_OCCUPANCY";

/** One check and its state. */
export interface Alert {
  code: AlertCode;
  firing: boolean;
  /** `critical` needs someone now; `warning` needs planning. */
  severity: "critical" | "warning";
  title: string;
  /** What was measured, in a sentence. */
  message: string;
  /** The measured value (a fraction, seconds or a count); null when unknown. */
  value: number | null;
  threshold: number;
  /** SLOT_NEARLY_FULL: the slots above the limit. */
  slots?: { id: number; start_time: string; end_time: string }[];
}

/** What the checks look at. */
export interface AlertFacts {
  windowMinutes: number;
  reservations: { attempts: number; failed: number };
  /** Today's slots that have not ended. */
  openSlots: {
    id: number;
    start_time: string;
    end_time: string;
    booked_count: number;
    total_capacity: number;
  }[];
  api: { requests: number; p95Seconds: number | null };
  /** Failed plus throttled staff sign-ins. */
  authFailures: number;
}

/** `0.123` as `12.3%`. */
function percent(x: number): string {
  return `${Math.round(x * 1000) / 10}%`;
}

/** Every check of the story's "Alerts", in a fixed order. */
export function evaluateAlerts(f: AlertFacts): Alert[] {
  const win = `${f.windowMinutes} min`;
  const { attempts, failed } = f.reservations;
  const rate = attempts > 0 ? failed / attempts : null;
  const judged = attempts >= FAILURE_RATE_MIN_ATTEMPTS;

  const full = f.openSlots.filter((s) =>
    s.booked_count / s.total_capacity > SLOT_UTILIZATION_LIMIT
  );
  const top = Math.max(
    0,
    ...f.openSlots.map((s) => s.booked_count / s.total_capacity),
  );

  const p95 = f.api.p95Seconds;
  const p95Judged = p95 !== null && f.api.requests >= API_P95_MIN_REQUESTS;

  return [
    {
      code: "RESERVATION_FAILURE_RATE",
      firing: judged && rate! > FAILURE_RATE_LIMIT,
      severity: "critical",
      title: "High reservation failure rate",
      message: rate === null
        ? `No reservation attempts in the last ${win}.`
        : `${failed} of ${attempts} reservation attempts failed in the last ${win} (${
          percent(rate)
        }; alert above ${percent(FAILURE_RATE_LIMIT)}${
          judged ? "" : `, judged from ${FAILURE_RATE_MIN_ATTEMPTS} attempts`
        }).`,
      value: rate,
      threshold: FAILURE_RATE_LIMIT,
    },
    {
      code: "SLOT_NEARLY_FULL",
      firing: full.length > 0,
      severity: "warning",
      title: "Slot capacity warning",
      message: full.length > 0
        ? `${
          full.map((s) =>
            `${s.start_time}–${s.end_time} is ${
              percent(s.booked_count / s.total_capacity)
            } booked (${s.booked_count} of ${s.total_capacity})`
          ).join("; ")
        }; alert above ${percent(SLOT_UTILIZATION_LIMIT)}.`
        : f.openSlots.length > 0
        ? `The fullest slot still to come today is ${
          percent(top)
        } booked; alert above ${percent(SLOT_UTILIZATION_LIMIT)}.`
        : "No slots left today.",
      value: f.openSlots.length > 0 ? top : null,
      threshold: SLOT_UTILIZATION_LIMIT,
      slots: full.map(({ id, start_time, end_time }) => ({
        id,
        start_time,
        end_time,
      })),
    },
    {
      code: "API_SLOW",
      firing: p95Judged && p95! > API_P95_LIMIT_SECONDS,
      severity: "warning",
      title: "Slow API responses",
      message: p95 === null
        ? `No API requests in the last ${win}.`
        : `95% of ${f.api.requests} API requests in the last ${win} answered within ${
          seconds(p95)
        }; alert above ${API_P95_LIMIT_SECONDS} s${
          p95Judged ? "" : `, judged from ${API_P95_MIN_REQUESTS} requests`
        }.`,
      value: p95,
      threshold: API_P95_LIMIT_SECONDS,
    },
    {
      code: "AUTH_FAILURE_SPIKE",
      firing: f.authFailures > AUTH_FAILURE_LIMIT,
      severity: "critical",
      title: "Staff sign-in failures spiking",
      message:
        `${f.authFailures} failed or throttled staff sign-ins in the last ${win}; alert above ${AUTH_FAILURE_LIMIT}.`,
      value: f.authFailures,
      threshold: AUTH_FAILURE_LIMIT,
    },
  ];
}

/**
 * More people inside than the venue's `max_occupancy` (live, from the
 * dashboard's occupancy); null when no maximum is set.
 */
export function occupancyAlert(
  o: { inside_count: number; max_occupancy: number | null; over_max: boolean },
): Alert | null {
  if (o.max_occupancy === null) return null;
  return {
    code: "MAX_OCCUPANCY",
    firing: o.over_max,
    severity: "critical",
    title: "Too many people inside",
    message:
      `${o.inside_count} people inside now; at most ${o.max_occupancy} ` +
      `at once (alert above ${o.max_occupancy}).`,
    value: o.inside_count,
    threshold: o.max_occupancy,
  };
}

/** Seconds as `850 ms` or `1.2 s`. */
function seconds(s: number): string {
  return s < 1 ? `${Math.round(s * 1000)} ms` : `${Math.round(s * 10) / 10} s`;
}
