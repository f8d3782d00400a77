import type { Db } from "../db/client.ts";
import { connectPostgres, openPglite } from "../db/client.ts";
import { migrate } from "../db/migrate.ts";
import {
  ensureFirstOrganization,
  OrganizationCache,
} from "../db/organizations.ts";
import { findStaffByUsername, upsertPlatformAdmin } from "../db/staff.ts";
import { settingOrCreate } from "../db/settings.ts";
import type { Config } from "./config.ts";
import type { AppDeps } from "../routes/deps.ts";
import { Tokens } from "./auth.ts";
import { Limiter, limiterStore } from "./rate_limit.ts";
import { LoginGuard } from "./login_guard.ts";
import { TtlCache } from "./ttl_cache.ts";
import { hashSecret } from "./passwords.ts";
import { type Clock, isValidTimeZone, zonedNow } from "../domain/clock.ts";
import { AppError } from "../domain/errors.ts";
import { LiveEvents } from "./live/hub.ts";
import { Metrics } from "./metrics.ts";
import { ReservationLinks } from "./reservation_links.ts";
import { QrImages } from "./qr_images.ts";

/** The configured database, migrated. */
export async function openDatabase(config: Config): Promise<Db> {
  let db: Db;
  if (config.databaseUrl) {
    db = connectPostgres(config.databaseUrl, { max: config.dbPoolMax });
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
    await upsertPlatformAdmin(db, {
      username: config.adminUsername,
      password_hash: await hashSecret(config.adminPassword),
    });
  }
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

/** The HTTP layer's dependencies. */
export function buildDeps(
  db: Db,
  config: Config,
  opts: { clock: Clock; jwtSecret: string },
): AppDeps {
  const orgs = new OrganizationCache(db);
  const tokens = new Tokens(opts.jwtSecret);
  const store = limiterStore(config.redisUrl, config.redisPrefix);
  const live = new LiveEvents(db);
  return {
    db,
    config,
    clock: opts.clock,
    orgs,
    tokens,
    auth: { tokens, apiKeys: config.apiKeys, now: opts.clock },
    limits: {
      reserve: new Limiter(config.rateLimitReservePerMin, 60, {
        store,
        prefix: "reserve",
      }),
      validate: new Limiter(config.rateLimitValidatePerMin, 60, {
        store,
        prefix: "validate",
      }),
      lookup: new Limiter(config.rateLimitLookupPerMin, 60, {
        store,
        prefix: "lookup",
      }),
    },
    loginGuard: new LoginGuard({ store }),
    zonedNow: async (orq, instant) => {
      const org = await orgs.get(orq);
      if (!org) throw new AppError("ORG_NOT_FOUND");
      return {
        ...zonedNow(instant ?? opts.clock(), org.timezone),
        timezone: org.timezone,
      };
    },
    trustProxy: config.trustProxy,
    caches: { availability: new TtlCache(config.availabilityCacheMs) },
    links: new ReservationLinks(opts.jwtSecret),
    qrImages: new QrImages(),
    live,
    metrics: new Metrics({
      db,
      sseClients: () => live.clients,
      now: opts.clock,
    }),
    closeLimits: () => {
      store.redis?.disconnect();
    },
  };
}
