/** Changing one slot: capacity, close or reopen, delete when empty. */
import { useEffect, useRef } from "preact/hooks";
import { useSignal } from "@preact/signals";
import { api } from "../api.ts";
import { Field, Live, Problem, Submit, useAction } from "../form.tsx";
import type { AdminSlot } from "../types.ts";
import { longDate } from "../dates.ts";
import { countsText } from "./SlotBoard.tsx";

/** The capacity message of a 409 `CAPACITY_BELOW_BOOKED`, from its details. */
function belowBooked(details: Record<string, unknown> | undefined): string {
  const booked = Number(details?.booked_count ?? 0);
  const held = Number(details?.held_count ?? 0);
  return `${booked} booked and ${held} held: the capacity must be at least ${
    booked + held
  }.`;
}

/** The editor of `slot`; `onChanged` reloads the board (null: the slot was deleted). */
export function SlotEditor(props: {
  slot: AdminSlot;
  onChanged: (message: string) => void;
  onClose: () => void;
}) {
  const s = props.slot;
  const form = useRef<HTMLFormElement>(null);
  const box = useRef<HTMLElement>(null);
  const act = useAction();
  const confirmDelete = useSignal(false);
  const closed = s.status === "CLOSED";
  const yes = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirmDelete.value) yes.current?.focus();
  }, [confirmDelete.value]);

  const patch = async (body: Record<string, unknown>, what: string) => {
    const r = await act.run(
      () => api<AdminSlot>("PATCH", `/api/reservation-slots/${s.id}`, body),
      box.current,
    );
    if (r?.ok) props.onChanged(what);
  };

  const saveCapacity = (e: Event) => {
    e.preventDefault();
    const raw = new FormData(form.current!).get("total_capacity");
    const n = Number(raw);
    if (!raw || !Number.isInteger(n) || n < 1) {
      act.refuse(
        { total_capacity: "A whole number, at least 1." },
        box.current,
      );
      return;
    }
    patch({ total_capacity: n }, `Capacity is now ${n}.`);
  };

  const remove = async () => {
    const r = await act.run(
      () => api("DELETE", `/api/reservation-slots/${s.id}`),
      box.current,
    );
    confirmDelete.value = false;
    if (r?.ok) props.onChanged("The slot was deleted.");
  };

  const err = act.error.value;
  const capacityError = err?.code === "CAPACITY_BELOW_BOOKED"
    ? belowBooked(err.details)
    : act.fields.total_capacity;
  const heading = `${longDate(s.date)}, ${s.start_time}–${s.end_time}`;
  return (
    <section
      class="panel adm-editor"
      aria-labelledby="slot-editor-title"
      ref={box}
      data-editor={s.id}
    >
      <h2 id="slot-editor-title" tabIndex={-1}>{heading}</h2>
      <p>
        {closed ? "Closed" : s.status === "FULL" ? "Full" : "Open"} ·{" "}
        {countsText(s)}
      </p>
      <Problem
        error={err?.code === "CAPACITY_BELOW_BOOKED" ? null : err}
        shown={["total_capacity"]}
      />
      <form ref={form} class="adm-inline" noValidate onSubmit={saveCapacity}>
        <Field
          id="slot-capacity"
          name="total_capacity"
          label="Capacity (places)"
          type="number"
          min={1}
          inputMode="numeric"
          defaultValue={String(s.total_capacity)}
          key={`${s.id}-${s.total_capacity}`}
          error={capacityError}
        />
        <Submit busy={act.busy.value} label="Save capacity" />
      </form>
      <div class="buttons">
        <button
          type="button"
          class="button"
          disabled={act.busy.value}
          onClick={() =>
            patch(
              { status: closed ? "ACTIVE" : "CLOSED" },
              closed
                ? "The slot is open again."
                : "The slot is closed: its reservations stay, new ones are refused.",
            )}
        >
          {closed ? "Reopen slot" : "Close slot"}
        </button>
        {!confirmDelete.value && (
          <button
            type="button"
            class="button"
            disabled={act.busy.value}
            onClick={() => (confirmDelete.value = true)}
          >
            Delete slot…
          </button>
        )}
        <button type="button" class="button" onClick={props.onClose}>
          Done
        </button>
      </div>
      {confirmDelete.value && (
        <div class="alert info adm-confirm">
          <p>
            Delete this slot? Only a slot without reservations or held places
            can go.
          </p>
          <div class="buttons">
            <button
              type="button"
              class="button primary"
              disabled={act.busy.value}
              ref={yes}
              onClick={remove}
            >
              Yes, delete it
            </button>
            <button
              type="button"
              class="button"
              onClick={() => (confirmDelete.value = false)}
            >
              Keep it
            </button>
          </div>
        </div>
      )}
      <Live text={act.done.value} />
    </section>
  );
}
