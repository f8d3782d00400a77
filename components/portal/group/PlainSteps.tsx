/**
 * The group's contact, date and confirm steps as plain HTML forms, shown
 * when the page came from a form post (without JavaScript): each posts its
 * answer and the earlier ones (hidden fields) to `/reserve/group`, never in
 * a URL. With JavaScript the portal's own steps serve instead.
 */
import { useT } from "../../i18n.tsx";
import { formatTicketCode } from "../../../domain/ticket_code.ts";
import type { GroupState } from "../group_state.ts";
import { GroupProblem } from "./GroupProblem.tsx";

/** The hidden form a full slot's alternatives submit: book that time. */
const ALTERNATIVES = "group-alternatives";

/** Why the last post was refused (with a full slot's alternatives). */
function Problem(props: { s: GroupState; form?: string }) {
  const { s } = props;
  const code = s.start?.problem;
  if (!code) return null;
  const alternatives = s.start?.alternatives ?? [];
  return (
    <>
      {props.form && alternatives.length > 0 && (
        <form id={props.form} method="post" action="/reserve/group" hidden>
          <Carried s={s} step="confirm" contact />
          <input type="hidden" name="go" value="book" />
        </form>
      )}
      <GroupProblem
        problem={{ code, alternatives }}
        count={s.ready().length}
        form={props.form}
      />
    </>
  );
}

/** The answers so far, as hidden fields (`what` says which). */
function Carried(
  props: { s: GroupState; contact?: boolean; slot?: boolean; step: string },
) {
  const { s } = props;
  return (
    <>
      <input type="hidden" name="step" value={props.step} />
      {s.ready().map((e) => (
        <input key={e.code} type="hidden" name="code" value={e.code!} />
      ))}
      {props.contact && (
        <>
          <input type="hidden" name="customer_email" value={s.email.value} />
          <input type="hidden" name="customer_phone" value={s.phone.value} />
        </>
      )}
      {props.slot && s.slot.value && (
        <input type="hidden" name="slot_id" value={String(s.slot.value.id)} />
      )}
    </>
  );
}

/** Email and phone. */
export function PlainContactStep(props: { s: GroupState }) {
  const t = useT();
  const { s } = props;
  const errors = s.start?.contactErrors ?? { email: null, phone: null };
  return (
    <section class="panel" aria-labelledby="step-title">
      <h2 id="step-title" tabIndex={-1} data-step-heading>
        {t("group.plain.contactTitle")}
      </h2>
      <form method="post" action="/reserve/group" noValidate>
        <Carried s={s} step="contact" />
        <div class="field">
          <label for="email">{t("group.plain.email")}</label>
          <input
            id="email"
            name="customer_email"
            type="email"
            autocomplete="email"
            value={s.email.value}
            aria-invalid={errors.email ? "true" : undefined}
            aria-describedby={errors.email ? "email-error" : undefined}
          />
          {errors.email && (
            <p class="field-error" id="email-error">{t(errors.email)}</p>
          )}
        </div>
        <div class="field">
          <label for="phone">{t("group.plain.phone")}</label>
          <p class="hint" id="phone-hint">{t("group.plain.phoneHint")}</p>
          <input
            id="phone"
            name="customer_phone"
            type="tel"
            autocomplete="tel"
            value={s.phone.value}
            aria-invalid={errors.phone ? "true" : undefined}
            aria-describedby={errors.phone
              ? "phone-hint phone-error"
              : "phone-hint"}
          />
          {errors.phone && (
            <p class="field-error" id="phone-error">{t(errors.phone)}</p>
          )}
        </div>
        <div class="buttons">
          <button type="submit" class="button primary">
            {t("group.codes.continue")}
          </button>
        </div>
      </form>
    </section>
  );
}

/** One time for the whole group, from those with room for it. */
export function PlainDateStep(props: { s: GroupState }) {
  const t = useT();
  const { s } = props;
  const slots = s.start?.slots ?? [];
  const byDate = new Map<string, typeof slots>();
  for (const x of slots) {
    byDate.set(x.date, [...byDate.get(x.date) ?? [], x]);
  }
  return (
    <section class="panel" aria-labelledby="step-title">
      <h2 id="step-title" tabIndex={-1} data-step-heading>
        {t("group.plain.dateTitle")}
      </h2>
      <Problem s={s} form={ALTERNATIVES} />
      {slots.length === 0
        ? <p>{t("group.confirm.noAlternatives")}</p>
        : (
          <form method="post" action="/reserve/group" noValidate>
            <Carried s={s} step="date" contact />
            <div class="field">
              <label for="slot">{t("group.plain.time")}</label>
              <select id="slot" name="slot_id">
                {[...byDate].map(([date, list]) => (
                  <optgroup key={date} label={t.longDate(date)}>
                    {list.map((x) => (
                      <option
                        key={x.id}
                        value={String(x.id)}
                        selected={s.slot.value?.id === x.id}
                      >
                        {`${t.shortDate(date)}, ${
                          t.timeRange(x.start_time, x.end_time)
                        }`}
                      </option>
                    ))}
                  </optgroup>
                ))}
              </select>
            </div>
            <div class="buttons">
              <button type="submit" class="button primary">
                {t("group.codes.continue")}
              </button>
            </div>
          </form>
        )}
    </section>
  );
}

/** Every ticket, the time and the contact; book. */
export function PlainConfirmStep(props: { s: GroupState }) {
  const t = useT();
  const { s } = props;
  const slot = s.slot.value;
  const tickets = s.ready();
  if (!slot) return null;
  return (
    <section class="panel" aria-labelledby="step-title">
      <h2 id="step-title" tabIndex={-1} data-step-heading>
        {t("group.confirm.title")}
      </h2>
      <dl class="summary">
        <div>
          <dt>{t("group.confirm.tickets")}</dt>
          <dd>
            <ul class="code-summary">
              {tickets.map((x) => (
                <li key={x.code} class="code">{formatTicketCode(x.code!)}</li>
              ))}
            </ul>
          </dd>
        </div>
        <div>
          <dt>{t("group.plain.when")}</dt>
          <dd>
            {t.longDate(slot.date)},{" "}
            <span class="nowrap">
              {t.timeRange(slot.start_time, slot.end_time)}
            </span>
          </dd>
        </div>
        <div>
          <dt>{t("group.plain.email")}</dt>
          <dd>{s.email.value}</dd>
        </div>
        <div>
          <dt>{t("group.plain.phone")}</dt>
          <dd>{s.phone.value}</dd>
        </div>
      </dl>
      <Problem s={s} />
      <form method="post" action="/reserve/group" noValidate>
        <Carried s={s} step="confirm" contact slot />
        <div class="buttons">
          <button type="submit" class="button primary" name="go" value="book">
            {t("group.confirm.book", { count: tickets.length })}
          </button>
          <button type="submit" class="button" name="go" value="date">
            {t("group.plain.otherTime")}
          </button>
        </div>
      </form>
    </section>
  );
}
