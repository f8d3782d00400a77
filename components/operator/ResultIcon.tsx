import type { Cue } from "./feedback.ts";

/**
 * A shape per result, drawn in the text colour, so colour is never the only
 * cue: a ticked circle (GREEN, VERIFIED), a warning triangle (YELLOW), a
 * crossed octagon (RED).
 */
export function ResultIcon(props: { cue: Cue; size?: number }) {
  const size = props.size ?? 96;
  const line = {
    fill: "none",
    stroke: "currentColor",
    "stroke-width": 5,
    "stroke-linecap": "round",
    "stroke-linejoin": "round",
  } as const;
  return (
    <svg
      class="result-icon"
      viewBox="0 0 64 64"
      width={size}
      height={size}
      aria-hidden="true"
      focusable="false"
    >
      {(props.cue === "GREEN" || props.cue === "VERIFIED") && (
        <>
          <circle cx="32" cy="32" r="28" {...line} />
          <path d="M19 33l9 9 18-19" {...line} />
        </>
      )}
      {props.cue === "YELLOW" && (
        <>
          <path d="M32 5L60 56H4z" {...line} />
          <path d="M32 24v15" {...line} />
          <circle cx="32" cy="47.5" r="3.2" fill="currentColor" />
        </>
      )}
      {props.cue === "RED" && (
        <>
          <path d="M21 4h22l17 17v22L43 60H21L4 43V21z" {...line} />
          <path d="M22 22l20 20m0-20L22 42" {...line} />
        </>
      )}
    </svg>
  );
}
