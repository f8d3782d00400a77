import type { Sql } from "./client.ts";
import { type OrgSettings, resolveSettings } from "../domain/org_settings.ts";

/** An organization as the routes see it. */
export interface Organization {
  orq: number;
  name: string;
  timezone: string;
  country: string | null;
  address: string | null;
  contact_email: string | null;
  brand_color: string | null;
  locale: string;
  /** Resolved against the defaults: every key present. */
  settings: OrgSettings;
}

const COLUMNS =
  "orq, name, timezone, country, address, contact_email, brand_color, locale, settings";

/** A row as read, with its settings resolved. */
export function organizationOf(row: Organization): Organization {
  return { ...row, settings: resolveSettings(row.settings) };
}

/** The organization `orq`, or null. */
export async function findOrganization(
  sql: Sql,
  orq: number,
): Promise<Organization | null> {
  const rows = await sql.query<Organization>(
    `SELECT ${COLUMNS} FROM organizations WHERE orq = $1`,
    [orq],
  );
  return rows[0] ? organizationOf(rows[0]) : null;
}

/** A new organization. */
export async function createOrganization(
  sql: Sql,
  org: { name: string; timezone: string },
): Promise<Organization> {
  const rows = await sql.query<Organization>(
    `INSERT INTO organizations (name, timezone) VALUES ($1, $2) RETURNING ${COLUMNS}`,
    [org.name, org.timezone],
  );
  return organizationOf(rows[0]);
}

/** Creates organization 1 when the database has none; returns whether it did. */
export async function ensureFirstOrganization(
  sql: Sql,
  org: { name: string; timezone: string },
): Promise<boolean> {
  const rows = await sql.query(
    `INSERT INTO organizations (orq, name, timezone)
     SELECT 1, $1, $2 WHERE NOT EXISTS (SELECT 1 FROM organizations)
     ON CONFLICT DO NOTHING RETURNING orq`,
    [org.name, org.timezone],
  );
  if (rows.length > 0) {
    // Keep the serial ahead of the explicit id.
    await sql.query(
      "SELECT setval(pg_get_serial_sequence('organizations', 'orq'), (SELECT max(orq) FROM organizations))",
    );
  }
  return rows.length > 0;
}

/**
 * An in-process cache of organizations. Their zone never changes once set
 * (no route changes it), so a short-lived copy is safe on every instance.
 */
export class OrganizationCache {
  #entries = new Map<number, { org: Organization; at: number }>();
  constructor(private sql: Sql, private ttlMs = 30_000) {}

  /** The organization `orq`, read through the cache. */
  async get(orq: number): Promise<Organization | null> {
    const hit = this.#entries.get(orq);
    const now = performance.now();
    if (hit && now - hit.at < this.ttlMs) return hit.org;
    const org = await findOrganization(this.sql, orq);
    // Misses are not cached: another instance may have just created it.
    if (org) this.#entries.set(orq, { org, at: now });
    return org;
  }
}
