/** One reservation in the list, with resend, move and cancel (with a confirmation). */
import { useEffect, useRef } from "preact/hooks";
import { useSignal } from "@preact/signals";
import { api } from "../api.ts";
import { Problem, useAction } from "../form.tsx";
import { instant, shortDate } from "../dates.ts";
import type { AdminReservation } from "./types.ts";
import { formatTicketCode } from "../../../domain/ticket_code.ts";

const STATUS_TEXT: Record<string, string> = {
  RESERVED: "Reserved",
  VERIFIED: "Admitted",
  EXPIRED: "Expired (no-show)",
  CANCELLED: "Cancelled",
};

/** The card; `onDone` announces a result and reloads the list. */
export function ReservationCard(props: {
  r: AdminReservation;
  timezone: string;
  onMove: () => void;
  onDone: (text: string) => void;
}) {
  const r = props.r;
  const act = useAction();
  const confirming = useSignal(false);
  const box = useRef<HTMLElement>(null);
  const yes = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming.value) yes.current?.focus();
  }, [confirming.value]);
  const code = formatTicketCode(r.ticket_code);
  const live = r.status === "RESERVED";

  const resend = async () => {
    const res = await act.run(
      () => api("POST", `/api/reservations/${r.id}/resend`, {}),
      box.current,
    );
    if (res?.ok) {
      props.onDone(
        `Confirmation of ${code} sent again to ${r.customer_email}.`,
      );
    }
  };
  const cancel = async () => {
    const res = await act.run(
      () => api("POST", `/api/reservations/${r.id}/cancel`, {}),
      box.current,
    );
    confirming.value = false;
    if (res?.ok) props.onDone(`${code} is cancelled; its place is free again.`);
  };

  return (
    <article
      class={`adm-card adm-res-${r.status.toLowerCase()}`}
      ref={box}
      data-reservation={r.id}
      aria-labelledby={`res-${r.id}`}
    >
      <h3 id={`res-${r.id}`}>
        <span class="code">{code}</span>{" "}
        <span class={`adm-badge adm-badge-${r.status.toLowerCase()}`}>
          {STATUS_TEXT[r.status] ?? r.status}
        </span>
      </h3>
      <dl class="adm-facts">
        <div>
          <dt>Slot</dt>
          <dd data-slot-when>
            {shortDate(r.slot.date)} {r.slot.start_time}–{r.slot.end_time}
          </dd>
        </div>
        <div>
          <dt>Email</dt>
          <dd class="adm-break">{r.customer_email}</dd>
        </div>
        <div>
          <dt>Phone</dt>
          <dd>{r.customer_phone}</dd>
        </div>
        <div>
          <dt>Booked</dt>
          <dd>{instant(r.reserved_at, props.timezone)}</dd>
        </div>
        {r.verified_at && (
          <div>
            <dt>Admitted</dt>
            <dd>
              {instant(r.verified_at, props.timezone)}
              {r.verified_by ? ` by ${r.verified_by}` : ""}
            </dd>
          </div>
        )}
        {r.cancelled_at && (
          <div>
            <dt>Cancelled</dt>
            <dd>{instant(r.cancelled_at, props.timezone)}</dd>
          </div>
        )}
        {r.order_ref && (
          <div>
            <dt>Order</dt>
            <dd>{r.order_ref}</dd>
          </div>
        )}
      </dl>
      {r.status !== "CANCELLED" && (
        <div class="buttons">
          <button
            type="button"
            class="button"
            disabled={act.busy.value}
            onClick={resend}
          >
            Resend mail<span class="sr-only">{` for ${code}`}</span>
          </button>
          {live && (
            <>
              <button
                type="button"
                class="button"
                disabled={act.busy.value}
                onClick={props.onMove}
              >
                Move…<span class="sr-only">{` ${code}`}</span>
              </button>
              <button
                type="button"
                class="button"
                disabled={act.busy.value || confirming.value}
                onClick={() => (confirming.value = true)}
              >
                Cancel…<span class="sr-only">{` ${code}`}</span>
              </button>
            </>
          )}
        </div>
      )}
      {confirming.value && (
        <div class="alert info adm-confirm">
          <p>
            Cancel the reservation of {code} on {shortDate(r.slot.date)}{" "}
            {r.slot.start_time}? The guest gets a mail and the place is freed.
          </p>
          <div class="buttons">
            <button
              type="button"
              class="button primary"
              ref={yes}
              disabled={act.busy.value}
              onClick={cancel}
            >
              Yes, cancel it
            </button>
            <button
              type="button"
              class="button"
              onClick={() => (confirming.value = false)}
            >
              Keep it
            </button>
          </div>
        </div>
      )}
      <Problem error={act.error.value} />
    </article>
  );
}
