/**
 * The door scanner at `/operator/scan`: camera and typed entry, the answer as
 * a full-screen colour card, "Mark as Verified" on GREEN. The server renders
 * it only for a signed-in operator; any 401 later goes back to the login with
 * the typed code kept.
 */
import { useEffect, useMemo, useRef } from "preact/hooks";
import { hydrateIsland } from "../components/hydrate.ts";
import { useQrCamera } from "../components/operator/camera.ts";
import { CameraView } from "../components/operator/CameraView.tsx";
import { ManualEntry } from "../components/operator/ManualEntry.tsx";
import {
  ResultCard,
  VerifiedFlash,
} from "../components/operator/ResultCard.tsx";
import { ScanHeader } from "../components/operator/ScanHeader.tsx";
import { LastScanLine } from "../components/operator/LastScanLine.tsx";
import { createScannerState } from "../components/operator/scanner_state.ts";
import { unlockAudio } from "../components/operator/feedback.ts";
import {
  backToLogin,
  takePendingCode,
} from "../components/operator/session.ts";

/** The island's JSON props. */
export interface ScannerProps {
  operator: { name: string; role: string };
  /** When the login runs out, and the server's clock (ISO), for the skew. */
  expiresAt: string;
  now: string;
}

const SOUND_KEY = "te.sound";

/** The scanner; state in signals, the card over everything when shown. */
export default function OperatorScanner(props: ScannerProps) {
  const s = useMemo(createScannerState, []);
  const input = useRef<HTMLInputElement>(null);
  const view = s.view.value;
  const scanning = view.kind === "scanning";
  const camera = useQrCamera({
    paused: !scanning || s.busy.value,
    onCode: (text) => s.check(text, "camera"),
  });

  useEffect(() => {
    const kept = takePendingCode();
    if (kept) {
      s.typed.value = kept;
      s.notice.value = "Signed in again: check the code you typed.";
      input.current?.focus();
    }
    s.sound.value = localStorage.getItem(SOUND_KEY) !== "off";
    // Browsers start audio only after a tap or key press.
    addEventListener("pointerdown", unlockAudio, { once: true });
    addEventListener("keydown", unlockAudio, { once: true });
    // Back to the login just before it runs out, keeping a typed code.
    const skew = Date.parse(props.now) - Date.now();
    const left = Date.parse(props.expiresAt) - (Date.now() + skew);
    const timer = left > 0 && left < 2 ** 31
      ? setTimeout(() => backToLogin(s.typed.value), left)
      : undefined;
    return () => clearTimeout(timer);
  }, []);

  useEffect(() => {
    localStorage.setItem(SOUND_KEY, s.sound.value ? "on" : "off");
  }, [s.sound.value]);

  const from = useRef(view);
  useEffect(() => {
    // After a typed scan, the field gets focus back for the next code.
    const before = from.current;
    from.current = view;
    if (scanning && before.kind !== "scanning" && before.source === "manual") {
      input.current?.focus();
    }
  }, [view]);

  return (
    <div class="scanner">
      <div class="scanner-main" inert={!scanning}>
        <ScanHeader s={s} name={props.operator.name} />
        <h1 class="sr-only">Scan tickets</h1>
        <CameraView camera={camera} busy={s.busy.value} />
        <ManualEntry s={s} input={input} />
        <LastScanLine s={s} />
      </div>
      {view.kind === "card" && <ResultCard s={s} view={view} />}
      {view.kind === "verified" && <VerifiedFlash s={s} code={view.code} />}
    </div>
  );
}

if (typeof document !== "undefined") {
  hydrateIsland("OperatorScanner", OperatorScanner);
}
