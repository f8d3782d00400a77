/** The scanner's state (signals) and what its buttons and camera do. */
import { type Signal, signal } from "@preact/signals";
import {
  type OperatorError,
  type ScanAnswer,
  validateTicket,
  verifyTicket,
} from "./api.ts";
import { type Cue, giveFeedback } from "./feedback.ts";
import { backToLogin } from "./session.ts";

/** How long the "Verified" flash stays before scanning resumes. */
export const FLASH_MS = 1600;

/** What fills the screen. */
export type View =
  | { kind: "scanning" }
  | {
    kind: "card";
    scan: ScanAnswer;
    /** From the camera or typed: typed cards give focus back to the field. */
    source: "camera" | "manual";
    /** One per card, so a repeated tap on "Mark as Verified" is one verification. */
    nonce: string;
    verifying: boolean;
    error: string | null;
  }
  | { kind: "verified"; code: string; source: "camera" | "manual" };

/** The last result, for the line under the camera. */
export interface LastScan {
  title: string;
  colour: Cue;
  code: string | null;
}

/** Everything the scanner shows and does. */
export interface ScannerState {
  view: Signal<View>;
  busy: Signal<boolean>;
  /** The manual entry field. */
  typed: Signal<string>;
  /** Why the last check gave no answer (network, rate limit). */
  notice: Signal<string | null>;
  last: Signal<LastScan | null>;
  verifiedCount: Signal<number>;
  sound: Signal<boolean>;
  check: (text: string, source: "camera" | "manual") => Promise<void>;
  verify: () => Promise<void>;
  next: () => void;
}

/** A sentence for an answer that is not a result. */
export function problemText(e: OperatorError): string {
  if (e.code === "NETWORK") {
    return "No connection to the server. Check the network and try again.";
  }
  if (e.code === "RATE_LIMITED") {
    return `Too many scans in a short time. Wait ${
      e.retryAfter ?? 60
    } seconds and try again.`;
  }
  if (e.code === "FORBIDDEN") {
    return "This account may not scan tickets. Sign in as door staff.";
  }
  return `${e.message} (${e.code})`;
}

/** The scanner's state; create it once per island. */
export function createScannerState(): ScannerState {
  let flashTimer: ReturnType<typeof setTimeout> | undefined;
  const s: ScannerState = {
    view: signal<View>({ kind: "scanning" }),
    busy: signal(false),
    typed: signal(""),
    notice: signal<string | null>(null),
    last: signal<LastScan | null>(null),
    verifiedCount: signal(0),
    sound: signal(true),
    check: async (text, source) => {
      if (s.busy.value || s.view.value.kind !== "scanning") return;
      if (!text.trim()) {
        s.notice.value = "Type the ticket code first.";
        return;
      }
      s.busy.value = true;
      s.notice.value = null;
      const r = await validateTicket(text.trim());
      s.busy.value = false;
      if (!r.ok) {
        if (r.error.status === 401) return backToLogin(text);
        s.notice.value = problemText(r.error);
        giveFeedback("RED", s.sound.value);
        return;
      }
      if (source === "manual") s.typed.value = "";
      const scan = r.data;
      s.last.value = {
        title: scan.title,
        colour: scan.result,
        code: scan.ticket?.code ?? null,
      };
      s.view.value = {
        kind: "card",
        scan,
        source,
        nonce: crypto.randomUUID(),
        verifying: false,
        error: null,
      };
      giveFeedback(scan.result, s.sound.value);
    },
    verify: async () => {
      const v = s.view.value;
      if (v.kind !== "card" || !v.scan.can_verify || v.verifying) return;
      const code = v.scan.ticket!.code;
      s.view.value = { ...v, verifying: true, error: null };
      const r = await verifyTicket(code, v.nonce);
      if (r.ok && r.data.result === "VERIFIED") {
        s.verifiedCount.value++;
        s.last.value = { title: "VERIFIED", colour: "VERIFIED", code };
        s.view.value = { kind: "verified", code, source: v.source };
        giveFeedback("VERIFIED", s.sound.value);
        flashTimer = setTimeout(s.next, FLASH_MS);
        return;
      }
      if (!r.ok && r.error.status === 401) return backToLogin(code);
      if (r.ok || r.error.status === 409) {
        // Someone else verified it meanwhile, or its slot has just ended:
        // show the ticket as it is now.
        s.view.value = { kind: "scanning" };
        await s.check(code, v.source);
        return;
      }
      s.view.value = { ...v, verifying: false, error: problemText(r.error) };
    },
    next: () => {
      clearTimeout(flashTimer);
      s.view.value = { kind: "scanning" };
    },
  };
  return s;
}
