import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { catalogueFor, translatorFor } from "../../lib/catalogue.ts";
import { createTranslator } from "../../domain/translator.ts";
import { acceptedLocale } from "../../lib/request_locale.ts";

Deno.test("dates read naturally in every language", () => {
  const cases: [string, string, string, string][] = [
    ["en", "Friday 27 November 2026", "Fri 27 Nov", "November 2026"],
    ["de", "Freitag, 27. November 2026", "Fr., 27. Nov.", "November 2026"],
    ["fr", "vendredi 27 novembre 2026", "ven. 27 nov.", "novembre 2026"],
    [
      "es",
      "viernes, 27 de noviembre de 2026",
      "vie, 27 nov",
      "noviembre de 2026",
    ],
  ];
  for (const [locale, long, short, month] of cases) {
    const t = translatorFor(locale as "en");
    assertEquals(t.longDate("2026-11-27"), long);
    assertEquals(t.shortDate("2026-11-27"), short);
    assertEquals(t.monthLabel("2026-11"), month);
    assertEquals(t.weekdaysShort().length, 7);
  }
});

Deno.test("plurals follow each language's rules", () => {
  assertEquals(translatorFor("en").places(1), "1 place");
  assertEquals(translatorFor("en").places(3), "3 places");
  assertEquals(translatorFor("de").places(1), "1 Platz");
  assertEquals(translatorFor("de").places(2), "2 Plätze");
  assertEquals(translatorFor("fr").places(0), "0 place");
  assertEquals(translatorFor("es").places(1), "1 plaza");
});

Deno.test("a page's catalogue holds only the namespaces it asks for", () => {
  const c = catalogueFor("de", ["problems"]);
  assertEquals(c.locale, "de");
  const namespaces = new Set(
    Object.keys(c.messages).map((k) => k.split(".")[0]),
  );
  assertEquals([...namespaces].sort(), ["common", "dates", "problems"]);
  const t = createTranslator(c);
  assertEquals(t("problems.email.empty"), "Geben Sie Ihre E-Mail-Adresse ein.");
  assertEquals(t("no.such.key"), "no.such.key");
});

Deno.test("Accept-Language picks the best supported language", () => {
  assertEquals(acceptedLocale("de-CH,de;q=0.9,en;q=0.8"), "de");
  assertEquals(acceptedLocale("it-IT,fr;q=0.5"), "fr");
  assertEquals(acceptedLocale("es-419"), "es");
  assertEquals(acceptedLocale("it"), null);
  assertEquals(acceptedLocale(undefined), null);
});
