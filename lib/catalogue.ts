/**
 * The message catalogue on the server: every `locales/<locale>/<namespace>.json`
 * read once, keys prefixed with their namespace (`portal.json`'s `title` is
 * `portal.title`). Pages hand islands only the namespaces they use.
 */
import { type Locale, LOCALES } from "../domain/locale.ts";
import {
  type Catalogue,
  createTranslator,
  type Messages,
  type Translator,
} from "../domain/translator.ts";

const ROOT = new URL("../locales/", import.meta.url);

/** Namespaces every page and mail needs (dates, shared words). */
export const BASE_NAMESPACES = ["common", "dates"] as const;

type Store = Map<Locale, Map<string, Messages>>;
let store: Store | null = null;

/** Namespace → messages of one locale, as read from disk. */
function readLocale(locale: Locale): Map<string, Messages> {
  const byNamespace = new Map<string, Messages>();
  const dir = new URL(`${locale}/`, ROOT);
  for (const entry of Deno.readDirSync(dir)) {
    if (!entry.isFile || !entry.name.endsWith(".json")) continue;
    const namespace = entry.name.slice(0, -".json".length);
    const raw = JSON.parse(
      Deno.readTextFileSync(new URL(entry.name, dir)),
    ) as Record<string, string>;
    const messages: Messages = {};
    for (const [key, value] of Object.entries(raw)) {
      messages[`${namespace}.${key}`] = value;
    }
    byNamespace.set(namespace, messages);
  }
  return byNamespace;
}

/** Every locale's namespaces (read on first use). */
export function catalogueStore(): Store {
  if (!store) {
    store = new Map(LOCALES.map((l) => [l, readLocale(l)]));
  }
  return store;
}

const catalogues = new Map<string, Catalogue>();

/**
 * The base namespaces plus `namespaces` of `locale`, as one flat catalogue
 * (built once per locale and list: every page render asks for it).
 */
export function catalogueFor(
  locale: Locale,
  namespaces: readonly string[] = [],
): Catalogue {
  const key = `${locale}:${namespaces.join(",")}`;
  let catalogue = catalogues.get(key);
  if (!catalogue) {
    catalogue = buildCatalogue(locale, namespaces);
    catalogues.set(key, catalogue);
  }
  return catalogue;
}

function buildCatalogue(
  locale: Locale,
  namespaces: readonly string[],
): Catalogue {
  const own = catalogueStore().get(locale)!;
  const messages: Messages = {};
  for (const ns of new Set([...BASE_NAMESPACES, ...namespaces])) {
    const part = own.get(ns);
    if (!part) throw new Error(`no message namespace "${ns}" for ${locale}`);
    Object.assign(messages, part);
  }
  return { locale, messages };
}

const translators = new Map<Locale, Translator>();

/** A translator over every namespace of `locale` (mails, calendar files, pages' own text). */
export function translatorFor(locale: Locale): Translator {
  let t = translators.get(locale);
  if (!t) {
    const messages: Messages = {};
    for (const part of catalogueStore().get(locale)!.values()) {
      Object.assign(messages, part);
    }
    t = createTranslator({ locale, messages });
    translators.set(locale, t);
  }
  return t;
}
