/**
 * The pieces of the "Check and confirm" step that the single-ticket and the
 * group booking share: the summary's slot rows and "Change" links, the
 * nearby times offered when the slot filled up, and the step's buttons.
 */
import type { SlotChoice } from "./api.ts";
import { useT } from "../i18n.tsx";
import { rich } from "./rich.tsx";
import { submits } from "./Calendar.tsx";

/** "Change" link in the summary; `label` tells screen readers what. */
export function Change(
  props: {
    label: string;
    onClick: () => void;
    /** Without JavaScript: submit `form` going back `to` a step. */
    form?: string;
    to?: string;
  },
) {
  const t = useT();
  return (
    <button
      {...submits(props.form, "to", props.to ?? "")}
      class="link"
      onClick={(e) => {
        e.preventDefault();
        props.onClick();
      }}
    >
      {t("portal.confirm.change")}
      <span class="sr-only">{` ${props.label}`}</span>
    </button>
  );
}

/** The summary's Date (with its "Change") and Time rows. */
export function SlotRows(
  props: { slot: SlotChoice; onChange: () => void; form?: string },
) {
  const t = useT();
  const { slot } = props;
  return (
    <>
      <div>
        <dt>{t("portal.confirm.date")}</dt>
        <dd>
          {t.longDate(slot.date)}
          <Change
            label={t("portal.confirm.changeSlot")}
            onClick={props.onChange}
            form={props.form}
            to="date"
          />
        </dd>
      </div>
      <div>
        <dt>{t("portal.confirm.time")}</dt>
        <dd>{t.timeRange(slot.start_time, slot.end_time)}</dd>
      </div>
    </>
  );
}

/** Nearby times with room, each booked with one click. */
export function Alternatives(
  props: {
    alternatives: SlotChoice[];
    busy: boolean;
    /** Books `alt` in the page; without it the buttons only submit `form`. */
    onBook?: (alt: SlotChoice) => void;
    /** A form each alternative submits (`alternative`) without JavaScript. */
    form?: string;
  },
) {
  const t = useT();
  if (props.alternatives.length === 0) return null;
  return (
    <ul class="alternatives">
      {props.alternatives.map((alt) => (
        <li key={alt.id}>
          <button
            {...submits(props.form, "alternative", String(alt.id))}
            class="button alternative"
            disabled={props.busy}
            onClick={(e) => {
              if (!props.onBook) return;
              e.preventDefault();
              props.onBook(alt);
            }}
          >
            <span class="alt-when">
              {rich(t, "portal.confirm.bookAlternative", {
                time: (
                  <span class="nowrap">
                    {t.timeRange(alt.start_time, alt.end_time)}
                  </span>
                ),
              }, { date: t.shortDate(alt.date) })}
            </span>
            {alt.available_count !== undefined && (
              <span class="alt-room">
                {t("portal.slots.left", { count: alt.available_count })}
              </span>
            )}
          </button>
        </li>
      ))}
    </ul>
  );
}

/** The way back to the dates once the chosen slot cannot be booked. */
export function ChooseAnotherDate(
  props: { onClick: () => void; form?: string },
) {
  const t = useT();
  return (
    <button
      {...submits(props.form, "to", "date")}
      class="button"
      onClick={(e) => {
        e.preventDefault();
        props.onClick();
      }}
    >
      {t("portal.confirm.anotherDate")}
    </button>
  );
}

/** "Book"/"Back" buttons and the status line screen readers hear. */
export function ConfirmButtons(
  props: {
    busy: boolean;
    /** Hide the buttons (the slot is gone: only the ways forward remain). */
    hidden: boolean;
    label: string;
    onConfirm: () => void;
    onBack: () => void;
    /** A form "Confirm" and "Back" submit without JavaScript. */
    form?: string;
  },
) {
  const t = useT();
  const { busy } = props;
  return (
    <>
      {!props.hidden && (
        <div class="buttons">
          <button
            {...submits(props.form, "confirm", "1")}
            class="button primary"
            disabled={busy}
            onClick={(e) => {
              e.preventDefault();
              props.onConfirm();
            }}
          >
            {busy ? t("portal.confirm.booking") : props.label}
          </button>
          <button
            {...submits(props.form, "to", "date")}
            class="button"
            onClick={(e) => {
              e.preventDefault();
              props.onBack();
            }}
          >
            {t("portal.back")}
          </button>
        </div>
      )}
      <p class="sr-only" role="status">
        {busy ? t("portal.confirm.bookingStatus") : ""}
      </p>
    </>
  );
}

/** The summary's Email (with its "Change") and Phone rows. */
export function ContactRows(
  props: {
    email: string;
    /** The phone number as shown. */
    phone: string;
    onChange: () => void;
    form?: string;
  },
) {
  const t = useT();
  return (
    <>
      <div>
        <dt>{t("portal.confirm.email")}</dt>
        <dd>
          {props.email}
          <Change
            label={t("portal.confirm.changeContact")}
            onClick={props.onChange}
            form={props.form}
            to="contact"
          />
        </dd>
      </div>
      <div>
        <dt>{t("portal.confirm.phone")}</dt>
        <dd>{props.phone}</dd>
      </div>
    </>
  );
}
