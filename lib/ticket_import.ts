import type { AppDeps } from "./app_deps.ts";
import { auditActor, type Principal } from "./auth.ts";
import { AppError } from "../domain/errors.ts";
import {
  importResult,
  planImport,
  type RawTicketRow,
} from "../domain/ticket_import.ts";
import {
  EMBEDDED_IMPORT_CHUNK,
  IMPORT_CHUNK,
  insertImportedTickets,
} from "../db/ticket_import.ts";
import { recordAudit } from "../db/audit.ts";
import { logEvent } from "./log.ts";

/** What `POST /api/tickets/import` answers. */
export type ImportAnswer = ReturnType<typeof importResult>;

/**
 * Imports `rows` for `orq`, then records one audit entry: bad rows and
 * repeats are skipped, codes held already (here or by another organization)
 * are skipped as DUPLICATE by the unique index. Chunks commit one by one
 * rather than in one long transaction, which on the embedded database would
 * hold every other request (scans, bookings) for the whole import; the rows
 * are all checked before the first chunk is written.
 */
export async function importTickets(
  deps: Pick<AppDeps, "db" | "orgs" | "clock">,
  req: { principal: Principal; orq: number; rows: RawTicketRow[] },
): Promise<ImportAnswer> {
  if (!(await deps.orgs.get(req.orq))) throw new AppError("ORG_NOT_FOUND");
  const started = performance.now();
  const plan = planImport(req.rows);
  const chunk = deps.db.engine === "pglite"
    ? EMBEDDED_IMPORT_CHUNK
    : IMPORT_CHUNK;
  const inserted = await insertImportedTickets(
    deps.db,
    req.orq,
    plan.insert,
    chunk,
  );
  const result = importResult(plan, inserted);
  await recordAudit(deps.db, {
    orq: req.orq,
    actor: auditActor(req.principal),
    action: "tickets.import",
    target: { type: "tickets", id: null },
    after: {
      rows: req.rows.length,
      imported: result.imported,
      skipped_count: result.skipped_count,
      weak_codes: result.weak_codes,
    },
    at: deps.clock(),
  });
  logEvent("tickets.imported", {
    orq: req.orq,
    rows: req.rows.length,
    imported: result.imported,
    skipped: result.skipped_count,
    weak_codes: result.weak_codes,
    ms: Math.round(performance.now() - started),
  });
  return result;
}
