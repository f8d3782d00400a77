import type { ScannerState } from "./scanner_state.ts";
import type { Direction } from "./api.ts";
import { saveAdmitOnScan, saveDirection } from "./device_prefs.ts";

const DIRECTIONS: { value: Direction; label: string }[] = [
  { value: "IN", label: "IN" },
  { value: "OUT", label: "OUT" },
];

/**
 * The device's two switches, big enough for a thumb: which way guests pass
 * (OUT turns the screen's frame orange so nobody admits by mistake), and
 * whether a GREEN scan admits at once. Both are remembered on the device.
 */
export function ModeSwitches(props: { s: ScannerState }) {
  const { s } = props;
  const out = s.direction.value === "OUT";
  const admit = s.admitOnScan.value;
  return (
    <div class="modes">
      <fieldset class="mode direction">
        <legend>Direction</legend>
        <div class="segmented">
          {DIRECTIONS.map((d) => (
            <span key={d.value}>
              <input
                type="radio"
                name="direction"
                id={`direction-${d.value.toLowerCase()}`}
                value={d.value}
                checked={s.direction.value === d.value}
                onChange={() => {
                  s.direction.value = d.value;
                  saveDirection(d.value);
                }}
              />
              <label for={`direction-${d.value.toLowerCase()}`}>
                {d.label}
              </label>
            </span>
          ))}
        </div>
      </fieldset>
      <div class="mode admit-mode">
        <p class="mode-label" id="admit-label">Admit on scan</p>
        <button
          type="button"
          class="button switch"
          aria-pressed={admit ? "true" : "false"}
          aria-labelledby="admit-label admit-state"
          onClick={() => {
            s.admitOnScan.value = !admit;
            saveAdmitOnScan(!admit);
          }}
        >
          <span id="admit-state">{admit ? "On" : "Off"}</span>
        </button>
      </div>
      <p class={out ? "mode-note out" : "mode-note"} role="status">
        {out
          ? "EXIT mode: each scan records a guest leaving."
          : admit
          ? "Each GREEN scan admits the guest."
          : "GREEN scans wait for “Admit”."}
      </p>
    </div>
  );
}
