import type { Db, Sql } from "./client.ts";
import { ChangeChannel } from "./change_channel.ts";
import { orgWallClock, slotEnded } from "./sql_fragments.ts";
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

/** The organization `orq` locked for a change, or null. */
export async function lockOrganization(
  sql: Sql,
  orq: number,
): Promise<Organization | null> {
  const rows = await sql.query<Organization>(
    `SELECT ${COLUMNS} FROM organizations WHERE orq = $1 FOR UPDATE`,
    [orq],
  );
  return rows[0] ? organizationOf(rows[0]) : null;
}

/** The profile fields a PATCH may set (API.md "Organization settings"). */
export interface OrganizationChange {
  name?: string;
  timezone?: string;
  country?: string | null;
  address?: string | null;
  contact_email?: string | null;
  brand_color?: string | null;
  locale?: string;
  /** Merged key by key into the stored settings. */
  settings?: Record<string, unknown>;
}

const PROFILE = [
  "name",
  "timezone",
  "country",
  "address",
  "contact_email",
  "brand_color",
  "locale",
] as const;

/** Applies `change` to `orq` (locked by the caller); the organization after. */
export async function updateOrganization(
  sql: Sql,
  orq: number,
  change: OrganizationChange,
): Promise<Organization> {
  const sets: string[] = [];
  const params: unknown[] = [orq];
  for (const key of PROFILE) {
    if (change[key] === undefined) continue;
    params.push(change[key]);
    sets.push(`${key} = $${params.length}`);
  }
  if (change.settings !== undefined) {
    params.push(JSON.stringify(change.settings));
    sets.push(`settings = settings || $${params.length}::text::jsonb`);
  }
  sets.push("updated_at = now()");
  const rows = await sql.query<Organization>(
    `UPDATE organizations SET ${
      sets.join(", ")
    } WHERE orq = $1 RETURNING ${COLUMNS}`,
    params,
  );
  return organizationOf(rows[0]);
}

/**
 * Whether `orq` has a slot that has not ended at `instant` (read in its
 * zone): its time zone may change only when it has none.
 */
export async function hasSlotsNotEnded(
  sql: Sql,
  orq: number,
  instant: Date,
): Promise<boolean> {
  const rows = await sql.query(
    `SELECT 1 FROM reservation_slots s JOIN organizations o ON o.orq = s.orq
      WHERE s.orq = $1 AND s.date >= ($2::timestamptz AT TIME ZONE o.timezone)::date - 1
        AND NOT ${slotEnded(orgWallClock("$2::timestamptz"))}
      LIMIT 1`,
    [orq, instant.toISOString()],
  );
  return rows.length > 0;
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

/** An organization as the platform administrator's list shows it. */
export interface OrganizationItem {
  orq: number;
  name: string;
  timezone: string;
}

/** Every organization, by number (a platform has a handful, not thousands). */
export async function listOrganizations(sql: Sql): Promise<OrganizationItem[]> {
  const rows = await sql.query<OrganizationItem>(
    "SELECT orq, name, timezone FROM organizations ORDER BY orq",
  );
  return rows.map(({ orq, name, timezone }) => ({ orq, name, timezone }));
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

/** The NOTIFY channel of organization changes (payload: the orq). */
export const ORG_CHANNEL = "org_changed";

/**
 * An in-process cache of organizations. Their profile, settings and zone
 * may change (PATCH /api/organizations/:orq), so every change NOTIFYs
 * {@link ORG_CHANNEL} in its transaction and each instance drops its copy
 * when the notification arrives. The TTL is only a fallback for a
 * notification lost with the listening connection; while this instance
 * does not listen, copies last at most `unlistenedTtlMs`.
 */
export class OrganizationCache {
  #entries = new Map<number, { org: Organization; at: number }>();
  #channel: ChangeChannel;
  #ttlMs: number;
  #unlistenedTtlMs: number;

  constructor(
    private db: Db,
    opts: { ttlMs?: number; unlistenedTtlMs?: number } = {},
  ) {
    this.#ttlMs = opts.ttlMs ?? 10_000;
    this.#unlistenedTtlMs = opts.unlistenedTtlMs ?? 500;
    this.#channel = new ChangeChannel(db, ORG_CHANNEL, {
      onMessage: (payload) => this.forget(Number(payload)),
      onReset: () => this.#entries.clear(),
    });
  }

  /** The organization `orq`, read through the cache. */
  async get(orq: number): Promise<Organization | null> {
    const hit = this.#entries.get(orq);
    const now = performance.now();
    const ttl = this.#channel.live ? this.#ttlMs : this.#unlistenedTtlMs;
    if (hit && now - hit.at < ttl) return hit.org;
    const org = await findOrganization(this.db, orq);
    // Misses are not cached: another instance may have just created it.
    if (org) this.#entries.set(orq, { org, at: now });
    return org;
  }

  /** Drops this instance's copy of `orq`. */
  forget(orq: number): void {
    this.#entries.delete(orq);
  }

  /** Resolves once this instance listens for changes (tests wait for it). */
  ready(): Promise<void> {
    return this.#channel.ready();
  }

  /** Tells every instance, from within the changing transaction `tx`. */
  async changed(tx: Sql, orq: number): Promise<void> {
    await this.#channel.notify(tx, String(orq));
  }
}
