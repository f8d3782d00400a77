import type { Sql } from "./client.ts";

/**
 * The stored value of `key`, storing `make()` first if there is none. Every
 * instance on one database thus shares, say, the same generated JWT secret.
 */
export async function settingOrCreate(
  sql: Sql,
  key: string,
  make: () => string,
): Promise<string> {
  await sql.query(
    "INSERT INTO app_settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING",
    [key, make()],
  );
  const rows = await sql.query<{ value: string }>(
    "SELECT value FROM app_settings WHERE key = $1",
    [key],
  );
  return rows[0].value;
}
