/**
 * The door scanner at `/operator/scan`: camera, typed entry and keyboard-wedge
 * scanners; the answer as a full-screen colour card; admission on the scan
 * or on "Admit"; exits, undo and a guest search. The server renders it only
 * for a signed-in operator; any 401 later goes back to the login with the
 * typed code kept.
 */
import { useSignal } from "@preact/signals";
import { useEffect, useMemo, useRef } from "preact/hooks";
import { hydrateIsland } from "../components/hydrate.ts";
import { useQrCamera } from "../components/operator/camera.ts";
import { CameraView } from "../components/operator/CameraView.tsx";
import { ManualEntry } from "../components/operator/ManualEntry.tsx";
import { DoneCard, ResultCard } from "../components/operator/ResultCard.tsx";
import { ScanHeader } from "../components/operator/ScanHeader.tsx";
import { LastScanLine } from "../components/operator/LastScanLine.tsx";
import { ModeSwitches } from "../components/operator/ModeSwitches.tsx";
import { GateChooser } from "../components/operator/GateChooser.tsx";
import { DoorSearch } from "../components/operator/DoorSearch.tsx";
import {
  createScannerState,
  recordedEvent,
} from "../components/operator/scanner_state.ts";
import type { CheckInAnswer } from "../components/operator/api.ts";
import { unlockAudio } from "../components/operator/feedback.ts";
import { listenForWedge } from "../components/operator/wedge.ts";
import {
  readAdmitOnScan,
  readDirection,
  readGate,
  saveGate,
} from "../components/operator/device_prefs.ts";
import { runOfflineDoor } from "../components/operator/offline_run.ts";
import {
  connection,
  onBackOnline,
  report,
} from "../components/operator/connection.ts";
import { SignInEnded } from "../components/operator/SignInEnded.tsx";
import {
  isOfflineCopy,
  keepScannerForOffline,
  serverSkew,
} from "../components/operator/offline_shell.ts";
import {
  backToLogin,
  takePendingCode,
} from "../components/operator/session.ts";

/** The island's JSON props. */
export interface ScannerProps {
  operator: { id: number | null; name: string; role: string };
  /** When the login runs out, and the server's clock (ISO), for the skew. */
  expiresAt: string;
  now: string;
  /** The organization's default for "Admit on scan" (a device may switch). */
  checkInOnScan: boolean;
}

const SOUND_KEY = "te.sound";

/** What covers the scan screen besides a result card. */
type Panel = "none" | "gate" | "search" | "ended";

/** The scanner; state in signals, a card or panel over everything when shown. */
export default function OperatorScanner(props: ScannerProps) {
  const s = useMemo(() =>
    createScannerState({
      manager: props.operator.role !== "OPERATOR",
      admitOnScan: props.checkInOnScan,
      operatorId: props.operator.id,
    }), []);
  const panel = useSignal<Panel>("none");
  const input = useRef<HTMLInputElement>(null);
  const view = s.view.value;
  const scanning = view.kind === "scanning" && panel.value === "none";
  const camera = useQrCamera({
    paused: !scanning || s.busy.value,
    onCode: (text) => s.check(text, "camera"),
  });

  useEffect(() => {
    s.gate.value = readGate();
    s.direction.value = readDirection();
    s.admitOnScan.value = readAdmitOnScan(props.checkInOnScan);
    // The first scan page on this device asks for its gate.
    if (s.gate.value === undefined) panel.value = "gate";
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
    // A hardware scanner types the code and Enter wherever the focus is:
    // a scan arriving over a card replaces it, as the camera's next ticket.
    const stopWedge = listenForWedge((text) => {
      if (panel.value !== "none" || s.busy.value) return;
      if (s.view.value.kind !== "scanning") s.next();
      s.check(text, "wedge");
    });
    const skew = serverSkew(props.now);
    keepScannerForOffline();
    const stopOffline = runOfflineDoor();
    if (isOfflineCopy()) {
      // The network failed to bring this page: offline from the start.
      report("timeout");
      s.notice.value = "No network: this is the scanner saved on this phone.";
    }
    // Back to the login when it runs out, keeping a typed code; with no
    // network the scanner stops instead (offline scanning ends with the
    // sign-in) and goes to the login once the network is back.
    const ended = () => {
      if (!connection.value.offline) return backToLogin(s.typed.value);
      panel.value = "ended";
      onBackOnline(() => backToLogin(s.typed.value));
    };
    const left = Date.parse(props.expiresAt) - (Date.now() + skew);
    if (left <= 0) ended();
    const timer = left > 0 && left < 2 ** 31
      ? setTimeout(ended, left)
      : undefined;
    return () => {
      clearTimeout(timer);
      stopWedge();
      stopOffline();
    };
  }, []);

  useEffect(() => {
    localStorage.setItem(SOUND_KEY, s.sound.value ? "on" : "off");
  }, [s.sound.value]);

  const from = useRef(view);
  useEffect(() => {
    // After a typed scan, the field gets focus back for the next code.
    const before = from.current;
    from.current = view;
    if (
      view.kind === "scanning" && before.kind !== "scanning" &&
      before.source === "manual"
    ) {
      input.current?.focus();
    }
  }, [view]);

  const closePanel = () => {
    panel.value = "none";
  };

  return (
    <div class="scanner">
      <div
        class={s.direction.value === "OUT"
          ? "scanner-main scanner-out"
          : "scanner-main"}
        inert={!scanning}
      >
        <ScanHeader
          s={s}
          name={props.operator.name}
          onGate={() => (panel.value = "gate")}
        />
        <h1 class="sr-only">Scan tickets</h1>
        <ModeSwitches s={s} />
        <CameraView camera={camera} busy={s.busy.value} />
        <ManualEntry s={s} input={input} />
        <button
          type="button"
          class="button block find-guest"
          onClick={() => (panel.value = "search")}
        >
          Find guest (no phone)
        </button>
        <LastScanLine s={s} />
      </div>
      {panel.value === "gate" && (
        <GateChooser
          current={s.gate.value}
          onChoose={(gate) => {
            saveGate(gate);
            s.gate.value = gate;
            closePanel();
          }}
          onCancel={closePanel}
        />
      )}
      {panel.value === "search" && (
        <DoorSearch
          gate={s.gate.value ?? null}
          onClose={closePanel}
          onAdmitted={(answer: CheckInAnswer) => {
            closePanel();
            if (recordedEvent(answer)) s.recorded(answer, "search");
          }}
        />
      )}
      {panel.value === "ended" && <SignInEnded />}
      {view.kind === "card" && <ResultCard s={s} view={view} />}
      {view.kind === "done" && <DoneCard s={s} view={view} />}
    </div>
  );
}

if (typeof document !== "undefined") {
  hydrateIsland("OperatorScanner", OperatorScanner);
}
