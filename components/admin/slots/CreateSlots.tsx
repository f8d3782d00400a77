/**
 * Creating one slot or a series: a preview first (`"preview": true`: what
 * would be created and what skipped, nothing written), then the same body
 * for real.
 */
import { useRef } from "preact/hooks";
import { useSignal } from "@preact/signals";
import { api } from "../api.ts";
import { Field, Live, Problem, Submit, text, useAction } from "../form.tsx";
import { type AdminSlot, WEEKDAYS } from "../types.ts";
import { shortDate } from "../dates.ts";
import { oneSlotTimes } from "./one_slot.ts";

const DEFAULT_TIMES = "09:00-10:00\n10:00-11:00";

interface CreateAnswer {
  created: AdminSlot[];
  skipped: { date: string; start_time: string; reason: string }[];
}

/** `09:00-10:00` lines as pairs; null when a line is not such a range. */
export function parseTimes(raw: string): [string, string][] | null {
  const out: [string, string][] = [];
  for (const line of raw.split(/[\n,;]+/).map((l) => l.trim())) {
    if (!line) continue;
    const m = /^(\d{1,2}:\d{2})\s*(?:-|–|to)\s*(\d{1,2}:\d{2})$/.exec(line);
    if (!m) return null;
    out.push([m[1].padStart(5, "0"), m[2].padStart(5, "0")]);
  }
  return out.length ? out : null;
}

/** The first message among `fields` for `name` or its sub-fields (`times.0`). */
function msg(fields: Record<string, string>, name: string) {
  return fields[name] ??
    Object.entries(fields).find(([k]) => k.startsWith(`${name}.`))?.[1];
}

