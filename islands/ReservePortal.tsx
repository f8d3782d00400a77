/**
 * The customer portal at `/reserve`: ticket → contact → date & time →
 * confirm → done. The server renders it with the same props the browser
 * hydrates it with, so nothing moves when the bundle arrives.
 */
import { useT, withI18n } from "../components/i18n.tsx";
import { useEffect, useMemo, useRef } from "preact/hooks";
import { hydrateIsland } from "../components/hydrate.ts";
import { Progress } from "../components/portal/Progress.tsx";
import { TicketStep } from "../components/portal/TicketStep.tsx";
import { ContactStep } from "../components/portal/ContactStep.tsx";
import { DateStep } from "../components/portal/DateStep.tsx";
import { ConfirmStep } from "../components/portal/ConfirmStep.tsx";
import { DoneStep } from "../components/portal/DoneStep.tsx";
import { VenueHeader } from "../components/portal/VenueHeader.tsx";
import { restoreBooking } from "../components/portal/remember.ts";
import {
  createPortalState,
  type PortalProps,
  STEPS,
} from "../components/portal/state.ts";

/** The whole reservation flow; state in signals, one step shown at a time. */
function ReservePortal(props: PortalProps) {
  const t = useT();
  const s = useMemo(() => createPortalState(props, t.locale), []);
  const root = useRef<HTMLDivElement>(null);
  const shown = useRef(s.step.value);
  const step = s.step.value;

  useEffect(() => {
    // The ticket is known already: load the calendar while contact is typed.
    if (s.ticket.value) s.ensureAvailability();
    restoreBooking(s); // a reload of the success page
    performance.mark("portal-hydrated");
  }, []);

  useEffect(() => {
    const label = STEPS.find((x) => x.id === step)!.label;
    document.title = t("portal.pageTitle", { step: t(label) });
    if (shown.current === step) return;
    shown.current = step;
    // A new step: move focus to its heading so keyboard and screen reader
    // users start there; scroll back up when the page was scrolled past it.
    const heading = root.current?.querySelector<HTMLElement>(
      "[data-step-heading]",
    );
    heading?.focus({ preventScroll: true });
    if ((root.current?.getBoundingClientRect().top ?? 0) < 0) {
      root.current?.scrollIntoView({ block: "start" });
    }
  }, [step]);

  return (
    <div class="portal" ref={root} data-step={step}>
      <VenueHeader venue={s.venue.value} />
      <Progress step={step} />
      {step === "ticket" && <TicketStep s={s} />}
      {step === "contact" && <ContactStep s={s} />}
      {step === "date" && <DateStep s={s} />}
      {step === "confirm" && <ConfirmStep s={s} />}
      {step === "done" && <DoneStep s={s} />}
    </div>
  );
}

/** The island with its translator (the page passes `i18n`). */
const ReservePortalIsland = withI18n(ReservePortal);
export default ReservePortalIsland;

if (typeof document !== "undefined") {
  hydrateIsland("ReservePortal", ReservePortalIsland);
}
