import type { Context } from "hono";
import { z } from "zod";
import { AppError, validationFailed } from "../domain/errors.ts";

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
  const type = c.req.header("content-type") ?? "";
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw validationFailed(
      { body: "Send JSON with Content-Type: application/json" },
      "The request body must be JSON.",
    );
  }
  let text: string;
  try {
    text = await c.req.text();
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw validationFailed({ body: "Could not read the request body" });
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
