/** `/admin/organizations` (platform administrator): creating an organization. */
import { useRef } from "preact/hooks";
import { useSignal } from "@preact/signals";
import { hydrateIsland } from "../components/hydrate.ts";
import { api } from "../components/admin/api.ts";
import {
  Field,
  Live,
  Problem,
  Submit,
  text,
  useAction,
} from "../components/admin/form.tsx";
import type { AdminProps } from "../components/admin/types.ts";

interface Created {
  orq: number;
  name: string;
  timezone: string;
}

/** The create form and the organizations made in this visit. */
export default function AdminOrganizations(props: AdminProps) {
  const form = useRef<HTMLFormElement>(null);
  const act = useAction();
  const made = useSignal<Created[]>([]);
  const submit = async (e: Event) => {
    e.preventDefault();
    const f = form.current!;
    const body = { name: text(f, "name"), timezone: text(f, "timezone") };
    const bad: Record<string, string> = {};
    if (!body.name) bad.name = "Give the venue's name.";
    if (!body.timezone) {
      bad.timezone = "Give an IANA zone, e.g. Europe/Amsterdam.";
    }
    if (Object.keys(bad).length) {
      act.refuse(bad, f);
      return;
    }
    const r = await act.run(
      () => api<Created>("POST", "/api/organizations", body),
      f,
    );
    if (r?.ok) {
      made.value = [...made.value, r.data];
      act.done.value = `Organization ${r.data.orq} “${r.data.name}” created.`;
      f.reset();
    }
  };
  return (
    <section class="panel" aria-labelledby="org-title">
      <h2 id="org-title">New organization</h2>
      <p class="hint">
        A new venue with its own slots, tickets and staff. Add its first
        administrator through the staff API or its own back office.
      </p>
      <form ref={form} noValidate onSubmit={submit}>
        <Problem error={act.error.value} shown={["name", "timezone"]} />
        <Field id="g-name" name="name" label="Name" error={act.fields.name} />
        <Field
          id="g-zone"
          name="timezone"
          label="Time zone"
          hint="IANA name, e.g. Europe/Amsterdam."
          defaultValue={props.timezone}
          autocomplete="off"
          error={act.fields.timezone}
        />
        <Submit busy={act.busy.value} label="Create" busyLabel="Creating…" />
      </form>
      <Live text={act.done.value} />
      {made.value.length > 0 && (
        <ul>
          {made.value.map((o) => (
            <li key={o.orq}>
              {o.orq}: {o.name} ({o.timezone})
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

if (typeof document !== "undefined") {
  hydrateIsland("AdminOrganizations", AdminOrganizations);
}
