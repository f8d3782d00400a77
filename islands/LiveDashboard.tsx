/**
 * The manager's dashboard at `/manager`: people inside now (in total, per
 * gate, against the maximum), a day's slots as bars with entries and exits,
 * the day's totals, the story's key metrics and alerts. Today's counts move
 * with every live event (bookings, the door, expiry, slot changes and
 * removals); metrics refresh every 15 seconds and shortly after a change.
 * The chosen day is in the address (`?date=`). The server renders the first
 * state.
 */
import { useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import { hydrateIsland } from "../components/hydrate.ts";
import { zonedNow } from "../domain/clock.ts";
import {
  type DashboardMetrics,
  type DashboardSummary,
  fetchMetrics,
  fetchSummary,
  type LiveChange,
  LOGIN_TO_DASHBOARD,
} from "../components/manager/api.ts";
import {
  applyChange,
  applyOccupancy,
  totalsOf,
} from "../components/manager/state.ts";
import { dateOfUrl, urlOfDate } from "../components/manager/day_url.ts";
import { OccupancyPanel } from "../components/manager/OccupancyPanel.tsx";
import { occupancyAlert } from "../domain/alerts.ts";
import { type Connection, openStream } from "../components/manager/live.ts";
import { DashHeader } from "../components/manager/DashHeader.tsx";
import { AlertList } from "../components/manager/AlertList.tsx";
import { DayNav } from "../components/manager/DayNav.tsx";
import { Totals } from "../components/manager/Totals.tsx";
import { SlotTable } from "../components/manager/SlotTable.tsx";
import { MetricsPanel } from "../components/manager/MetricsPanel.tsx";
import { longDate, timeRange } from "../components/manager/format.ts";
import { ConflictPanel } from "../components/manager/ConflictPanel.tsx";
import {
  type Conflict,
  fetchConflicts,
} from "../components/manager/conflicts.ts";

/** The island's JSON props. */
export interface DashboardProps {
  orq: number;
  org: string;
  timezone: string;
  manager: { name: string; role: string };
  /** The server's clock (ISO) when it rendered: the venue's "now" and the skew. */
  now: string;
  /** Today's summary. */
  summary: DashboardSummary;
  /** The summary of the day in the address, when that is not today. */
  day?: DashboardSummary;
  metrics: DashboardMetrics;
}

/** Between metric refreshes. */
const METRICS_EVERY_MS = 15_000;

/** The dashboard; state in signals, the live stream opened after hydration. */
export default function LiveDashboard(props: DashboardProps) {
  const today = useSignal(props.summary);
  /** Another day's summary while one is shown; "today" follows the stream. */
  const other = useSignal<DashboardSummary | null>(props.day ?? null);
  const selected = useSignal(props.day?.date ?? props.summary.date);
  const busy = useSignal(false);
  const problem = useSignal<string | null>(null);
  const metrics = useSignal<DashboardMetrics>(props.metrics);
  const connection = useSignal<Connection>("connecting");
  const nowMs = useSignal(Date.parse(props.now));
  const changed = useSignal<number | null>(null);
  const announce = useSignal("");
  const skew = useRef(0);
  const conflicts = useSignal<{ date: string; items: Conflict[] } | null>(
    null,
  );

  const shown = other.value ?? today.value;

  /** The offline conflicts of the day shown (kept unless the read fails). */
  async function loadConflicts(date: string) {
    const r = await fetchConflicts(props.orq, date);
    if (r.ok && (other.value ?? today.value).date === date) {
      conflicts.value = { date, items: r.data.conflicts };
    }
  }
  useEffect(() => {
    loadConflicts(shown.date);
  }, [shown.date]);
  const venueNow = zonedNow(new Date(nowMs.value), props.timezone);

  async function reloadToday(date: string) {
    const r = await fetchSummary(props.orq, date);
    if (r.ok) today.value = r.data;
    else if (r.status === 401) location.assign(LOGIN_TO_DASHBOARD);
  }

  async function refreshMetrics() {
    const r = await fetchMetrics(props.orq);
    if (!r.ok) {
      if (r.status === 401) location.assign(LOGIN_TO_DASHBOARD);
      return;
    }
    metrics.value = r.data;
    // Past midnight at the venue: today is another day.
    if (r.data.date !== today.value.date) {
      const followed = selected.value === today.value.date;
      await reloadToday(r.data.date);
      if (followed) selected.value = r.data.date;
    }
  }

  /** Shows `date`; `push` records it in the address (not when going back). */
  async function go(date: string, push = true) {
    selected.value = date;
    problem.value = null;
    const record = () => {
      const url = urlOfDate(location.href, date, today.value.date);
      if (push && url !== location.pathname + location.search) {
        history.pushState(null, "", url);
      }
    };
    if (date === today.value.date) {
      other.value = null;
      busy.value = false;
      record();
      return;
    }
    busy.value = true;
    const r = await fetchSummary(props.orq, date);
    if (selected.value !== date) return; // another day was asked for meanwhile
    busy.value = false;
    if (r.ok) {
      other.value = r.data;
      record();
    } else if (r.status === 401) {
      location.assign(LOGIN_TO_DASHBOARD);
    } else {
      problem.value = `Could not load ${longDate(date)}. ${
        r.status === 0 ? "The server could not be reached." : "Try again."
      }`;
      selected.value = shown.date;
    }
  }

  useEffect(() => {
    skew.current = Date.parse(props.now) - Date.now();
    const tick = setInterval(() => {
      nowMs.value = Date.now() + skew.current;
    }, 30_000);
    const poll = setInterval(refreshMetrics, METRICS_EVERY_MS);
    // Back and forward move between the days shown.
    const back = () => go(dateOfUrl(location.href) ?? today.value.date, false);
    addEventListener("popstate", back);
    // An address whose date could not be read shows today: say so in it.
    if (
      location.search.includes("date=") &&
      dateOfUrl(location.href) !== selected.value
    ) {
      history.replaceState(
        null,
        "",
        urlOfDate(location.href, selected.value, today.value.date),
      );
    }
    let soon: ReturnType<typeof setTimeout> | undefined;
    let unflash: ReturnType<typeof setTimeout> | undefined;

    const apply = (change: LiveChange) => {
      const t = applyOccupancy(applyChange(today.value, change), change);
      const known = today.value.slots.some((s) => s.id === change.slot.id);
      if (t !== today.value) today.value = t;
      if (
        !known && !("deleted" in change) &&
        change.slot.date === today.value.date
      ) reloadToday(change.slot.date); // a new slot
      if (other.value) other.value = applyChange(other.value, change);
      if ("deleted" in change) return;
      const row = (other.value ?? today.value).slots.find((s) =>
        s.id === change.slot.id
      );
      if (!row) return;
      changed.value = row.id;
      clearTimeout(unflash);
      unflash = setTimeout(() => changed.value = null, 2500);
      announce.value = `${
        timeRange(row)
      }: ${row.booked_count} booked, ${row.verified_count} verified, ${row.entries} in, ${row.exits} out.`;
    };

    const close = openStream(props.orq, {
      snapshot(s) {
        today.value = s;
        nowMs.value = Date.now() + skew.current;
      },
      change(_kind, change) {
        apply(change);
        soon ??= setTimeout(() => {
          soon = undefined;
          refreshMetrics();
        }, 1000);
      },
      conflict() {
        const day = (other.value ?? today.value).date;
        if (day === today.value.date) loadConflicts(day);
      },
      state(s) {
        connection.value = s;
      },
      unauthorized() {
        location.assign(LOGIN_TO_DASHBOARD);
      },
    });
    return () => {
      close();
      removeEventListener("popstate", back);
      clearInterval(tick);
      clearInterval(poll);
      clearTimeout(soon);
      clearTimeout(unflash);
    };
  }, []);

  const isToday = shown.date === today.value.date;
  // The maximum's alert is live: it follows the stream, not the metrics poll.
  const crowd = today.value.occupancy && occupancyAlert(today.value.occupancy);
  const alerts = crowd
    ? [crowd, ...metrics.value.alerts]
    : metrics.value.alerts;
  const title = `Slots on ${longDate(shown.date)}${isToday ? " (today)" : ""}`;
  return (
    <div class="dashboard">
      <DashHeader
        org={props.org}
        timezone={props.timezone}
        name={props.manager.name}
        connection={connection.value}
      />
      <AlertList alerts={alerts} occupancyWatched={crowd !== null} />
      <OccupancyPanel occupancy={today.value.occupancy} />
      {conflicts.value?.date === shown.date && (
        <ConflictPanel
          conflicts={conflicts.value.items}
          timezone={props.timezone}
          date={shown.date}
        />
      )}
      <section
        class="panel day-panel"
        aria-labelledby="day-title"
        aria-busy={busy.value ? "true" : "false"}
        data-date={shown.date}
      >
        <div class="day-head">
          <h2 id="day-title">{title}</h2>
          <DayNav
            date={selected.value}
            today={today.value.date}
            busy={busy.value}
            go={go}
          />
        </div>
        {problem.value && <p class="alert" role="alert">{problem.value}</p>}
        <Totals totals={totalsOf(shown, venueNow)} />
        <SlotTable
          summary={shown}
          now={venueNow}
          caption={title}
          changed={changed.value}
        />
        <p class="sr-only" aria-live="polite">{announce.value}</p>
      </section>
      <MetricsPanel m={metrics.value} />
    </div>
  );
}

if (typeof document !== "undefined") {
  hydrateIsland("LiveDashboard", LiveDashboard);
}
