/** A JSON Schema as short TypeScript-like text for people to read. */

type Schema = Record<string, unknown>;

/** `{ a: string; b?: integer 1–10 }`-style text of `schema`, `indent` deep. */
export function schemaText(schema: unknown, indent = ""): string {
  if (typeof schema !== "object" || schema === null) return "any";
  const s = schema as Schema;
  const alternatives = (s.anyOf ?? s.oneOf) as Schema[] | undefined;
  if (alternatives) {
    return alternatives.map((a) => schemaText(a, indent)).join(" | ");
  }
  let text: string;
  if (s.const !== undefined) text = JSON.stringify(s.const);
  else if (Array.isArray(s.enum)) {
    text = s.enum.map((v) => JSON.stringify(v)).join(" | ");
  } else {
    const types = Array.isArray(s.type) ? s.type as string[] : [s.type];
    text = types.map((t) => typeText(s, t as string, indent)).join(" | ");
  }
  return s.default === undefined
    ? text
    : `${text} = ${JSON.stringify(s.default)}`;
}

function typeText(s: Schema, type: string | undefined, indent: string) {
  switch (type) {
    case "object":
      return objectText(s, indent);
    case "array":
      return arrayText(s, indent);
    case "string":
      return "string" + notes([
        s.format ? `${s.format}` : "",
        range(s.minLength, s.maxLength, " chars"),
        s.pattern && !s.format && !s.description ? `/${s.pattern}/` : "",
      ]);
    case "integer":
    case "number":
      return type + notes([range(lowest(s), highest(s), "")]);
    case "null":
    case "boolean":
      return type;
    default:
      return s.properties ? objectText(s, indent) : "any";
  }
}

function objectText(s: Schema, indent: string): string {
  const props = (s.properties ?? {}) as Record<string, Schema>;
  const required = new Set((s.required ?? []) as string[]);
  const names = Object.keys(props);
  if (names.length === 0) {
    const values = s.additionalProperties;
    return typeof values === "object"
      ? `{ [key: string]: ${schemaText(values, indent)} }`
      : "object";
  }
  const inner = indent + "  ";
  const lines = names.map((name) => {
    const p = props[name];
    const note = typeof p.description === "string"
      ? `  // ${p.description}`
      : "";
    const optional = required.has(name) ? "" : "?";
    return `${inner}${name}${optional}: ${schemaText(p, inner)}${note}`;
  });
  return `{\n${lines.join("\n")}\n${indent}}`;
}

function arrayText(s: Schema, indent: string): string {
  if (Array.isArray(s.prefixItems)) {
    return `[${s.prefixItems.map((i) => schemaText(i, indent)).join(", ")}]`;
  }
  const item = schemaText(s.items, indent);
  const list = isUnion(s.items) ? `(${item})[]` : `${item}[]`;
  return list + notes([range(s.minItems, s.maxItems, " items")]);
}

/** The least value allowed, if any (integers: `> 0` is `≥ 1`). */
function lowest(s: Schema): unknown {
  if (s.minimum === Number.MIN_SAFE_INTEGER) return undefined;
  if (s.minimum !== undefined) return s.minimum;
  if (typeof s.exclusiveMinimum === "number" && s.type === "integer") {
    return s.exclusiveMinimum + 1;
  }
  return undefined;
}

/** The greatest value allowed, if any (JavaScript's safe limit is none). */
function highest(s: Schema): unknown {
  return s.maximum === Number.MAX_SAFE_INTEGER ? undefined : s.maximum;
}

/** Whether `schema` reads as `a | b`. */
function isUnion(schema: unknown): boolean {
  if (typeof schema !== "object" || schema === null) return false;
  const s = schema as Schema;
  return Boolean(s.anyOf ?? s.oneOf) ||
    (Array.isArray(s.enum) && s.enum.length > 1) ||
    (Array.isArray(s.type) && s.type.length > 1);
}

function range(min: unknown, max: unknown, unit: string): string {
  if (min === undefined && max === undefined) return "";
  if (max === undefined) return `≥ ${min}${unit}`;
  if (min === undefined) return `≤ ${max}${unit}`;
  return min === max ? `${min}${unit}` : `${min}–${max}${unit}`;
}

function notes(list: string[]): string {
  const kept = list.filter(Boolean);
  return kept.length ? ` (${kept.join(", ")})` : "";
}
