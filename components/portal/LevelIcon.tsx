import type { Level } from "./api.ts";

/** Plain words for a calendar level, so colour is never the only cue (staff pages, English). */
export const LEVEL_TEXT: Record<Level | "NONE", string> = {
  AVAILABLE: "Plenty of room",
  LIMITED: "Filling up",
  FULL: "Full",
  NONE: "No times",
};

/** The catalogue keys of {@link LEVEL_TEXT}, for customer pages. */
export const LEVEL_KEY: Record<Level | "NONE", string> = {
  AVAILABLE: "portal.level.available",
  LIMITED: "portal.level.limited",
  FULL: "portal.level.full",
  NONE: "portal.level.none",
};

/** A shape per level (circle, triangle, cross), drawn in the current colour. */
export function LevelIcon(props: { level: Level }) {
  return (
    <svg
      class="level-icon"
      viewBox="0 0 16 16"
      width="16"
      height="16"
      aria-hidden="true"
      focusable="false"
    >
      {props.level === "AVAILABLE" && (
        <>
          <circle cx="8" cy="8" r="7" fill="currentColor" />
          <path
            d="M4.5 8.3l2.3 2.3 4.7-4.9"
            fill="none"
            stroke="#fff"
            stroke-width="2"
            stroke-linecap="round"
            stroke-linejoin="round"
          />
        </>
      )}
      {props.level === "LIMITED" && (
        <>
          <path d="M8 1.2L15.2 14.5H.8z" fill="currentColor" />
          <path
            d="M8 6v4"
            stroke="#fff"
            stroke-width="2"
            stroke-linecap="round"
          />
          <circle cx="8" cy="12.4" r="1.1" fill="#fff" />
        </>
      )}
      {props.level === "FULL" && (
        <path
          d="M3.5 3.5l9 9m0-9l-9 9"
          stroke="currentColor"
          stroke-width="2.4"
          stroke-linecap="round"
        />
      )}
    </svg>
  );
}
