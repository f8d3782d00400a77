/**
 * The form a step's buttons post when JavaScript is off: the step and the
 * answers given so far, as hidden fields (in the POST body, never the URL).
 * The buttons point at it with `form=`, so it wraps nothing of the step.
 */
import type { PortalState, Step } from "./state.ts";

/** A hidden form `id` carrying the step and the answers before it. */
export function StepFields(props: { id: string; s: PortalState; step: Step }) {
  const { s } = props;
  const fields: [string, string][] = [
    ["step", props.step],
    ["code", s.ticket.value?.code ?? ""],
    ["email", s.email.value],
    ["phone", s.phone.value],
  ];
  if (props.step === "date" && s.month.value) {
    fields.push(["month_shown", s.month.value]);
  }
  if (props.step === "confirm" && s.slot.value) {
    fields.push(["slot", String(s.slot.value.id)]);
  }
  return (
    <form id={props.id} method="post" action="/reserve" hidden>
      {fields.map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
    </form>
  );
}
