import type { DashboardSummary } from "./api.ts";
import { Bar } from "./Bar.tsx";
import { Icon } from "./Icons.tsx";
import { int, pct, timeRange } from "./format.ts";
import { type Phase, share, slotPhase } from "./state.ts";
import type { ZonedNow } from "../../domain/clock.ts";
import { SLOT_UTILIZATION_LIMIT } from "../../domain/alerts.ts";

const PHASE_TEXT: Record<Phase, string> = {
  ended: "Ended",
  now: "Now",
  upcoming: "Upcoming",
};

/**
 * One row per slot: booked of capacity and verified of booked as bars with
 * their numbers, and where the slot stands (ended, now, upcoming; nearly
 * full or full in words and with a shape, never by colour alone).
 */
export function SlotTable(props: {
  summary: DashboardSummary;
  now: ZonedNow;
  caption: string;
  /** The slot that changed last, briefly highlighted. */
  changed: number | null;
}) {
  const { summary } = props;
  if (summary.slots.length === 0) {
    return <p class="slots-none">No slots on this day.</p>;
  }
  return (
    <table class="slot-table">
      <caption class="sr-only">{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">Time</th>
          <th scope="col">Booked of capacity</th>
          <th scope="col">Verified of booked</th>
          <th scope="col">Status</th>
        </tr>
      </thead>
      <tbody>
        {summary.slots.map((s) => {
          const used = share(s.booked_count, s.total_capacity);
          const came = share(s.verified_count, s.booked_count);
          const phase = slotPhase(s, summary.date, props.now);
          const full = s.booked_count >= s.total_capacity;
          const nearly = !full && used > SLOT_UTILIZATION_LIMIT;
          return (
            <tr
              key={s.id}
              data-slot={s.id}
              class={`slot-row phase-${phase}${
                props.changed === s.id ? " changed" : ""
              }`}
            >
              <th scope="row" class="slot-when">{timeRange(s)}</th>
              <td data-label="Booked of capacity">
                <div class="meter">
                  <Bar
                    value={used}
                    kind={full || nearly ? "nearly-full" : "booked"}
                    mark={SLOT_UTILIZATION_LIMIT}
                  />
                  <span class="meter-text" data-booked>
                    <strong>{int(s.booked_count)}</strong> / {int(
                      s.total_capacity,
                    )} <span class="meter-pct">({pct(used)})</span>
                  </span>
                </div>
              </td>
              <td data-label="Verified of booked">
                <div class="meter">
                  <Bar value={came} kind="verified" />
                  <span class="meter-text" data-verified>
                    <strong>{int(s.verified_count)}</strong> / {int(
                      s.booked_count,
                    )}{" "}
                    <span class="meter-pct">
                      ({s.booked_count > 0 ? pct(came) : "—"})
                    </span>
                  </span>
                </div>
              </td>
              <td class="slot-state">
                <span class={`phase phase-${phase}`}>{PHASE_TEXT[phase]}</span>
                {(full || nearly) && (
                  <span class="capacity-flag">
                    <Icon kind="warning" size={16} />
                    {full ? "Full" : "Nearly full"}
                  </span>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
