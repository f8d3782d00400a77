/**
 * `/admin/slots`: the week and month views of the slots with their counts
 * and fill; administrators also create slots (with a preview) and change,
 * close, reopen or delete one. Managers see the list only.
 */
import { useEffect } from "preact/hooks";
import { useSignal } from "@preact/signals";
import { hydrateIsland } from "../components/hydrate.ts";
import { api, type Page, query } from "../components/admin/api.ts";
import { Live, Problem } from "../components/admin/form.tsx";
import type { AdminProps, AdminSlot } from "../components/admin/types.ts";
import {
  addDays,
  mondayOf,
  monthRange,
  monthTitle,
  shortDate,
} from "../components/admin/dates.ts";
import { MonthView, WeekView } from "../components/admin/slots/SlotBoard.tsx";
import { SlotEditor } from "../components/admin/slots/SlotEditor.tsx";
import { CreateSlots } from "../components/admin/slots/CreateSlots.tsx";
import type { ApiError } from "../components/admin/api.ts";

type View = "week" | "month";

/** The dates a view shows around `anchor`. */
function rangeOf(view: View, anchor: string): { from: string; to: string } {
  if (view === "month") return monthRange(anchor);
  const from = mondayOf(anchor);
  return { from, to: addDays(from, 6) };
}

/** The slots page. */
export default function AdminSlots(props: AdminProps) {
  const view = useSignal<View>("week");
  const anchor = useSignal(props.today);
  const slots = useSignal<AdminSlot[] | null>(null);
  const error = useSignal<ApiError | null>(null);
  const selected = useSignal<number | null>(null);
  const message = useSignal("");
  const loads = useSignal(0);
  const admin = props.role === "ADMIN";
  const { from, to } = rangeOf(view.value, anchor.value);

  useEffect(() => {
    let live = true;
    (async () => {
      const items: AdminSlot[] = [];
      let cursor: string | undefined;
      // Every page of the range (a month of hourly slots is a few hundred).
      for (let i = 0; i < 20; i++) {
        const r = await api<Page<AdminSlot>>(
          "GET",
          `/api/reservation-slots?${
            query({ orq: props.orq, from, to, limit: 200, cursor })
          }`,
        );
        if (!live) return;
        if (!r.ok) {
          error.value = r.error;
          slots.value = [];
          return;
        }
        items.push(...r.data.items);
        if (!r.data.next_cursor) break;
        cursor = r.data.next_cursor;
      }
      error.value = null;
      slots.value = items;
    })();
    return () => (live = false);
  }, [from, to, loads.value]);

  const step = (delta: number) => {
    anchor.value = view.value === "week"
      ? addDays(anchor.value, 7 * delta)
      : addDays(`${anchor.value.slice(0, 7)}-15`, 30 * delta);
  };
  const reload = (text: string) => {
    message.value = text;
    loads.value++;
  };
  const current = slots.value?.find((s) => s.id === selected.value) ?? null;
  const title = view.value === "week"
    ? `Week of ${shortDate(from)} – ${shortDate(to)}`
    : monthTitle(from);

  return (
    <div class="adm-slots-page">
      <section class="panel" aria-labelledby="board-title">
        <div class="adm-toolbar">
          <h2 id="board-title" aria-live="polite">{title}</h2>
          <div class="adm-segmented" role="group" aria-label="View">
            {(["week", "month"] as const).map((v) => (
              <button
                key={v}
                type="button"
                class="button"
                aria-pressed={view.value === v ? "true" : "false"}
                onClick={() => (view.value = v)}
              >
                {v === "week" ? "Week" : "Month"}
              </button>
            ))}
          </div>
          <div class="adm-segmented">
            <button type="button" class="button" onClick={() => step(-1)}>
              <span aria-hidden="true">‹</span> Previous
            </button>
            <button
              type="button"
              class="button"
              onClick={() => (anchor.value = props.today)}
            >
              Today
            </button>
            <button type="button" class="button" onClick={() => step(1)}>
              Next <span aria-hidden="true">›</span>
            </button>
          </div>
        </div>
        {!admin && (
          <p class="hint">
            Read-only: administrators create and change slots.
          </p>
        )}
        <Problem error={error.value} />
        <Live text={message.value} />
        {slots.value === null
          ? <p class="loading" role="status">Loading slots…</p>
          : view.value === "week"
          ? (
            <WeekView
              from={from}
              to={to}
              today={props.today}
              slots={slots.value}
              selected={selected.value}
              onSelect={admin
                ? (s) => {
                  selected.value = s.id;
                  setTimeout(
                    () => document.getElementById("slot-editor-title")?.focus(),
                    0,
                  );
                }
                : undefined}
            />
          )
          : (
            <MonthView
              from={from}
              to={to}
              today={props.today}
              slots={slots.value}
              onPickDay={(d) => {
                anchor.value = d;
                view.value = "week";
              }}
            />
          )}
      </section>
      {admin && current && (
        <SlotEditor
          key={current.id}
          slot={current}
          onChanged={(t) => {
            if (t.includes("deleted")) selected.value = null;
            reload(t);
          }}
          onClose={() => {
            const id = selected.value;
            selected.value = null;
            setTimeout(
              () =>
                document.querySelector<HTMLElement>(`[data-slot="${id}"]`)
                  ?.focus(),
              0,
            );
          }}
        />
      )}
      {admin && (
        <CreateSlots
          orq={props.orq}
          today={props.today}
          onCreated={() => reload("")}
        />
      )}
    </div>
  );
}

if (typeof document !== "undefined") hydrateIsland("AdminSlots", AdminSlots);
