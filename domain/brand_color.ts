/**
 * A venue's brand colour as an accent that stays readable: WCAG 2.x relative
 * luminance and contrast ratio, and the text colour (black or white) that
 * reads best on it.
 */

/** `#RRGGBB` (case-insensitive). */
const HEX = /^#([0-9a-f]{6})$/i;

/** Whether `color` is a `#RRGGBB` colour. */
export function isHexColor(color: string): boolean {
  return HEX.test(color);
}

/** WCAG relative luminance (0 black … 1 white) of a `#RRGGBB` colour. */
export function relativeLuminance(color: string): number {
  const m = HEX.exec(color);
  if (!m) throw new RangeError(`Not a #RRGGBB colour: ${color}`);
  const n = parseInt(m[1], 16);
  const [r, g, b] = [n >> 16, (n >> 8) & 0xff, n & 0xff].map((v) => {
    const c = v / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio of two colours, 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) =>
    y - x
  );
  return (hi + 0.05) / (lo + 0.05);
}

/** AA for normal text. */
export const AA_TEXT = 4.5;

/**
 * Black or white, whichever contrasts more with `background`. One of them
 * always reaches at least 4.58:1, so text in it passes AA on any colour.
 */
export function readableTextOn(background: string): "#000000" | "#ffffff" {
  return contrastRatio(background, "#000000") >=
      contrastRatio(background, "#ffffff")
    ? "#000000"
    : "#ffffff";
}

/** The portal's accent: the venue's colour and the text to put on it. */
export interface Accent {
  background: string;
  text: "#000000" | "#ffffff";
}

/** The accent of a brand colour, or null when there is none (or it is malformed). */
export function accentOf(brandColor: string | null | undefined): Accent | null {
  if (!brandColor || !isHexColor(brandColor)) return null;
  const background = brandColor.toLowerCase();
  return { background, text: readableTextOn(background) };
}
