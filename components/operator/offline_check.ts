/**
 * A scan decided on this device while the server cannot be reached: the
 * offline answer as a card (with its "offline" badge), and an admission or
 * exit queued under the scan's nonce for the upload (API.md "Offline
 * scanning").
 */
import type { OfflineDecision } from "../../domain/offline_decision.ts";
import type { CheckInAnswer } from "./api.ts";
import { decideHere, queueScan, serverNow } from "./offline_door.ts";
import type { ScannerState, Source } from "./scanner_state.ts";

/** The device's id for the upload (kept per browser, nothing personal). */
const DEVICE_KEY = "te.device";

/** This browser's device id, made on first use. */
export function deviceId(): string {
  let id = localStorage.getItem(DEVICE_KEY);
  if (!id) {
    id = `dev-${crypto.randomUUID().slice(0, 8)}`;
    localStorage.setItem(DEVICE_KEY, id);
  }
  return id;
}

/** The offline decision in the check-in answer's shape. */
export function offlineAnswer(d: OfflineDecision): CheckInAnswer {
  return {
    result: d.result,
    reason: d.reason,
    title: d.title,
    message: d.message,
    ticket: d.code ? { code: d.code, status: "RESERVED" } : null,
    reservation: d.slot,
    customer: null,
    verified_at: null,
    verified_by: null,
    can_verify: d.can_verify,
    offline: true,
    checked_in: false,
  };
}

/**
 * Decides `text` offline; records it (queued) when `records` and GREEN,
 * else shows the card (whose "Admit" queues through {@link admitOffline}).
 */
export async function checkOffline(
  s: ScannerState,
  text: string,
  nonce: string,
  records: boolean,
  source: Source,
): Promise<void> {
  const direction = s.direction.value;
  const d = await decideHere(text, direction);
  const answer = offlineAnswer(d);
  if (records && d.result === "GREEN" && d.code) {
    await queue(s, text, nonce, direction, d);
    if (direction === "OUT") answer.checked_out = true;
    else answer.checked_in = true;
    s.recorded(answer, source);
  } else {
    s.showCard(answer, source, nonce, text);
  }
}

/** "Admit" on an offline GREEN card: queued under the card's nonce. */
export async function admitOffline(
  s: ScannerState,
  scanned: string,
  nonce: string,
  source: Source,
): Promise<void> {
  const d = await decideHere(scanned, "IN");
  const answer = offlineAnswer(d);
  if (d.result !== "GREEN" || !d.code) {
    s.showCard(answer, source, crypto.randomUUID(), scanned);
    return;
  }
  await queue(s, scanned, nonce, "IN", d);
  s.recorded({ ...answer, checked_in: true }, source);
}

function queue(
  s: ScannerState,
  scanned: string,
  nonce: string,
  direction: "IN" | "OUT",
  d: OfflineDecision,
): Promise<void> {
  return queueScan({
    nonce,
    code: scanned.trim(),
    scanned_at: serverNow().toISOString(),
    gate: s.gate.value ?? null,
    direction,
    offline_result: d.result,
    scanned_by: s.operatorId,
  }, d.code!);
}
