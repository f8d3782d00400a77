import type { DashboardSummary } from "./api.ts";
import { int, pct } from "./format.ts";
import { share } from "./state.ts";

/** The day in four numbers: reserved, verified, still expected, no-shows. */
export function Totals(props: { totals: DashboardSummary["totals"] }) {
  const t = props.totals;
  const tiles = [
    {
      key: "booked",
      label: "Reserved",
      value: t.booked_count,
      note: `of ${int(t.total_capacity)} places (${
        pct(share(t.booked_count, t.total_capacity))
      })`,
    },
    {
      key: "verified",
      label: "Verified at the door",
      value: t.verified_count,
      note: `${pct(share(t.verified_count, t.booked_count))} of reserved`,
    },
    {
      key: "expected",
      label: "Still expected",
      value: t.expected_count,
      note: "reserved, not yet scanned, slot not over",
    },
    {
      key: "no-show",
      label: "No-shows",
      value: t.no_show_count,
      note: "reserved, not scanned, slot ended",
    },
  ];
  return (
    <dl class="totals">
      {tiles.map((x) => (
        <div key={x.key} class={`total total-${x.key}`} data-total={x.key}>
          <dt>{x.label}</dt>
          <dd>
            <span class="total-value">{int(x.value)}</span>
            <span class="total-note">{x.note}</span>
          </dd>
        </div>
      ))}
    </dl>
  );
}
