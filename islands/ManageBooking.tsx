/**
 * "Manage my booking" at `/reserve/manage`: the booking the mail's link (or
 * the ticket code and email) opens, with "Change time", "Cancel booking" and
 * "Send the email again". The server renders it with the props the browser
 * hydrates it with.
 */
import { useT, withI18n } from "../components/i18n.tsx";
import { useEffect, useMemo, useRef } from "preact/hooks";
import { hydrateIsland } from "../components/hydrate.ts";
import {
  createManageState,
  type ManageProps,
  VIEW_TITLES,
} from "../components/manage/state.ts";
import { BookingView } from "../components/manage/BookingView.tsx";
import {
  ChangeTimeView,
  ConfirmMoveView,
} from "../components/manage/ChangeViews.tsx";
import {
  CancelledView,
  CancelView,
} from "../components/manage/CancelViews.tsx";
import { LoginView } from "../components/manage/LoginView.tsx";

/** The page's one island; one view at a time. */
function ManageBooking(props: ManageProps) {
  const t = useT();
  const s = useMemo(() => createManageState(props), []);
  const root = useRef<HTMLDivElement>(null);
  const view = s.view.value;
  const focus = s.focus.value;

  // Opened at the change view (`?view=change`): the calendar replaces the
  // server's links once availability has loaded.
  useEffect(() => {
    if (s.view.value === "change") s.ensureAvailability();
  }, []);

  useEffect(() => {
    document.title = t("manage.page.title", { view: t(VIEW_TITLES[view]) });
    if (focus === 0) return; // the page as loaded: leave focus alone
    // The message just shown (a refusal, or a success), else the heading.
    const target = root.current?.querySelector<HTMLElement>(
      "[data-problem], [data-notice]",
    ) ?? root.current?.querySelector<HTMLElement>("[data-step-heading]");
    target?.focus({ preventScroll: true });
    target?.scrollIntoView({ block: "nearest" });
  }, [view, focus]);

  return (
    <div class="portal manage" ref={root} data-view={view}>
      {view === "login" && <LoginView s={s} />}
      {view === "booking" && <BookingView s={s} />}
      {view === "change" && <ChangeTimeView s={s} />}
      {view === "confirm-move" && <ConfirmMoveView s={s} />}
      {view === "cancel" && <CancelView s={s} />}
      {view === "cancelled" && <CancelledView s={s} />}
    </div>
  );
}

/** The island with its translator (the page passes `i18n`). */
const ManageBookingIsland = withI18n(ManageBooking);
export default ManageBookingIsland;

if (typeof document !== "undefined") {
  hydrateIsland("ManageBooking", ManageBookingIsland);
}