/** The create form; `onCreated` reloads the board. */
export function CreateSlots(
  props: { orq: number; today: string; onCreated: () => void },
) {
  const form = useRef<HTMLFormElement>(null);
  const mode = useSignal<"one" | "series">("series");
  const midnight = useSignal(false);
  const preview = useSignal<CreateAnswer | null>(null);
  const body = useSignal<Record<string, unknown> | null>(null);
  const act = useAction();

  const read = (): Record<string, unknown> | null => {
    const f = form.current!;
    const capacity = Number(text(f, "total_capacity"));
    const bad: Record<string, string> = {};
    if (!Number.isInteger(capacity) || capacity < 1) {
      bad.total_capacity = "A whole number, at least 1.";
    }
    if (mode.value === "one") {
      const one = oneSlotTimes({
        date: text(f, "date"),
        start_time: text(f, "start_time"),
        end_time: text(f, "end_time"),
        midnight: midnight.value,
      });
      if (!one.ok) Object.assign(bad, one.fields);
      if (!one.ok || Object.keys(bad).length) {
        act.refuse(bad, f);
        return null;
      }
      return { orq: props.orq, ...one.body, total_capacity: capacity };
    }
    const weekdays = new FormData(f).getAll("weekdays").map(Number);
    const times = parseTimes(text(f, "times"));
    const b = {
      orq: props.orq,
      from: text(f, "from"),
      to: text(f, "to"),
      weekdays,
      times,
      total_capacity: capacity,
    };
    if (!b.from) bad.from = "Choose the first date.";
    if (!b.to) bad.to = "Choose the last date.";
    if (!weekdays.length) bad.weekdays = "Tick at least one weekday.";
    if (!times) bad.times = "One range a line, like 09:00-10:00.";
    if (Object.keys(bad).length) {
      act.refuse(bad, f);
      return null;
    }
    return b;
  };

  const onPreview = async (e: Event) => {
    e.preventDefault();
    const b = read();
    if (!b) return;
    const r = await act.run(
      () =>
        api<CreateAnswer>("POST", "/api/reservation-slots/create", {
          ...b,
          preview: true,
        }),
      form.current,
    );
    if (!r?.ok) return;
    if (r.status === 201) {
      // A server without previews created them already: say so.
      act.done.value = `${slots(r.data.created.length)} created.`;
      props.onCreated();
      return;
    }
    preview.value = r.data;
    body.value = b;
    act.done.value =
      `Preview: ${r.data.created.length} to create, ${r.data.skipped.length} skipped.`;
  };

  const onCreate = async () => {
    if (!body.value) return;
    const r = await act.run(
      () =>
        api<CreateAnswer>(
          "POST",
          "/api/reservation-slots/create",
          body.value,
        ),
      form.current,
    );
    if (!r?.ok) return;
    preview.value = null;
    body.value = null;
    act.done.value = `${
      slots(r.data.created.length)
    } created, ${r.data.skipped.length} skipped.`;
    props.onCreated();
  };

  const fields = act.fields;
  const p = preview.value;
  return (
    <section class="panel" aria-labelledby="create-title">
      <h2 id="create-title">Create slots</h2>
      <form
        ref={form}
        noValidate
        onSubmit={onPreview}
        onInput={() => (preview.value = null)}
      >
        <fieldset class="adm-choice">
          <legend>What to create</legend>
          {(["series", "one"] as const).map((m) => (
            <label key={m} class="adm-check">
              <input
                type="radio"
                name="mode"
                value={m}
                checked={mode.value === m}
                onChange={() => (mode.value = m)}
              />{" "}
              {m === "one" ? "One slot" : "A series (dates × weekdays × times)"}
            </label>
          ))}
        </fieldset>
        <Problem
          error={act.error.value}
          shown={Object.keys(fields).filter((k) =>
            /^(date|start_time|end_time|from|to|weekdays|times|total_capacity)/
              .test(k)
          )}
        />
        {mode.value === "one"
          ? (
            <div class="adm-grid">
              <Field
                id="c-date"
                name="date"
                label="Date"
                type="date"
                min={props.today}
                error={fields.date}
              />
              <Field
                id="c-start"
                name="start_time"
                label="Start"
                type="time"
                error={fields.start_time}
              />
              <Field
                id="c-end"
                name="end_time"
                label="End"
                type="time"
                disabled={midnight.value}
                error={fields.end_time}
                extra={
                  <label class="adm-check">
                    <input
                      type="checkbox"
                      name="midnight"
                      checked={midnight.value}
                      onChange={(
                        e,
                      ) => (midnight.value = e.currentTarget.checked)}
                    />{" "}
                    Ends at midnight (24:00)
                  </label>
                }
              />
            </div>
          )
          : (
            <>
              <div class="adm-grid">
                <Field
                  id="c-from"
                  name="from"
                  label="From"
                  type="date"
                  min={props.today}
                  error={fields.from}
                />
                <Field
                  id="c-to"
                  name="to"
                  label="To"
                  type="date"
                  min={props.today}
                  error={fields.to}
                />
              </div>
              <fieldset
                class="adm-choice adm-weekdays"
                aria-describedby={msg(fields, "weekdays")
                  ? "c-weekdays-error"
                  : undefined}
              >
                <legend>Weekdays</legend>
                {WEEKDAYS.map((d, i) => (
                  <label key={d} class="adm-check">
                    <input
                      type="checkbox"
                      name="weekdays"
                      value={String(i + 1)}
                      defaultChecked
                      aria-invalid={msg(fields, "weekdays")
                        ? "true"
                        : undefined}
                    />{" "}
                    {d}
                  </label>
                ))}
                {msg(fields, "weekdays") && (
                  <p class="field-error" id="c-weekdays-error">
                    {msg(fields, "weekdays")}
                  </p>
                )}
              </fieldset>
              <div class="field adm-field">
                <label for="c-times">Times</label>
                <p class="hint" id="c-times-hint">
                  One start-end range a line, like 09:00-10:00 (end may be
                  24:00).
                </p>
                <textarea
                  id="c-times"
                  name="times"
                  rows={3}
                  aria-invalid={msg(fields, "times") ? "true" : undefined}
                  aria-describedby={`c-times-hint${
                    msg(fields, "times") ? " c-times-error" : ""
                  }`}
                  defaultValue={DEFAULT_TIMES}
                />
                {msg(fields, "times") && (
                  <p class="field-error" id="c-times-error">
                    {msg(fields, "times")}
                  </p>
                )}
              </div>
            </>
          )}
        <Field
          id="c-capacity"
          name="total_capacity"
          label="Capacity of each slot"
          type="number"
          min={1}
          inputMode="numeric"
          defaultValue="20"
          error={fields.total_capacity}
        />
        <Submit busy={act.busy.value && !p} label="Preview" primary={!p} />
      </form>
      {p && (
        <div class="adm-preview" data-preview>
          <h3>Preview</h3>
          <p>
            <strong data-will-create>{p.created.length}</strong>{" "}
            {p.created.length === 1 ? "slot" : "slots"} will be created;{" "}
            <strong data-will-skip>{p.skipped.length}</strong>{" "}
            skipped because they already exist.
          </p>
          <PreviewList
            title="Will be created"
            items={p.created.map((s) =>
              `${shortDate(s.date)} ${s.start_time}–${s.end_time}`
            )}
          />
          <PreviewList
            title="Skipped"
            items={p.skipped.map((s) =>
              `${shortDate(s.date)} ${s.start_time}: ${
                s.reason === "DUPLICATE" ? "already exists" : s.reason
              }`
            )}
          />
          <div class="buttons">
            <button
              type="button"
              class="button primary"
              disabled={act.busy.value || p.created.length === 0}
              onClick={onCreate}
            >
              {act.busy.value
                ? "Creating…"
                : `Create ${slots(p.created.length)}`}
            </button>
            <button
              type="button"
              class="button"
              onClick={() => (preview.value = null)}
            >
              Change
            </button>
          </div>
        </div>
      )}
      <Live text={act.done.value} />
    </section>
  );
}

/** "1 slot", "9 slots". */
function slots(n: number): string {
  return `${n} slot${n === 1 ? "" : "s"}`;
}

function PreviewList(props: { title: string; items: string[] }) {
  if (!props.items.length) return null;
  return (
    <details open={props.items.length <= 8}>
      <summary>
        {props.title} ({props.items.length})
      </summary>
      <ul class="adm-compact">
        {props.items.map((t, i) => <li key={i}>{t}</li>)}
      </ul>
    </details>
  );
}
