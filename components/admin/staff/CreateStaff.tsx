/** Adding a member of staff. */
import { useRef } from "preact/hooks";
import { useSignal } from "@preact/signals";
import { api } from "../api.ts";
import {
  Field,
  Live,
  Problem,
  SelectField,
  Submit,
  text,
  useAction,
} from "../form.tsx";
import { ROLES } from "./StaffEditor.tsx";

/** The create form; `onCreated` reloads the list. */
export function CreateStaff(
  props: { orq: number; onCreated: (text: string) => void },
) {
  const form = useRef<HTMLFormElement>(null);
  const role = useSignal("OPERATOR");
  const act = useAction();

  const submit = async (e: Event) => {
    e.preventDefault();
    const f = form.current!;
    const body: Record<string, unknown> = {
      orq: props.orq,
      username: text(f, "username"),
      name: text(f, "name"),
      role: role.value,
    };
    const password = text(f, "password");
    const pin = text(f, "pin");
    if (password) body.password = password;
    if (pin && role.value === "OPERATOR") body.pin = pin;
    const bad: Record<string, string> = {};
    if (!body.username) bad.username = "Give a username.";
    if (!body.name) bad.name = "Give the person's name.";
    if (!password && !(pin && role.value === "OPERATOR")) {
      bad.password = "Give a password (or a PIN for door staff).";
    }
    if (Object.keys(bad).length) {
      act.refuse(bad, f);
      return;
    }
    const r = await act.run(() => api("POST", "/api/staff", body), f);
    if (r?.ok) {
      f.reset();
      role.value = "OPERATOR";
      const t = `${body.name} (${body.username}) can now sign in.`;
      act.done.value = t;
      props.onCreated(t);
    }
  };

  const fields = act.fields;
  return (
    <section class="panel" aria-labelledby="new-staff-title">
      <h2 id="new-staff-title">Add staff</h2>
      <form ref={form} noValidate onSubmit={submit}>
        <Problem
          error={act.error.value}
          shown={["username", "name", "role", "password", "pin"]}
        />
        <div class="adm-grid">
          <Field
            id="n-username"
            name="username"
            label="Username"
            autocomplete="off"
            autocapitalize="none"
            spellcheck={false}
            error={fields.username}
          />
          <Field id="n-name" name="name" label="Name" error={fields.name} />
          <SelectField
            id="n-role"
            name="role"
            label="Role"
            value={role.value}
            options={ROLES}
            onChange={(v) => (role.value = v)}
            error={fields.role}
          />
          <Field
            id="n-password"
            name="password"
            label="Password"
            type="password"
            autocomplete="new-password"
            hint={role.value === "OPERATOR"
              ? "Optional for door staff with a PIN."
              : "10 characters or more."}
            error={fields.password}
          />
          {role.value === "OPERATOR" && (
            <Field
              id="n-pin"
              name="pin"
              label="PIN (door staff)"
              inputMode="numeric"
              autocomplete="off"
              hint="6 to 12 digits."
              error={fields.pin}
            />
          )}
        </div>
        <Submit busy={act.busy.value} label="Add" busyLabel="Adding…" />
      </form>
      <Live text={act.done.value} />
    </section>
  );
}
