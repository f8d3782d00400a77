import type { Occupancy } from "./api.ts";
import { Icon } from "./Icons.tsx";
import { int } from "./format.ts";

/**
 * People inside now, in total and per gate, against the venue's maximum.
 * Over the maximum says so in words with a shape, not by colour alone.
 */
export function OccupancyPanel(props: { occupancy: Occupancy | null }) {
  const o = props.occupancy;
  if (!o) return null;
  const max = o.max_occupancy;
  return (
    <section
      class={`panel occupancy${o.over_max ? " occupancy-over" : ""}`}
      aria-labelledby="occupancy-title"
      data-occupancy
    >
      <div class="occupancy-now">
        <h2 id="occupancy-title">People inside now</h2>
        <p class="occupancy-count">
          <span class="occupancy-value" data-inside>{int(o.inside_count)}</span>
          <span class="occupancy-note">
            {max === null ? "no maximum set" : `at most ${int(max)} at once`}
          </span>
        </p>
        {o.over_max && max !== null && (
          <p class="occupancy-alert" data-over-max>
            <Icon kind="critical" size={18} />
            <span>
              <strong>Over the maximum:</strong> {int(o.inside_count - max)}
              {" "}
              more than the {int(max)} allowed.
            </span>
          </p>
        )}
      </div>
      <div class="occupancy-gates">
        <h3>By gate today</h3>
        {o.gates.length === 0
          ? <p class="gates-none">Nobody scanned in or out yet.</p>
          : (
            <table class="gate-table">
              <thead>
                <tr>
                  <th scope="col">Gate</th>
                  <th scope="col">In</th>
                  <th scope="col">Out</th>
                </tr>
              </thead>
              <tbody>
                {o.gates.map((g) => (
                  <tr key={g.gate ?? ""} data-gate={g.gate ?? ""}>
                    <th scope="row">{g.gate ?? "No gate named"}</th>
                    <td>{int(g.entries)}</td>
                    <td>{int(g.exits)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
      </div>
    </section>
  );
}
