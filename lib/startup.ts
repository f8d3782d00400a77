import type { Db } from "../db/client.ts";
import { connectPostgres, openPglite } from "../db/client.ts";
import { migrate } from "../db/migrate.ts";
import { ensureFirstOrganization } from "../db/organizations.ts";
import { findStaffByUsername, upsertPlatformAdmin } from "../db/staff.ts";
import { settingOrCreate } from "../db/settings.ts";
import type { Config } from "./config.ts";
import { hashSecret, verifySecret } from "./passwords.ts";
import { announceStaffChange } from "./staff_versions.ts";
import { logEvent } from "./log.ts";
import { isValidTimeZone } from "../domain/clock.ts";
import { prepareSigning } from "./signing_startup.ts";

/** The configured database, migrated. */
export async function openDatabase(config: Config): Promise<Db> {
  let db: Db;
  if (config.databaseUrl) {
    db = connectPostgres(config.databaseUrl, {
      max: config.dbPoolMax,
      log: logEvent,
    });
  } else {
    await Deno.mkdir(config.dataDir, { recursive: true });
    db = await openPglite(`${config.dataDir}/pgdata`);
  }
  await migrate(db);
  return db;
}

/** Organization 1, the platform administrator and the shared JWT secret. */
export async function bootstrap(db: Db, config: Config): Promise<string> {
  if (!isValidTimeZone(config.orgTimezone)) {
    throw new Error(
      `Cannot use ORG_TIMEZONE "${config.orgTimezone}": not an IANA time zone`,
    );
  }
  await ensureFirstOrganization(db, {
    name: "Organization 1",
    timezone: config.orgTimezone,
  });
  if (config.adminUsername) {
    const named = await findStaffByUsername(db, config.adminUsername);
    if (named && !named.platform_admin) {
      throw new Error(
        `Cannot start: ADMIN_USERNAME "${config.adminUsername}" names a staff ` +
          `account of organization ${named.orq}, and an organization's ` +
          `account is never made platform administrator. Set ADMIN_USERNAME ` +
          `to a name no organization uses, or rename that account.`,
      );
    }
  }
  if (config.adminUsername && config.adminPassword) {
    await setPlatformAdmin(db, config.adminUsername, config.adminPassword);
  }
  await prepareSigning(db, config.signingKeySecret);
  return config.jwtSecret ??
    await settingOrCreate(
      db,
      "jwt_secret",
      () =>
        btoa(
          String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))),
        ),
    );
}

/**
 * Creates the platform administrator `username`, or, when its stored hash
 * does not match `password` (ADMIN_PASSWORD changed), sets the new one and
 * signs its older tokens out on every instance. The same password writes
 * nothing, so its tokens stay good across restarts.
 */
async function setPlatformAdmin(
  db: Db,
  username: string,
  password: string,
): Promise<void> {
  const current = await findStaffByUsername(db, username);
  if (
    current?.platform_admin && current.password_hash &&
    await verifySecret(password, current.password_hash)
  ) return;
  const password_hash = await hashSecret(password);
  await db.begin(async (tx) => {
    const changed = await upsertPlatformAdmin(tx, { username, password_hash });
    if (changed) await announceStaffChange(tx, changed);
  });
  logEvent("staff.platform_admin_set", { username, created: !current });
}
