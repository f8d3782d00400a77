/** Helpers for the ticket import tests. */
import { call, type Reply } from "./api.ts";
import { generateTicketCode } from "../../domain/ticket_code.ts";

/** The API key `startServer` gives organization 1. */
export const ORG1_KEY = { "x-api-key": "issuer-key-0123456789abcdef" };

/** `POST /api/tickets/import?orq=` with a CSV body. */
export function importCsv(
  base: string,
  csv: string | Uint8Array | ReadableStream<Uint8Array>,
  opts: { orq?: number; token?: string; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const query = opts.orq === undefined ? "" : `?orq=${opts.orq}`;
  return call(base, "POST", `/api/tickets/import${query}`, {
    raw: csv as string,
    token: opts.token,
    headers: { "content-type": "text/csv", ...opts.headers },
  });
}

/** `POST /api/tickets/import` with a JSON body. */
export function importJson(
  base: string,
  body: unknown,
  opts: { token?: string; headers?: Record<string, string> } = {},
): Promise<Reply> {
  return call(base, "POST", "/api/tickets/import", {
    json: body,
    token: opts.token,
    headers: opts.headers,
  });
}

/** `n` fresh 20-character codes. */
export function freshCodes(n: number): string[] {
  return Array.from({ length: n }, generateTicketCode);
}

/** A CSV of `codes` with only a `code` column. */
export function codesCsv(codes: string[]): string {
  return "code\n" + codes.join("\n") + "\n";
}

/** Rows of the audit log with `action`, oldest first. */
export async function auditOf(
  db: { query: <T>(t: string, p?: unknown[]) => Promise<T[]> },
  action: string,
) {
  const rows = await db.query<{
    orq: number;
    actor_kind: string;
    target_type: string;
    target_id: string | null;
    before: Record<string, unknown> | null;
    after: Record<string, unknown> | null;
  }>(
    `SELECT orq, actor_kind, target_type, target_id, before, after
       FROM audit_log WHERE action = $1 ORDER BY id`,
    [action],
  );
  return [...rows];
}
