/**
 * `/admin/organizations` (platform administrator): every organization, each
 * with a link into its back office, and creating one.
 */
import { useEffect, useRef } from "preact/hooks";
import { useSignal } from "@preact/signals";
import { hydrateIsland } from "../components/hydrate.ts";
import { api, type ApiError } from "../components/admin/api.ts";
import {
  Field,
  Live,
  Problem,
  Submit,
  text,
  useAction,
} from "../components/admin/form.tsx";
import type { AdminProps } from "../components/admin/types.ts";

interface Organization {
  orq: number;
  name: string;
  timezone: string;
}

/** The list of organizations and the create form. */
export default function AdminOrganizations(props: AdminProps) {
  const form = useRef<HTMLFormElement>(null);
  const act = useAction();
  const orgs = useSignal<Organization[] | null>(null);
  const loadError = useSignal<ApiError | null>(null);

  const load = async () => {
    const r = await api<{ items: Organization[] }>("GET", "/api/organizations");
    if (!r.ok) {
      loadError.value = r.error;
      orgs.value ??= [];
      return;
    }
    loadError.value = null;
    orgs.value = r.data.items;
  };
  useEffect(() => {
    load();
  }, []);

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
      () => api<Organization>("POST", "/api/organizations", body),
      f,
    );
    if (r?.ok) {
      act.done.value = `Organization ${r.data.orq} “${r.data.name}” created.`;
      f.reset();
      await load();
    }
  };
  const list = orgs.value;
  return (
    <>
      <section class="panel" aria-labelledby="orgs-title">
        <h2 id="orgs-title">Organizations</h2>
        <p class="hint">
          Open one to work in its back office: slots, tickets, reservations,
          staff (add its first administrator there), settings and audit log.
        </p>
        <Problem error={loadError.value} />
        {list === null
          ? <p class="loading">Loading…</p>
          : (
            <ul class="adm-compact" data-org-list>
              {list.map((o) => (
                <li key={o.orq} data-orq={o.orq}>
                  <a href={`/admin/slots?orq=${o.orq}`}>
                    {o.orq}: {o.name}
                  </a>{" "}
                  <span class="hint">
                    ({o.timezone}
                    {o.orq === props.orq ? ", this one" : ""})
                  </span>
                </li>
              ))}
            </ul>
          )}
      </section>
      <section class="panel" aria-labelledby="org-title">
        <h2 id="org-title">New organization</h2>
        <p class="hint">
          A new venue with its own slots, tickets and staff.
        </p>
        <form ref={form} noValidate onSubmit={submit}>
          <Problem error={act.error.value} shown={["name", "timezone"]} />
          <Field
            id="g-name"
            name="name"
            label="Name"
            error={act.fields.name}
          />
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
      </section>
    </>
  );
}

if (typeof document !== "undefined") {
  hydrateIsland("AdminOrganizations", AdminOrganizations);
}
