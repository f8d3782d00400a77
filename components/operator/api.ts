/** The operator API (API.md "Operator") as the scanner's browser code calls it. */
import { timedFetch } from "./connection.ts";

/** The scanner's colours. */
export type Colour = "GREEN" | "RED" | "YELLOW";

/** The 200 body of `POST /api/operator/validate-ticket`. */
export interface ScanAnswer {
  result: Colour;
  reason: string;
  title: string;
  message: string;
  ticket: { code: string; status: string } | null;
  reservation: { date: string; start_time: string; end_time: string } | null;
  customer: { email: string; phone: string } | null;
  verified_at: string | null;
  verified_by: { id: number; name: string } | null;
  can_verify: boolean;
  /** Decided on this device with no network (API.md "Offline scanning"). */
  offline?: boolean;
}

/** The 200 body of `POST /api/operator/login`. */
export interface LoginAnswer {
  token: string;
  expires_at: string;
  operator: { id: number; name: string; role: string; orq: number };
}

/** The contract's error, with `Retry-After` in seconds and the HTTP status. */
export interface OperatorError {
  status: number;
  code: string;
  message: string;
  retryAfter?: number;
}

/** Either the answer or the error (`NETWORK`, status 0, when there was none). */
export type Answer<T> = { ok: true; data: T } | {
  ok: false;
  error: OperatorError;
};

/** Reads the fetch's answer: the body, or the contract's error with `Retry-After`. */
export async function answerOf<T>(res: Response): Promise<Answer<T>> {
  let parsed: unknown = null;
  try {
    parsed = await res.json();
  } catch { /* not JSON */ }
  if (res.ok) return { ok: true, data: parsed as T };
  const e = (parsed as { error?: { code: string; message: string } } | null)
    ?.error;
  const error: OperatorError = {
    status: res.status,
    code: e?.code ?? "INTERNAL",
    message: e?.message ?? `HTTP ${res.status}`,
  };
  const retry = Number(res.headers.get("retry-after"));
  if (Number.isFinite(retry) && retry > 0) error.retryAfter = retry;
  return { ok: false, error };
}

/** The answer when the server could not be reached. */
export const NO_ANSWER: Answer<never> = {
  ok: false,
  error: {
    status: 0,
    code: "NETWORK",
    message: "The server could not be reached.",
  },
};

/** The answer when none came within the deadline (the device went offline). */
export const TIMED_OUT: Answer<never> = {
  ok: false,
  error: {
    status: 0,
    code: "TIMEOUT",
    message: "The server did not answer in time.",
  },
};

/**
 * POSTs `body` as JSON: the login cookie authenticates it (same origin).
 * Door calls are `timed`: they count for the online/offline switch and give
 * up after its deadline (connection.ts).
 */
async function postJson<T>(
  path: string,
  body: unknown,
  timed = true,
): Promise<Answer<T>> {
  let res: Response;
  const init: RequestInit = {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
    credentials: "same-origin",
    cache: "no-store",
  };
  try {
    res = timed ? await timedFetch(path, init) : await fetch(path, init);
  } catch (e) {
    return e === "timeout" ? TIMED_OUT : NO_ANSWER;
  }
  return await answerOf<T>(res);
}

/** Whether a failed call leaves the scan to the offline decision. */
export function noAnswer(e: OperatorError): boolean {
  return e.status === 0 || e.status >= 500;
}

/** `POST /api/operator/login` with a password or a PIN. */
export function login(
  username: string,
  secret: { password: string } | { pin: string },
): Promise<Answer<LoginAnswer>> {
  return postJson("/api/operator/login", { username, ...secret }, false);
}

/** `POST /api/operator/validate-ticket`: read-only, GREEN/RED/YELLOW. */
export function validateTicket(code: string): Promise<Answer<ScanAnswer>> {
  return postJson("/api/operator/validate-ticket", { code });
}

/** Which way a guest passes the door. */
export type Direction = "IN" | "OUT";

/** The 200 body of `POST /api/operator/check-in`: the decision and whether it admitted. */
export interface CheckInAnswer extends ScanAnswer {
  checked_in: boolean;
  /** Present for `OUT`: whether the exit was recorded. */
  checked_out?: boolean;
}

/** What check-in needs; `gate` null when the device has none. */
export interface CheckInRequest {
  code: string;
  nonce: string;
  gate: string | null;
  direction: Direction;
}

/**
 * `POST /api/operator/check-in`: decides and admits (or records the exit)
 * in one round trip; a retry with the same `nonce` gets the first answer.
 */
export function checkIn(body: CheckInRequest): Promise<Answer<CheckInAnswer>> {
  const { gate, ...rest } = body;
  return postJson("/api/operator/check-in", gate ? { ...rest, gate } : rest);
}

/** `POST /api/operator/undo-check-in`: reverts the ticket's latest door event. */
export function undoCheckIn(
  code: string,
  nonce: string,
): Promise<Answer<ScanAnswer>> {
  return postJson("/api/operator/undo-check-in", { code, nonce });
}
