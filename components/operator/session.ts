/**
 * What the operator pages keep in `sessionStorage` (this tab only): who
 * signed in and until when, and a code typed when the login ran out. The
 * token itself stays in the HttpOnly cookie, out of reach of scripts.
 */

const OPERATOR_KEY = "te.operator";
const PENDING_KEY = "te.pendingCode";

/** Where the scanner lives, and the login page that leads back to it. */
export const SCAN_PATH = "/operator/scan";
/** The login page that returns to the scanner. */
export const LOGIN_TO_SCAN = `/operator/login?next=${
  encodeURIComponent(SCAN_PATH)
}`;

/** The signed-in operator as the login answered. */
export interface OperatorSession {
  username: string;
  name: string;
  expires_at: string;
}

function storage(): Storage | null {
  try {
    return globalThis.sessionStorage ?? null;
  } catch {
    return null; // storage disabled
  }
}

/** The last sign-in of this tab, if any. */
export function readSession(): OperatorSession | null {
  try {
    return JSON.parse(storage()?.getItem(OPERATOR_KEY) ?? "null");
  } catch {
    return null;
  }
}

/** Remembers a sign-in for this tab. */
export function saveSession(s: OperatorSession): void {
  storage()?.setItem(OPERATOR_KEY, JSON.stringify(s));
}

/** Forgets the sign-in (the username is kept to prefill the next login). */
export function clearSession(): void {
  const s = readSession();
  if (s) saveSession({ ...s, name: "", expires_at: "" });
}

/** Keeps a typed code across a trip to the login page. */
export function keepPendingCode(code: string): void {
  if (code.trim()) storage()?.setItem(PENDING_KEY, code.trim().slice(0, 100));
}

/** The kept code, if any, without removing it. */
export function peekPendingCode(): string {
  return storage()?.getItem(PENDING_KEY) ?? "";
}

/** The kept code, removed from storage. */
export function takePendingCode(): string {
  const code = peekPendingCode();
  storage()?.removeItem(PENDING_KEY);
  return code;
}

/** The login has run out: keep `code` and go sign in again. */
export function backToLogin(code: string): void {
  keepPendingCode(code);
  clearSession();
  location.assign(LOGIN_TO_SCAN);
}
