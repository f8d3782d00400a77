import { useT } from "../i18n.tsx";
import { formatTicketCode } from "../../domain/ticket_code.ts";
import { suggestEmail } from "../../domain/email_typo.ts";
import { formatPhone, normalizePhoneIn } from "../../domain/phone.ts";
import {
  emailError,
  phoneError,
  type PortalState,
  venueCountry,
} from "./state.ts";
import { rich } from "./rich.tsx";
import { inLanguage } from "../LanguageSwitcher.tsx";

/** Step 2: email and phone, checked as the server checks them. */
export function ContactStep(props: { s: PortalState }) {
  const t = useT();
  const { s } = props;
  const errors = s.errors.value;
  const country = venueCountry(s);
  const phone = normalizePhoneIn(s.phone.value, country);
  const showNormalized = phone && phone !== s.phone.value.trim();
  // A likely typo in the domain: a suggestion, never a refusal.
  const suggestion = !errors.email && s.email.value.includes("@")
    ? suggestEmail(s.email.value)
    : null;
  /**
   * Checks a filled-in field when focus leaves it, except towards this form's
   * buttons: a message appearing then would move the button away from under
   * the pointer, and the submit checks every field anyway.
   */
  const check = (field: "email" | "phone", e: FocusEvent) => {
    const input = e.currentTarget as HTMLInputElement;
    const to = e.relatedTarget as HTMLElement | null;
    if (!input.value.trim()) return;
    if (to?.tagName === "BUTTON" && input.form?.contains(to)) return;
    const message = field === "email"
      ? emailError(input.value)
      : phoneError(input.value, country);
    s.errors.value = { ...s.errors.value, [field]: message };
  };
  /** Re-checks a field that already shows a message, as the customer fixes it. */
  const recheck = (field: "email" | "phone", value: string) => {
    if (!errors[field]) return;
    const message = field === "email"
      ? emailError(value)
      : phoneError(value, country);
    s.errors.value = { ...s.errors.value, [field]: message };
  };
  return (
    <section class="panel" aria-labelledby="step-title">
      <h2 id="step-title" tabIndex={-1} data-step-heading>
        {t("portal.contact.title")}
      </h2>
      {s.ticket.value && (
        <p class="note ok">
          {rich(t, "portal.contact.ready", {
            code: (
              <span class="code">{formatTicketCode(s.ticket.value.code)}</span>
            ),
          })}
        </p>
      )}
      <p>{t("portal.contact.intro")}</p>
      <form
        method="post"
        action="/reserve"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const form = e.currentTarget;
          const data = new FormData(form);
          const ok = s.submitContact(
            String(data.get("email") ?? ""),
            String(data.get("phone") ?? ""),
          );
          const errors = s.errors.value;
          const invalid = errors.email
            ? "email"
            : errors.phone
            ? "phone"
            : null;
          if (!ok && invalid) {
            (form.elements.namedItem(invalid) as HTMLInputElement).focus();
          }
        }}
      >
        <input type="hidden" name="step" value="contact" />
        <input type="hidden" name="code" value={s.ticket.value?.code ?? ""} />
        <div class="field">
          <label for="email">{t("portal.contact.email")}</label>
          <input
            id="email"
            name="email"
            type="email"
            inputMode="email"
            autocomplete="email"
            spellcheck={false}
            value={s.email.value}
            onInput={(e) => {
              s.email.value = e.currentTarget.value;
              recheck("email", e.currentTarget.value);
            }}
            onBlur={(e) => check("email", e)}
            aria-invalid={errors.email ? "true" : undefined}
            aria-describedby={errors.email
              ? "email-error"
              : suggestion
              ? "email-suggestion"
              : undefined}
          />
          {errors.email && (
            <p class="field-error" id="email-error">{t(errors.email)}</p>
          )}
          {suggestion && (
            <p class="hint email-suggestion" id="email-suggestion">
              {rich(t, "portal.contact.suggestion", {
                suggestion: (
                  // Without JavaScript it posts the form with the suggestion.
                  <button
                    type="submit"
                    name="suggested"
                    value={suggestion}
                    class="link"
                    onClick={(e) => {
                      e.preventDefault();
                      s.email.value = suggestion;
                    }}
                  >
                    {suggestion}
                  </button>
                ),
              })}
            </p>
          )}
        </div>
        <div class="field">
          <label for="phone">{t("portal.contact.phone")}</label>
          <p class="hint" id="phone-hint">
            {t(
              country
                ? "portal.contact.phoneHintVenue"
                : "portal.contact.phoneHint",
            )}
          </p>
          <input
            id="phone"
            name="phone"
            type="tel"
            autocomplete="tel"
            value={s.phone.value}
            onInput={(e) => {
              s.phone.value = e.currentTarget.value;
              recheck("phone", e.currentTarget.value);
            }}
            onBlur={(e) => check("phone", e)}
            aria-invalid={errors.phone ? "true" : undefined}
            aria-describedby={errors.phone
              ? "phone-hint phone-error"
              : showNormalized
              ? "phone-hint phone-normalized"
              : "phone-hint"}
          />
          {errors.phone && (
            <p class="field-error" id="phone-error">{t(errors.phone)}</p>
          )}
          {!errors.phone && showNormalized && (
            <p class="hint" id="phone-normalized">
              {t("portal.contact.normalized", { phone: formatPhone(phone) })}
            </p>
          )}
        </div>
        <div class="buttons">
          <button type="submit" class="button primary">
            {t("portal.contact.continue")}
          </button>
          {/* A link, so that it works without JavaScript too. */}
          <a
            class="button"
            href={inLanguage("/reserve", t.locale)}
            onClick={(e) => {
              e.preventDefault();
              s.reserveAnother();
            }}
          >
            {t("portal.contact.another")}
          </a>
        </div>
      </form>
    </section>
  );
}
