/**
 * A TCP proxy between the app and PostgreSQL that a test can cut, to stage
 * a database outage without stopping the shared server.
 */

/** A running proxy. */
export interface TcpProxy {
  /** The loopback port it listens on. */
  readonly port: number;
  /** `url` (a PostgreSQL URL) pointed at the proxy instead. */
  via(url: string): string;
  /**
   * The outage: closes every forwarded connection and stops listening, so
   * that new connections are refused.
   */
  cut(): void;
  /**
   * A silent outage, as a network that drops packets: connections stay
   * open and new ones are accepted, but nothing is forwarded.
   */
  stall(): void;
  /** Ends the outage: listens again on the same port, or forwards again. */
  restore(): void;
  /** Connections forwarded now. */
  readonly open: number;
  /** Stops it for good. */
  close(): void;
}

/** Starts a proxy on 127.0.0.1 (a free port) forwarding to `target`. */
export function startTcpProxy(
  target: { hostname: string; port: number } = {
    hostname: "127.0.0.1",
    port: 5432,
  },
): TcpProxy {
  let listener: Deno.TcpListener | null = Deno.listen({
    hostname: "127.0.0.1",
    port: 0,
  });
  const port = listener.addr.port;
  const pairs = new Set<[Deno.Conn, Deno.Conn]>();
  /** While stalled: resolves when forwarding resumes. */
  let stalled: { resumed: Promise<void>; resume: () => void } | null = null;

  const closeQuietly = (c: Deno.Conn) => {
    try {
      c.close();
    } catch { /* already closed */ }
  };

  /** Copies `from` to `to` until either side ends or fails. */
  async function pipe(from: Deno.Conn, to: Deno.Conn): Promise<void> {
    const buf = new Uint8Array(64 * 1024);
    try {
      while (true) {
        const n = await from.read(buf);
        if (n === null) return;
        if (stalled) await stalled.resumed;
        let off = 0;
        while (off < n) off += await to.write(buf.subarray(off, n));
      }
    } catch { /* closed by a cut or by the peer */ }
  }

  async function forward(client: Deno.Conn) {
    if (stalled) await stalled.resumed;
    let server: Deno.Conn;
    try {
      server = await Deno.connect(target);
    } catch {
      closeQuietly(client);
      return;
    }
    const pair: [Deno.Conn, Deno.Conn] = [client, server];
    pairs.add(pair);
    const end = () => {
      if (!pairs.delete(pair)) return;
      closeQuietly(client);
      closeQuietly(server);
    };
    // Either direction ending ends both, as a cut network does.
    await Promise.race([
      pipe(client, server),
      pipe(server, client),
    ]);
    end();
  }

  async function accept(l: Deno.TcpListener) {
    try {
      for await (const conn of l) forward(conn);
    } catch { /* listener closed */ }
  }
  accept(listener);

  function cut() {
    listener?.close();
    listener = null;
    for (const pair of [...pairs]) {
      pairs.delete(pair);
      closeQuietly(pair[0]);
      closeQuietly(pair[1]);
    }
  }

  return {
    port,
    via(url) {
      const u = new URL(url);
      u.hostname = "127.0.0.1";
      u.port = String(port);
      return u.toString();
    },
    cut,
    stall() {
      if (stalled) return;
      let resume!: () => void;
      const resumed = new Promise<void>((r) => resume = r);
      stalled = { resumed, resume };
    },
    restore() {
      stalled?.resume();
      stalled = null;
      if (listener) return;
      listener = Deno.listen({ hostname: "127.0.0.1", port });
      accept(listener);
    },
    get open() {
      return pairs.size;
    },
    close() {
      cut();
      stalled?.resume();
      stalled = null;
    },
  };
}
