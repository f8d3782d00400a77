import type { Sql } from "./client.ts";

/** Staff roles, weakest first. */
export type Role = "OPERATOR" | "MANAGER" | "ADMIN";

/** A staff member with secret hashes, for login. */
export interface StaffRow {
  id: number;
  orq: number;
  username: string;
  name: string;
  role: Role;
  platform_admin: boolean;
  password_hash: string | null;
  pin_hash: string | null;
  disabled: boolean;
  token_version: number;
}

/** The staff member with this username (case-insensitive), or null. */
export async function findStaffByUsername(
  sql: Sql,
  username: string,
): Promise<StaffRow | null> {
  const rows = await sql.query<StaffRow>(
    `SELECT id, orq, username, name, role, platform_admin, password_hash, pin_hash,
            disabled, token_version
       FROM staff WHERE lower(username) = lower($1)`,
    [username],
  );
  return rows[0] ?? null;
}

/** A new staff member; null when the username is taken. */
export async function createStaff(
  sql: Sql,
  s: {
    orq: number;
    username: string;
    name: string;
    role: Role;
    password_hash: string | null;
    pin_hash: string | null;
    platform_admin?: boolean;
  },
): Promise<
  { id: number; username: string; name: string; role: Role; orq: number } | null
> {
  const rows = await sql.query<
    { id: number; username: string; name: string; role: Role; orq: number }
  >(
    `INSERT INTO staff (orq, username, name, role, password_hash, pin_hash, platform_admin)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT DO NOTHING
     RETURNING id, username, name, role, orq`,
    [
      s.orq,
      s.username,
      s.name,
      s.role,
      s.password_hash,
      s.pin_hash,
      s.platform_admin ?? false,
    ],
  );
  return rows[0] ?? null;
}

/**
 * Creates the platform administrator, or gives it the new password hash
 * and bumps its token version, so tokens signed before stop. Its new state
 * when an existing account changed (for other instances to hear), else null.
 * An organization's staff account of the same name is never promoted (the
 * start refuses it first: lib/startup.ts bootstrap).
 */
export async function upsertPlatformAdmin(
  sql: Sql,
  a: { username: string; password_hash: string },
): Promise<{ id: number; tv: number; disabled: boolean } | null> {
  // The platform administrator signs in with its password only.
  const updated = await sql.query<
    { id: number; tv: number; disabled: boolean }
  >(
    `UPDATE staff SET password_hash = $2, pin_hash = NULL, role = 'ADMIN',
            token_version = token_version + 1, updated_at = now()
      WHERE lower(username) = lower($1) AND platform_admin
     RETURNING id, token_version AS tv, disabled`,
    [a.username, a.password_hash],
  );
  if (updated.length > 0) return updated[0];
  await sql.query(
    `INSERT INTO staff (orq, username, name, role, password_hash, platform_admin)
     VALUES (1, $1, 'Platform administrator', 'ADMIN', $2, true)
     ON CONFLICT DO NOTHING`,
    [a.username, a.password_hash],
  );
  return null;
}
