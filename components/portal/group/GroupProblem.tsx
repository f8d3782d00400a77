/**
 * Why a group's booking failed, as the confirm step (with JavaScript) and
 * the plain date and confirm steps (without) show it: a full slot says how
 * many places the group needs and offers the nearby times with room for
 * all, each booked with one click (the portal's own Alternatives).
 */
import type { ComponentChildren } from "preact";
import { useT } from "../../i18n.tsx";
import { Alternatives } from "../confirm_parts.tsx";
import { slotMessage } from "../messages.ts";
import type { SlotChoice } from "../api.ts";
import type { ConfirmProblem } from "../state.ts";

export function GroupProblem(
  props: {
    problem: ConfirmProblem;
    /** The group's size. */
    count: number;
    busy?: boolean;
    /** With the island: book `alt`; else the buttons submit `form`. */
    onBook?: (alt: SlotChoice) => void;
    form?: string;
    children?: ComponentChildren;
  },
) {
  const t = useT();
  const { problem } = props;
  const message = slotMessage(t, problem.code, problem.retryAfter);
  const full = problem.code === "SLOT_FULL";
  return (
    <div class="alert" role="alert" data-code={problem.code}>
      <h3>
        {full
          ? t("group.confirm.notEnough", { count: props.count })
          : message.title}
      </h3>
      <p>
        {full
          ? problem.alternatives.length > 0
            ? t("group.confirm.alternatives")
            : t("group.confirm.noAlternatives")
          : message.text}
      </p>
      <Alternatives
        alternatives={problem.alternatives}
        busy={!!props.busy}
        onBook={props.onBook}
        form={props.form}
      />
      {props.children}
    </div>
  );
}
