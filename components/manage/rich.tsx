/**
 * A translated sentence with markup around some of its arguments (a
 * `<strong>` date, a link): the translator keeps the whole sentence, so
 * each language orders its words freely.
 */
import type { ComponentChildren, VNode } from "preact";
import type { MessageArgs, Translator } from "../../domain/translator.ts";

/** Private-use characters around an argument's index: never in real text. */
const MARK = /\uE000(\d+)\uE001/;

/**
 * `t(key, args)` with each argument of `marked` rendered by its function,
 * e.g. `rich(t, "manage.cancel.text", {}, { when: (s) => <strong>{s}</strong> }, { when: "…" })`.
 */
export function rich(
  t: Translator,
  key: string,
  args: MessageArgs,
  marked: Record<string, [string, (text: string) => VNode]>,
): ComponentChildren[] {
  const names = Object.keys(marked);
  const withMarks: MessageArgs = { ...args };
  names.forEach((name, i) => (withMarks[name] = `\uE000${i}\uE001`));
  const pieces = t(key, withMarks).split(MARK);
  // split with a capture group: text, index, text, index, …
  return pieces.map((piece, i) => {
    if (i % 2 === 0) return piece;
    const [text, render] = marked[names[Number(piece)]];
    return render(text);
  });
}
