/**
 * `/reserve/claim?token=`: the waitlist offer's link. The customer adds a
 * phone number and books the places held for them; the answer shows each
 * ticket's booking with its QR code.
 */
import { withI18n } from "../components/i18n.tsx";
import { useState } from "preact/hooks";
import { hydrateIsland } from "../components/hydrate.ts";
import { normalizePhone } from "../domain/contact.ts";
import { formatTicketCode } from "../domain/ticket_code.ts";
import { longDate, timeRange } from "../components/portal/format.ts";
import {
  type Claimed,
  claimOffer,
  waitlistMessage,
} from "../components/portal/waitlist_api.ts";

/** The island's JSON props. */
export interface ClaimProps {
  /** The offer's token from the link (empty when the link had none). */
  token: string;
}

/** The claim form, then the bookings. */
function WaitlistClaim(props: ClaimProps) {
  const [phone, setPhone] = useState("");
  const [phoneError, setPhoneError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [claimed, setClaimed] = useState<Claimed | null>(null);

  if (!props.token) {
    return (
      <section class="panel">
        <h2>This link is incomplete</h2>
        <p>{waitlistMessage("OFFER_NOT_FOUND")}</p>
      </section>
    );
  }
  if (claimed) return <Booked claimed={claimed} />;

  async function submit(e: Event) {
    e.preventDefault();
    if (!normalizePhone(phone)) {
      setPhoneError(
        "Enter a phone number with the country code, e.g. +31 6 1234 5678.",
      );
      return;
    }
    setPhoneError(null);
    setBusy(true);
    setProblem(null);
    const r = await claimOffer({ token: props.token, customer_phone: phone });
    setBusy(false);
    if (r.ok) setClaimed(r.data);
    else setProblem(waitlistMessage(r.error.code));
  }

  return (
    <section class="panel" aria-labelledby="claim-title">
      <h2 id="claim-title">Book the places held for you</h2>
      <p>
        Places freed up and are held for you for a short while. Add a phone
        number and confirm to book them.
      </p>
      <form noValidate onSubmit={submit}>
        <div class="field">
          <label for="phone">Phone number</label>
          <p class="hint" id="phone-hint">
            With the country code, for example +31 6 1234 5678.
          </p>
          <input
            id="phone"
            name="phone"
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
            <p class="field-error" id="phone-error">{phoneError}</p>
          )}
        </div>
        {problem && (
          <div class="alert" role="alert">
            <p>{problem}</p>
          </div>
        )}
        <div class="buttons">
          <button type="submit" class="button primary" disabled={busy}>
            {busy ? "Booking…" : "Book my places"}
          </button>
        </div>
      </form>
      <p class="sr-only" role="status">{busy ? "Booking your places…" : ""}</p>
    </section>
  );
}

function Booked(props: { claimed: Claimed }) {
  const list = props.claimed.reservations;
  const first = list[0]?.reservation;
  return (
    <section class="panel done" aria-labelledby="claim-title">
      <h2 id="claim-title" data-claimed={list.length}>You're booked!</h2>
      {first && (
        <p class="lead">
          {longDate(first.slot.date)},{" "}
          <span class="nowrap">
            {timeRange(first.slot.start_time, first.slot.end_time)}
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
                  alt={`QR code for ticket ${code}`}
                />
                <figcaption>
                  Ticket <span class="code">{code}</span>
                </figcaption>
              </figure>
            </li>
          );
        })}
      </ul>
      {first && (
        <p>
          A confirmation email is on its way to{" "}
          <strong>{first.customer_email}</strong>.
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
