/**
 * What one door check-in costs PostgreSQL, in figures that do not depend on
 * the machine's load: a throw-away database (migrated, seeded as (i) seeds
 * its door day), then bounded batches of check-ins applied by the app's own
 * db/door_batches.ts applyMoves on ONE backend, and per check-in:
 * - that backend's CPU time (/proc/<pid>/stat, user + system), split into
 *   the ticket read and the batch statement;
 * - WAL records and bytes of this database only (pg_walinspect, so other
 *   databases on the server do not count), with and without full-page
 *   images, and per relation (an index's records ≈ its new entries);
 * - updates and HOT updates per table (pg_stat_user_tables);
 * - the deferred cleanup: a VACUUM of the door tables afterwards (CPU, WAL).
 *
 * Run: npx -y deno@2.9.6 run -A bench/door_write_cost.ts [checkins] [batch]
 * (defaults 4000 and 32; BENCH_PG_URL / TEST_PG_URL name the server;
 * DOOR_SHARE the share of exits and re-entries, default 0.2; WHAT_IF_SQL
 * statements run before the seed, e.g. "DROP INDEX x", to see what x costs).
 */
import postgres from "postgres";
import { connectPostgres } from "../db/client.ts";
import { migrate } from "../db/migrate.ts";
import { TICKET_SELECT, type TicketRow } from "../db/tickets.ts";
import { reservationOf } from "../db/tickets.ts";
import { applyMoves, type DecidedMove } from "../db/door_batches.ts";
import { decideScan } from "../domain/scan_decision.ts";
import { asAppSql, query as q, rawPool, throwawayDatabase } from "./db.ts";
import { seedCheckIns } from "./checkin_seed.ts";

const N = Number(Deno.args[0] ?? 4000);
const BATCH = Number(Deno.args[1] ?? 32);
const WARMUP = 2 * BATCH;
const ZONE = "Europe/Amsterdam";
const TABLES = [
  "tickets",
  "ticket_reservations",
  "reservation_slots",
  "verification_events",
];
const TICK_MS = 1000 / 100; // USER_HZ on Linux

/** User + system CPU of process `pid` in ms. */
async function cpuMs(pid: number): Promise<number> {
  const stat = await Deno.readTextFile(`/proc/${pid}/stat`);
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(f[11]) + Number(f[12])) * TICK_MS;
}

interface TableStats {
  relname: string;
  upd: number;
  hot: number;
  ins: number;
}

async function tableStats(sql: postgres.Sql): Promise<Map<string, TableStats>> {
  await sql.unsafe("SELECT pg_stat_force_next_flush()");
  await sql.unsafe("SELECT pg_stat_clear_snapshot()");
  const rows = await q<TableStats>(
    sql,
    `SELECT relname, n_tup_upd::int AS upd, n_tup_hot_upd::int AS hot,
            n_tup_ins::int AS ins
       FROM pg_stat_user_tables WHERE relname = ANY($1::text[])`,
    [TABLES],
  );
  return new Map(rows.map((r) => [r.relname, r]));
}

interface WalRow {
  rel: string;
  records: number;
  bytes: number;
  fpi: number;
  fpi_bytes: number;
}

/** This database's WAL between two LSNs, per relation (by its first block). */
async function walOf(
  sql: postgres.Sql,
  from: string,
  to: string,
): Promise<WalRow[]> {
  if (from === to) return [];
  return await q<WalRow>(
    sql,
    `WITH w AS (
       SELECT record_length, fpi_length,
              substring(block_ref from 'rel \\d+/\\d+/(\\d+)')::oid AS node,
              substring(block_ref from 'rel \\d+/(\\d+)/')::oid AS db
         FROM pg_get_wal_records_info($1::pg_lsn, $2::pg_lsn))
     SELECT coalesce(c.relname, 'other:' || w.node) AS rel,
            count(*)::int AS records, sum(record_length)::int AS bytes,
            count(*) FILTER (WHERE fpi_length > 0)::int AS fpi,
            sum(fpi_length)::int AS fpi_bytes
       FROM w LEFT JOIN pg_class c ON pg_relation_filenode(c.oid) = w.node
      WHERE w.db = (SELECT oid FROM pg_database WHERE datname = current_database())
      GROUP BY 1 ORDER BY 3 DESC`,
    [from, to],
  );
}

