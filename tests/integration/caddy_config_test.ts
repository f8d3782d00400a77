/**
 * ops/caddy/Caddyfile, the production example, as Caddy reads it (`caddy
 * adapt`): the app on loopback, streams flushed at once, no trusted proxies
 * (so Caddy replaces a client's X-Forwarded-For, as TRUST_PROXY=1 expects),
 * /ops/ answered by Caddy, no HSTS of its own; the tests' template keeps the
 * same proxy settings.
 */
import { deepStrictEqual as assertEquals } from "node:assert/strict";

const DIR = new URL("../../ops/caddy/", import.meta.url).pathname;

/** The JSON Caddy makes of a Caddyfile, with `env` for its placeholders. */
async function adapt(
  file: string,
  env: Record<string, string> = {},
): Promise<unknown> {
  const home = await Deno.makeTempDir({ prefix: "te-caddy-adapt-" });
  try {
    const out = await new Deno.Command("caddy", {
      args: ["adapt", "--config", `${DIR}${file}`, "--adapter", "caddyfile"],
      env: { HOME: home, XDG_DATA_HOME: home, XDG_CONFIG_HOME: home, ...env },
      clearEnv: true,
      stdout: "piped",
      stderr: "piped",
    }).output();
    if (!out.success) {
      throw new Error(new TextDecoder().decode(out.stderr));
    }
    return JSON.parse(new TextDecoder().decode(out.stdout));
  } finally {
    await Deno.remove(home, { recursive: true });
  }
}

/** Every object in `tree` with `handler` = `name`, in document order. */
// deno-lint-ignore no-explicit-any
function handlers(tree: unknown, name: string): any[] {
  // deno-lint-ignore no-explicit-any
  const found: any[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") {
      if ((v as { handler?: string }).handler === name) found.push(v);
      Object.values(v).forEach(walk);
    }
  };
  walk(tree);
  return found;
}

/** The proxy settings the two files must share. */
function proxySettings(config: unknown) {
  const [proxy, ...others] = handlers(config, "reverse_proxy");
  const text = JSON.stringify(config);
  return {
    proxies: 1 + others.length,
    flush: proxy.flush_interval,
    trustedProxies: "trusted_proxies" in proxy,
    opsBlocked:
      handlers(config, "static_response").some((h) => h.status_code === 404) &&
      text.includes('"/ops/*"'),
    // The app sends HSTS; a second header from the proxy would be a conflict.
    hsts: /strict-transport-security/i.test(text),
  };
}

Deno.test("ops/caddy/Caddyfile: the app on loopback, streams unbuffered, /ops/ closed", async () => {
  const config = await adapt("Caddyfile");
  const [proxy] = handlers(config, "reverse_proxy");
  assertEquals(proxy.upstreams, [{ dial: "127.0.0.1:8000" }]);
  const expected = {
    proxies: 1,
    flush: -1,
    trustedProxies: false,
    opsBlocked: true,
    hsts: false,
  };
  assertEquals(proxySettings(config), expected);

  const template = await adapt("test.Caddyfile", {
    CADDY_STORAGE: "/tmp/unused",
    CADDY_SITES: "https://tickets.test:8443",
    CADDY_UPSTREAMS: "127.0.0.1:8000 127.0.0.1:8001",
  });
  assertEquals(proxySettings(template), expected);
  const [lb] = handlers(template, "reverse_proxy");
  assertEquals(lb.health_checks.active.uri, "/api/health");
  assertEquals(lb.load_balancing.selection_policy.policy, "round_robin");
});
