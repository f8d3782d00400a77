/**
 * `/admin/reservations` (managers and administrators): a day's list, a
 * search by code fragment, email or phone, the CSV export, and per
 * reservation resend, move (the customers' calendar) and cancel.
 */
import { I18nProvider } from "../components/i18n.tsx";
import { createTranslator } from "../domain/translator.ts";
import { useEffect, useMemo, useRef } from "preact/hooks";
import { useSignal } from "@preact/signals";
import { hydrateIsland } from "../components/hydrate.ts";
import { fieldErrors } from "../components/admin/api.ts";
import {
  Field,
  focusProblem,
  Live,
  Problem,
  SelectField,
  Submit,
  text,
} from "../components/admin/form.tsx";
import { useList } from "../components/admin/list.ts";
import type { AdminProps } from "../components/admin/types.ts";
import type { AdminReservation } from "../components/admin/reservations/types.ts";
import { ReservationCard } from "../components/admin/reservations/ReservationCard.tsx";
import { MovePanel } from "../components/admin/reservations/MovePanel.tsx";
import { ExportForm } from "../components/admin/reservations/ExportForm.tsx";
import { longDate } from "../components/admin/dates.ts";

const STATUSES: [string, string][] = [
  ["", "Any status"],
  ["RESERVED", "Reserved"],
  ["VERIFIED", "Admitted"],
  ["EXPIRED", "Expired"],
  ["CANCELLED", "Cancelled"],
];

/** The reservations page. */
function AdminReservations(props: AdminProps) {
  const list = useList<AdminReservation>();
  const form = useRef<HTMLFormElement>(null);
  const mode = useSignal<"day" | "search">("day");
  const heading = useSignal("");
  const message = useSignal("");
  const moving = useSignal<number | null>(null);

  const load = async (e?: Event) => {
    e?.preventDefault();
    const f = form.current!;
    const status = text(f, "status");
    moving.value = null;
    if (mode.value === "day") {
      const date = text(f, "date") || props.today;
      heading.value = `Reservations on ${longDate(date)}`;
      await list.load("/api/reservations", { orq: props.orq, date, status });
    } else {
      const q = text(f, "q");
      heading.value = `Reservations matching “${q}”`;
      await list.load("/api/reservations", { orq: props.orq, q, status });
    }
    if (e && list.error.value) focusProblem(f);
  };
  useEffect(() => {
    load();
  }, []);

  const done = (t: string) => {
    message.value = t;
    moving.value = null;
    list.reload();
  };
  const fields = fieldErrors(list.error.value);
  const items = list.items.value;
  return (
    <div>
      <section class="panel" aria-labelledby="find-title">
        <h2 id="find-title">Find reservations</h2>
        <form ref={form} noValidate onSubmit={load}>
          <fieldset class="adm-choice">
            <legend>Show</legend>
            <label class="adm-check">
              <input
                type="radio"
                name="mode"
                checked={mode.value === "day"}
                onChange={() => (mode.value = "day")}
              />{" "}
              A day's list
            </label>
            <label class="adm-check">
              <input
                type="radio"
                name="mode"
                checked={mode.value === "search"}
                onChange={() => (mode.value = "search")}
              />{" "}
              Search by code, email or phone
            </label>
          </fieldset>
          <Problem error={list.error.value} shown={["date", "q", "status"]} />
          <div class="adm-grid">
            {mode.value === "day"
              ? (
                <Field
                  id="r-date"
                  name="date"
                  label="Date"
                  type="date"
                  defaultValue={props.today}
                  error={fields.date}
                />
              )
              : (
                <Field
                  id="r-q"
                  name="q"
                  label="Code fragment, email or phone"
                  hint="3 characters or more (phone: 4 digits or more)."
                  type="search"
                  autocomplete="off"
                  spellcheck={false}
                  error={fields.q}
                />
              )}
            <SelectField
              id="r-status"
              name="status"
              label="Status"
              value=""
              options={STATUSES}
              error={fields.status}
            />
          </div>
          <Submit busy={list.busy.value} label="Show" busyLabel="Loading…" />
        </form>
      </section>
      <Live text={message.value} id="res-result" />
      <section aria-labelledby="list-title" class="adm-results">
        <h2 id="list-title">{heading.value || "Reservations"}</h2>
        <p class="sr-only" aria-live="polite">
          {items === null || list.busy.value || list.error.value
            ? ""
            : `${items.length}${list.next.value ? " or more" : ""} found.`}
        </p>
        {items === null
          ? <p class="loading">Loading…</p>
          : items.length === 0
          ? <p class="hint">No reservations.</p>
          : (
            <ul class="adm-cards">
              {items.map((r) => (
                <li key={r.id}>
                  <ReservationCard
                    r={r}
                    timezone={props.timezone}
                    onMove={() => (moving.value = r.id)}
                    onDone={done}
                  />
                  {moving.value === r.id && (
                    <MovePanel
                      orq={props.orq}
                      today={props.today}
                      reservation={r}
                      onMoved={done}
                      onClose={() => (moving.value = null)}
                    />
                  )}
                </li>
              ))}
            </ul>
          )}
        {list.next.value && (
          <button
            type="button"
            class="button"
            disabled={list.busy.value}
            onClick={() => list.more()}
          >
            Show more
          </button>
        )}
      </section>
      <ExportForm orq={props.orq} today={props.today} />
    </div>
  );
}

/** The island with the portal components' English text (the move calendar). */
export default function AdminReservationsIsland(props: AdminProps) {
  const t = useMemo(
    () => createTranslator(props.i18n ?? { locale: "en", messages: {} }),
    [],
  );
  return (
    <I18nProvider t={t}>
      <AdminReservations {...props} />
    </I18nProvider>
  );
}

if (typeof document !== "undefined") {
  hydrateIsland("AdminReservations", AdminReservationsIsland);
}
