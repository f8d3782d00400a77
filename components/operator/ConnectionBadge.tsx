import { connection } from "./connection.ts";
import { conflicts, kitReady, pending } from "./offline_door.ts";

/**
 * The device's mode, always in view: online, or offline (scans decided on
 * this phone and queued), with how many scans wait for the upload and how
 * many the server did not accept.
 */
export function ConnectionBadge() {
  const offline = connection.value.offline;
  const waiting = pending.value.length;
  const refused = conflicts.value;
  return (
    <span
      class={offline ? "connection connection-offline" : "connection"}
      data-mode={offline ? "offline" : "online"}
      data-waiting={waiting}
      data-kit={kitReady.value ? "ready" : "none"}
      role="status"
    >
      <span class="connection-dot" aria-hidden="true" />
      <strong>{offline ? "Offline" : "Online"}</strong>
      {offline && !kitReady.value && <span>: checks need the network</span>}
      {waiting > 0 && (
        <span>
          · {waiting} {waiting === 1 ? "scan" : "scans"} to upload
        </span>
      )}
      {refused > 0 && (
        <span class="connection-conflicts">
          · {refused} not accepted (see the dashboard)
        </span>
      )}
    </span>
  );
}
