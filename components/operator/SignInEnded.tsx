import { pending } from "./offline_door.ts";
import { LOGIN_TO_SCAN } from "./session.ts";

/**
 * Over the scanner when the sign-in ran out with no network: offline
 * scanning stops at the token's end (API.md "Offline scanning"); the scans
 * made so far wait on this phone and upload after the next sign-in.
 */
export function SignInEnded() {
  const waiting = pending.value.length;
  return (
    <section
      class="panel sign-in-ended"
      aria-modal="true"
      role="alertdialog"
      aria-labelledby="ended-title"
      aria-describedby="ended-text"
    >
      <h2 id="ended-title">Sign-in ended</h2>
      <p id="ended-text">
        Scanning has stopped until you sign in again, which needs the network.
        {waiting > 0 &&
          ` ${waiting} ${
            waiting === 1 ? "scan waits" : "scans wait"
          } on this phone and will be uploaded then.`}
      </p>
      <a class="button block" href={LOGIN_TO_SCAN}>Sign in again</a>
    </section>
  );
}
