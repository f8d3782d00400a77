/**
 * Shapes that carry meaning beside colour: an octagon for critical, a
 * triangle for a warning, a ticked circle for all clear, a dot or circling
 * arrows for the live connection. Drawn in the current text colour.
 */

/** Which shape. */
export type IconKind =
  | "critical"
  | "warning"
  | "ok"
  | "live"
  | "reconnecting"
  | "offline";

const line = {
  fill: "none",
  stroke: "currentColor",
  "stroke-width": 2,
  "stroke-linecap": "round",
  "stroke-linejoin": "round",
} as const;

/** A 20-pixel icon (scales with `size`), hidden from assistive technology. */
export function Icon(props: { kind: IconKind; size?: number }) {
  const size = props.size ?? 20;
  return (
    <svg
      class={`icon icon-${props.kind}`}
      viewBox="0 0 20 20"
      width={size}
      height={size}
      aria-hidden="true"
      focusable="false"
    >
      {props.kind === "critical" && (
        <>
          <path d="M6.5 1.5h7l5 5v7l-5 5h-7l-5-5v-7z" fill="currentColor" />
          <path d="M10 5.5v5.5" stroke="#fff" stroke-width="2.2" />
          <circle cx="10" cy="14.3" r="1.3" fill="#fff" />
        </>
      )}
      {props.kind === "warning" && (
        <>
          <path d="M10 1.5L19 18H1z" fill="currentColor" />
          <path d="M10 7v5" stroke="#fff" stroke-width="2.2" />
          <circle cx="10" cy="15" r="1.2" fill="#fff" />
        </>
      )}
      {props.kind === "ok" && (
        <>
          <circle cx="10" cy="10" r="8.5" fill="currentColor" />
          <path
            d="M5.8 10.3l2.8 2.8 5.6-5.8"
            {...line}
            stroke="#fff"
            stroke-width="2.2"
          />
        </>
      )}
      {props.kind === "live" && (
        <>
          <circle cx="10" cy="10" r="4.5" fill="currentColor" />
          <circle cx="10" cy="10" r="8" {...line} stroke-width="1.6" />
        </>
      )}
      {props.kind === "reconnecting" && (
        <>
          <path d="M16.5 10a6.5 6.5 0 1 1-2-4.7" {...line} />
          <path d="M15 1.8v4h-4" {...line} />
        </>
      )}
      {props.kind === "offline" && (
        <>
          <circle cx="10" cy="10" r="8" {...line} />
          <path d="M5 15L15 5" {...line} />
        </>
      )}
    </svg>
  );
}
