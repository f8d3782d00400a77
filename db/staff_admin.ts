/** The back office's staff queries: list, lock for a change, update. */
import type { Sql } from "./client.ts";
import type { Role } from "./staff.ts";

/** A staff member as the back office lists it (no secrets). */
export interface StaffItem {
  id: number;
  username: string;
  name: string;
  role: Role;
  disabled: boolean;
  has_password: boolean;
  has_pin: boolean;
}

/** A staff member locked for a change. */
export interface StaffForChange extends StaffItem {
  orq: number;
  platform_admin: boolean;
  token_version: number;
}

const ITEM = `id, username, name, role, disabled,
  password_hash IS NOT NULL AS has_password, pin_hash IS NOT NULL AS has_pin`;

/** An account's token version and `disabled`, or null when it is gone. */
export async function staffVersion(
  sql: Sql,
  id: number,
): Promise<{ id: number; tv: number; disabled: boolean } | null> {
  const rows = await sql.query<{ id: number; tv: number; disabled: boolean }>(
    "SELECT id, token_version AS tv, disabled FROM staff WHERE id = $1",
    [id],
  );
  return rows[0] ?? null;
}

/**
 * `orq`'s staff by name (then id) after the cursor's (name, id), at most
 * `limit` + 1 rows; the platform administrator never shows.
 */
export async function listStaff(
  sql: Sql,
  q: { orq: number; after?: [string, number]; limit: number },
): Promise<StaffItem[]> {
  const params: unknown[] = [q.orq, q.limit + 1];
  let after = "";
  if (q.after) {
    params.push(q.after[0], q.after[1]);
    after = "AND (name, id) > ($3, $4)";
  }
  return await sql.query<StaffItem>(
    `SELECT ${ITEM} FROM staff
      WHERE orq = $1 AND NOT platform_admin ${after}
      ORDER BY name, id LIMIT $2`,
    params,
  );
}

/**
 * Locks staff member `id` and, in the same statement and id order, every
 * ADMIN of its organization, so that two changes that could each leave the
 * organization without an enabled admin run one after the other. Returns
 * the target and the enabled admins as locked (null when there is no such
 * member).
 */
export async function lockStaffForChange(
  sql: Sql,
  id: number,
): Promise<{ target: StaffForChange; enabledAdmins: number[] } | null> {
  const rows = await sql.query<StaffForChange>(
    `SELECT ${ITEM}, orq, platform_admin, token_version FROM staff
      WHERE (id = $1 OR (role = 'ADMIN' AND NOT platform_admin
                         AND orq = (SELECT orq FROM staff WHERE id = $1)))
      ORDER BY id FOR UPDATE`,
    [id],
  );
  const target = rows.find((r) => r.id === id);
  if (!target) return null;
  const enabledAdmins = rows.filter((r) =>
    r.role === "ADMIN" && !r.disabled && !r.platform_admin &&
    r.orq === target.orq
  ).map((r) => r.id);
  return { target, enabledAdmins };
}

/** What a change writes; `undefined` leaves a column as it is. */
export interface StaffUpdate {
  name?: string;
  role?: Role;
  disabled?: boolean;
  /** A new hash, or null to remove. */
  password_hash?: string | null;
  pin_hash?: string | null;
  /** Bumps token_version (role, secret or `disabled` changed). */
  revoke: boolean;
}

/** Writes `u` to staff member `id`; the row after, with its token version. */
export async function updateStaff(
  sql: Sql,
  id: number,
  u: StaffUpdate,
): Promise<StaffForChange> {
  const sets: string[] = ["updated_at = now()"];
  const params: unknown[] = [id];
  for (
    const key of [
      "name",
      "role",
      "disabled",
      "password_hash",
      "pin_hash",
    ] as const
  ) {
    if (u[key] === undefined) continue;
    params.push(u[key]);
    sets.push(`${key} = $${params.length}`);
  }
  if (u.revoke) sets.push("token_version = token_version + 1");
  const rows = await sql.query<StaffForChange>(
    `UPDATE staff SET ${sets.join(", ")} WHERE id = $1
     RETURNING ${ITEM}, orq, platform_admin, token_version`,
    params,
  );
  return rows[0];
}
