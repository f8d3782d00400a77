import { AppError } from "../domain/errors.ts";

/** Seconds a client should wait before asking again during an outage. */
export const RETRY_AFTER_SECONDS = 2;

/** postgres.js's own connection failures and the socket errors under them. */
const CONNECTION_CODES = new Set([
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTCONN",
]);

/**
 * PostgreSQL's SQLSTATEs of a server that is going away or not there yet:
 * admin_shutdown, crash_shutdown, cannot_connect_now, and class 08
 * (connection exceptions).
 */
const SERVER_GONE = /^(57P0[123]|08[0-9A-Z]{3})$/;

/** Deno's names for the same socket failures (no `code` on these). */
const DENO_NAMES = new Set([
  "ConnectionRefused",
  "ConnectionReset",
  "ConnectionAborted",
  "BrokenPipe",
  "NotConnected",
  "TimedOut",
]);

/**
 * Whether `err` says the database cannot be reached (as opposed to a
 * statement that failed): the one place that recognises an outage.
 */
export function isConnectionError(err: unknown): boolean {
  if (err instanceof AppError) return err.code === "SERVICE_UNAVAILABLE";
  if (!err || typeof err !== "object") return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === "string") {
    return CONNECTION_CODES.has(code) || SERVER_GONE.test(code);
  }
  return DENO_NAMES.has((err as { name?: unknown }).name as string);
}

/** The contract's 503 SERVICE_UNAVAILABLE with `Retry-After: 2`. */
export function serviceUnavailable(cause?: unknown): AppError {
  const err = new AppError("SERVICE_UNAVAILABLE", {
    headers: { "retry-after": String(RETRY_AFTER_SECONDS) },
  });
  if (cause !== undefined) err.context.cause = describeError(cause);
  return err;
}

/** `err` as a 503 SERVICE_UNAVAILABLE when it is a connection error, else `err`. */
export function asServiceUnavailable(err: unknown): unknown {
  if (err instanceof AppError || !isConnectionError(err)) return err;
  return serviceUnavailable(err);
}

/** A short text of an error for logs: code and message. */
export function describeError(err: unknown): string {
  if (err instanceof AppError) {
    return String(err.context.cause ?? err.message);
  }
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return code && !err.message.includes(String(code))
      ? `${code}: ${err.message}`
      : err.message;
  }
  return String(err);
}
