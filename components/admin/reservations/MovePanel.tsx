/**
 * Moving a reservation to another slot through the customers' calendar
 * (components/portal/Calendar.tsx, the same grid and keys), then
 * `POST /api/reservations/:id/move`.
 */
import { useEffect, useRef } from "preact/hooks";
import { useSignal } from "@preact/signals";
import { api, type ApiError, query } from "../api.ts";
import { Live, Problem, useAction } from "../form.tsx";
import { Calendar } from "../../portal/Calendar.tsx";
import { LEVEL_TEXT, LevelIcon } from "../../portal/LevelIcon.tsx";
import type {
  Availability,
  DateSlots,
  Slot,
  SlotChoice,
} from "../../portal/api.ts";
import { monthOf } from "../../portal/format.ts";
import { addDays, daysInMonth, longDate } from "../dates.ts";
import type { AdminReservation } from "./types.ts";
import { formatTicketCode } from "../../../domain/ticket_code.ts";
import { MoveAlternatives, moveAlternatives } from "./MoveAlternatives.tsx";

/** The move panel of `r`; `onMoved` gets the new slot's wording. */
export function MovePanel(props: {
  orq: number;
  today: string;
  reservation: AdminReservation;
  onMoved: (text: string) => void;
  onClose: () => void;
}) {
  const r = props.reservation;
  const month = useSignal(
    monthOf(r.slot.date < props.today ? props.today : r.slot.date),
  );
  const dates = useSignal(new Map<string, DateSlots>());
  const loadError = useSignal<ApiError | null>(null);
  const date = useSignal<string | null>(null);
  const chosen = useSignal<Slot | null>(null);
  /** Bumped to read the month's availability again (after SLOT_FULL). */
  const fresh = useSignal(0);
  const act = useAction();
  const box = useRef<HTMLElement>(null);
  const last = addDays(props.today, 365);

  useEffect(() => {
    box.current?.querySelector<HTMLElement>("h2")?.focus();
  }, []);

  useEffect(() => {
    let live = true;
    const m = month.value;
    const from = `${m}-01` < props.today ? props.today : `${m}-01`;
    const to = `${m}-${String(daysInMonth(m)).padStart(2, "0")}`;
    api<Availability>(
      "GET",
      `/api/reservation-slots/available?${query({ orq: props.orq, from, to })}`,
    ).then((res) => {
      if (!live) return;
      if (!res.ok) {
        loadError.value = res.error;
        return;
      }
      loadError.value = null;
      const next = new Map(dates.value);
      for (const d of res.data.dates) next.set(d.date, d);
      dates.value = next;
    });
    return () => (live = false);
  }, [month.value, fresh.value]);

  const move = async (slot: SlotChoice | null = chosen.value) => {
    if (!slot) return;
    const res = await act.run(
      () => api("POST", `/api/reservations/${r.id}/move`, { slot_id: slot.id }),
      box.current,
    );
    if (res && !res.ok && res.error.code === "SLOT_FULL") {
      // The calendar showed room that is gone: show the places as they are.
      chosen.value = null;
      fresh.value++;
    }
    if (res?.ok) {
      props.onMoved(
        `${formatTicketCode(r.ticket_code)} moved to ${
          longDate(slot.date)
        } ${slot.start_time}–${slot.end_time}. The guest gets a mail.`,
      );
    }
  };

  const day = date.value ? dates.value.get(date.value) ?? null : null;
  const alternatives = moveAlternatives(act.error.value, r.slot.id);
  return (
    <section
      class="panel adm-move"
      ref={box}
      aria-labelledby={`move-title-${r.id}`}
      data-move={r.id}
    >
      <h2 id={`move-title-${r.id}`} tabIndex={-1}>
        Move {formatTicketCode(r.ticket_code)}
      </h2>
      <p>
        Now: {longDate(r.slot.date)}{" "}
        {r.slot.start_time}–{r.slot.end_time}. Choose a date, then a time. Staff
        moves ignore the booking horizon and the change cut-off.
      </p>
      <Problem error={loadError.value} />
      <div class="date-layout">
        <Calendar
          dates={dates.value}
          today={props.today}
          last={last}
          month={month.value}
          selected={date.value}
          onMonth={(m) => (month.value = m)}
          onSelect={(d) => {
            date.value = d;
            chosen.value = null;
          }}
        />
        <div class="slot-panel">
          {day
            ? (
              <>
                <h3>Times on {longDate(day.date)}</h3>
                <ul class="slots">
                  {day.slots.map((s) => (
                    <li key={s.id}>
                      <button
                        type="button"
                        class={`slot day-${s.level.toLowerCase()}`}
                        disabled={s.level === "FULL" || s.id === r.slot.id}
                        aria-pressed={chosen.value?.id === s.id
                          ? "true"
                          : "false"}
                        data-slot-id={s.id}
                        onClick={() => (chosen.value = s)}
                      >
                        <span class="slot-time">
                          {s.start_time}–{s.end_time}
                        </span>
                        <span class="slot-count">
                          {s.available_count}/{s.total_capacity} free
                        </span>
                        <span class="slot-level">
                          <LevelIcon level={s.level} />
                          {s.id === r.slot.id
                            ? "Current slot"
                            : LEVEL_TEXT[s.level]}
                        </span>
                      </button>
                    </li>
                  ))}
                </ul>
              </>
            )
            : <p class="slots-empty">Choose a date to see its times.</p>}
        </div>
      </div>
      <Problem
        error={act.error.value}
        extra={alternatives.length > 0
          ? "These nearby times have room:"
          : undefined}
      />
      <MoveAlternatives
        choices={alternatives}
        busy={act.busy.value}
        onMove={move}
      />
      <div class="buttons">
        <button
          type="button"
          class="button primary"
          disabled={!chosen.value || act.busy.value}
          onClick={() => move()}
        >
          {act.busy.value
            ? "Moving…"
            : chosen.value
            ? `Move to ${chosen.value.date} ${chosen.value.start_time}`
            : "Move"}
        </button>
        <button type="button" class="button" onClick={props.onClose}>
          Close
        </button>
      </div>
      <Live text={act.done.value} />
    </section>
  );
}
