import type { ComponentChildren } from "preact";

/** The page shell every server-rendered page shares. */
export function Layout(
  props: { title: string; children: ComponentChildren },
) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{props.title}</title>
        <link rel="stylesheet" href="/static/app.css" />
      </head>
      <body>
        <main>{props.children}</main>
      </body>
    </html>
  );
}
