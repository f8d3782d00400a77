import {
  AvailabilityStatus,
  useDatesByDay,
} from "../portal/AvailabilityStatus.tsx";
import { addDays } from "../../domain/clock.ts";
import { Calendar } from "../portal/Calendar.tsx";
import { Legend, SlotList } from "../portal/DateStep.tsx";
import { monthOf } from "../portal/format.ts";
import { useT } from "../i18n.tsx";
import { ProblemAlert } from "./ProblemAlert.tsx";
import { rich } from "./rich.tsx";
import { ChangeButton, ViewButton } from "./forms.tsx";
import { PlainChangeList } from "./PlainChange.tsx";
import type { ManageState } from "./state.ts";

/** "Change time": the portal's calendar and slot list, then a confirmation. */
export function ChangeTimeView(props: { s: ManageState }) {
  const t = useT();
  const { s } = props;
  const b = s.booking.value;
  const a = s.availability.value;
  const data = a?.data ?? null;
  const dates = useDatesByDay(data);
  if (!b) return null;
  const current = b.reservation.slot;
  let body;
  if (!data && s.plain) {
    // Without JavaScript (or until the calendar has loaded): links.
    body = <PlainChangeList s={s} plain={s.plain} token={b.manage_token} />;
  } else if (!data) {
    body = (
      <AvailabilityStatus
        failed={a?.status === "error"}
        onRetry={() => s.ensureAvailability()}
      />
    );
  } else {
    const today = s.today(data.timezone);
    // The calendar's last day: the venue's horizon, within the dates loaded.
    const loaded = addDays(today, 89);
    const horizon = b.manage.horizon_date;
    const last = horizon < loaded ? horizon : loaded;
    const month = s.month.value ?? monthOf(s.date.value ?? current.date);
    const day = s.date.value ? dates.get(s.date.value) ?? null : null;
    body = (
      <div class="date-layout">
        <div>
          <Calendar
            dates={dates}
            today={today}
            last={last}
            month={month}
            selected={s.date.value}
            onMonth={(m) => (s.month.value = m)}
            onSelect={(d) => {
              s.date.value = d;
              s.month.value = monthOf(d);
            }}
          />
          <Legend />
        </div>
        <SlotList
          day={day}
          chosen={s.slot.value?.id ?? null}
          onChoose={(slot) => s.chooseSlot(slot)}
        />
      </div>
    );
  }
  return (
    <section class="panel" aria-labelledby="manage-title">
      <h2 id="manage-title" tabIndex={-1} data-step-heading>
        {t("manage.change.title")}
      </h2>
      <p class="hint">
        {rich(t, "manage.change.hint", {
          zone: b.manage.timezone.replace(/_/g, " "),
        }, {
          when: [
            t("manage.when", {
              date: t.longDate(current.date),
              time: t.timeRange(current.start_time, current.end_time),
            }),
            (text) => <strong>{text}</strong>,
          ],
        })}
      </p>
      <ProblemAlert s={s} />
      {body}
      <div class="buttons">
        <ViewButton token={b.manage_token} onOpen={() => s.go("booking")}>
          {t("manage.change.back")}
        </ViewButton>
      </div>
    </section>
  );
}

/** The old and the new time, and "Move my visit". */
export function ConfirmMoveView(props: { s: ManageState }) {
  const t = useT();
  const { s } = props;
  const b = s.booking.value;
  const slot = s.slot.value;
  if (!b || !slot) return null;
  const current = b.reservation.slot;
  const same = slot.id === current.id;
  const gone = !!s.problem.value?.code.startsWith("SLOT_");
  return (
    <section class="panel" aria-labelledby="manage-title">
      <h2 id="manage-title" tabIndex={-1} data-step-heading>
        {t("manage.move.title")}
      </h2>
      <dl class="summary">
        <div>
          <dt>{t("manage.move.now")}</dt>
          <dd>
            {t("manage.when", {
              date: t.longDate(current.date),
              time: t.timeRange(current.start_time, current.end_time),
            })}
          </dd>
        </div>
        <div>
          <dt>{t("manage.move.new")}</dt>
          <dd>
            <strong>
              {t("manage.when", {
                date: t.longDate(slot.date),
                time: t.timeRange(slot.start_time, slot.end_time),
              })}
            </strong>
          </dd>
        </div>
      </dl>
      {same && <p class="note">{t("manage.move.same")}</p>}
      <ProblemAlert s={s} />
      <div class="buttons">
        {!same && !gone && b.manage.changeable && (
          <ChangeButton
            action="reschedule"
            token={b.manage_token}
            fields={{ slot_id: String(slot.id), date: slot.date }}
            class="button primary"
            disabled={s.busy.value}
            onSend={() => s.move()}
          >
            {s.busy.value ? t("manage.move.busy") : t("manage.move.confirm")}
          </ChangeButton>
        )}
        <ViewButton
          token={b.manage_token}
          view="change"
          date={slot.date}
          onOpen={() => s.go("change")}
        >
          {t("manage.move.other")}
        </ViewButton>
      </div>
      <p class="sr-only" role="status">
        {s.busy.value ? t("manage.move.busyStatus") : ""}
      </p>
    </section>
  );
}
