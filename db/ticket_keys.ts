/**
 * A ticket's id, code and organization, by code or by id: what a customer's
 * change reads before its transaction. Concurrent reads share one query
 * (db/batch_loader.ts); the three never change once a ticket exists.
 */
import type { Sql } from "./client.ts";
import { batchedSql, BatchLoader } from "./batch_loader.ts";

/** A ticket as a customer's change first needs it. */
export interface TicketKey {
  id: number;
  code: string;
  orq: number;
}

/** The loader's key of a ticket named by its code or by its id. */
export function ticketKey(by: { code: string } | { ticketId: number }): string {
  return "code" in by ? `c:${by.code}` : `i:${by.ticketId}`;
}

/** Tickets by {@link ticketKey}; one per database, built by `createStore`. */
export function ticketKeyLoader(sql: Sql): BatchLoader<string, TicketKey> {
  return new BatchLoader(async (keys: string[]) => {
    const codes = keys.filter((k) => k.startsWith("c:")).map((k) => k.slice(2));
    const ids = keys.filter((k) => k.startsWith("i:")).map((k) =>
      Number(k.slice(2))
    );
    const rows = await batchedSql(sql).query<TicketKey>(
      `SELECT id, code, orq FROM tickets WHERE code = ANY($1::text[])
       UNION ALL
       SELECT id, code, orq FROM tickets WHERE id = ANY($2::int[])`,
      [codes, ids],
    );
    const found = new Map<string, TicketKey>();
    for (const r of rows) {
      found.set(ticketKey({ code: r.code }), r);
      found.set(ticketKey({ ticketId: r.id }), r);
    }
    return found;
  });
}
