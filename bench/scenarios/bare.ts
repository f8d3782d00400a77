/** The HTTP ceiling: a bare Deno.serve under the same load client. */
import { BOUNDS, HOST, ROOT } from "../config.ts";
import { encodeRequest } from "../http_client.ts";
import { appLoad } from "../load.ts";
import { childEnv } from "../child_env.ts";
import { freePort, startDeno, waitForHttp } from "../procs.ts";
import { type Bench, log } from "../state.ts";
import type { Summary } from "../stats.ts";

/** Runs the bare server in a subprocess and measures it. */
export async function benchBare(b: Bench): Promise<Summary> {
  log("\n## HTTP ceiling: bare Deno.serve (subprocess, small JSON body)");
  const port = freePort();
  const bare = startDeno(
    "bare server",
    ["run", "--allow-net", "--allow-env", "bench/bare_server.ts"],
    childEnv({ PORT: String(port) }),
    ROOT,
  );
  b.bare = bare;
  await waitForHttp(`http://${HOST}:${port}/`, bare);
  const req = encodeRequest(`${HOST}:${port}`, "POST", "/", {
    ticket_code: "7K3Q-W9M2-XC4T-PA8R-1VNE",
  });
  const r = await appLoad(b, "bare", port, BOUNDS.bare, () => req, 200);
  b.cpuRows.push({ name: "bare Deno.serve", cpu: r.cpu, waits: r.waits });
  await bare.stop();
  b.bare = null;
  return r.summary;
}
