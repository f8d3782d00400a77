/**
 * (h) Ticket import: 100,000 codes over HTTP as one CSV, on PostgreSQL and
 * on the embedded database (PGlite), each beside a raw baseline measured in
 * the same run: the same rows inserted straight into the database with the
 * app's statement (unnest in chunks of 5,000, one transaction) into a copy
 * of the tickets table with its indexes. Memory: the app's peak resident
 * set while importing over the one before, and its heap after a full GC
 * over the heap after a GC before (through its inspector, detached while
 * the import runs).
 * Standalone: `npx -y deno@2.9.6 run -A bench/scenarios/import.ts`.
 */
import { freePort, startDeno, waitForHttp } from "../procs.ts";
import { rawPool, throwawayDatabase } from "../db.ts";
import { Inspector } from "../profile.ts";
import { log } from "../state.ts";
import { openPglite, type Sql } from "../../db/client.ts";
import { migrate } from "../../db/migrate.ts";
import { generateTicketCode } from "../../domain/ticket_code.ts";

const ROOT = new URL("../..", import.meta.url).pathname;
const ROWS = 100_000;
const CHUNK = 5_000;
const KEY = "bench-import-key-0123456789abcdef";
/** Targets (seconds) for the HTTP import of ROWS codes. */
const TARGET = { postgres: 10, pglite: 60 };

/** What one engine measured. */
export interface ImportFigures {
  engine: "postgres" | "pglite";
  seconds: number;
  rawSeconds: number;
  imported: number;
  /** Peak resident set while importing over the resident set before. */
  peakRssMb: number;
  retainedHeapMb: number;
  bodyMb: number;
  met: boolean;
}

/** 100,000 rows: 20-character codes, a status and an order reference each. */
function rows(): { code: string; status: string; ref: string }[] {
  return Array.from({ length: ROWS }, (_, i) => ({
    code: generateTicketCode(),
    status: i % 2 ? "ACTIVATED" : "PENDING_PAYMENT",
    ref: `ORDER-${Math.floor(i / 4)}`,
  }));
}

function csvOf(data: ReturnType<typeof rows>): Uint8Array<ArrayBuffer> {
  const lines = ["code,status,order_ref"];
  for (const r of data) lines.push(`${r.code},${r.status},${r.ref}`);
  return new TextEncoder().encode(lines.join("\r\n") + "\r\n");
}

/** The app's insert, straight to the database, into `table`. */
async function rawInsert(
  tx: Sql,
  table: string,
  data: ReturnType<typeof rows>,
): Promise<void> {
  const sorted = [...data].sort((a, b) => a.code < b.code ? -1 : 1);
  for (let at = 0; at < sorted.length; at += CHUNK) {
    const chunk = sorted.slice(at, at + CHUNK);
    await tx.query(
      `INSERT INTO ${table} (orq, code, status, order_ref, activated_at)
       SELECT 1, u.code, u.status, u.order_ref,
              CASE WHEN u.status = 'ACTIVATED' THEN now() END
         FROM unnest($1::text[], $2::text[], $3::text[]) AS u(code, status, order_ref)
       ON CONFLICT (code) DO NOTHING`,
      [
        chunk.map((r) => r.code),
        chunk.map((r) => r.status),
        chunk.map((r) => r.ref),
      ],
    );
  }
}

/**
 * The raw baseline's table: the tickets table's columns, checks, indexes
 * (the trigram one too) and its reference to organizations.
 */
const RAW_TABLE = `CREATE TABLE tickets_raw (LIKE tickets INCLUDING ALL);
  ALTER TABLE tickets_raw ADD FOREIGN KEY (orq) REFERENCES organizations (orq)`;

/** A `/proc/<pid>/status` figure in KiB (VmRSS, VmHWM). */
async function procKb(pid: number, field: string): Promise<number> {
  const status = await Deno.readTextFile(`/proc/${pid}/status`);
  return Number(new RegExp(`^${field}:\\s+(\\d+)`, "m").exec(status)?.[1]);
}

async function heapAfterGc(inspector: Inspector): Promise<number> {
  await inspector.send("HeapProfiler.collectGarbage");
  await inspector.send("HeapProfiler.collectGarbage");
  return (await inspector.send<{ usedSize: number }>("Runtime.getHeapUsage"))
    .usedSize;
}

