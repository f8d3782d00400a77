/**
 * Debian's Caddy (`apt-get install -y caddy`) in front of the app, as
 * ops/caddy/test.Caddyfile configures it: https on a free port with Caddy's
 * own local CA kept in a temporary folder, no admin endpoint, unprivileged.
 */
import { freePort } from "./app_process.ts";

const TEMPLATE = new URL("../../ops/caddy/test.Caddyfile", import.meta.url)
  .pathname;

/** The host name the tests give the site (browsers map it to 127.0.0.1). */
export const SITE_HOST = "tickets.test";

/** A running Caddy. */
export interface Caddy {
  /** The https port it listens on (all addresses). */
  port: number;
  /** `https://tickets.test:<port>`: what a browser opens. */
  siteUrl: string;
  /** `https://127.0.0.1:<port>`: what a client without a resolver opens. */
  ipUrl: string;
  /** Caddy's root certificate (PEM): trusting it makes the site's valid. */
  rootPem: string;
  /** SHA-256 of the public keys of the root and intermediate, base64 (Chromium's SPKI list). */
  spkiHashes: string[];
  /** What Caddy wrote to stderr so far. */
  log(): string;
  stop(): Promise<void>;
}

/**
 * Starts Caddy for `upstreams` ("127.0.0.1:port" each, load-balanced round
 * robin); `port` defaults to a free one. Resolves once the site answers over
 * TLS with a certificate from its CA.
 */
export async function startCaddy(
  upstreams: string[],
  opts: { port?: number; logLevel?: "INFO" | "WARN" | "ERROR" } = {},
): Promise<Caddy> {
  const port = opts.port ?? freePort();
  const dir = await Deno.makeTempDir({ prefix: "te-caddy-" });
  const command = new Deno.Command("caddy", {
    args: ["run", "--config", TEMPLATE, "--adapter", "caddyfile"],
    env: {
      HOME: dir,
      XDG_DATA_HOME: `${dir}/data`,
      XDG_CONFIG_HOME: `${dir}/config`,
      CADDY_STORAGE: `${dir}/storage`,
      CADDY_SITES: `https://${SITE_HOST}:${port}, https://127.0.0.1:${port}`,
      CADDY_UPSTREAMS: upstreams.join(" "),
      CADDY_LOG_LEVEL: opts.logLevel ?? "ERROR",
    },
    clearEnv: true,
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  });
  let child: Deno.ChildProcess;
  try {
    child = command.spawn();
  } catch (err) {
    await Deno.remove(dir, { recursive: true });
    throw new Error(`Cannot run caddy (apt-get install -y caddy): ${err}`);
  }
  let log = "";
  const drained = (async () => {
    for await (
      const chunk of child.stderr.pipeThrough(new TextDecoderStream())
    ) log += chunk;
  })().catch(() => {});
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    try {
      child.kill("SIGTERM");
    } catch { /* already gone */ }
    await child.status;
    await drained;
    await Deno.remove(dir, { recursive: true }).catch(() => {});
  };
  try {
    const pki = `${dir}/storage/pki/authorities/local`;
    const rootPem = await waitFor(
      () => Deno.readTextFile(`${pki}/root.crt`),
      () => log,
    );
    const client = Deno.createHttpClient({ caCerts: [rootPem] });
    try {
      await waitFor(async () => {
        const res = await fetch(`https://127.0.0.1:${port}/api/health`, {
          client,
        });
        await res.body?.cancel();
        if (!res.ok) throw new Error(`health: ${res.status}`);
      }, () => log);
    } finally {
      client.close();
    }
    const spkiHashes = await Promise.all(
      ["root.crt", "intermediate.crt"].map((f) => spkiHash(`${pki}/${f}`)),
    );
    return {
      port,
      siteUrl: `https://${SITE_HOST}:${port}`,
      ipUrl: `https://127.0.0.1:${port}`,
      rootPem,
      spkiHashes,
      log: () => log,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Retries `step` every 100 ms for up to 15 s; the last error names Caddy's log. */
async function waitFor<T>(
  step: () => Promise<T>,
  log: () => string,
): Promise<T> {
  const deadline = Date.now() + 15_000;
  while (true) {
    try {
      return await step();
    } catch (err) {
      if (Date.now() > deadline) {
        throw new Error(`Caddy did not come up: ${err}\n${log()}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** base64 SHA-256 of a certificate's SubjectPublicKeyInfo, by Debian's openssl. */
async function spkiHash(certFile: string): Promise<string> {
  const run = async (args: string[], input: Uint8Array) => {
    const p = new Deno.Command("openssl", {
      args,
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const w = p.stdin.getWriter();
    await w.write(input);
    await w.close();
    const out = await p.output();
    if (!out.success) {
      throw new Error(new TextDecoder().decode(out.stderr));
    }
    return out.stdout;
  };
  const pem = await Deno.readFile(certFile);
  const pub = await run(["x509", "-pubkey", "-noout"], pem);
  const der = await run(["pkey", "-pubin", "-outform", "der"], pub);
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", der));
  return btoa(String.fromCharCode(...digest));
}
