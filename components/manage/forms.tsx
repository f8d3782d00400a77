/**
 * The manage page's buttons as plain HTML forms, so that every step works
 * without JavaScript: a view is a GET of the page (`?token=&view=`), a
 * change a POST to routes/pages/manage_forms.tsx with the token in a hidden
 * field. With JavaScript the island takes the submit over (preventDefault).
 */
import type { ComponentChildren } from "preact";
import type { View } from "./state.ts";

/** The manage page's address. */
export const MANAGE_PATH = "/reserve/manage";

/** `/reserve/manage?token=…&view=…&…`: a view of the booking as a link. */
export function viewHref(
  token: string,
  params: Record<string, string | null | undefined> = {},
): string {
  const q = new URLSearchParams({ token });
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
  return `${MANAGE_PATH}?${q}`;
}

/** A button that opens `view` (with the island: `onOpen` instead). */
export function ViewButton(props: {
  token: string;
  view?: View;
  date?: string | null;
  primary?: boolean;
  onOpen: () => void;
  children: ComponentChildren;
}) {
  return (
    <form
      method="get"
      action={MANAGE_PATH}
      class="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        props.onOpen();
      }}
    >
      <input type="hidden" name="token" value={props.token} />
      {props.view && props.view !== "booking" && (
        <input type="hidden" name="view" value={props.view} />
      )}
      {props.date && <input type="hidden" name="date" value={props.date} />}
      <button
        type="submit"
        class={props.primary ? "button primary" : "button"}
      >
        {props.children}
      </button>
    </form>
  );
}

/** A button that posts a change (`/reserve/manage/<action>`); `onSend` with the island. */
export function ChangeButton(props: {
  action: "reschedule" | "cancel" | "resend";
  token: string;
  fields?: Record<string, string>;
  class?: string;
  disabled?: boolean;
  onSend: () => void;
  children: ComponentChildren;
}) {
  return (
    <form
      method="post"
      action={`${MANAGE_PATH}/${props.action}`}
      class="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        props.onSend();
      }}
    >
      <input type="hidden" name="manage_token" value={props.token} />
      {Object.entries(props.fields ?? {}).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button
        type="submit"
        class={props.class ?? "button"}
        disabled={props.disabled}
      >
        {props.children}
      </button>
    </form>
  );
}
