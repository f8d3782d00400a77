/** A catalogue message with one argument shown in bold (an email address). */
import type { ComponentChildren } from "preact";
import type { MessageArgs, Translator } from "../../domain/translator.ts";

// A private-use character no message contains: where the argument goes.
const MARK = "\uE000";

/** `t(key, args)` with argument `name` rendered as `<strong>{value}</strong>`. */
export function withStrong(
  t: Translator,
  key: string,
  name: string,
  value: string,
  args: MessageArgs = {},
): ComponentChildren {
  const parts = t(key, { ...args, [name]: MARK }).split(MARK);
  return parts.flatMap((p, i) =>
    i === 0 ? [p] : [<strong key={i}>{value}</strong>, p]
  );
}
