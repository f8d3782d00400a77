/**
 * The change view's days and times as links, from the server: the page
 * works without JavaScript (the island replaces them with the portal's
 * calendar once availability has loaded). A date and a slot id in the
 * address, never personal data.
 */
import { useT } from "../i18n.tsx";
import { viewHref } from "./forms.tsx";
import type { ManageState, PlainChange } from "./state.ts";

export function PlainChangeList(
  props: { s: ManageState; plain: PlainChange; token: string },
) {
  const t = useT();
  const { s, plain, token } = props;
  const month = (m: string | null, key: string, rel: string) =>
    m && (
      <a href={viewHref(token, { view: "change", month: m })} rel={rel}>
        {t(key)}
      </a>
    );
  return (
    <div class="plain-change" data-plain-change>
      <h3 id="plain-days-title">
        {t("manage.plain.days", { month: t.monthLabel(plain.month) })}
      </h3>
      <p class="buttons">
        {month(plain.prev, "manage.plain.prev", "prev")}
        {month(plain.next, "manage.plain.next", "next")}
      </p>
      {plain.days.length === 0
        ? <p>{t("manage.plain.noDays")}</p>
        : (
          <ul class="plain-days" aria-labelledby="plain-days-title">
            {plain.days.map((d) => (
              <li key={d.date}>
                <a
                  href={viewHref(token, { view: "change", date: d.date })}
                  aria-current={d.date === plain.date ? "date" : undefined}
                  data-date={d.date}
                >
                  {t.shortDate(d.date)}
                </a>
              </li>
            ))}
          </ul>
        )}
      {plain.date && (
        <>
          <h3 id="plain-slots-title">
            {t("manage.plain.times", { date: t.longDate(plain.date) })}
          </h3>
          {plain.slots.length === 0
            ? <p>{t("manage.plain.noTimes")}</p>
            : (
              <ul class="plain-slots" aria-labelledby="plain-slots-title">
                {plain.slots.map((slot) => (
                  <li key={slot.id}>
                    <a
                      class="button"
                      href={viewHref(token, {
                        view: "confirm-move",
                        date: slot.date,
                        slot: String(slot.id),
                      })}
                      data-slot={slot.id}
                      onClick={(e) => {
                        e.preventDefault();
                        s.chooseSlot(slot);
                      }}
                    >
                      {t("manage.plain.slot", {
                        time: t.timeRange(slot.start_time, slot.end_time),
                        places: t.places(slot.available_count ?? 0),
                      })}
                    </a>
                  </li>
                ))}
              </ul>
            )}
        </>
      )}
    </div>
  );
}
