import type { DashboardSummary } from "./api.ts";
import { Bar } from "./Bar.tsx";
import { Icon } from "./Icons.tsx";
import { int, pct, timeRange } from "./format.ts";
import { type Phase, share, slotPhase, soldOut } from "./state.ts";
import type { ZonedNow } from "../../domain/clock.ts";
import { SLOT_UTILIZATION_LIMIT } from "../../domain/alerts.ts";

const PHASE_TEXT: Record<Phase, string> = {
  ended: "Ended",
  now: "Now",
  upcoming: "Upcoming",
};

/**
 * One row per slot: booked of capacity and verified of booked as bars with
 * their numbers, entries and exits at the door, and where the slot stands
 * (ended, now, upcoming, closed). A sold-out slot is good news and reads so
 * (a ticked badge); a nearly full one is the capacity warning. Words and a
 * shape for each, never colour alone.
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
          <th scope="col">In / out</th>
          <th scope="col">Status</th>
        </tr>
      </thead>
      <tbody>
        {summary.slots.map((s) => {
          const used = share(s.booked_count, s.total_capacity);
          const came = share(s.verified_count, s.booked_count);
          const phase = slotPhase(s, summary.date, props.now);
          const full = soldOut(s);
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
              <td data-label="Booked">
                <div class="meter">
                  <Bar
                    value={used}
                    kind={full ? "sold-out" : nearly ? "nearly-full" : "booked"}
                    mark={SLOT_UTILIZATION_LIMIT}
                  />
                  <span class="meter-text" data-booked>
                    <strong>{int(s.booked_count)}</strong> / {int(
                      s.total_capacity,
                    )} <span class="meter-pct">({pct(used)})</span>
                  </span>
                </div>
              </td>
              <td data-label="Verified">
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
              <td data-label="In / out" class="slot-door">
                <span data-door>
                  <strong>{int(s.entries)}</strong> in · {int(s.exits)} out
                </span>
              </td>
              <td class="slot-state">
                <span class={`phase phase-${phase}`}>{PHASE_TEXT[phase]}</span>
                {s.status === "CLOSED" && (
                  <span class="capacity-flag capacity-closed">Closed</span>
                )}
                {full && (
                  <span class="capacity-flag capacity-sold-out" data-sold-out>
                    <Icon kind="ok" size={16} />
                    Sold out
                  </span>
                )}
                {nearly && (
                  <span class="capacity-flag capacity-nearly">
                    <Icon kind="warning" size={16} />
                    Nearly full
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
