/**
 * Messages with markup inside (a bold date, a link): the catalogue holds the
 * whole sentence with a `{placeholder}` where the element goes, so each
 * language keeps its own word order, and the element is put in its place.
 */
import { type ComponentChildren, Fragment } from "preact";
import type { MessageArgs, Translator } from "../../domain/translator.ts";

const MARK = "\u0001";

/**
 * `t(key, args)` with each of `parts` rendered as its element: the message is
 * formatted with markers in those places and split around them.
 */
export function rich(
  t: Translator,
  key: string,
  parts: Record<string, ComponentChildren>,
  args: MessageArgs = {},
): ComponentChildren {
  const marked: MessageArgs = { ...args };
  for (const name of Object.keys(parts)) marked[name] = MARK + name + MARK;
  const pieces = t(key, marked).split(MARK);
  // Odd pieces are the names between two markers.
  return pieces.map((piece, i) =>
    i % 2 === 1 ? <Fragment key={i}>{parts[piece]}</Fragment> : piece
  );
}
