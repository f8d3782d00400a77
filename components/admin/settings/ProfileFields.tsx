/** The venue's profile fields of the settings form. */
import { Field, SelectField } from "../form.tsx";

/** The profile part of `GET /api/organizations/:orq`. */
export interface Profile {
  name: string;
  timezone: string;
  country: string | null;
  address: string | null;
  contact_email: string | null;
  brand_color: string | null;
  locale: string;
}

const LOCALES: [string, string][] = [
  ["en", "English"],
  ["de", "Deutsch"],
  ["fr", "Français"],
  ["es", "Español"],
];

/** Every IANA zone this browser knows, with `current` kept even if it does not. */
function zones(current: string): [string, string][] {
  let all: string[] = [];
  try {
    all = (Intl as unknown as { supportedValuesOf(k: string): string[] })
      .supportedValuesOf("timeZone");
  } catch {
    all = [];
  }
  if (!all.includes(current)) all = [current, ...all];
  return all.map((z) => [z, z.replace(/_/g, " ")]);
}

/** Name, address, contact, colour, language, zone and country. */
export function ProfileFields(props: {
  org: Profile;
  fields: Record<string, string>;
  zoneError?: string;
}) {
  const { org, fields } = props;
  return (
    <fieldset class="panel adm-settings">
      <legend>Venue</legend>
      <Field
        id="o-name"
        name="name"
        label="Name"
        hint="Shown to customers on the portal, in mails and on tickets."
        defaultValue={org.name}
        error={fields.name}
      />
      <div class="field adm-field">
        <label for="o-address">Address</label>
        <p class="hint" id="o-address-hint">
          Printed in mails, calendar files and tickets (300 characters at most).
        </p>
        <textarea
          id="o-address"
          name="address"
          rows={3}
          maxLength={300}
          defaultValue={org.address ?? ""}
          aria-invalid={fields.address ? "true" : undefined}
          aria-describedby={`o-address-hint${
            fields.address ? " o-address-error" : ""
          }`}
        />
        {fields.address && (
          <p class="field-error" id="o-address-error">{fields.address}</p>
        )}
      </div>
      <Field
        id="o-email"
        name="contact_email"
        label="Contact email"
        type="email"
        hint="Where customers' questions go."
        defaultValue={org.contact_email ?? ""}
        error={fields.contact_email}
      />
      <Field
        id="o-color"
        name="brand_color"
        label="Brand colour"
        hint="#RRGGBB, e.g. #0B57D0; used on the customers' pages."
        defaultValue={org.brand_color ?? ""}
        autocomplete="off"
        spellcheck={false}
        error={fields.brand_color}
        extra={org.brand_color && /^#[0-9a-f]{6}$/i.test(org.brand_color)
          ? (
            <svg class="adm-swatch" viewBox="0 0 10 10" aria-hidden="true">
              <rect width="10" height="10" fill={org.brand_color} />
            </svg>
          )
          : null}
      />
      <SelectField
        id="o-locale"
        name="locale"
        label="Language"
        hint="Of the customers' pages and mails."
        value={org.locale}
        options={LOCALES}
        error={fields.locale}
      />
      <SelectField
        id="o-zone"
        name="timezone"
        label="Time zone"
        hint="Decides today, past and expired. Changes only while no slot is still to come."
        value={org.timezone}
        options={zones(org.timezone)}
        error={props.zoneError ?? fields.timezone}
      />
      <Field
        id="o-country"
        name="country"
        label="Country"
        hint="Two letters (ISO 3166-1), e.g. NL: phone numbers typed without + are read as its national numbers."
        defaultValue={org.country ?? ""}
        maxLength={2}
        autocomplete="off"
        error={fields.country}
      />
    </fieldset>
  );
}
