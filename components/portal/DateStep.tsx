import { useEffect, useRef } from "preact/hooks";
import { AvailabilityStatus, useDatesByDay } from "./AvailabilityStatus.tsx";
import { addDays } from "../../domain/clock.ts";
import { Calendar } from "./Calendar.tsx";
import type { DateSlots, Level, Slot } from "./api.ts";
import { LEVEL_TEXT, LevelIcon } from "./LevelIcon.tsx";
import { longDate, monthOf, places, shortDate, timeRange } from "./format.ts";
import type { PortalState } from "./state.ts";
import { WaitlistJoin } from "./WaitlistJoin.tsx";

/** Step 3: the calendar of the next 90 days and the chosen date's slots. */
export function DateStep(props: { s: PortalState }) {
  const { s } = props;
  const a = s.availability.value;
  const data = a?.data ?? null;
  const dates = useDatesByDay(data);
  let body;
  if (!data) {
    body = (
      <AvailabilityStatus
        failed={a?.status === "error"}
        onRetry={() => s.ensureAvailability()}
      />
    );
  } else {
    const today = s.today(data.timezone);
    const firstOpen = data.dates.find((d) => d.level !== "FULL")?.date;
    const month = s.month.value ??
      monthOf(s.date.value ?? firstOpen ?? today);
    const day = s.date.value ? dates.get(s.date.value) ?? null : null;
    const horizon = data.horizon_date ?? null;
    body = (
      <>
        <p class="hint">
          Times are local to the venue ({data.timezone.replace(/_/g, " ")}).
          {a?.status === "loading" && " Updating…"}
        </p>
        {data.dates.length === 0 && (
          <p class="note">
            There are no times to book in the next 90 days. Please check again
            later.
          </p>
        )}
        <div class="date-layout">
          <div>
            <Calendar
              dates={dates}
              today={today}
              last={horizon && horizon < addDays(today, 89)
                ? horizon
                : addDays(today, 89)}
              horizon={horizon}
              month={month}
              selected={s.date.value}
              onMonth={(m) => (s.month.value = m)}
              onSelect={(d) => {
                s.date.value = d;
                s.month.value = monthOf(d);
              }}
            />
            <Legend />
            {horizon && (
              <p class="hint horizon-note">
                Bookable up to{" "}
                {shortDate(horizon)}. Later dates open day by day.
              </p>
            )}
          </div>
          <div>
            <SlotList
              day={day}
              chosen={s.slot.value?.id ?? null}
              onChoose={(slot) => s.chooseSlot(slot)}
            />
            {day && s.ticket.value && (
              <WaitlistJoin
                key={day.date}
                code={s.ticket.value.code}
                email={s.email.value}
                slots={day.slots.filter((x) =>
                  x.level === "FULL" && x.status !== "CLOSED"
                )}
              />
            )}
          </div>
        </div>
      </>
    );
  }
  return (
    <section class="panel" aria-labelledby="step-title">
      <h2 id="step-title" tabIndex={-1} data-step-heading>
        Choose a date and time
      </h2>
      {body}
      <div class="buttons">
        <button type="button" class="button" onClick={() => s.go("contact")}>
          Back
        </button>
      </div>
    </section>
  );
}

/** What the calendar's colours mean. */
export function Legend() {
  const levels: Level[] = ["AVAILABLE", "LIMITED", "FULL"];
  return (
    <ul class="legend" aria-label="Legend">
      {levels.map((l) => (
        <li key={l} class={`legend-item day-${l.toLowerCase()}`}>
          <span class="swatch">
            <LevelIcon level={l} />
          </span>
          {l === "FULL" ? "Full or no times" : LEVEL_TEXT[l]}
        </li>
      ))}
    </ul>
  );
}

/** The slots of the chosen date, each a button. */
export function SlotList(
  props: {
    day: DateSlots | null;
    chosen: number | null;
    onChoose: (slot: Slot) => void;
  },
) {
  const ref = useRef<HTMLDivElement>(null);
  const { day } = props;
  useEffect(() => {
    // On a phone the list sits below the calendar: bring it into view.
    if (
      day && ref.current &&
      globalThis.matchMedia?.("(max-width: 47.99rem)").matches
    ) {
      ref.current.scrollIntoView({ block: "nearest", behavior: "smooth" });
    }
  }, [day?.date]);
  const open = day?.slots.filter((x) => x.level !== "FULL").length ?? 0;
  return (
    <div class="slot-panel" ref={ref}>
      <p class="sr-only" role="status">
        {day
          ? `${longDate(day.date)}: ${
            open === 1 ? "1 time" : `${open} times`
          } with room. Press Tab to choose one.`
          : ""}
      </p>
      {day
        ? (
          <>
            <h3>Times on {longDate(day.date)}</h3>
            <ul class="slots">
              {day.slots.map((slot) => (
                <li key={slot.id}>
                  <button
                    type="button"
                    class={`slot day-${slot.level.toLowerCase()}`}
                    disabled={slot.level === "FULL"}
                    aria-pressed={props.chosen === slot.id ? "true" : "false"}
                    data-slot-id={slot.id}
                    onClick={() => props.onChoose(slot)}
                  >
                    <span class="slot-time">
                      {timeRange(slot.start_time, slot.end_time)}
                    </span>
                    <span class="slot-count">
                      {slot.available_count}/{slot.total_capacity} available
                    </span>
                    <span class="slot-level">
                      <LevelIcon level={slot.level} />
                      {slot.status === "CLOSED"
                        ? "Closed"
                        : slot.level !== "FULL" && slot.available_count <= 10
                        ? `${places(slot.available_count)} left`
                        : LEVEL_TEXT[slot.level]}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          </>
        )
        : (
          <p class="slots-empty">
            Choose a date in the calendar to see its times.
          </p>
        )}
    </div>
  );
}
