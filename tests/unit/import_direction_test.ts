/**
 * Imports flow one way: routes → lib (services) → db → domain. The UI
 * (components, islands) sits beside lib: it may use domain, lib and other
 * components, never db or routes. Only pages (routes/pages/) render islands,
 * and nothing but the browser bundle loads an island otherwise.
 */
import { deepStrictEqual } from "node:assert/strict";
import { join, normalize, relative } from "node:path";
import { fileURLToPath } from "node:url";

type Layer = "domain" | "db" | "lib" | "routes" | "components" | "islands";

/** What each layer may import (its own files included). */
const ALLOWED: Record<Layer, readonly Layer[]> = {
  domain: ["domain"],
  db: ["domain", "db"],
  lib: ["domain", "db", "lib"],
  components: ["domain", "lib", "components"],
  islands: ["domain", "lib", "components"],
  routes: ["domain", "db", "lib", "components", "islands", "routes"],
};

const LAYERS = Object.keys(ALLOWED) as Layer[];
const SKIP = ["node_modules", "static/build", "data", ".git"];

function layerOf(path: string): Layer | null {
  const top = path.split("/")[0];
  return (LAYERS as string[]).includes(top) ? top as Layer : null;
}

/** The relative specifiers a module imports, static, re-exported or dynamic. */
function importsOf(text: string): string[] {
  const found: string[] = [];
  const patterns = [
    // import x from "…", import type { x } from "…", export { x } from "…"
    /(?:^|[\n;])\s*(?:import|export)\s[^;]*?\sfrom\s*["']([^"']+)["']/g,
    // import "…" (side effects only)
    /(?:^|[\n;])\s*import\s*["']([^"']+)["']/g,
    // import("…")
    /\bimport\(\s*["']([^"']+)["']\s*\)/g,
  ];
  for (const re of patterns) {
    for (const m of text.matchAll(re)) found.push(m[1]);
  }
  return found.filter((s) => s.startsWith("."));
}

/** Each import of `path` (repository-relative) that runs the wrong way. */
function wrongWay(path: string, text: string): string[] {
  const from = layerOf(path);
  if (!from) return [];
  const dir = path.split("/").slice(0, -1).join("/");
  const wrong: string[] = [];
  for (const spec of importsOf(text)) {
    const target = normalize(join(dir, spec));
    const to = layerOf(target);
    if (!to) continue;
    const pageRendersIsland = to === "islands" &&
      path.startsWith("routes/pages/");
    if (
      !ALLOWED[from].includes(to) ||
      (to === "islands" && from === "routes" && !pageRendersIsland)
    ) {
      wrong.push(`${path} imports ${target} (${from} → ${to})`);
    }
  }
  return wrong;
}

async function sourceFiles(root: string, dir = root): Promise<string[]> {
  const files: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    const full = join(dir, entry.name);
    const rel = relative(root, full);
    if (SKIP.some((s) => rel === s || rel.startsWith(s + "/"))) continue;
    if (entry.isDirectory) files.push(...await sourceFiles(root, full));
    else if (/\.tsx?$/.test(entry.name)) files.push(rel);
  }
  return files;
}

Deno.test("the checker names an import that runs the wrong way", () => {
  deepStrictEqual(
    wrongWay(
      "db/x.ts",
      `import type { A } from "../domain/a.ts";\nimport {\n  b,\n} from "../lib/b.ts";\nexport { c } from "./c.ts";\nconst d = await import("../routes/d.ts");`,
    ),
    [
      "db/x.ts imports lib/b.ts (db → lib)",
      "db/x.ts imports routes/d.ts (db → routes)",
    ],
  );
  deepStrictEqual(
    wrongWay("routes/api/x.ts", `import I from "../../islands/I.tsx";`),
    ["routes/api/x.ts imports islands/I.tsx (routes → islands)"],
  );
  deepStrictEqual(
    wrongWay("routes/pages/x.tsx", `import I from "../../islands/I.tsx";`),
    [],
  );
  deepStrictEqual(
    wrongWay("components/x.tsx", `import { C } from "../islands/C.tsx";`),
    ["components/x.tsx imports islands/C.tsx (components → islands)"],
  );
});

Deno.test("every import of the app runs one way: routes → lib → db → domain", async () => {
  const root = fileURLToPath(new URL("../../", import.meta.url));
  const wrong: string[] = [];
  for (const path of (await sourceFiles(root)).sort()) {
    wrong.push(...wrongWay(path, await Deno.readTextFile(join(root, path))));
  }
  deepStrictEqual(wrong, []);
});
