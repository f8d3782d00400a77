/**
 * Offline decision time on a mid-range phone (issue: offline scanning, ≤ 5 ms
 * with Chromium's CPU throttled 4×): Debian's Chromium runs the scanner's
 * own `decideHere` over a kit of 20,000 tickets verified today (half of them
 * inside) and 1,000 revocations, against a genuinely signed payload; beside
 * it, the raw Ed25519 verification in the same page. Bounded: 400 decisions.
 *
 * Run: `npx -y deno@2.9.6 run -A bench/offline_decision.ts`.
 */
import { chromium } from "playwright-core";
import { base64urlnopad } from "@scure/base";
import {
  joinSignedPayload,
  unsignedPayload,
} from "../domain/signed_payload.ts";
import type { StoredKit } from "../domain/offline_kit.ts";
import { summarize } from "./stats.ts";
import { machineInfo } from "./procs.ts";

const COUNT = 400;
const THROTTLE = 4;
const TICKETS = 20_000;

const root = new URL("..", import.meta.url).pathname;
const tmp = await Deno.makeTempDir({ prefix: "offline-bench-" });
const bundle = await new Deno.Command(Deno.execPath(), {
  args: [
    "bundle",
    "--platform",
    "browser",
    "-o",
    `${tmp}/page.js`,
    `${root}bench/offline_decision_page.ts`,
  ],
  cwd: root,
}).output();
if (!bundle.success) throw new Error(new TextDecoder().decode(bundle.stderr));
const pageJs = await Deno.readTextFile(`${tmp}/page.js`);

const { kit, text } = await signedKit();
const server = Deno.serve(
  { hostname: "127.0.0.1", port: 0, onListen: () => {} },
  (req) => {
    const path = new URL(req.url).pathname;
    if (path === "/page.js") {
      return new Response(pageJs, {
        headers: { "content-type": "text/javascript" },
      });
    }
    return new Response(
      `<!doctype html><script type="module" src="/page.js"></script>`,
      { headers: { "content-type": "text/html" } },
    );
  },
);

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--disable-gpu"],
});
try {
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${server.addr.port}/`);
  await page.waitForFunction(() => "runBench" in globalThis);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: THROTTLE });
  const started = performance.now();
  const out = await page.evaluate(
    ([k, t, n]) =>
      (globalThis as unknown as {
        runBench: (
          k: unknown,
          t: string,
          n: number,
        ) => Promise<{ decision: number[]; raw: number[]; result: string }>;
      }).runBench(k, t as string, n as number),
    [kit, text, COUNT] as const,
  );
  const seconds = (performance.now() - started) / 1000;
  const machine = await machineInfo();
  const d = summarize(Float64Array.from(out.decision), seconds);
  const r = summarize(Float64Array.from(out.raw), seconds);
  console.log(
    `offline decision, Chromium CPU ×${THROTTLE}, kit ${TICKETS} verified ` +
      `(${TICKETS / 2} inside), ${new Date().toISOString().slice(0, 10)}, ` +
      `${machine.cpu}, ${machine.nproc} CPU`,
  );
  console.log(`answer: ${out.result}`);
  for (
    const [name, s] of [["decideHere", d], ["raw Ed25519 verify", r]] as const
  ) {
    console.log(
      `${name.padEnd(20)} n=${s.count} P50 ${s.p50.toFixed(2)} ms  P95 ${
        s.p95.toFixed(2)
      } ms  P99 ${s.p99.toFixed(2)} ms  max ${s.max.toFixed(2)} ms`,
    );
  }
  if (!out.result.startsWith("GREEN")) {
    throw new Error(`expected a GREEN decision, got ${out.result}`);
  }
} finally {
  await browser.close();
  await server.shutdown();
  await Deno.remove(tmp, { recursive: true });
}

/** A signing key, a payload for a slot on now, and a kit of that size. */
async function signedKit(): Promise<{ kit: StoredKit; text: string }> {
  const pair = await crypto.subtle.generateKey({ name: "Ed25519" }, true, [
    "sign",
    "verify",
  ]) as CryptoKeyPair;
  const publicKey = new Uint8Array(
    await crypto.subtle.exportKey("raw", pair.publicKey),
  );
  const now = Math.floor(Date.now() / 1000);
  const unsigned = unsignedPayload({
    v: 1,
    k: "k1",
    o: 1,
    c: "7K3QW9M2XC4TPA8R1VNE",
    s: now - 600,
    e: now + 3000,
  });
  const signature = new Uint8Array(
    await crypto.subtle.sign(
      "Ed25519",
      pair.privateKey,
      new TextEncoder().encode(unsigned),
    ),
  );
  const hashes = Array.from(
    { length: TICKETS + 1000 },
    () => base64urlnopad.encode(crypto.getRandomValues(new Uint8Array(6))),
  );
  const verified = hashes.slice(0, TICKETS);
  const kit: StoredKit = {
    cursor: "bench",
    skewMs: 0,
    org: {
      orq: 1,
      timezone: "UTC",
      entry_opens_minutes_before: null,
      entry_closes_minutes_after_start: null,
      allow_reentry: true,
    },
    keys: [{
      k: "k1",
      alg: "Ed25519",
      public_key: base64urlnopad.encode(publicKey),
      status: "active",
    }],
    revoked: hashes.slice(TICKETS),
    date: new Date().toISOString().slice(0, 10),
    verified,
    inside: verified.slice(0, TICKETS / 2),
  };
  return { kit, text: joinSignedPayload(unsigned, signature) };
}
