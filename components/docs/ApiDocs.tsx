import { PageShell } from "../PageShell.tsx";
import { schemaText } from "./schema_text.ts";

type Json = Record<string, unknown>;

/** One operation of the document, with its method and path. */
interface Entry {
  method: string;
  path: string;
  op: Json;
}

/** An anchor id for an operation: `get-api-health`. */
function anchor(e: Entry): string {
  return `${e.method}-${e.path}`.replace(/[^A-Za-z0-9]+/g, "-")
    .replace(/-+$/, "").toLowerCase();
}

/** The operations of an OpenAPI document, in its order. */
function entriesOf(doc: Json): Entry[] {
  const entries: Entry[] = [];
  for (const [path, item] of Object.entries(doc.paths as Json)) {
    for (const [method, op] of Object.entries(item as Json)) {
      entries.push({ method, path, op: op as Json });
    }
  }
  return entries;
}

const AUTH_TEXT: Record<string, string> = {
  bearer: "Bearer token",
  cookie: "login cookie",
  apiKey: "X-Api-Key",
  metricsToken: "Bearer METRICS_TOKEN",
};

/** The API reference page: every route's parameters, bodies, answers and error codes. */
export function ApiDocs(props: { doc: Json }) {
  const info = props.doc.info as Json;
  const schemas = (props.doc.components as Json).schemas as Json;
  const entries = entriesOf(props.doc);
  const tags = [...new Set(entries.map((e) => (e.op.tags as string[])[0]))];
  return (
    <PageShell title={`${info.title} · API`} kind="docs">
      <div class="api-docs">
        <p class="brand">
          <a href="/">Timed entry</a>
        </p>
        <h1>{String(info.title)} API</h1>
        <p class="lead">
          <Prose text={String(info.description)} />
        </p>
        <p>
          Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a>
          {" "}
          (OpenAPI {String(props.doc.openapi)}).
        </p>
        <nav aria-label="Routes">
          {tags.map((tag) => (
            <section key={tag}>
              <h2>{tag}</h2>
              <ul class="route-list">
                {entries.filter((e) => (e.op.tags as string[])[0] === tag)
                  .map((e) => (
                    <li key={anchor(e)}>
                      <a href={`#${anchor(e)}`}>
                        <code class="method">{e.method.toUpperCase()}</code>
                        {" "}
                        <code>{e.path}</code>
                      </a>{" "}
                      {String(e.op.summary)}
                    </li>
                  ))}
              </ul>
            </section>
          ))}
        </nav>
        <section aria-labelledby="errors-title">
          <h2 id="errors-title">Errors</h2>
          <p>
            Every refusal has this body; each route below lists the codes it may
            answer, by status.
          </p>
          <pre tabIndex={0}>{schemaText(schemas.Error)}</pre>
        </section>
        {entries.map((e) => <Operation key={anchor(e)} entry={e} />)}
      </div>
    </PageShell>
  );
}

function Operation({ entry: e }: { entry: Entry }) {
  const op = e.op;
  const security = (op.security ?? []) as Json[];
  const roles = op["x-roles"] as string[] | undefined;
  const params = (op.parameters ?? []) as Json[];
  const body = (op.requestBody as Json | undefined)?.content as
    | Json
    | undefined;
  const responses = op.responses as Json;
  return (
    <section class="operation" id={anchor(e)}>
      <h3>
        <code class="method">{e.method.toUpperCase()}</code>{" "}
        <code>{e.path}</code>
      </h3>
      <p>{String(op.summary)}</p>
      {op.description
        ? (
          <p>
            <Prose text={String(op.description)} />
          </p>
        )
        : null}
      <p class="auth">
        Sign-in: {security.length
          ? security.map((s) => AUTH_TEXT[Object.keys(s)[0]]).join(" or ")
          : "none"}
        {roles ? `; roles: ${roles.join(", ")}` : ""}
      </p>
      {params.length > 0 && (
        <table>
          <caption>Parameters</caption>
          <thead>
            <tr>
              <th>name</th>
              <th>in</th>
              <th>required</th>
              <th>type</th>
            </tr>
          </thead>
          <tbody>
            {params.map((p) => (
              <tr key={`${p.in}-${p.name}`}>
                <td>
                  <code>{String(p.name)}</code>
                </td>
                <td>{String(p.in)}</td>
                <td>{p.required ? "yes" : "no"}</td>
                <td>
                  {schemaText(p.schema)}
                  {p.description ? ` — ${p.description}` : ""}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {body && (
        <div>
          <h4>Request body</h4>
          <Content content={body} />
        </div>
      )}
      <h4>Answers</h4>
      <dl class="answers">
        {Object.entries(responses).map(([status, raw]) => {
          const r = raw as Json;
          const codes = r["x-error-codes"] as string[] | undefined;
          return (
            <div key={status}>
              <dt>
                <strong>{status}</strong>{" "}
                {codes ? <Codes codes={codes} /> : String(r.description)}
              </dt>
              {!codes && r.content
                ? (
                  <dd>
                    <Content content={r.content as Json} />
                  </dd>
                )
                : null}
            </div>
          );
        })}
      </dl>
    </section>
  );
}

function Codes({ codes }: { codes: string[] }) {
  return (
    <>
      {codes.map((code, i) => (
        <span key={code}>
          {i > 0 ? ", " : ""}
          <code>{code}</code>
        </span>
      ))}
    </>
  );
}

function Content({ content }: { content: Json }) {
  return (
    <>
      {Object.entries(content).map(([type, media]) => (
        <div key={type}>
          <p class="media-type">
            <code>{type}</code>
          </p>
          {(media as Json).schema && type.includes("json")
            ? <pre tabIndex={0}>{schemaText((media as Json).schema)}</pre>
            : null}
        </div>
      ))}
    </>
  );
}

/** Text with its `code spans` (CommonMark's backticks) as code. */
function Prose({ text }: { text: string }) {
  return (
    <>
      {text.split("`").map((part, i) =>
        i % 2 ? <code key={i}>{part}</code> : part
      )}
    </>
  );
}
