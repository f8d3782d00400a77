import type { Context } from "hono";
import { z } from "zod";
import { AppError, validationFailed } from "../domain/errors.ts";

/**
 * Security headers of a finished response (errors included; routes/app.ts):
 * nosniff on all, Referrer-Policy on all but JSON answers. The policy governs
 * what a document sends when it loads or links further, which a JSON answer
 * never does; without those 30 bytes a GREEN scan answer fits the 512 bytes
 * that Deno 2.9.6 writes to the socket in one go (bench/response_size.ts:
 * +4 % operator scans/s over three alternating pairs of scenario (f)).
 */
export function addSecurityHeaders(h: Headers): void {
  h.set("x-content-type-options", "nosniff");
  if (!h.get("content-type")?.startsWith("application/json")) {
    h.set("referrer-policy", "no-referrer");
  }
}

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
): Promise<z.output<S>> {
  const req = c.req.raw;
  const text = await bodyText(req);
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
  return parseWith(schema, value);
}

function tooLarge(): AppError {
  return new AppError("PAYLOAD_TOO_LARGE", {
    message: `The request body is larger than ${MAX_BODY_BYTES / 1024} KiB.`,
  });
}

/**
 * The body as text, at most MAX_BODY_BYTES (413 PAYLOAD_TOO_LARGE beyond).
 * With a Content-Length (the server holds the client to it) the size is
 * known before reading and the runtime's one-shot read applies; a chunked
 * body is read piece by piece and dropped as soon as it is too large.
 */
async function bodyText(req: Request): Promise<string> {
  const length = req.headers.get("content-length");
  try {
    if (length !== null) {
      if (Number(length) > MAX_BODY_BYTES) throw tooLarge();
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
      if (size > MAX_BODY_BYTES) {
        await reader.cancel().catch(() => {});
        throw tooLarge();
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

/** The client's address: the socket peer, or `X-Forwarded-For` behind a trusted proxy. */
export function clientAddress(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const fwd = c.req.header("x-forwarded-for")?.split(",")[0]?.trim();
    if (fwd) return fwd;
  }
  const info = c.env as { remoteAddr?: { hostname?: string } } | undefined;
  return info?.remoteAddr?.hostname ?? "unknown";
}
