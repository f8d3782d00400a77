/**
 * The app's live heap per open dashboard stream: starts the app (over a
 * throw-away PostgreSQL database, with its V8 inspector), opens N streams
 * over raw sockets as scenario (g) does, and compares the heap after full
 * garbage collections before and after. Every open stream's objects are
 * marked by every major GC, so this is what 1,000 open dashboards add to
 * the collector's work during a drop. Deterministic, unlike timings.
 * Optionally writes a heap snapshot (open it in Chrome DevTools, Memory tab).
 * Run: `npx -y deno@2.9.6 run -A bench/stream_heap.ts [N=1000] [snapshot-file]`.
 */
import { freePort, startDeno, waitForHttp } from "./procs.ts";
import { rawPool, throwawayDatabase } from "./db.ts";
import { login, seedStaff } from "./scan_seed.ts";
import { openStreams } from "./dashboard_streams.ts";
import {
  streamHeaders,
  STREAMS_PER_TOKEN,
  tokenCopies,
} from "./stream_tokens.ts";
import { Inspector } from "./profile.ts";

/** The app's JWT secret, to mint a sign-in for every ten streams. */
const SECRET = "stream-heap";

const ROOT = new URL("..", import.meta.url).pathname;
const N = Number(Deno.args[0] ?? 1000);
const SNAPSHOT = Deno.args[1];

const db = await throwawayDatabase();
const port = freePort();
const inspectPort = freePort();
const app = startDeno(
  "app",
  ["run", "--allow-all", `--inspect=127.0.0.1:${inspectPort}`, "main.ts"],
  {
    DATABASE_URL: db.url,
    PORT: String(port),
    DEMO: "0",
    LOG_EVENTS: "0",
    JWT_SECRET: SECRET,
    DATA_DIR: await Deno.makeTempDir(),
  },
  ROOT,
);
const closers: (() => void)[] = [];
try {
  const base = `http://127.0.0.1:${port}`;
  await waitForHttp(`${base}/api/health`, app);
  const pool = rawPool(db.url, 2);
  const manager = {
    username: "heap-mgr",
    role: "MANAGER",
    secret: "heap-manager-password",
  } as const;
  await seedStaff(pool, manager);
  await pool.end();
  const token = await login(base, manager);
  const inspector = await Inspector.connect(inspectPort);
  const heapAfterGc = async () => {
    await inspector.send("HeapProfiler.collectGarbage");
    await inspector.send("HeapProfiler.collectGarbage");
    return (await inspector.send<{ usedSize: number }>("Runtime.getHeapUsage"))
      .usedSize;
  };
  const open = async (count: number) =>
    openStreams(
      count,
      () => `${base}/api/dashboard/stream?orq=1`,
      streamHeaders(
        await tokenCopies(token, SECRET, Math.ceil(count / STREAMS_PER_TOKEN)),
      ),
      () => () => {},
    );
  // A few streams first, so that code compiled on first use is not counted.
  closers.push(...await open(10));
  await new Promise((r) => setTimeout(r, 500));
  const before = await heapAfterGc();
  closers.push(...await open(N));
  await new Promise((r) => setTimeout(r, 1000));
  const after = await heapAfterGc();
  const mb = (b: number) => (b / 1e6).toFixed(1);
  console.log(
    `live heap ${mb(before)} MB, with ${N} more streams ${mb(after)} MB: ` +
      `${((after - before) / N / 1024).toFixed(1)} KiB per stream`,
  );
  inspector.close();
  if (SNAPSHOT) await writeSnapshot(inspectPort, SNAPSHOT);
} finally {
  for (const close of closers) close();
  await app.stop();
  await db.drop();
}

/** Takes a heap snapshot through a CDP session of its own, into `file`. */
async function writeSnapshot(port: number, file: string): Promise<void> {
  const [target] = await (await fetch(`http://127.0.0.1:${port}/json/list`))
    .json() as { webSocketDebuggerUrl: string }[];
  const ws = new WebSocket(target.webSocketDebuggerUrl);
  await new Promise((r) => ws.onopen = r);
  const chunks: string[] = [];
  const done = new Promise<void>((resolve) => {
    ws.onmessage = (ev) => {
      const msg = JSON.parse(String(ev.data));
      if (msg.method === "HeapProfiler.addHeapSnapshotChunk") {
        chunks.push(msg.params.chunk);
      }
      if (msg.id === 2) resolve();
    };
  });
  ws.send(JSON.stringify({ id: 1, method: "HeapProfiler.enable" }));
  ws.send(
    JSON.stringify({ id: 2, method: "HeapProfiler.takeHeapSnapshot" }),
  );
  await done;
  ws.close();
  await Deno.writeTextFile(file, chunks.join(""));
  console.log(`heap snapshot: ${file}`);
}
