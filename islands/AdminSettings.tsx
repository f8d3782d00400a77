/**
 * `/admin/settings`: the venue's profile (name, address, contact, colour,
 * language, zone, country) and every setting, each explained in one line.
 * Only changed fields are sent; the API's messages appear next to them.
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
import { ProfileFields } from "../components/admin/settings/ProfileFields.tsx";
import { defaultText, SETTINGS } from "../components/admin/settings/fields.ts";

/** `GET /api/organizations/:orq`. */
export interface OrgAnswer {
  orq: number;
  name: string;
  timezone: string;
  country: string | null;
  address: string | null;
  contact_email: string | null;
  brand_color: string | null;
  locale: string;
  settings: Record<string, number | boolean | null>;
}

const PROFILE = [
  "name",
  "address",
  "contact_email",
  "brand_color",
  "locale",
  "timezone",
  "country",
] as const;

/** The settings page. */
export default function AdminSettings(props: AdminProps) {
  const org = useSignal<OrgAnswer | null>(null);
  const loadError = useSignal<ApiError | null>(null);
  const form = useRef<HTMLFormElement>(null);
  const act = useAction();

  useEffect(() => {
    api<OrgAnswer>("GET", `/api/organizations/${props.orq}`).then((r) => {
      if (r.ok) org.value = r.data;
      else loadError.value = r.error;
    });
  }, []);

  const save = async (e: Event) => {
    e.preventDefault();
    const o = org.value;
    if (!o) return;
    const f = form.current!;
    const body: Record<string, unknown> = {};
    for (const k of PROFILE) {
      const v = text(f, k);
      const was = o[k] ?? "";
      if (v !== was) body[k] = v === "" && k !== "name" ? null : v;
    }
    const settings: Record<string, unknown> = {};
    const bad: Record<string, string> = {};
    for (const s of SETTINGS) {
      let v: number | boolean | null;
      if (s.kind === "boolean") {
        v = new FormData(f).get(s.key) !== null;
      } else {
        const raw = text(f, s.key);
        if (raw === "" && s.kind === "nullable") v = null;
        else {
          v = Number(raw);
          if (raw === "" || !Number.isInteger(v)) {
            bad[`settings.${s.key}`] = "A whole number.";
            continue;
          }
        }
      }
      if (v !== o.settings[s.key]) settings[s.key] = v;
    }
    if (Object.keys(bad).length) {
      act.refuse(bad, f);
      return;
    }
    if (Object.keys(settings).length) body.settings = settings;
    if (!Object.keys(body).length) {
      act.done.value = "Nothing changed.";
      return;
    }
    const r = await act.run(
      () => api<OrgAnswer>("PATCH", `/api/organizations/${props.orq}`, body),
      f,
    );
    if (r?.ok) {
      org.value = r.data;
      act.done.value =
        "Saved. Every page and mail uses the new values within a second.";
    }
  };

  const o = org.value;
  if (!o) {
    return loadError.value
      ? <Problem error={loadError.value} />
      : <p class="loading" role="status">Loading the settings…</p>;
  }
  const fields = act.fields;
  const err = act.error.value;
  const fieldOf = (k: string) =>
    fields[`settings.${k}`] ?? fields[k] ?? fields[`settings/${k}`];
  return (
    <>
      <form ref={form} noValidate onSubmit={save} key={JSON.stringify(o)}>
        <Problem
          error={err?.code === "ORG_HAS_FUTURE_SLOTS" ? null : err}
          shown={Object.keys(fields).filter((k) =>
            (PROFILE as readonly string[]).includes(k) ||
            SETTINGS.some((s) => fieldOf(s.key) === fields[k])
          )}
        />
        <ProfileFields
          org={o}
          fields={fields}
          zoneError={err?.code === "ORG_HAS_FUTURE_SLOTS"
            ? "Slots that have not ended yet exist: the time zone can change only when none is left (they would move in time). Nothing was changed."
            : undefined}
        />
        <fieldset class="panel adm-settings">
          <legend>Rules</legend>
          {SETTINGS.map((s) =>
            s.kind === "boolean"
              ? (
                <div class="field adm-field" key={s.key}>
                  <label class="adm-check" for={`set-${s.key}`}>
                    <input
                      type="checkbox"
                      id={`set-${s.key}`}
                      name={s.key}
                      defaultChecked={o.settings[s.key] === true}
                      aria-describedby={`set-${s.key}-hint`}
                    />{" "}
                    {s.label}
                  </label>
                  <p class="hint" id={`set-${s.key}-hint`}>
                    {s.help} Default: {defaultText(s.key)}.
                  </p>
                  {fieldOf(s.key) && <p class="field-error">{fieldOf(s.key)}
                  </p>}
                </div>
              )
              : (
                <Field
                  key={s.key}
                  id={`set-${s.key}`}
                  name={s.key}
                  label={`${s.label} (${s.unit})`}
                  hint={`${s.help} Default: ${defaultText(s.key)}.`}
                  type="number"
                  inputMode="numeric"
                  min={s.min}
                  max={s.max}
                  defaultValue={o.settings[s.key] == null
                    ? ""
                    : String(o.settings[s.key])}
                  error={fieldOf(s.key)}
                />
              )
          )}
        </fieldset>
        <Submit
          busy={act.busy.value}
          label="Save settings"
          busyLabel="Saving…"
        />
      </form>
      <Live text={act.done.value} />
    </>
  );
}

if (typeof document !== "undefined") {
  hydrateIsland("AdminSettings", AdminSettings);
}
