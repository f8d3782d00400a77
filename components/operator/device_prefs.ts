/**
 * What one door device remembers in `localStorage` across sign-ins: its gate,
 * whether it admits on the scan, and which way it scans. Unlike the sign-in
 * (per tab), these belong to the device at its door.
 */
import type { Direction } from "./api.ts";

const GATE_KEY = "te.gate";
const ADMIT_KEY = "te.admitOnScan";
const DIRECTION_KEY = "te.direction";

/** The longest gate name the door log keeps. */
export const GATE_MAX = 50;

/** The device's gate: a name, `null` for "No gate", `undefined` when never chosen. */
export type GateChoice = string | null | undefined;

function store(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null; // storage disabled: nothing is remembered
  }
}

/** The gate chosen on this device, if any was. */
export function readGate(): GateChoice {
  const raw = store()?.getItem(GATE_KEY);
  if (raw == null) return undefined;
  try {
    const { gate } = JSON.parse(raw) as { gate: unknown };
    return typeof gate === "string" && cleanGate(gate) ? cleanGate(gate) : null;
  } catch {
    return undefined;
  }
}

/** Remembers the gate (`null`: this device has no gate). */
export function saveGate(gate: string | null): void {
  store()?.setItem(GATE_KEY, JSON.stringify({ gate }));
}

/** The gate name as stored: spaces collapsed and trimmed; "" when empty. */
export function cleanGate(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** Why a typed gate name cannot be used, or null when it can. */
export function gateProblem(text: string): string | null {
  const gate = cleanGate(text);
  if (!gate) return 'Type the gate\'s name, or choose "No gate".';
  if (gate.length > GATE_MAX) {
    return `Use at most ${GATE_MAX} characters (this one has ${gate.length}).`;
  }
  if (/\p{Cc}/u.test(gate)) return "Use letters, digits and spaces only.";
  return null;
}

/** Whether this device admits on the scan; `fallback` (the venue's default) when never set. */
export function readAdmitOnScan(fallback: boolean): boolean {
  const raw = store()?.getItem(ADMIT_KEY);
  return raw === "on" ? true : raw === "off" ? false : fallback;
}

/** Remembers the device's admit-on-scan switch. */
export function saveAdmitOnScan(on: boolean): void {
  store()?.setItem(ADMIT_KEY, on ? "on" : "off");
}

/** The direction this device scans (an exit door stays `OUT` after a reload). */
export function readDirection(): Direction {
  return store()?.getItem(DIRECTION_KEY) === "OUT" ? "OUT" : "IN";
}

/** Remembers the device's direction. */
export function saveDirection(direction: Direction): void {
  store()?.setItem(DIRECTION_KEY, direction);
}
