import { useEffect, useRef } from "preact/hooks";
import { AvailabilityStatus, useDatesByDay } from "./AvailabilityStatus.tsx";
import { addDays } from "../../domain/clock.ts";
import { Calendar, submits } from "./Calendar.tsx";
import type { DateSlots, Level, Slot } from "./api.ts";
import { LEVEL_KEY, LevelIcon } from "./LevelIcon.tsx";
import { monthOf } from "./format.ts";
import { useT } from "../i18n.tsx";
import type { PortalState } from "./state.ts";
import { WaitlistJoin } from "./WaitlistJoin.tsx";
import { StepFields } from "./StepFields.tsx";

/** The form the date step's buttons post without JavaScript. */
const FORM = "date-form";

/** Step 3: the calendar of the next 90 days and the chosen date's slots. */
export function DateStep(props: { s: PortalState }) {
  const t = useT();
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
          {t("portal.date.zone", { zone: data.timezone.replace(/_/g, " ") })}
          {a?.status === "loading" && ` ${t("portal.date.updating")}`}
        </p>
        {data.dates.length === 0 && (
          <p class="note">
            {t("portal.date.none")}
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
              form={FORM}
            />
            <Legend />
            {horizon && (
              <p class="hint horizon-note">
                {t("portal.date.horizon", { date: t.shortDate(horizon) })}
              </p>
            )}
          </div>
          <div>
            <SlotList
              day={day}
              chosen={s.slot.value?.id ?? null}
              onChoose={(slot) => s.chooseSlot(slot)}
              form={FORM}
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
        {t("portal.date.title")}
      </h2>
      <StepFields id={FORM} s={s} step="date" />
      {body}
      <div class="buttons">
        <button
          {...submits(FORM, "to", "contact")}
          class="button"
          onClick={(e) => {
            e.preventDefault();
            s.go("contact");
          }}
        >
          {t("portal.back")}
        </button>
      </div>
    </section>
  );
}

/** What the calendar's colours mean. */
export function Legend() {
  const t = useT();
  const levels: Level[] = ["AVAILABLE", "LIMITED", "FULL"];
  return (
    <ul class="legend" aria-label={t("portal.legend.label")}>
      {levels.map((l) => (
        <li key={l} class={`legend-item day-${l.toLowerCase()}`}>
          <span class="swatch">
            <LevelIcon level={l} />
          </span>
          {t(l === "FULL" ? "portal.legend.full" : LEVEL_KEY[l])}
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
    /** A form the slot buttons submit (`slot`) when JavaScript is off. */
    form?: string;
  },
) {
  const t = useT();
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
          ? t("portal.slots.status", { date: t.longDate(day.date), open })
          : ""}
      </p>
      {day
        ? (
          <>
            <h3>{t("portal.slots.title", { date: t.longDate(day.date) })}</h3>
            <ul class="slots">
              {day.slots.map((slot) => (
                <li key={slot.id}>
                  <button
                    {...submits(props.form, "slot", String(slot.id))}
                    class={`slot day-${slot.level.toLowerCase()}`}
                    disabled={slot.level === "FULL"}
                    aria-pressed={props.chosen === slot.id ? "true" : "false"}
                    data-slot-id={slot.id}
                    onClick={(e) => {
                      e.preventDefault();
                      props.onChoose(slot);
                    }}
                  >
                    <span class="slot-time">
                      {t.timeRange(slot.start_time, slot.end_time)}
                    </span>
                    <span class="slot-count">
                      {t("portal.slots.count", {
                        available: slot.available_count,
                        total: slot.total_capacity,
                      })}
                    </span>
                    <span class="slot-level">
                      <LevelIcon level={slot.level} />
                      {slot.status === "CLOSED"
                        ? t("portal.slots.closed")
                        : slot.level !== "FULL" && slot.available_count <= 10
                        ? t("portal.slots.left", {
                          count: slot.available_count,
                        })
                        : t(LEVEL_KEY[slot.level])}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          </>
        )
        : (
          <p class="slots-empty">
            {t("portal.slots.empty")}
          </p>
        )}
    </div>
  );
}
