/** Browser side of an island: see `Island.tsx`. */
import { type ComponentType, h, hydrate } from "preact";

/**
 * Hydrates every root rendered by `<Island name={name}>` with its JSON props,
 * then marks it `data-hydrated` (tests wait for that).
 */
export function hydrateIsland<P extends object>(
  name: string,
  component: ComponentType<P>,
): void {
  const roots = document.querySelectorAll<HTMLElement>(
    `[data-island="${name}"]`,
  );
  for (const root of roots) {
    const json = root.nextElementSibling?.matches(`[data-island-props]`)
      ? root.nextElementSibling.textContent
      : null;
    const props = JSON.parse(json || "{}") as P;
    hydrate(h(component, props), root);
    root.dataset.hydrated = "";
  }
}
