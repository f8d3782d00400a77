/**
 * The message catalogue is complete: every key of every namespace in every
 * language, each message valid ICU with the same arguments as English, every
 * plural with all of its language's plural forms, and every key the code
 * asks for (`t("ns.key")`) present.
 */
import { deepStrictEqual as assertEquals } from "node:assert/strict";
import {
  type MessageFormatElement,
  parse,
  TYPE,
} from "@formatjs/icu-messageformat-parser";
import { LOCALES } from "../../domain/locale.ts";

const ROOT = new URL("../../locales/", import.meta.url);

function readNamespace(locale: string, ns: string): Record<string, string> {
  return JSON.parse(
    Deno.readTextFileSync(new URL(`${locale}/${ns}.json`, ROOT)),
  );
}

function namespaces(locale: string): string[] {
  return [...Deno.readDirSync(new URL(`${locale}/`, ROOT))]
    .filter((e) => e.isFile && e.name.endsWith(".json"))
    .map((e) => e.name.slice(0, -5))
    .sort();
}

/** Argument names, and each plural's options, of a parsed message. */
function walk(
  elements: MessageFormatElement[],
  args: Set<string>,
  plurals: { name: string; ordinal: boolean; options: string[] }[],
): void {
  for (const el of elements) {
    if (
      el.type === TYPE.argument || el.type === TYPE.number ||
      el.type === TYPE.date || el.type === TYPE.time
    ) {
      args.add(el.value);
    } else if (el.type === TYPE.select) {
      args.add(el.value);
      for (const o of Object.values(el.options)) walk(o.value, args, plurals);
    } else if (el.type === TYPE.plural) {
      args.add(el.value);
      plurals.push({
        name: el.value,
        ordinal: el.pluralType === "ordinal",
        options: Object.keys(el.options),
      });
      for (const o of Object.values(el.options)) walk(o.value, args, plurals);
    } else if (el.type === TYPE.tag) {
      walk(el.children, args, plurals);
    }
  }
}

function analyse(message: string) {
  const args = new Set<string>();
  const plurals: { name: string; ordinal: boolean; options: string[] }[] = [];
  walk(parse(message), args, plurals);
  return { args: [...args].sort(), plurals };
}

Deno.test("every language has the same namespaces and keys as English", () => {
  const reference = namespaces("en");
  for (const locale of LOCALES) {
    assertEquals(namespaces(locale), reference, `namespaces of ${locale}`);
    for (const ns of reference) {
      const en = Object.keys(readNamespace("en", ns)).sort();
      const own = Object.keys(readNamespace(locale, ns)).sort();
      const missing = en.filter((k) => !own.includes(k));
      const extra = own.filter((k) => !en.includes(k));
      assertEquals(missing, [], `${locale}/${ns}.json lacks keys`);
      assertEquals(extra, [], `${locale}/${ns}.json has keys English lacks`);
    }
  }
});

Deno.test("every message is valid ICU with English's arguments and its language's plural forms", () => {
  for (const ns of namespaces("en")) {
    const en = readNamespace("en", ns);
    for (const locale of LOCALES) {
      const own = readNamespace(locale, ns);
      for (const [key, message] of Object.entries(own)) {
        const where = `${locale}/${ns}.json "${key}"`;
        const found = analyse(message);
        if (en[key] !== undefined) {
          assertEquals(
            found.args,
            analyse(en[key]).args,
            `${where}: arguments`,
          );
        }
        for (const plural of found.plurals) {
          const needed = new Intl.PluralRules(locale, {
            type: plural.ordinal ? "ordinal" : "cardinal",
          }).resolvedOptions().pluralCategories;
          const missing = needed.filter((c) => !plural.options.includes(c));
          assertEquals(
            missing,
            [],
            `${where}: plural {${plural.name}} lacks forms`,
          );
        }
      }
    }
  }
});

/** `t("ns.key"` and `t(\n "ns.key"` in the customer-facing code. */
function keysAskedFor(): Map<string, string> {
  const asked = new Map<string, string>();
  const pattern = /\bt\(\s*"([a-zA-Z]+\.[\w.-]+)"/g;
  const visit = (dir: URL) => {
    for (const entry of Deno.readDirSync(dir)) {
      const url = new URL(entry.name + (entry.isDirectory ? "/" : ""), dir);
      if (entry.isDirectory) visit(url);
      else if (/\.(ts|tsx)$/.test(entry.name)) {
        for (const m of Deno.readTextFileSync(url).matchAll(pattern)) {
          asked.set(m[1], url.pathname);
        }
      }
    }
  };
  for (const dir of ["components", "islands", "routes", "lib", "domain"]) {
    visit(new URL(`../../${dir}/`, import.meta.url));
  }
  return asked;
}

Deno.test("every key the code asks for is in the catalogue", () => {
  const known = new Set<string>();
  for (const ns of namespaces("en")) {
    for (const key of Object.keys(readNamespace("en", ns))) {
      known.add(`${ns}.${key}`);
    }
  }
  const asked = keysAskedFor();
  const missing = [...asked].filter(([k]) => !known.has(k))
    .map(([k, file]) => `${k} (${file})`);
  assertEquals(missing, []);
});
