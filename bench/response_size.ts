/**
 * Deno 2.9.6 writes a fixed-length HTTP/1.1 response in one socket write
 * only when its head and body fit the connection's 512-byte write buffer;
 * a larger one costs a second write (and, on loopback, a second wake-up of
 * the client). This measures a bare `Deno.serve` answering responses of just
 * under and just over 512 bytes with the benchmark's own keep-alive client
 * (both in this process, 64 in flight). The operator's validate-ticket
 * answer is 530-600 bytes, but sending it chunked (one write) made no
 * measurable difference to scenario (f), so the app does not work around it.
 * Run: `npx -y deno@2.9.6 run -A bench/response_size.ts`.
 */
import { encodeRequest, runLoad } from "./http_client.ts";

/** Response bytes (status line, headers, body) to try. */
const TOTALS = [480, 512, 513, 560];
const ROUNDS = 3;

async function measure(total: number): Promise<number> {
  // The head Deno writes for this body: status line, content-type,
  // content-length and date (a fixed 37 bytes).
  const headOf = (bodyLength: number) =>
    `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${bodyLength}\r\ndate: Thu, 26 Nov 2026 12:00:00 GMT\r\n\r\n`
      .length;
  let bodyLength = total - headOf(total);
  bodyLength = total - headOf(bodyLength);
  const body = JSON.stringify({ pad: "x".repeat(bodyLength - 10) });
  const headers = { "content-type": "application/json" };
  const server = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen: () => {} },
    async (req) => {
      await req.text();
      return new Response(body, { headers });
    },
  );
  const { port } = server.addr;
  const probe = await fetch(`http://127.0.0.1:${port}/`, { method: "POST" });
  const seen = [...probe.headers].reduce(
    (n, [k, v]) => n + k.length + v.length + 4,
    "HTTP/1.1 200 OK\r\n".length + 2,
  ) + (await probe.text()).length;
  const request = encodeRequest(`127.0.0.1:${port}`, "POST", "/", {
    code: "7K3Q-W9M2-XC4T-PA8R-1VNE",
  });
  let best = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const r = await runLoad({
      hostname: "127.0.0.1",
      port,
      concurrency: 64,
      maxRequests: 100_000,
      maxSeconds: 1.5,
      request: () => request,
    });
    if (r.errors) throw new Error(`${r.errors} transport errors`);
    best = Math.max(best, r.count / r.seconds);
  }
  await server.shutdown();
  console.log(
    `${String(seen).padStart(4)} bytes a response: ${
      Math.round(best).toLocaleString("en-US")
    } req/s (best of ${ROUNDS})`,
  );
  return best;
}

for (const total of TOTALS) await measure(total);
