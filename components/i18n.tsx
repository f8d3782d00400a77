/**
 * The translator in components: a page renders its islands inside
 * `withI18n`, which turns the `i18n` prop (the page's locale and messages)
 * into a translator every component below reads with `useT()`.
 */
import { createContext, type FunctionComponent } from "preact";
import { useContext, useMemo } from "preact/hooks";
import {
  type Catalogue,
  createTranslator,
  type Translator,
} from "../domain/translator.ts";

const I18nContext = createContext<Translator | null>(null);

/** What an island with text receives besides its own props. */
export interface I18nProps {
  i18n: Catalogue;
}

/** The translator of the island this component renders in. */
export function useT(): Translator {
  const t = useContext(I18nContext);
  if (!t) throw new Error("useT() outside an island wrapped by withI18n");
  return t;
}

/** Renders `children` with `t` as the translator (pages rendered outside islands). */
export function I18nProvider(
  props: { t: Translator; children: preact.ComponentChildren },
) {
  return (
    <I18nContext.Provider value={props.t}>
      {props.children}
    </I18nContext.Provider>
  );
}

/** `Component` with a translator made from its `i18n` prop. */
export function withI18n<P extends object>(
  Component: FunctionComponent<P>,
): FunctionComponent<P & I18nProps> {
  return function WithI18n(props: P & I18nProps) {
    const t = useMemo(() => createTranslator(props.i18n), []);
    return (
      <I18nContext.Provider value={t}>
        <Component {...props} />
      </I18nContext.Provider>
    );
  };
}
