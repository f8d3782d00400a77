/**
 * A horizontal bar drawn as SVG: its length is an attribute, not an inline
 * style, so the server's first render is already right under the pages'
 * Content-Security-Policy. Decorative: the numbers are written beside it.
 */
export function Bar(props: {
  /** 0 to 1; clamped. */
  value: number;
  kind: "booked" | "verified" | "nearly-full" | "sold-out";
  /** A tick at this fraction (the capacity warning), if any. */
  mark?: number;
}) {
  const v = Math.max(0, Math.min(1, props.value));
  const width = Math.round(v * 1000) / 10;
  return (
    <svg
      class={`bar bar-${props.kind}`}
      viewBox="0 0 100 10"
      preserveAspectRatio="none"
      aria-hidden="true"
      focusable="false"
    >
      <rect class="bar-track" x="0" y="0" width="100" height="10" />
      {width > 0 && (
        <rect class="bar-fill" x="0" y="0" width={width} height="10" />
      )}
      {props.mark !== undefined && (
        <rect
          class="bar-mark"
          x={props.mark * 100 - 0.4}
          y="0"
          width="0.8"
          height="10"
        />
      )}
    </svg>
  );
}