async function lsn(sql: postgres.Sql): Promise<string> {
  // A committed transaction id flushes the WAL written before it, so the
  // WAL up to here can be read (pg_walinspect reads flushed WAL only).
  await sql.unsafe("SELECT txid_current()");
  const [r] = await q<{ l: string }>(
    sql,
    "SELECT pg_current_wal_flush_lsn()::text AS l",
  );
  return r.l;
}

const f2 = (x: number) => x.toFixed(2);

function printWal(title: string, rows: WalRow[], per: number) {
  const sum = (k: keyof WalRow) =>
    rows.reduce((a, r) => a + (r[k] as number), 0);
  console.log(
    `${title}: ${f2(sum("records") / per)} WAL records, ${
      f2(sum("bytes") / per)
    } bytes (${f2((sum("bytes") - sum("fpi_bytes")) / per)} without ${
      f2(sum("fpi") / per)
    } full-page images) per check-in`,
  );
  for (const r of rows) {
    console.log(
      `  ${r.rel.padEnd(42)} ${f2(r.records / per).padStart(7)} rec ${
        f2(r.bytes / per).padStart(9)
      } B ${f2((r.bytes - r.fpi_bytes) / per).padStart(9)} B w/o FPI`,
    );
  }
}

async function main() {
  const tdb = await throwawayDatabase();
  try {
    const app = connectPostgres(tdb.url, { max: 2 });
    await migrate(app);
    await app.close();
    const sql = rawPool(tdb.url, 1);
    try {
      await run(sql);
    } finally {
      await sql.end();
    }
  } finally {
    await tdb.drop();
  }
}

