/**
 * ops/prometheus/alerts.yml: valid for promtool, its unit tests pass, every
 * metric it reads is exposed by GET /metrics, the story's four alerts use
 * the dashboard's thresholds (domain/alerts.ts), and each rule has its
 * runbook section in docs/operations.md.
 */
import {
  deepStrictEqual as assertEquals,
  ok as assert,
} from "node:assert/strict";
import { engines, startServer } from "../helpers/server.ts";
import {
  API_P95_LIMIT_SECONDS,
  API_P95_MIN_REQUESTS,
  AUTH_FAILURE_LIMIT,
  FAILURE_RATE_LIMIT,
  FAILURE_RATE_MIN_ATTEMPTS,
  SLOT_UTILIZATION_LIMIT,
} from "../../domain/alerts.ts";
import { RECENT_WINDOW_MINUTES } from "../../lib/metrics.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const RULES = `${ROOT}ops/prometheus/alerts.yml`;
const RULE_TESTS = `${ROOT}ops/prometheus/alerts_test.yml`;
const METRICS_TOKEN = "scraper-token-0123456789abcdef";

/** Runs promtool; a missing binary fails with the way to install it. */
async function promtool(...args: string[]): Promise<string> {
  let out;
  try {
    out = await new Deno.Command("promtool", { args, cwd: ROOT }).output();
  } catch (err) {
    if (err instanceof Deno.errors.NotFound) {
      throw new Error(
        "promtool is missing: install Debian's prometheus package " +
          "(apt-get install -y prometheus; .ci/run does)",
      );
    }
    throw err;
  }
  const text = new TextDecoder().decode(out.stdout) +
    new TextDecoder().decode(out.stderr);
  assert(out.success, `promtool ${args.join(" ")} failed:\n${text}`);
  return text;
}

interface Rule {
  alert: string;
  expr: string;
  /** The rule's whole text, for its other fields. */
  text: string;
}

/** The rules of alerts.yml, read from its layout (one `- alert:` block each). */
function readRules(yaml: string): Rule[] {
  return yaml.split(/^\s+- alert: /m).slice(1).map((block) => {
    const alert = block.slice(0, block.indexOf("\n")).trim();
    const expr = block.match(/expr: \|\n([\s\S]*?)\n\s+for: /)?.[1];
    assert(expr, `${alert}: no block expr`);
    return { alert, expr, text: block };
  });
}

/** Words of PromQL that are not metric names. */
const PROMQL_WORDS = new Set([
  "sum",
  "max",
  "min",
  "avg",
  "count",
  "rate",
  "increase",
  "histogram_quantile",
  "by",
  "without",
  "on",
  "ignoring",
  "and",
  "or",
  "unless",
  "bool",
]);

/** The metric names an expression reads. */
function metricNames(expr: string): string[] {
  const bare = expr
    .replace(/\{[^}]*\}/g, " ") // label matchers
    .replace(/\[[^\]]*\]/g, " ") // range durations
    .replace(/\b(by|without|on|ignoring)\s*\([^)]*\)/g, " "); // label lists
  const words = bare.match(/[a-zA-Z_:][a-zA-Z0-9_:]*/g) ?? [];
  return [...new Set(words.filter((w) => !PROMQL_WORDS.has(w)))];
}

/** The sample names a scrape exposes (histograms as _bucket, _sum, _count). */
function exposedNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const m of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    const [, name, type] = m;
    if (type === "histogram") {
      for (const s of ["_bucket", "_sum", "_count"]) names.add(name + s);
    } else names.add(name);
  }
  return names;
}

const rules = readRules(await Deno.readTextFile(RULES));

Deno.test("alert rules: promtool checks them and their unit tests pass", async () => {
  const checked = await promtool("check", "rules", RULES);
  assert(checked.includes(`SUCCESS: ${rules.length} rules found`), checked);
  const tested = await promtool("test", "rules", RULE_TESTS);
  assert(tested.includes("SUCCESS"), tested);
  // Every rule is exercised by the unit tests.
  const tests = await Deno.readTextFile(RULE_TESTS);
  for (const r of rules) {
    assert(tests.includes(`alertname: ${r.alert}\n`), `untested: ${r.alert}`);
  }
});

Deno.test("alert rules: the story's alerts use the dashboard's thresholds", () => {
  const expr = (name: string) => {
    const rule = rules.find((r) => r.alert === name);
    assert(rule, `missing rule ${name}`);
    return rule.expr;
  };
  const window = `[${RECENT_WINDOW_MINUTES}m]`;
  const failure = expr("TimedEntryReservationFailureRate");
  assert(failure.includes(`) > ${FAILURE_RATE_LIMIT}\n`), failure);
  assert(failure.includes(`>= ${FAILURE_RATE_MIN_ATTEMPTS}`), failure);
  assert(failure.includes(window), failure);
  const slot = expr("TimedEntrySlotNearlyFull");
  assert(slot.includes(`> ${SLOT_UTILIZATION_LIMIT}`), slot);
  const slow = expr("TimedEntryApiSlow");
  assert(slow.includes("histogram_quantile(0.95,"), slow);
  assert(slow.includes(`) > ${API_P95_LIMIT_SECONDS}\n`), slow);
  assert(slow.includes(`>= ${API_P95_MIN_REQUESTS}`), slow);
  assert(slow.includes(window), slow);
  const auth = expr("TimedEntryAuthFailureSpike");
  assert(auth.includes(`> ${AUTH_FAILURE_LIMIT}`), auth);
  assert(auth.includes(window), auth);
});

Deno.test("alert rules: each has for, severity, summary, description and a runbook section", async () => {
  const docs = await Deno.readTextFile(`${ROOT}docs/operations.md`);
  const headings = new Set(
    [...docs.matchAll(/^### (\S+)$/gm)].map((m) => m[1].toLowerCase()),
  );
  assertEquals(rules.length, 8);
  for (const r of rules) {
    assert(/\n\s+for: \d+m\n/.test(r.text), `${r.alert}: for`);
    assert(/\n\s+severity: (page|ticket)\n/.test(r.text), `${r.alert}: sev`);
    assert(/\n\s+summary: "[^"]+"/.test(r.text), `${r.alert}: summary`);
    assert(/\n\s+description: "[^"]+"/.test(r.text), `${r.alert}: descr.`);
    const anchor = r.alert.toLowerCase();
    assert(
      r.text.includes(`runbook_url: "docs/operations.md#${anchor}"`),
      `${r.alert}: runbook_url`,
    );
    assert(headings.has(anchor), `docs/operations.md lacks ### ${r.alert}`);
  }
});

Deno.test("alert rules: every metric they read is exposed by GET /metrics", async () => {
  const s = await startServer(engines()[0], { env: { METRICS_TOKEN } });
  try {
    const res = await fetch(`${s.url}/metrics`, {
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    });
    assertEquals(res.status, 200);
    const exposed = exposedNames(await res.text());
    const used = new Set(rules.flatMap((r) => metricNames(r.expr)));
    // Prometheus itself records `up` for every target.
    used.delete("up");
    assert(used.size >= 9, [...used].join(", "));
    for (const name of used) {
      assert(exposed.has(name), `${name} is not exposed by /metrics`);
    }
  } finally {
    await s.close();
  }
});
