/**
 * The stylesheet of a venue's accent: its brand colour behind the venue
 * band and primary buttons, with the text colour that reads on it.
 */
import { accentOf } from "../domain/brand_color.ts";

/** The CSS for `#hex` (six hex digits without `#`), or null when malformed. */
export function accentCss(hex: string): string | null {
  const accent = accentOf(`#${hex}`);
  if (!accent) return null;
  const { background: bg, text } = accent;
  // Screens only: a printed ticket stays black on white. The button
  // outline keeps a visible edge on pages of the same colour.
  return `:root { --venue: ${bg}; --on-venue: ${text}; }
@media screen {
.venue.venue-accent { background: ${bg}; color: ${text}; border-color: ${bg}; }
.portal .button.primary, .ticket-page .button.primary,
.portal .button.primary:hover, .ticket-page .button.primary:hover {
  background: ${bg}; color: ${text}; border-color: ${text};
}
.portal .button.primary:hover, .ticket-page .button.primary:hover {
  text-decoration: underline;
}
}
`;
}
