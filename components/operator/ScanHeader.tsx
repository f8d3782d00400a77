import type { ScannerState } from "./scanner_state.ts";
import { clearSession } from "./session.ts";
import { forgetScannerCopy } from "./offline_shell.ts";
import { forgetKit } from "./offline_door.ts";
import { ConnectionBadge } from "./ConnectionBadge.tsx";
import { signOut } from "../sign_out.ts";

/** Top bar: who is scanning at which gate (tap to change), sound on/off, sign out. */
export function ScanHeader(
  props: { s: ScannerState; name: string; onGate: () => void },
) {
  const { s } = props;
  const gate = s.gate.value;
  return (
    <header class="scan-header">
      <p class="scan-who">
        <span class="scan-app">Door scanner</span>
        <span class="scan-name">{props.name}</span>
        <ConnectionBadge />
      </p>
      <button
        type="button"
        class="button small gate-button"
        onClick={props.onGate}
        data-gate={gate ?? ""}
      >
        Gate: <strong class="gate-name">{gate ?? "No gate"}</strong>
        <span class="gate-change">Change</span>
      </button>
      <button
        type="button"
        class="button small"
        aria-pressed={s.sound.value ? "true" : "false"}
        onClick={() => (s.sound.value = !s.sound.value)}
      >
        Sound
      </button>
      <form
        method="post"
        action="/operator/logout"
        onSubmit={(e) => {
          clearSession();
          e.preventDefault();
          Promise.all([forgetScannerCopy(), forgetKit()])
            .finally(() => signOut(e));
        }}
      >
        <button type="submit" class="button small">Sign out</button>
      </form>
    </header>
  );
}
