import { z } from "zod";
import { type ErrorCode, ERRORS } from "../../domain/errors.ts";
import { TOKEN_COOKIE } from "../auth.ts";

/** A JSON Schema (2020-12, as OpenAPI 3.1 uses it). */
export type JsonSchema = Record<string, unknown>;

/** How a route is signed in to (see API.md "Conventions"). */
export type AuthKind =
  | "none"
  | "staff"
  | "staff-or-api-key"
  | "metrics-token"
  | "backup-token";

/** One answer of a route: a zod schema or a JSON Schema literal, in `contentType`. */
export interface AnswerSpec {
  description: string;
  /** Default `application/json`; none for an empty answer (204, 302, 304). */
  contentType?: string | null;
  schema?: z.ZodType | JsonSchema;
  /** Response headers worth naming (e.g. `Location`, `Retry-After`). */
  headers?: Record<string, string>;
}

/** One route of the app as the document describes it. */
export interface OperationSpec {
  method: "get" | "post" | "patch" | "put" | "delete";
  /** The path as Hono mounts it (`/api/reservations/:id/qr.svg`). */
  path: string;
  tag: string;
  summary: string;
  description?: string;
  auth: AuthKind;
  /** Roles that may call it (API.md: each includes the ones below it). */
  roles?: ("OPERATOR" | "MANAGER" | "ADMIN" | "PLATFORM_ADMIN")[];
  query?: z.ZodObject;
  params?: z.ZodObject;
  /** A JSON body (the schema the route validates with), or another type. */
  body?: z.ZodType | { contentType: string; schema: JsonSchema };
  /** Further body types the route takes beside `body`, by content type. */
  moreBodies?: Record<string, z.ZodType | JsonSchema>;
  /** Success (and other non-error) answers by status. */
  answers: Record<number, AnswerSpec>;
  /** The error codes the route may answer, each with its status from ERRORS. */
  errors: ErrorCode[];
}

/** Title, version and description of the document. */
export interface DocumentInfo {
  title: string;
  version: string;
  description: string;
}

/** `/api/reservations/:id/qr.svg` → `/api/reservations/{id}/qr.svg`. */
export function openApiPath(honoPath: string): string {
  return honoPath.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, "{$1}");
}

/**
 * The JSON Schema of a zod schema. Requests are described as the client
 * sends them (`io: "input"`: before transforms and defaults); answers as the
 * app writes them, open to added fields (the contract lets fields be added).
 */
export function jsonSchemaOf(
  schema: z.ZodType | JsonSchema,
  io: "input" | "output",
): JsonSchema {
  if (!(schema instanceof z.ZodType)) return schema;
  const json = z.toJSONSchema(schema, {
    io,
    target: "draft-2020-12",
    unrepresentable: "any",
  }) as JsonSchema;
  delete json.$schema;
  return io === "output" ? openObjects(json) : json;
}

/** The schema with every `additionalProperties: false` removed. */
function openObjects(schema: unknown): JsonSchema {
  if (Array.isArray(schema)) return schema.map(openObjects) as never;
  if (typeof schema !== "object" || schema === null) return schema as never;
  const out: JsonSchema = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === "additionalProperties" && v === false) continue;
    out[k] = openObjects(v);
  }
  return out;
}

const SLOT_TIMES = {
  date: { type: "string", format: "date" },
  start_time: { type: "string", description: "HH:MM" },
  end_time: { type: "string", description: "HH:MM" },
};
const RETRY = {
  retry_after_seconds: {
    type: "integer",
    description: "As the Retry-After header",
  },
};

/** The `details` fields some codes carry, by code. */
const DETAILS: Partial<Record<ErrorCode, Record<string, JsonSchema>>> = {
  VALIDATION_FAILED: {
    fields: {
      type: "object",
      additionalProperties: { type: "string" },
      description: "VALIDATION_FAILED: why each named field is refused",
    },
  },
  TICKET_ALREADY_RESERVED: {
    reservation: {
      type: "object",
      properties: SLOT_TIMES,
      description: "TICKET_ALREADY_RESERVED: the existing reservation",
    },
  },
  SLOT_FULL: {
    alternatives: {
      type: "array",
      description: "SLOT_FULL: up to 5 slots with room, nearest first",
      items: {
        type: "object",
        properties: {
          id: { type: "integer" },
          ...SLOT_TIMES,
          available_count: { type: "integer" },
        },
      },
    },
  },
  RATE_LIMITED: RETRY,
  LOGIN_THROTTLED: RETRY,
};

/** The contract's error body, `code` limited to `codes`. */
export function errorSchema(codes: readonly ErrorCode[]): JsonSchema {
  const details: Record<string, JsonSchema> = {};
  for (const code of codes) Object.assign(details, DETAILS[code]);
  return {
    type: "object",
    required: ["error"],
    properties: {
      error: {
        type: "object",
        required: ["code", "message"],
        properties: {
          code: { type: "string", enum: [...codes] },
          message: { type: "string", description: "For people." },
          details: { type: "object", properties: details },
        },
      },
    },
  };
}

