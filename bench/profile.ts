/**
 * CPU profiles of the app server through its V8 inspector (`--inspect`):
 * where the server's JavaScript thread spends its time, by function and by
 * package, to point at the bottleneck of each scenario.
 */

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  hitCount?: number;
  children?: number[];
}

/** A V8 CPU profile (Profiler.stop). */
export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

/** A Chrome DevTools Protocol session on one inspector target. */
export class Inspector {
  #ws: WebSocket;
  #next = 1;
  #pending = new Map<
    number,
    { resolve: (v: unknown) => void; reject: (e: Error) => void }
  >();

  private constructor(ws: WebSocket) {
    this.#ws = ws;
    ws.onmessage = (ev) => {
      const msg = JSON.parse(String(ev.data));
      const p = msg.id ? this.#pending.get(msg.id) : undefined;
      if (!p) return;
      this.#pending.delete(msg.id);
      if (msg.error) p.reject(new Error(JSON.stringify(msg.error)));
      else p.resolve(msg.result);
    };
  }

  /** Connects to the first target of the inspector on `port`. */
  static async connect(port: number): Promise<Inspector> {
    const list = await (await fetch(`http://127.0.0.1:${port}/json/list`))
      .json() as { webSocketDebuggerUrl: string }[];
    const ws = new WebSocket(list[0].webSocketDebuggerUrl);
    await new Promise<void>((resolve, reject) => {
      ws.onopen = () => resolve();
      ws.onerror = () => reject(new Error("inspector connection failed"));
    });
    const inspector = new Inspector(ws);
    await inspector.send("Profiler.enable");
    return inspector;
  }

  /** Sends one CDP command. */
  send<T = unknown>(
    method: string,
    params: Record<string, unknown> = {},
  ): Promise<T> {
    const id = this.#next++;
    const done = new Promise<T>((resolve, reject) => {
      this.#pending.set(id, {
        resolve: resolve as (v: unknown) => void,
        reject,
      });
    });
    this.#ws.send(JSON.stringify({ id, method, params }));
    return done;
  }

  /** Starts sampling every `intervalUs` microseconds. */
  async start(intervalUs = 250): Promise<void> {
    await this.send("Profiler.setSamplingInterval", { interval: intervalUs });
    await this.send("Profiler.start");
  }

  /** Stops sampling and returns the profile. */
  async stop(): Promise<CpuProfile> {
    const r = await this.send<{ profile: CpuProfile }>("Profiler.stop");
    return r.profile;
  }

  /** Closes the session. */
  close(): void {
    try {
      this.#ws.close();
    } catch {
      // already closed
    }
  }
}

/** The package or area a frame belongs to. */
export function areaOf(url: string, fn: string): string {
  if (!url) {
    if (fn === "(garbage collector)") return "GC";
    if (fn === "(idle)") return "idle (waiting on I/O)";
    if (fn === "(program)") return "runtime (native, outside JS)";
    return fn || "native";
  }
  const npm = url.match(
    /node_modules\/(?:\.deno\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/,
  );
  if (npm) return `npm:${npm[1]}`;
  if (url.startsWith("ext:deno_http")) return "Deno.serve (ext:deno_http)";
  if (url.startsWith("ext:deno_node") || url.startsWith("node:")) {
    return "node compat (ext:deno_node)";
  }
  if (url.startsWith("ext:")) return `Deno runtime (${url.split("/")[0]})`;
  const local = url.match(
    /^file:\/\/.*?\/((?:routes|db|domain|lib|components)\/.*)$/,
  );
  if (local) return `app: ${local[1]}`;
  return url.replace(/^file:\/\/.*\//, "");
}

/** Self time of `profile` by area and by function, as report lines. */
export function summarizeProfile(profile: CpuProfile, top = 10): string[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  if (profile.samples && profile.timeDeltas) {
    // Sample i's duration is the delta to the next sample.
    for (let i = 0; i < profile.samples.length; i++) {
      const dt = profile.timeDeltas[i + 1] ?? 0;
      self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + dt);
    }
  } else {
    for (const n of profile.nodes) self.set(n.id, n.hitCount ?? 0);
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0) || 1;
  const areas = new Map<string, number>();
  const fns = new Map<string, number>();
  for (const [id, t] of self) {
    const n = byId.get(id);
    if (!n) continue;
    const { functionName, url, lineNumber } = n.callFrame;
    const area = areaOf(url, functionName);
    areas.set(area, (areas.get(area) ?? 0) + t);
    if (area.startsWith("idle")) continue;
    const key = `${functionName || "(anonymous)"} — ${area}${
      url ? `:${lineNumber + 1}` : ""
    }`;
    fns.set(key, (fns.get(key) ?? 0) + t);
  }
  const idle = areas.get("idle (waiting on I/O)") ?? 0;
  const busy = total - idle || 1;
  const share = (t: number) => `${((t / busy) * 100).toFixed(1)} %`;
  const lines = [
    `server JS thread busy ${((busy / total) * 100).toFixed(0)} % of ${
      ((profile.endTime - profile.startTime) / 1e6).toFixed(1)
    } s; of that busy time:`,
  ];
  const sortedAreas = [...areas].filter(([a]) => !a.startsWith("idle"))
    .sort((a, b) => b[1] - a[1]).slice(0, top);
  lines.push(
    "  by area: " +
      sortedAreas.map(([a, t]) => `${a} ${share(t)}`).join(" · "),
  );
  lines.push("  hottest functions (self time):");
  for (const [f, t] of [...fns].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    lines.push(`    ${share(t).padStart(7)}  ${f}`);
  }
  return lines;
}
