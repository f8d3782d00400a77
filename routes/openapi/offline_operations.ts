/**
 * Signing keys and the offline kit for the OpenAPI document (API.md
 * "Offline scanning"), as ./customer_operations.ts describes the customer's.
 */
import { z } from "zod";
import type { OperationSpec } from "../../lib/openapi/document.ts";
import { emptyKeyBody, keyOrqParams, keyParams } from "../api/signing_keys.ts";
import { offlineKitQuery } from "../api/offline_kit.ts";
import { codes, JSON_BODY, STAFF } from "./error_codes.ts";

const instant = z.string().meta({ format: "date-time" });

/** One key, public parts only. */
export const signingKey = z.object({
  k: z.string(),
  alg: z.literal("Ed25519"),
  public_key: z.string().describe("base64url (no padding) of the raw 32 bytes"),
  status: z.enum(["active", "retired"]),
  created_at: instant,
  retired_at: instant.nullable(),
  trusted_until: instant.nullable(),
});

const hashes = z.array(z.string().length(8))
  .describe("h: base64url of SHA-256's first 6 bytes over the signature");

/** `GET /api/operator/offline-kit` 200. */
export const offlineKit = z.object({
  server_time: instant,
  cursor: z.string(),
  full: z.boolean(),
  org: z.object({
    orq: z.int(),
    timezone: z.string(),
    entry_opens_minutes_before: z.int().nullable(),
    entry_closes_minutes_after_start: z.int().nullable(),
    allow_reentry: z.boolean(),
  }),
  keys: z.array(signingKey),
  revoked: z.object({ add: hashes, remove: hashes }),
  verified: z.object({
    date: z.string(),
    add: hashes,
    remove: hashes,
    inside: hashes,
    outside: hashes,
  }),
});

const keysPath = "/api/organizations/:orq/signing-keys";

/** The signing-key routes and the offline kit. */
export const OFFLINE_OPERATIONS: OperationSpec[] = [
  {
    method: "get",
    path: keysPath,
    tag: "Admin",
    summary: "The organization's QR signing keys",
    description: "Active and retired Ed25519 keys, public parts only.",
    auth: "staff",
    roles: ["ADMIN"],
    params: keyOrqParams,
    answers: {
      200: {
        description: "The keys, newest first",
        schema: z.object({ keys: z.array(signingKey) }),
      },
    },
    errors: codes([...STAFF, "ORG_NOT_FOUND"]),
  },
  {
    method: "post",
    path: keysPath,
    tag: "Admin",
    summary: "Add a signing key",
    description: "The new key signs from now on; the previous signer " +
      "retires (trusted until its last payload's end).",
    auth: "staff",
    roles: ["ADMIN"],
    params: keyOrqParams,
    body: emptyKeyBody,
    answers: { 201: { description: "The new key", schema: signingKey } },
    errors: codes([...JSON_BODY, ...STAFF, "ORG_NOT_FOUND"]),
  },
  {
    method: "post",
    path: `${keysPath}/:k/retire`,
    tag: "Admin",
    summary: "Retire a signing key",
    description: "The active signer cannot retire (409 LAST_SIGNING_KEY: " +
      "add a new key, which retires it); a retired key stays as it is.",
    auth: "staff",
    roles: ["ADMIN"],
    params: keyParams,
    body: emptyKeyBody,
    answers: { 200: { description: "The key", schema: signingKey } },
    errors: codes([
      ...JSON_BODY,
      ...STAFF,
      "ORG_NOT_FOUND",
      "SIGNING_KEY_NOT_FOUND",
      "LAST_SIGNING_KEY",
    ]),
  },
  {
    method: "delete",
    path: `${keysPath}/:k`,
    tag: "Admin",
    summary: "Delete (distrust) a signing key",
    description: "For a compromised key: distrusted at once (online its " +
      "payloads are decided by their code), its RESERVED tickets signed " +
      "again by the active key and their confirmation mailed again. The " +
      "active signer cannot be deleted (409 LAST_SIGNING_KEY).",
    auth: "staff",
    roles: ["ADMIN"],
    params: keyParams,
    answers: {
      200: {
        description: "Deleted",
        schema: z.object({
          k: z.string(),
          status: z.literal("deleted"),
          resigned: z.int(),
        }),
      },
    },
    errors: codes([
      ...STAFF,
      "ORG_NOT_FOUND",
      "SIGNING_KEY_NOT_FOUND",
      "LAST_SIGNING_KEY",
    ]),
  },
  {
    method: "get",
    path: "/api/operator/offline-kit",
    tag: "Door",
    summary: "What a scanner needs to decide offline",
    description: "Full, or the changes since `since` (an unknown, stale or " +
      "yesterday's cursor gets a full kit): the organization's rules, the " +
      "trusted keys, revoked signatures and today's admissions by `h`. " +
      "Compressed when the client accepts it. 30 requests a minute.",
    auth: "staff",
    roles: ["OPERATOR", "MANAGER", "ADMIN"],
    query: offlineKitQuery,
    answers: { 200: { description: "The kit", schema: offlineKit } },
    errors: codes([...STAFF, "RATE_LIMITED", "ORG_NOT_FOUND"]),
  },
];
