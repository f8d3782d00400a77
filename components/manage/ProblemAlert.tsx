import { useT } from "../i18n.tsx";
import { problemMessage } from "./messages.ts";
import { rich } from "./rich.tsx";
import { inLanguage } from "../LanguageSwitcher.tsx";
import { ChangeButton } from "./forms.tsx";
import type { ManageState } from "./state.ts";

/**
 * The refusal just met, in people's words; focus moves here when it appears
 * (ManageBooking's effect), so keyboard and screen reader users hear it.
 * A full slot offers the nearest times with room.
 */
export function ProblemAlert(props: { s: ManageState }) {
  const { s } = props;
  const t = useT();
  const p = s.problem.value;
  if (!p) return null;
  const b = s.booking.value;
  const m = problemMessage(t, p, {
    timezone: b?.manage.timezone,
    horizonDate: b?.manage.horizon_date,
  });
  const alternatives = s.view.value === "confirm-move"
    ? s.alternatives.value
    : [];
  return (
    <div
      class="alert"
      role="alert"
      tabIndex={-1}
      data-problem
      data-code={p.code}
    >
      <h3>{m.title}</h3>
      <p>{m.text}</p>
      {alternatives.length > 0 && (
        <ul class="alternatives">
          {alternatives.map((alt) => (
            <li key={alt.id}>
              <ChangeButton
                action="reschedule"
                token={b?.manage_token ?? ""}
                fields={{ slot_id: String(alt.id), date: alt.date }}
                class="button alternative"
                disabled={s.busy.value}
                onSend={() => s.move(alt)}
              >
                <span class="alt-when">
                  {rich(t, "manage.move.to", {
                    date: t.shortDate(alt.date),
                  }, {
                    time: [
                      t.timeRange(alt.start_time, alt.end_time),
                      (text) => <span class="nowrap">{text}</span>,
                    ],
                  })}
                </span>
              </ChangeButton>
            </li>
          ))}
        </ul>
      )}
      {p.code === "TICKET_NOT_RESERVED" ||
          (p.code === "RESERVATION_NOT_FOUND" && !p.byCode &&
            !p.details?.reason)
        ? (
          <p>
            <a class="button" href={inLanguage("/reserve", t.locale)}>
              {t("manage.problem.bookingPage")}
            </a>
          </p>
        )
        : null}
    </div>
  );
}
