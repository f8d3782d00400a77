import type { ComponentChildren } from "preact";
import { assetUrl } from "../lib/assets.ts";

/** The page shell every server-rendered page shares; `styles`: extra files under `static/`. */
export function Layout(
  props: { title: string; children: ComponentChildren; styles?: string[] },
) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{props.title}</title>
        <link rel="icon" href={assetUrl("favicon.svg")} type="image/svg+xml" />
        <link rel="stylesheet" href={assetUrl("app.css")} />
        {props.styles?.map((path) => (
          <link key={path} rel="stylesheet" href={assetUrl(path)} />
        ))}
      </head>
      <body>
        <main>{props.children}</main>
      </body>
    </html>
  );
}
