/**
 * `/reserve/claim?token=`: the waitlist offer's link. The customer adds a
 * phone number and books the places held for them; the answer shows each
 * ticket's booking with its QR code.
 */
import { useT, withI18n } from "../components/i18n.tsx";
import { withStrong } from "../components/portal/emphasis.tsx";
import { useState } from "preact/hooks";
import { hydrateIsland } from "../components/hydrate.ts";
import { normalizePhone } from "../domain/contact.ts";
import { formatTicketCode } from "../domain/ticket_code.ts";
import {
  type Claimed,
  claimOffer,
  waitlistMessage,
} from "../components/portal/waitlist_api.ts";

/** The island's JSON props. */
export interface ClaimProps {
  /** The offer's token from the link (empty when the link had none). */
  token: string;
  /** The phone as posted, when the form came back (without JavaScript). */
  phone?: string;
  /** Why the posted phone was refused (a catalogue key). */
  phoneError?: string | null;
  /** Why the posted claim was refused (a catalogue key). */
  problem?: string | null;
}

/** The claim form, then the bookings. */
function WaitlistClaim(props: ClaimProps) {
  const t = useT();
  const [phone, setPhone] = useState(props.phone ?? "");
  const [phoneError, setPhoneError] = useState<string | null>(
    props.phoneError ?? null,
  );
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(props.problem ?? null);
  const [claimed, setClaimed] = useState<Claimed | null>(null);

  if (!props.token) {
    return (
      <section class="panel">
        <h2>{t("waitlist.claim.incomplete")}</h2>
        <p>{t(waitlistMessage("OFFER_NOT_FOUND"))}</p>
      </section>
    );
  }
  if (claimed) return <Booked claimed={claimed} />;

  async function submit(e: Event) {
    e.preventDefault();
    if (!normalizePhone(phone)) {
      setPhoneError("waitlist.claim.phoneError");
      return;
    }
    setPhoneError(null);
    setBusy(true);
    setProblem(null);
    const r = await claimOffer({
      token: props.token,
      customer_phone: phone,
      locale: t.locale,
    });
    setBusy(false);
    if (r.ok) setClaimed(r.data);
    else setProblem(waitlistMessage(r.error.code));
  }

  return (
    <section class="panel" aria-labelledby="claim-title">
      <h2 id="claim-title">{t("waitlist.claim.title")}</h2>
      <p>{t("waitlist.claim.intro")}</p>
      {/* Without JavaScript the form posts here (no personal data in a URL). */}
      <form
        method="post"
        action="/reserve/claim"
        noValidate
        onSubmit={submit}
      >
        <input type="hidden" name="token" value={props.token} />
        <div class="field">
          <label for="phone">{t("waitlist.claim.phone")}</label>
          <p class="hint" id="phone-hint">
            {t("waitlist.claim.phoneHint")}
          </p>
          <input
            id="phone"
            name="customer_phone"
            type="tel"
            autocomplete="tel"
            value={phone}
            onInput={(e) => setPhone(e.currentTarget.value)}
            aria-invalid={phoneError ? "true" : undefined}
            aria-describedby={phoneError
              ? "phone-hint phone-error"
              : "phone-hint"}
          />
          {phoneError && (
            <p class="field-error" id="phone-error">{t(phoneError)}</p>
          )}
        </div>
        {problem && (
          <div class="alert" role="alert">
            <p>{t(problem)}</p>
          </div>
        )}
        <div class="buttons">
          <button type="submit" class="button primary" disabled={busy}>
            {busy ? t("waitlist.claim.booking") : t("waitlist.claim.book")}
          </button>
        </div>
      </form>
      <p class="sr-only" role="status">
        {busy ? t("waitlist.claim.bookingStatus") : ""}
      </p>
    </section>
  );
}

function Booked(props: { claimed: Claimed }) {
  const t = useT();
  const list = props.claimed.reservations;
  const first = list[0]?.reservation;
  return (
    <section class="panel done" aria-labelledby="claim-title">
      <h2 id="claim-title" data-claimed={list.length}>
        {t("waitlist.claim.done")}
      </h2>
      {first && (
        <p class="lead">
          {t.longDate(first.slot.date)},{" "}
          <span class="nowrap">
            {t.timeRange(first.slot.start_time, first.slot.end_time)}
          </span>
        </p>
      )}
      <ul class="actions">
        {list.map((b) => {
          const code = formatTicketCode(b.reservation.ticket_code);
          return (
            <li key={b.reservation.id}>
              <figure class="qr">
                <img
                  src={b.qr.svg_url}
                  width={200}
                  height={200}
                  alt={t("waitlist.claim.qrAlt", { code })}
                />
                <figcaption>
                  {t("waitlist.claim.ticket")} <span class="code">{code}</span>
                </figcaption>
              </figure>
            </li>
          );
        })}
      </ul>
      {first && (
        <p>
          {withStrong(t, "waitlist.claim.mail", "email", first.customer_email)}
        </p>
      )}
    </section>
  );
}

/** The island with its translator (the page passes `i18n`). */
const WaitlistClaimIsland = withI18n(WaitlistClaim);
export default WaitlistClaimIsland;

if (typeof document !== "undefined") {
  hydrateIsland("WaitlistClaim", WaitlistClaimIsland);
}
