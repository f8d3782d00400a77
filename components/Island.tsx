import type { ComponentType } from "preact";
import { assetUrl } from "../lib/assets.ts";

/** JSON safe to place inside a `<script>` element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c");
}

/**
 * Server side of an island: renders `component` with `props` inside a marked
 * root, the props as JSON beside it, and the island's browser bundle
 * (`static/build/<name>.js`, built from `islands/<name>.tsx`), which hydrates
 * the same markup in place.
 */
export function Island<P extends object>(
  props: { name: string; component: ComponentType<P>; props: P },
) {
  const Component = props.component;
  return (
    <>
      <div data-island={props.name}>
        <Component {...props.props} />
      </div>
      <script
        type="application/json"
        data-island-props={props.name}
        // deno-lint-ignore react-no-danger
        dangerouslySetInnerHTML={{ __html: scriptJson(props.props) }}
      />
      <script type="module" src={assetUrl(`build/${props.name}.js`)} />
    </>
  );
}
