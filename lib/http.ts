import type { Context } from "hono";
import { z } from "zod";
import { AppError, validationFailed } from "../domain/errors.ts";

/**
 * Headers of a finished response (errors included; routes/app.ts): JSON
 * declares its charset; nosniff on all; Referrer-Policy on all but JSON
 * answers (the policy governs what a document sends when it loads or links
 * further, which a JSON answer never does, and a scan answer stays small);
 * HSTS when the app is served over https (`hsts`).
 */
export function addSecurityHeaders(h: Headers, hsts: boolean): void {
  const type = h.get("content-type");
  if (type === "application/json") {
    h.set("content-type", "application/json; charset=utf-8");
  } else if (!type?.startsWith("application/json")) {
    h.set("referrer-policy", "no-referrer");
  }
  h.set("x-content-type-options", "nosniff");
  if (hsts) h.set("strict-transport-security", HSTS);
}

/** One year, as browsers' preload lists expect; subdomains are the venue's own. */
const HSTS = "max-age=31536000; includeSubDomains";

/** Largest JSON body any route accepts. */
export const MAX_BODY_BYTES = 64 * 1024;

/** The zod issues as the contract's `details.fields`. */
export function fieldsOf(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    let key = issue.path.map(String).join(".");
    if (issue.code === "unrecognized_keys") {
      for (const k of issue.keys) {
        fields[key ? `${key}.${k}` : k] = "Unknown field";
      }
      continue;
    }
    if (!key) key = "body";
    fields[key] ??= issue.message;
  }
  return fields;
}

/** The request's JSON body checked against `schema`, or a 400 VALIDATION_FAILED. */
export async function readJson<S extends z.ZodType>(
  c: Context,
  schema: S,
  maxBytes = MAX_BODY_BYTES,
): Promise<z.output<S>> {
  const req = c.req.raw;
  const text = await bodyText(req, maxBytes);
  const type = req.headers.get("content-type") ?? "";
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw validationFailed(
      { body: "Send JSON with Content-Type: application/json" },
      "The request body must be JSON.",
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw validationFailed(
      { body: "Malformed JSON" },
      "The request body is not valid JSON.",
    );
  }
  // PostgreSQL text cannot hold NUL: refuse it here for every route at once
  // (the escape is rare, so the walk runs only when the text has one).
  if (text.includes("\\u0000")) {
    const path = nulPath(value, "");
    if (path !== null) {
      throw validationFailed({ [path || "body"]: "Contains a NUL character" });
    }
  }
  return parseWith(schema, value);
}

/** The dotted path of the first string in `value` holding a NUL, or null. */
function nulPath(value: unknown, path: string): string | null {
  if (typeof value === "string") return value.includes("\0") ? path : null;
  if (typeof value === "object" && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      const found = nulPath(v, path ? `${path}.${k}` : k);
      if (found !== null) return found;
    }
  }
  return null;
}

/** Whether a request URL carries a NUL (`%00`) anywhere in its path or query. */
export function urlHasNul(url: string): boolean {
  return url.includes("%00");
}

function tooLarge(maxBytes: number): AppError {
  return new AppError("PAYLOAD_TOO_LARGE", {
    message: `The request body is larger than ${maxBytes / 1024} KiB.`,
  });
}

/**
 * The body as text, at most `maxBytes` (413 PAYLOAD_TOO_LARGE beyond).
 * With a Content-Length (the server holds the client to it) the size is
 * known before reading and the runtime's one-shot read applies; a chunked
 * body is read piece by piece and dropped as soon as it is too large.
 */
export async function bodyText(
  req: Request,
  maxBytes = MAX_BODY_BYTES,
): Promise<string> {
  const length = req.headers.get("content-length");
  try {
    if (length !== null) {
      if (Number(length) > maxBytes) throw tooLarge(maxBytes);
      return await req.text();
    }
    if (!req.body) return "";
    const reader = req.body.getReader();
    const parts: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => {});
        throw tooLarge(maxBytes);
      }
      parts.push(value);
    }
    const all = new Uint8Array(size);
    let at = 0;
    for (const p of parts) {
      all.set(p, at);
      at += p.byteLength;
    }
    return new TextDecoder().decode(all);
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw validationFailed({ body: "Could not read the request body" });
  }
}

/** `value` checked against `schema`, or a 400 VALIDATION_FAILED naming the fields. */
export function parseWith<S extends z.ZodType>(
  schema: S,
  value: unknown,
): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw validationFailed(fieldsOf(result.error));
  return result.data;
}

/** A JSON error response in the contract's shape. */
export function errorResponse(err: AppError): Response {
  return new Response(JSON.stringify(err.toBody()), {
    status: err.status,
    headers: {
      "content-type": "application/json; charset=utf-8",
      ...err.headers,
    },
  });
}

/**
 * The client's address. With `trustProxy` = N ≥ 1 proxies in front, each
 * appending the address it saw to `X-Forwarded-For`, the client is the N-th
 * entry from the right of all such headers joined in order: entries further
 * left were written by the client itself and prove nothing. Fewer entries, or
 * a non-IP entry there, fall back to the socket's address.
 */
export function clientAddress(c: Context, trustProxy: number): string {
  const info = c.env as { remoteAddr?: { hostname?: string } } | undefined;
  const socket = info?.remoteAddr?.hostname ?? "unknown";
  if (trustProxy < 1) return socket;
  const forwarded = forwardedFor(c.req.raw.headers, trustProxy);
  return forwarded ?? socket;
}

/** The N-th `X-Forwarded-For` entry from the right, if it is an IP address. */
export function forwardedFor(headers: Headers, n: number): string | null {
  // Headers.get joins repeated headers with ", " in order.
  const joined = headers.get("x-forwarded-for");
  if (!joined) return null;
  const entries = joined.split(",").map((e) => e.trim());
  if (entries.length < n) return null;
  const entry = entries[entries.length - n];
  return isIpAddress(entry) ? entry : null;
}

const IPV4 =
  /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

function isIpAddress(text: string): boolean {
  if (IPV4.test(text)) return true;
  if (!text.includes(":") || text.length > 45) return false;
  try {
    // The URL parser accepts exactly the valid IPv6 literals.
    new URL(`http://[${text}]/`);
    return true;
  } catch {
    return false;
  }
}

/**
 * The key per-address limits count under: an IPv4 address as it is, an IPv6
 * address by its /64 (one customer's network hands out the rest freely).
 */
export function addressKey(address: string): string {
  if (!address.includes(":")) return address;
  try {
    const host = new URL(`http://[${address}]/`).hostname.slice(1, -1);
    const groups = expandIpv6(host);
    return groups ? `${groups.slice(0, 4).join(":")}::/64` : address;
  } catch {
    return address;
  }
}

function expandIpv6(host: string): string[] | null {
  if (host.includes(".")) return null; // IPv4-mapped: rare, keep as is
  const [head, tail] = host.split("::");
  const left = head ? head.split(":") : [];
  const right = tail !== undefined && tail !== "" ? tail.split(":") : [];
  const fill = tail === undefined ? 0 : 8 - left.length - right.length;
  const groups = [...left, ...Array(fill).fill("0"), ...right];
  return groups.length === 8 ? groups.map((g) => g.toLowerCase()) : null;
}

/** The client's per-address rate-limit key (IPv6 by /64). */
export function clientKey(c: Context, trustProxy: number): string {
  return addressKey(clientAddress(c, trustProxy));
}
