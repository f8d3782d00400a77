/**
 * Subprocesses (the app and the bare server, both started with the project's
 * `npx -y deno@2.9.6` command), free ports, and CPU accounting from /proc.
 */

/** The Deno command used for subprocesses (STACK.md: always through npx). */
export const DENO = ["npx", "-y", "deno@2.9.6"];

/** BENCH_APP_LOG: a file that receives all of the app's output. */
const APP_LOG = Deno.env.get("BENCH_APP_LOG");

/** A port nobody listens on right now. */
export function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

/** A started subprocess. */
export interface Child {
  name: string;
  pid: number;
  /** The last output lines (stdout and stderr). */
  output(): string;
  /** The first lines that mention an error (at most 20). */
  errorLines(): string[];
  /** Whether it has exited. */
  exited(): boolean;
  /** Pids of this process and all its descendants (npm → sh → deno). */
  tree(): Promise<number[]>;
  /** SIGTERM to the whole tree, SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/** The `METRICS_TOKEN` benchmark apps run with, to read their `/metrics`. */
export const BENCH_METRICS_TOKEN = "bench-metrics-token-0123456789";

/** Headers that read a benchmark app's `/metrics`. */
export const METRICS_HEADERS = {
  authorization: `Bearer ${BENCH_METRICS_TOKEN}`,
};

/** Starts `npx -y deno@2.9.6 <args>` in `cwd` with `env` added. */
export function startDeno(
  name: string,
  args: string[],
  env: Record<string, string>,
  cwd: string,
): Child {
  const proc = new Deno.Command(DENO[0], {
    args: [...DENO.slice(1), ...args],
    env,
    cwd,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let out = "";
  let done = false;
  const errors: string[] = [];
  const keep = (text: string) => {
    out = (out + text).slice(-16_000);
  };
  const pump = async (stream: ReadableStream<Uint8Array>) => {
    const dec = new TextDecoder();
    let partial = "";
    for await (const chunk of stream) {
      const text = dec.decode(chunk, { stream: true });
      keep(text);
      if (APP_LOG && name === "app") {
        Deno.writeTextFileSync(APP_LOG, text, { append: true });
      }
      const lines = (partial + text).split("\n");
      partial = lines.pop()!;
      for (const l of lines) {
        if (errors.length < 20 && /error/i.test(l)) errors.push(l);
      }
    }
  };
  const pumps = Promise.all([pump(proc.stdout), pump(proc.stderr)]);
  const status = proc.status.then((s) => {
    done = true;
    return s;
  });
  const tree = async () => [proc.pid, ...await descendants(proc.pid)];
  return {
    name,
    pid: proc.pid,
    output: () => out,
    errorLines: () => errors,
    exited: () => done,
    tree,
    stop: async (graceMs = 3000) => {
      if (done) return;
      const pids = (await tree()).reverse(); // deepest (deno) first
      for (const pid of pids) signal(pid, "SIGTERM");
      const timer = new Promise((r) => setTimeout(r, graceMs, "timeout"));
      const how = await Promise.race([status, timer]);
      if (how === "timeout") {
        for (const pid of [...pids, ...await tree()]) signal(pid, "SIGKILL");
        await status;
      }
      for (const pid of pids) signal(pid, "SIGKILL"); // stragglers
      await pumps.catch(() => {});
    },
  };
}

function signal(pid: number, sig: Deno.Signal) {
  try {
    Deno.kill(pid, sig);
  } catch {
    // already gone
  }
}

/** One process as /proc/<pid>/stat shows it. */
interface ProcInfo {
  ppid: number;
  comm: string;
  /** utime + stime, in clock ticks. */
  ticks: number;
}

/** The machine's and every process's CPU counters at one moment. */
interface Snapshot {
  procs: Map<number, ProcInfo>;
  /** Busy and total CPU ticks of the machine (/proc/stat). */
  busy: number;
  total: number;
}

/**
 * Reads /proc/stat and every /proc/<pid>/stat in one `cat`: Deno asks for
 * full access to read /proc directly, and the bench task runs with
 * --allow-run but not --allow-all.
 */
async function snapshot(): Promise<Snapshot> {
  const out = await new Deno.Command("sh", {
    args: ["-c", "cat /proc/stat /proc/[0-9]*/stat 2>/dev/null; true"],
    stdout: "piped",
    stderr: "null",
  }).output();
  const text = new TextDecoder().decode(out.stdout);
  const procs = new Map<number, ProcInfo>();
  let busy = 0;
  let total = 0;
  for (const row of text.split("\n")) {
    if (row.startsWith("cpu ")) {
      const v = row.trim().split(/\s+/).slice(1).map(Number);
      total = v.slice(0, 8).reduce((a, b) => a + b, 0);
      busy = total - v[3] - (v[4] ?? 0);
      continue;
    }
    if (!/^\d+ \(/.test(row)) continue;
    const close = row.lastIndexOf(")");
    const pid = Number(row.slice(0, row.indexOf(" ")));
    const comm = row.slice(row.indexOf("(") + 1, close);
    const f = row.slice(close + 2).split(" ");
    // f[0] is field 3 (state); ppid is field 4, utime 14, stime 15.
    procs.set(pid, {
      ppid: Number(f[1]),
      comm,
      ticks: Number(f[11]) + Number(f[12]),
    });
  }
  return { procs, busy, total };
}

function descendantsIn(snap: Snapshot, pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const [p, info] of snap.procs) {
    const list = children.get(info.ppid) ?? [];
    list.push(p);
    children.set(info.ppid, list);
  }
  const out: number[] = [];
  const queue = [...(children.get(pid) ?? [])];
  while (queue.length) {
    const p = queue.shift()!;
    out.push(p);
    queue.push(...(children.get(p) ?? []));
  }
  return out;
}

/** All descendants of `pid`, parents before children. */
export async function descendants(pid: number): Promise<number[]> {
  return descendantsIn(await snapshot(), pid);
}

let clkTck = 100;

/** Reads the kernel's clock-tick rate once (getconf CLK_TCK). */
export async function initClockTicks(): Promise<void> {
  try {
    const out = await new Deno.Command("getconf", { args: ["CLK_TCK"] })
      .output();
    const n = Number(new TextDecoder().decode(out.stdout).trim());
    if (n > 0) clkTck = n;
  } catch {
    // keep 100
  }
}

/** CPU use over an interval, in cores (1.0 = one core fully busy). */
export interface CpuSplit {
  client: number;
  server: number;
  postgres: number;
  /** Everything busy on the machine, kernel (loopback TCP) and others included. */
  machine: number;
}

/** The busiest processes right now (pid, command, cores over `ms`). */
export async function busiestProcesses(
  ms: number,
  top = 5,
): Promise<{ pid: number; comm: string; cores: number }[]> {
  const a = await snapshot();
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, ms));
  const b = await snapshot();
  const wall = (performance.now() - t0) / 1000;
  const out: { pid: number; comm: string; cores: number }[] = [];
  for (const [pid, info] of b.procs) {
    const before = a.procs.get(pid)?.ticks ?? 0;
    out.push({
      pid,
      comm: info.comm,
      cores: (info.ticks - before) / clkTck / wall,
    });
  }
  return out.sort((x, y) => y.cores - x.cores).slice(0, top);
}

function sums(snap: Snapshot, serverPids: number[]) {
  const of = (pids: number[]) =>
    pids.reduce((a, p) => a + (snap.procs.get(p)?.ticks ?? 0), 0);
  let pg = 0;
  for (const info of snap.procs.values()) {
    if (info.comm === "postgres") pg += info.ticks;
  }
  return {
    client: of([Deno.pid]),
    server: of(serverPids),
    postgres: pg,
    machine: snap.busy,
  };
}

/**
 * Starts measuring the CPU of this process (the load client or raw driver),
 * of `server`'s process tree, of all `postgres` processes and of the whole
 * machine; call the result to get the split since then.
 */
export async function cpuMeter(
  server: Child | null,
): Promise<() => Promise<CpuSplit>> {
  const s0 = await snapshot();
  const serverPids = server
    ? [server.pid, ...descendantsIn(s0, server.pid)]
    : [];
  const a = sums(s0, serverPids);
  const t0 = performance.now();
  return async () => {
    const wall = (performance.now() - t0) / 1000;
    const b = sums(await snapshot(), serverPids);
    const cores = (k: keyof typeof a) =>
      Math.max(0, (b[k] - a[k]) / clkTck / wall);
    return {
      client: cores("client"),
      server: cores("server"),
      postgres: cores("postgres"),
      machine: cores("machine"),
    };
  };
}

/** Polls `url` until it answers 200, or throws after `timeoutMs`. */
export async function waitForHttp(
  url: string,
  child: Child,
  timeoutMs = 90_000,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exited()) {
      throw new Error(
        `${child.name} exited before answering ${url}:\n${child.output()}`,
      );
    }
    try {
      const r = await fetch(url);
      await r.body?.cancel();
      if (r.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(
    `${child.name} did not answer ${url} within ${timeoutMs} ms:\n${child.output()}`,
  );
}

/** nproc and the CPU model. */
export async function machineInfo(): Promise<{ nproc: number; cpu: string }> {
  const info = new TextDecoder().decode(
    (await new Deno.Command("cat", { args: ["/proc/cpuinfo"] }).output())
      .stdout,
  );
  const model = info.match(/^model name\s*:\s*(.+)$/m)?.[1]?.trim() ??
    "unknown";
  let nproc = navigator.hardwareConcurrency;
  try {
    const out = await new Deno.Command("nproc").output();
    nproc = Number(new TextDecoder().decode(out.stdout).trim()) || nproc;
  } catch {
    // keep the runtime's count
  }
  return { nproc, cpu: model };
}
