/** `/admin/audit`: who changed what, newest first, each change as before → after per field. */
import { useEffect, useRef } from "preact/hooks";
import { hydrateIsland } from "../components/hydrate.ts";
import { fieldErrors } from "../components/admin/api.ts";
import {
  Field,
  focusProblem,
  Live,
  Problem,
  Submit,
  text,
} from "../components/admin/form.tsx";
import { useList } from "../components/admin/list.ts";
import type { AdminProps } from "../components/admin/types.ts";
import { addDays, instant } from "../components/admin/dates.ts";
import { changedFields } from "../components/admin/audit_changes.ts";

interface AuditEntry {
  id: number;
  at: string;
  actor: { kind: string; id: number | string | null; name: string | null };
  action: string;
  target: { type: string; id: number | string | null };
  before: unknown;
  after: unknown;
}

function show(v: unknown): string {
  if (v === undefined) return "—";
  if (v === null) return "none";
  return typeof v === "string" ? v : JSON.stringify(v);
}

/** The changed fields of an entry, before and after. */
function Changes(props: { e: AuditEntry }) {
  const [before, after] = changedFields(props.e.before, props.e.after);
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  if (!keys.length) return null;
  return (
    <ul class="adm-changes">
      {keys.map((k) => (
        <li key={k}>
          <span class="adm-field-name">{k}</span>:{" "}
          <span class="adm-before">{show(before[k])}</span>{" "}
          <span aria-hidden="true">→</span>
          <span class="sr-only">becomes</span>{" "}
          <span class="adm-after">{show(after[k])}</span>
        </li>
      ))}
    </ul>
  );
}

/** The audit page. */
export default function AdminAudit(props: AdminProps) {
  const list = useList<AuditEntry>();
  const form = useRef<HTMLFormElement>(null);
  const load = async (e?: Event) => {
    e?.preventDefault();
    const f = form.current!;
    await list.load("/api/audit", {
      orq: props.orq,
      from: text(f, "from"),
      to: text(f, "to"),
      action: text(f, "action"),
      actor: text(f, "actor"),
    });
    if (e && list.error.value) focusProblem(f);
  };
  useEffect(() => {
    load();
  }, []);
  const fields = fieldErrors(list.error.value);
  const items = list.items.value;
  return (
    <div>
      <section class="panel" aria-labelledby="audit-filter">
        <h2 id="audit-filter">Filter</h2>
        <form ref={form} noValidate onSubmit={load}>
          <Problem
            error={list.error.value}
            shown={["from", "to", "action", "actor"]}
          />
          <div class="adm-grid">
            <Field
              id="a-from"
              name="from"
              label="From"
              type="date"
              defaultValue={addDays(props.today, -30)}
              error={fields.from}
            />
            <Field
              id="a-to"
              name="to"
              label="To"
              type="date"
              defaultValue={props.today}
              error={fields.to}
            />
            <Field
              id="a-action"
              name="action"
              label="Action"
              hint="e.g. slot.update, staff.create"
              autocomplete="off"
              error={fields.action}
            />
            <Field
              id="a-actor"
              name="actor"
              label="Who"
              hint="A staff member's id or name"
              autocomplete="off"
              error={fields.actor}
            />
          </div>
          <Submit busy={list.busy.value} label="Show" busyLabel="Loading…" />
        </form>
      </section>
      <Live
        text={items === null || list.busy.value || list.error.value
          ? ""
          : `${items.length}${list.next.value ? " or more" : ""} entries.`}
      />
      {items && items.length > 0 && (
        <ol class="adm-cards adm-audit">
          {items.map((e) => (
            <li key={e.id} class="adm-card" data-audit={e.action}>
              <p class="adm-audit-head">
                <strong>{e.action}</strong> {e.target?.type}
                {e.target?.id != null ? ` #${e.target.id}` : ""}
              </p>
              <p class="adm-muted">
                {instant(e.at, props.timezone)} · {e.actor?.name ??
                  e.actor?.kind}
                {e.actor?.kind && e.actor.kind !== "staff"
                  ? ` (${e.actor.kind.replace("_", " ")})`
                  : ""}
              </p>
              <Changes e={e} />
            </li>
          ))}
        </ol>
      )}
      {items && items.length === 0 && <p class="hint">No entries.</p>}
      {list.next.value && (
        <button
          type="button"
          class="button"
          disabled={list.busy.value}
          onClick={() => list.more()}
        >
          Show more
        </button>
      )}
    </div>
  );
}

if (typeof document !== "undefined") hydrateIsland("AdminAudit", AdminAudit);