const SECURITY: Record<AuthKind, Record<string, string[]>[]> = {
  none: [],
  staff: [{ bearer: [] }, { cookie: [] }],
  "staff-or-api-key": [{ bearer: [] }, { cookie: [] }, { apiKey: [] }],
  "metrics-token": [{ metricsToken: [] }],
  "backup-token": [{ backupToken: [] }],
};

/** Query or path parameters from a zod object's properties. */
function parametersOf(where: "query" | "path", schema: z.ZodObject) {
  const json = jsonSchemaOf(schema, "input");
  const props = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(props).map(([name, s]) => ({
    name,
    in: where,
    required: where === "path" || required.has(name),
    ...(typeof s.description === "string"
      ? { description: s.description }
      : {}),
    schema: s,
  }));
}

/** The OpenAPI operation object of one route. */
function operationOf(op: OperationSpec): JsonSchema {
  const responses: Record<string, unknown> = {};
  for (const [status, a] of Object.entries(op.answers)) {
    const type = a.contentType === undefined
      ? "application/json"
      : a.contentType;
    responses[status] = {
      description: a.description,
      ...(a.headers ? { headers: headersOf(a.headers) } : {}),
      ...(type
        ? {
          content: {
            [type]: a.schema
              ? { schema: jsonSchemaOf(a.schema, "output") }
              : {},
          },
        }
        : {}),
    };
  }
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of op.errors) {
    const status = ERRORS[code][0];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  for (const [status, codes] of [...byStatus].sort((a, b) => a[0] - b[0])) {
    const retry = codes.some((c) =>
      c === "RATE_LIMITED" || c === "LOGIN_THROTTLED" ||
      c === "SERVICE_UNAVAILABLE"
    );
    responses[String(status)] ??= {
      description: codes.join(", "),
      ...(retry ? { headers: headersOf({ "Retry-After": "Seconds" }) } : {}),
      content: { "application/json": { schema: errorSchema(codes) } },
      "x-error-codes": codes,
    };
  }
  const parameters = [
    ...(op.params ? parametersOf("path", op.params) : []),
    ...(op.query ? parametersOf("query", op.query) : []),
  ];
  let requestBody: unknown;
  if (op.body instanceof z.ZodType) {
    requestBody = {
      required: true,
      content: {
        "application/json": { schema: jsonSchemaOf(op.body, "input") },
      },
    };
  } else if (op.body) {
    requestBody = {
      required: true,
      content: { [op.body.contentType]: { schema: op.body.schema } },
    };
  }
  if (requestBody && op.moreBodies) {
    const content = (requestBody as { content: Record<string, unknown> })
      .content;
    for (const [type, schema] of Object.entries(op.moreBodies)) {
      content[type] = { schema: jsonSchemaOf(schema, "input") };
    }
  }
  return {
    operationId: `${op.method}${
      op.path.replace(/[^A-Za-z0-9]+(.)?/g, (_, c) => (c ?? "").toUpperCase())
    }`,
    tags: [op.tag],
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(requestBody ? { requestBody } : {}),
    responses,
    security: SECURITY[op.auth],
    ...(op.roles ? { "x-roles": op.roles } : {}),
    "x-error-codes": op.errors,
  };
}

function headersOf(headers: Record<string, string>) {
  return Object.fromEntries(
    Object.entries(headers).map(([name, description]) => [
      name,
      { description, schema: { type: "string" } },
    ]),
  );
}

/** The OpenAPI 3.1 document of `operations`. */
export function buildDocument(
  info: DocumentInfo,
  operations: readonly OperationSpec[],
): JsonSchema {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    const path = openApiPath(op.path);
    paths[path] ??= {};
    paths[path][op.method] = operationOf(op);
  }
  const tags = [...new Set(operations.map((op) => op.tag))];
  return {
    openapi: "3.1.0",
    info,
    tags: tags.map((name) => ({ name })),
    paths,
    components: {
      schemas: { Error: errorSchema(Object.keys(ERRORS) as ErrorCode[]) },
      securitySchemes: {
        bearer: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "JWT",
          description: "From POST /api/operator/login (8 hours).",
        },
        cookie: {
          type: "apiKey",
          in: "cookie",
          name: TOKEN_COOKIE,
          description:
            "Set by login. Requests other than GET must send Content-Type: application/json.",
        },
        apiKey: {
          type: "apiKey",
          in: "header",
          name: "X-Api-Key",
          description: "API_KEYS: ADMIN rights for issue and activate.",
        },
        metricsToken: {
          type: "http",
          scheme: "bearer",
          description: "METRICS_TOKEN; unset: /metrics answers 404.",
        },
        backupToken: {
          type: "http",
          scheme: "bearer",
          description:
            "BACKUP_TOKEN, else the token in DATA_DIR/backup-token (PGlite).",
        },
      },
    },
  };
}
