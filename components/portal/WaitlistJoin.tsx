import { useState } from "preact/hooks";
import type { SlotChoice } from "./api.ts";
import { useT } from "../i18n.tsx";
import { withStrong } from "./emphasis.tsx";
import {
  joinWaitlist,
  leaveWaitlist,
  waitlistMessage,
} from "./waitlist_api.ts";

/**
 * "Join the waitlist" for full times `slots` (not closed ones): when a place
 * frees up it is held for the ticket and a claim link is emailed to `email`.
 */
export function WaitlistJoin(
  props: { code: string; email: string; slots: SlotChoice[] },
) {
  const t = useT();
  const full = props.slots;
  const [busy, setBusy] = useState<number | null>(null);
  // Per slot: the entry and its rank.
  const [joined, setJoined] = useState<
    Record<number, { id: number; position: number } | undefined>
  >({});
  const [left, setLeft] = useState<number | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  if (full.length === 0) return null;
  async function join(slot: SlotChoice) {
    setBusy(slot.id);
    setProblem(null);
    const r = await joinWaitlist({
      ticket_codes: [props.code],
      slot_id: slot.id,
      customer_email: props.email,
      locale: t.locale,
    });
    setBusy(null);
    if (r.ok) {
      const { id, position } = r.data.waitlist;
      setJoined({ ...joined, [slot.id]: { id, position } });
      setLeft(null);
    } else setProblem(waitlistMessage(r.error.code));
  }
  async function leave(slot: SlotChoice, id: number) {
    setBusy(slot.id);
    setProblem(null);
    const r = await leaveWaitlist(id, props.code);
    setBusy(null);
    if (r.ok || r.error.code === "WAITLIST_NOT_FOUND") {
      setJoined({ ...joined, [slot.id]: undefined });
      setLeft(slot.id);
    } else setProblem(waitlistMessage(r.error.code));
  }
  return (
    <div class="waitlist">
      <h3>{t("waitlist.join.title")}</h3>
      <p class="hint">
        {withStrong(t, "waitlist.join.hint", "email", props.email)}
      </p>
      <ul class="actions">
        {full.map((slot) => (
          <li key={slot.id}>
            {joined[slot.id]
              ? (
                <>
                  <p role="status" data-waitlist-joined={slot.id}>
                    {t("waitlist.join.joined", {
                      time: t.timeRange(slot.start_time, slot.end_time),
                      position: joined[slot.id]!.position,
                    })}
                  </p>
                  <button
                    type="button"
                    class="button"
                    disabled={busy !== null}
                    data-waitlist-leave={slot.id}
                    onClick={() => leave(slot, joined[slot.id]!.id)}
                  >
                    {t("waitlist.join.leave")}
                  </button>
                </>
              )
              : (
                // Without JavaScript the form posts (nothing in a URL).
                <form method="post" action="/reserve/waitlist">
                  <input type="hidden" name="ticket_code" value={props.code} />
                  <input
                    type="hidden"
                    name="customer_email"
                    value={props.email}
                  />
                  <input type="hidden" name="slot_id" value={String(slot.id)} />
                  <button
                    type="submit"
                    class="button"
                    disabled={busy !== null}
                    data-waitlist-slot={slot.id}
                    onClick={(e) => {
                      e.preventDefault();
                      join(slot);
                    }}
                  >
                    {t("waitlist.join.join", {
                      time: t.timeRange(slot.start_time, slot.end_time),
                    })}
                  </button>
                </form>
              )}
          </li>
        ))}
      </ul>
      {left !== null && (
        <p role="status" data-waitlist-left={left}>
          {t("waitlist.join.left")}
        </p>
      )}
      {problem && <p class="alert" role="alert">{t(problem)}</p>}
    </div>
  );
}
