import { useT } from "../i18n.tsx";
import { ProblemAlert } from "./ProblemAlert.tsx";
import type { ManageState } from "./state.ts";

/**
 * Without a working link: the ticket code and the booking's email. Sent in
 * a POST body (the form's method too), never in the address.
 */
export function LoginView(props: { s: ManageState }) {
  const t = useT();
  const { s } = props;
  const codeError = s.codeError.value;
  const emailError = s.emailError.value;
  return (
    <section class="panel" aria-labelledby="manage-title">
      <h2 id="manage-title" tabIndex={-1} data-step-heading>
        {t("manage.login.title")}
      </h2>
      <ProblemAlert s={s} />
      <p>
        {t("manage.login.intro")}
      </p>
      <form
        method="post"
        action="/reserve/manage"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const data = new FormData(e.currentTarget);
          s.login(
            String(data.get("ticket_code") ?? ""),
            String(data.get("customer_email") ?? ""),
          );
        }}
      >
        <div class="field">
          <label for="manage-code">{t("manage.login.code")}</label>
          <input
            id="manage-code"
            name="ticket_code"
            type="text"
            class="code-input"
            autocomplete="off"
            autocapitalize="characters"
            spellcheck={false}
            aria-describedby={codeError ? "manage-code-error" : undefined}
            aria-invalid={codeError ? "true" : undefined}
          />
          {codeError && (
            <p class="field-error" id="manage-code-error">{t(codeError)}</p>
          )}
        </div>
        <div class="field">
          <label for="manage-email">{t("manage.login.email")}</label>
          <input
            id="manage-email"
            name="customer_email"
            type="email"
            autocomplete="email"
            aria-describedby={emailError ? "manage-email-error" : undefined}
            aria-invalid={emailError ? "true" : undefined}
          />
          {emailError && (
            <p class="field-error" id="manage-email-error">{t(emailError)}</p>
          )}
        </div>
        <button type="submit" class="button primary" disabled={s.busy.value}>
          {s.busy.value ? t("manage.login.busy") : t("manage.login.submit")}
        </button>
      </form>
    </section>
  );
}
