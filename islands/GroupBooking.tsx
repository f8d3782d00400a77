/**
 * The group booking page at `/reserve/group`: several ticket codes → contact
 * → one date & time for all → confirm → every ticket's QR code. The portal's
 * contact and date steps serve here as they are (components/portal).
 */
import { useT, withI18n } from "../components/i18n.tsx";
import { useEffect, useMemo, useRef } from "preact/hooks";
import { hydrateIsland } from "../components/hydrate.ts";
import { Progress } from "../components/portal/Progress.tsx";
import { ContactStep } from "../components/portal/ContactStep.tsx";
import { DateStep } from "../components/portal/DateStep.tsx";
import { CodesStep } from "../components/portal/group/CodesStep.tsx";
import { GroupConfirmStep } from "../components/portal/group/GroupConfirmStep.tsx";
import { GroupDoneStep } from "../components/portal/group/GroupDoneStep.tsx";
import {
  PlainConfirmStep,
  PlainContactStep,
  PlainDateStep,
} from "../components/portal/group/PlainSteps.tsx";
import {
  createGroupState,
  type GroupProps,
} from "../components/portal/group_state.ts";

/** The whole group flow; one step shown at a time. */
function GroupBooking(props: GroupProps) {
  const t = useT();
  const s = useMemo(() => createGroupState(props, t.locale), []);
  const root = useRef<HTMLDivElement>(null);
  const shown = useRef(s.step.value);
  const step = s.step.value;

  useEffect(() => {
    performance.mark("group-hydrated");
  }, []);

  useEffect(() => {
    document.title = t("group.page.documentTitle", {
      step: t(`portal.step.${step}`),
    });
    if (shown.current === step) return;
    shown.current = step;
    root.current?.querySelector<HTMLElement>("[data-step-heading]")
      ?.focus({ preventScroll: true });
    if ((root.current?.getBoundingClientRect().top ?? 0) < 0) {
      root.current?.scrollIntoView({ block: "start" });
    }
  }, [step]);

  return (
    <div class="portal" ref={root} data-step={step}>
      <Progress step={step} />
      {step === "ticket" && <CodesStep s={s} />}
      {/* After a form post (no JavaScript) the steps are plain forms. */}
      {step === "contact" &&
        (s.start ? <PlainContactStep s={s} /> : <ContactStep s={s} />)}
      {step === "date" &&
        (s.start ? <PlainDateStep s={s} /> : <DateStep s={s} />)}
      {step === "confirm" &&
        (s.start ? <PlainConfirmStep s={s} /> : <GroupConfirmStep s={s} />)}
      {step === "done" && <GroupDoneStep s={s} />}
    </div>
  );
}

/** The island with its translator (the page passes `i18n`). */
const GroupBookingIsland = withI18n(GroupBooking);
export default GroupBookingIsland;

if (typeof document !== "undefined") {
  hydrateIsland("GroupBooking", GroupBookingIsland);
}