/** One engine: the app over HTTP, then the raw baseline. */
async function runEngine(
  engine: "postgres" | "pglite",
): Promise<ImportFigures> {
  const dataDir = await Deno.makeTempDir({ prefix: "bench-import-" });
  const pg = engine === "postgres" ? await throwawayDatabase() : null;
  const port = freePort();
  const inspectPort = freePort();
  const app = startDeno(
    "app",
    ["run", "--allow-all", `--inspect=127.0.0.1:${inspectPort}`, "main.ts"],
    {
      ...(pg ? { DATABASE_URL: pg.url } : {}),
      PORT: String(port),
      DEMO: "0",
      LOG_EVENTS: "0",
      JWT_SECRET: "bench-import-secret",
      API_KEYS: `1:${KEY}`,
      DATA_DIR: dataDir,
    },
    ROOT,
  );
  let inspector: Inspector | null = null;
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitForHttp(`${base}/api/health`, app);
    inspector = await Inspector.connect(inspectPort);
    const post = async (body: Uint8Array<ArrayBuffer>) => {
      const res = await fetch(`${base}/api/tickets/import?orq=1`, {
        method: "POST",
        headers: { "content-type": "text/csv", "x-api-key": KEY },
        body,
      });
      return { status: res.status, body: await res.json() };
    };
    // Warm-up: code compiled on first use is not what an import costs.
    await post(csvOf(rows().slice(0, 1000)));
    const data = rows();
    const body = csvOf(data);
    const before = await heapAfterGc(inspector);
    // The inspector stays detached while importing: an attached session
    // slows the embedded database's WebAssembly several times over. The
    // peak is read from the kernel instead: the app process's peak resident
    // set (VmHWM) over its resident set before, heap and buffers alike.
    inspector.close();
    inspector = null;
    const pid = (await app.tree()).at(-1)!;
    const rssBefore = await procKb(pid, "VmRSS");
    const t0 = performance.now();
    const answer = await post(body);
    const seconds = (performance.now() - t0) / 1000;
    const rssPeak = await procKb(pid, "VmHWM");
    if (answer.status !== 200 || answer.body.imported !== ROWS) {
      throw new Error(
        `import answered ${answer.status}: ${
          JSON.stringify(answer.body).slice(0, 300)
        }`,
      );
    }
    inspector = await Inspector.connect(inspectPort);
    const retained = await heapAfterGc(inspector);
    inspector.close();
    inspector = null;
    await app.stop();

    // The raw baseline, on the same engine, the same rows, same indexes.
    let rawSeconds: number;
    if (pg) {
      const pool = rawPool(pg.url, 2);
      try {
        await pool.unsafe(RAW_TABLE).simple();
        const t = performance.now();
        await pool.begin((tx) =>
          rawInsert(
            {
              query: (text, params) =>
                tx.unsafe(text, params as never[]) as never,
            },
            "tickets_raw",
            data,
          )
        );
        rawSeconds = (performance.now() - t) / 1000;
      } finally {
        await pool.end();
      }
    } else {
      const rawDir = await Deno.makeTempDir({ prefix: "bench-import-raw-" });
      const db = await openPglite(`${rawDir}/pgdata`);
      try {
        await migrate(db);
        await db.query(
          "INSERT INTO organizations (orq, name, timezone) VALUES (1, 'Raw', 'UTC')",
        );
        for (const statement of RAW_TABLE.split(";")) {
          await db.query(statement);
        }
        const t = performance.now();
        await db.begin((tx) => rawInsert(tx, "tickets_raw", data));
        rawSeconds = (performance.now() - t) / 1000;
      } finally {
        await db.close();
        await Deno.remove(rawDir, { recursive: true });
      }
    }
    const mb = (n: number) => Math.round(n / 1e5) / 10;
    return {
      engine,
      seconds,
      rawSeconds,
      imported: answer.body.imported,
      peakRssMb: mb((rssPeak - rssBefore) * 1024),
      retainedHeapMb: mb(retained - before),
      bodyMb: mb(body.length),
      met: seconds <= TARGET[engine],
    };
  } finally {
    inspector?.close();
    await app.stop();
    await pg?.drop();
    await Deno.remove(dataDir, { recursive: true }).catch(() => {});
  }
}

/** Runs (h) on both engines and logs the figures. */
export async function benchImport(): Promise<ImportFigures[]> {
  log("\n## (h) Ticket import: 100,000 codes as one CSV over HTTP");
  const out: ImportFigures[] = [];
  for (const engine of ["postgres", "pglite"] as const) {
    const f = await runEngine(engine);
    out.push(f);
    log(
      `  ${engine}: ${f.seconds.toFixed(2)} s for ${f.imported} rows ` +
        `(${f.bodyMb} MB body; target ≤ ${TARGET[engine]} s: ${
          f.met ? "met" : "MISSED"
        }); raw unnest insert of the same rows ${
          f.rawSeconds.toFixed(2)
        } s; app peak RSS +${f.peakRssMb} MB, heap +${f.retainedHeapMb} MB after GC`,
    );
  }
  return out;
}

if (import.meta.main) await benchImport();
