/** Changing one member of staff: name, role, a new password or PIN, disable or enable. */
import { useRef } from "preact/hooks";
import { api } from "../api.ts";
import {
  Field,
  Problem,
  SelectField,
  Submit,
  text,
  useAction,
} from "../form.tsx";

/** A member of staff as `GET /api/staff` lists them. */
export interface StaffMember {
  id: number;
  username: string;
  name: string;
  role: string;
  disabled: boolean;
  has_password: boolean;
  has_pin: boolean;
}

/** The role choices, with what each may do. */
export const ROLES: [string, string][] = [
  ["OPERATOR", "Door staff (scan, admit)"],
  ["MANAGER", "Manager (+ dashboard, reservations)"],
  ["ADMIN", "Administrator (+ slots, tickets, staff, settings)"],
];

/** The editor of `m`; `onDone` announces and reloads. */
export function StaffEditor(props: {
  m: StaffMember;
  onDone: (text: string) => void;
  onClose: () => void;
}) {
  const m = props.m;
  const form = useRef<HTMLFormElement>(null);
  const act = useAction();

  const save = async (e: Event) => {
    e.preventDefault();
    const f = form.current!;
    const body: Record<string, unknown> = {};
    const name = text(f, "name");
    const role = text(f, "role");
    const password = text(f, "password");
    const pin = text(f, "pin");
    if (name && name !== m.name) body.name = name;
    if (role !== m.role) body.role = role;
    if (password) body.password = password;
    if (pin) body.pin = pin;
    if (new FormData(f).get("remove_pin")) body.pin = null;
    if (!Object.keys(body).length) {
      act.refuse({ name: "Nothing to save: change a field first." }, f);
      return;
    }
    const r = await act.run(
      () => api<StaffMember>("PATCH", `/api/staff/${m.id}`, body),
      f,
    );
    if (r?.ok) props.onDone(`${name || m.name} is saved.`);
  };

  const toggle = async () => {
    const r = await act.run(
      () =>
        api<StaffMember>("PATCH", `/api/staff/${m.id}`, {
          disabled: !m.disabled,
        }),
      form.current,
    );
    if (r?.ok) {
      props.onDone(
        m.disabled
          ? `${m.name} can sign in again.`
          : `${m.name} is disabled: signed out everywhere within a second.`,
      );
    }
  };

  const fields = act.fields;
  const lastAdmin = act.error.value?.code === "LAST_ADMIN";
  return (
    <form
      ref={form}
      class="adm-editor"
      noValidate
      onSubmit={save}
      data-staff-editor={m.id}
    >
      <Problem
        error={act.error.value}
        shown={["name", "role", "password", "pin"]}
      />
      <div class="adm-grid">
        <Field
          id={`s${m.id}-name`}
          name="name"
          label="Name"
          defaultValue={m.name}
          error={fields.name}
        />
        <SelectField
          id={`s${m.id}-role`}
          name="role"
          label="Role"
          value={m.role}
          options={ROLES}
          error={fields.role}
        />
        <Field
          id={`s${m.id}-password`}
          name="password"
          label="New password"
          type="password"
          autocomplete="new-password"
          hint={m.role === "OPERATOR"
            ? "Leave empty to keep it."
            : "10 characters or more; leave empty to keep it."}
          error={fields.password}
        />
        {m.role === "OPERATOR" && (
          <Field
            id={`s${m.id}-pin`}
            name="pin"
            label="New PIN"
            inputMode="numeric"
            autocomplete="off"
            hint="6 to 12 digits; leave empty to keep it."
            error={fields.pin}
          />
        )}
      </div>
      {m.has_pin && m.has_password && (
        <label class="adm-check">
          <input type="checkbox" name="remove_pin" /> Remove the PIN
        </label>
      )}
      <div class="buttons">
        <Submit busy={act.busy.value} label="Save" busyLabel="Saving…" />
        <button
          type="button"
          class="button"
          disabled={act.busy.value}
          onClick={toggle}
        >
          {m.disabled ? "Enable" : "Disable"}
        </button>
        <button type="button" class="button" onClick={props.onClose}>
          Close
        </button>
      </div>
      {lastAdmin && (
        <p class="field-error">
          {m.name} is the last enabled administrator.
        </p>
      )}
    </form>
  );
}
