import { Hono } from "hono";
import type { ApiEnv } from "../deps.ts";
import { renderPage } from "../../components/PageShell.tsx";

/** `/`: a friendly start that leads to the portal. */
export function homeRoutes(): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  // The same for everyone: it may be stored.
  app.get("/", (c) =>
    renderPage(
      c,
      {
        title: "Timed entry · Book your visit",
        kind: "portal",
        cacheable: true,
      },
      <Home />,
    ));
  return app;
}

function Home() {
  return (
    <>
      <p class="brand">
        <a href="/">Timed entry</a>
      </p>
      <h1>Book a time for your visit</h1>
      <p class="lead">
        Your ticket gets you in; a time slot keeps the venue pleasant. Choose
        when you'd like to come, and we'll send you a QR code for the entrance.
      </p>
      <section class="panel" aria-labelledby="start-title">
        <h2 id="start-title">Have your ticket code ready?</h2>
        <form method="get" action="/reserve" class="start-form">
          <div class="field">
            <label for="home-code">Ticket code</label>
            <p class="hint" id="home-code-hint">
              20 letters and digits from your order email.
            </p>
            <input
              id="home-code"
              name="code"
              type="text"
              class="code-input"
              autocomplete="off"
              autocapitalize="characters"
              spellcheck={false}
              aria-describedby="home-code-hint"
            />
          </div>
          <button type="submit" class="button primary">Book a time</button>
        </form>
        <p>
          Or <a href="/reserve">go to the booking page</a> and enter it there.
        </p>
      </section>
      <section aria-labelledby="how-title">
        <h2 id="how-title">How it works</h2>
        <ol class="how">
          <li>
            <strong>Enter your ticket code.</strong>{" "}
            We check that it's paid and not booked yet.
          </li>
          <li>
            <strong>Add your email and phone.</strong>{" "}
            That's where your confirmation goes.
          </li>
          <li>
            <strong>Pick a date and time.</strong>{" "}
            The calendar shows how busy each day is.
          </li>
          <li>
            <strong>Show the QR code at the entrance</strong>{" "}
            on the day of your visit.
          </li>
        </ol>
        <p>
          Booking for a group? Each ticket is booked on its own; we keep your
          details and chosen time so the next ones take seconds.
        </p>
      </section>
    </>
  );
}
