/** `/admin/staff`: the venue's staff, adding one, changing role or secrets, disabling. */
import { useEffect } from "preact/hooks";
import { useSignal } from "@preact/signals";
import { hydrateIsland } from "../components/hydrate.ts";
import { Live, Problem } from "../components/admin/form.tsx";
import { useList } from "../components/admin/list.ts";
import type { AdminProps } from "../components/admin/types.ts";
import {
  ROLES,
  StaffEditor,
  type StaffMember,
} from "../components/admin/staff/StaffEditor.tsx";
import { CreateStaff } from "../components/admin/staff/CreateStaff.tsx";

const ROLE_TEXT = Object.fromEntries(
  ROLES.map(([k, v]) => [k, v.replace(/ \(.*/, "")]),
);

/** The staff page. */
export default function AdminStaff(props: AdminProps) {
  const list = useList<StaffMember>();
  const editing = useSignal<number | null>(null);
  const message = useSignal("");
  useEffect(() => {
    list.load("/api/staff", { orq: props.orq, limit: 200 });
  }, []);
  const done = (t: string) => {
    message.value = t;
    list.reload();
  };
  const items = list.items.value;
  return (
    <div>
      <section class="panel" aria-labelledby="staff-title">
        <h2 id="staff-title">Accounts</h2>
        <Problem error={list.error.value} />
        <Live text={message.value} id="staff-result" />
        {items === null
          ? <p class="loading">Loading…</p>
          : (
            <ul class="adm-cards">
              {items.map((m) => (
                <li key={m.id}>
                  <article
                    class={`adm-card${m.disabled ? " adm-disabled" : ""}`}
                    data-staff={m.username}
                    aria-labelledby={`staff-${m.id}`}
                  >
                    <h3 id={`staff-${m.id}`}>
                      {m.name} <span class="adm-muted">({m.username})</span>
                      {m.disabled && (
                        <span class="adm-badge adm-badge-closed">
                          Disabled
                        </span>
                      )}
                    </h3>
                    <p>
                      {ROLE_TEXT[m.role] ?? m.role} · signs in with{" "}
                      {[m.has_password && "password", m.has_pin && "PIN"]
                        .filter(Boolean).join(" or ") || "nothing yet"}
                    </p>
                    {editing.value === m.id
                      ? (
                        <StaffEditor
                          m={m}
                          onDone={done}
                          onClose={() => (editing.value = null)}
                        />
                      )
                      : (
                        <button
                          type="button"
                          class="button"
                          onClick={() => (editing.value = m.id)}
                        >
                          Change<span class="sr-only">{` ${m.name}`}</span>
                        </button>
                      )}
                  </article>
                </li>
              ))}
            </ul>
          )}
        {list.next.value && (
          <button
            type="button"
            class="button"
            onClick={() => list.more()}
          >
            Show more
          </button>
        )}
      </section>
      <CreateStaff orq={props.orq} onCreated={done} />
    </div>
  );
}

if (typeof document !== "undefined") hydrateIsland("AdminStaff", AdminStaff);
