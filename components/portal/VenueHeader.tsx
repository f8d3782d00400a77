/**
 * The venue at the top of the portal and the ticket page: its name and
 * address, on its brand colour when it has one. The colour arrives as a
 * stylesheet (the page CSP allows no inline styles) whose text colour is
 * computed to stay readable (domain/brand_color.ts).
 */
import { type Accent, accentOf } from "../../domain/brand_color.ts";
import type { Venue } from "./api.ts";

/** The stylesheet URL of an accent: stateless, the same for every venue with that colour. */
export function accentCssUrl(accent: Accent): string {
  return `/reserve/accent.css?c=${accent.background.slice(1)}`;
}

/** An address as lines (it may hold newlines). */
export function addressLines(address: string | null | undefined): string[] {
  return (address ?? "").split("\n").map((l) => l.trim()).filter(Boolean);
}

/** The venue band; nothing while the venue is unknown. */
export function VenueHeader(props: { venue: Venue | null }) {
  const v = props.venue;
  if (!v) return null;
  const accent = accentOf(v.brand_color);
  const lines = addressLines(v.address);
  return (
    <header class={`venue${accent ? " venue-accent" : ""}`} data-venue={v.orq}>
      {accent && <link rel="stylesheet" href={accentCssUrl(accent)} />}
      <p class="venue-name">{v.name}</p>
      {lines.length > 0 && (
        <p class="venue-address">
          {lines.map((line, i) => (
            <span key={i} class="venue-line">{line}</span>
          ))}
        </p>
      )}
    </header>
  );
}