async function run(sql: postgres.Sql) {
  await sql.unsafe("CREATE EXTENSION IF NOT EXISTS pg_walinspect");
  // Keeps the run's WAL until it is read (checkpoints of other databases'
  // traffic would recycle it); a temporary slot goes with this session.
  await sql.unsafe(
    "SELECT pg_create_physical_replication_slot('door_write_cost_' || pg_backend_pid(), true, true)",
  ).catch((err) =>
    console.warn(
      `No replication slot (${err.message}): a busy server may recycle the run's WAL before it is read`,
    )
  );
  const [org] = await q<{ orq: number; today: string }>(
    sql,
    `INSERT INTO organizations (name, timezone) VALUES ('Cost', $1)
     RETURNING orq, to_char(now() AT TIME ZONE timezone, 'YYYY-MM-DD') AS today`,
    [ZONE],
  );
  const [staff] = await q<{ id: number }>(
    sql,
    `INSERT INTO staff (orq, username, name, role, pin_hash)
     VALUES ($1, 'door', 'Door', 'OPERATOR', 'x') RETURNING id`,
    [org.orq],
  );
  // What-if: statements run before the seed (WHAT_IF_SQL="a; b").
  for (const stmt of (Deno.env.get("WHAT_IF_SQL") ?? "").split(";")) {
    if (stmt.trim()) await sql.unsafe(stmt);
  }
  // Cleanup is measured at the end, not left to autovacuum mid-run.
  for (const t of TABLES) {
    await sql.unsafe(`ALTER TABLE ${t} SET (autovacuum_enabled = false)`);
  }
  const day = await seedCheckIns(sql, {
    today: org.today,
    verifierId: staff.id,
    slots: 200,
    hotSlots: 3,
    hotShare: 0.3,
    doorShare: Number(Deno.env.get("DOOR_SHARE") ?? 0.2),
    pools: { cost: N + WARMUP },
  });
  const list = day.pools.cost;
  const [{ pid }] = await q<{ pid: number }>(
    sql,
    "SELECT pg_backend_pid() AS pid",
  );
  const db = asAppSql(sql);
  let readMs = 0, applyMs = 0, applied = 0;
  let before = await tableStats(sql);
  let lsn0 = await lsn(sql);
  for (let i = 0; i < list.length; i += BATCH) {
    if (i === WARMUP) {
      readMs = applyMs = applied = 0;
      before = await tableStats(sql);
      lsn0 = await lsn(sql);
    }
    const part = list.slice(i, i + BATCH);
    const c0 = await cpuMs(pid);
    const rows = await q<TicketRow>(
      sql,
      `${TICKET_SELECT} WHERE t.code = ANY($1::text[])`,
      [part.map((c) => c.code)],
    );
    const c1 = await cpuMs(pid);
    const byCode = new Map(rows.map((r) => [r.code, r]));
    const instant = new Date();
    const moves: DecidedMove[] = part.map((c, k) => {
      const ticket = byCode.get(c.code)!;
      const decision = decideScan({ ...ticket, slot: reservationOf(ticket) }, {
        orq: org.orq,
        at: instant,
        timeZone: ZONE,
        entryOpensMinutesBefore: null,
        entryClosesMinutesAfterStart: null,
        allowReentry: true,
        direction: c.direction,
      });
      if (decision.reason !== c.expect) {
        throw new Error(`${c.code}: ${decision.reason}, expected ${c.expect}`);
      }
      return {
        ticket,
        decision,
        who: { staffId: staff.id, orq: org.orq, anyOrg: false },
        req: {
          code: c.code,
          nonce: `cost-${i + k}-${c.code}`,
          gate: "North",
          direction: c.direction,
          userAgent: null,
          instant,
        },
      };
    });
    const c2 = await cpuMs(pid);
    const passes = await applyMoves(db, moves);
    const c3 = await cpuMs(pid);
    readMs += c1 - c0;
    applyMs += c3 - c2;
    applied += passes.filter((p) => p !== null).length;
  }
  const lsn1 = await lsn(sql);
  const after = await tableStats(sql);
  const n = list.length - WARMUP;
  if (applied !== n) throw new Error(`${applied} of ${n} check-ins applied`);
  const wal = await walOf(sql, lsn0, lsn1);

  const c0 = await cpuMs(pid);
  const v0 = await lsn(sql);
  await sql.unsafe(`VACUUM ${TABLES.join(", ")}`);
  const vacuumMs = (await cpuMs(pid)) - c0;
  const vacuumWal = await walOf(sql, v0, await lsn(sql));

  const [{ v }] = await q<{ v: string }>(
    sql,
    "SELECT current_setting('server_version') AS v",
  );
  console.log(
    `# Door write cost: ${n} check-ins (after ${WARMUP} warm-up) in batches of ${BATCH}, ` +
      `PostgreSQL ${v}, one backend`,
  );
  console.log(
    `Backend CPU per check-in: ${f2(readMs / n)} ms ticket read + ${
      f2(applyMs / n)
    } ms batch statement = ${f2((readMs + applyMs) / n)} ms ` +
      `(clock ticks of ${TICK_MS} ms; ${f2(readMs + applyMs)} ms in all)`,
  );
  for (const t of TABLES) {
    const a = after.get(t)!, b = before.get(t)!;
    const upd = a.upd - b.upd, hot = a.hot - b.hot, ins = a.ins - b.ins;
    console.log(
      `  ${t.padEnd(22)} updates ${f2(upd / n)}/check-in, HOT ${
        upd ? ((100 * hot) / upd).toFixed(1) : "-"
      }%, inserts ${f2(ins / n)}/check-in`,
    );
  }
  printWal("Check-ins", wal, n);
  console.log(`VACUUM afterwards: ${f2(vacuumMs / n)} ms CPU per check-in`);
  printWal("VACUUM", vacuumWal, n);
}

await main();
