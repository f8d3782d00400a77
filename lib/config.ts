/** Settings from the environment (API.md "Running"). */
export interface Config {
  port: number;
  host: string;
  databaseUrl: string | null;
  dataDir: string;
  adminUsername: string | null;
  adminPassword: string | null;
  orgTimezone: string;
  demo: boolean;
  jwtSecret: string | null;
  rateLimitReservePerMin: number;
  rateLimitValidatePerMin: number;
  redisUrl: string | null;
  smtpUrl: string | null;
  mailFrom: string;
  publicUrl: string;
  /** Whether people reach the app over https (`PUBLIC_URL`): Secure cookies, HSTS. */
  https: boolean;
  apiKeys: { orq: number; key: string }[];
  dbPoolMax: number;
  /** How long an availability answer may be reused; 0 turns caching off. */
  availabilityCacheMs: number;
  /** Proxies in front that append to `X-Forwarded-For` (0: the socket's address). */
  trustProxy: number;
  /** Bearer token `/metrics` requires; null: `/metrics` answers 404. */
  metricsToken: string | null;
  /** Lookup, QR and calendar requests a minute per client address; 0 off. */
  rateLimitLookupPerMin: number;
  /** Prefix of the shared rate-limit keys in Redis. */
  redisPrefix: string;
  /** Whether the story's events are logged as JSON lines (`LOG_EVENTS=0` silences them). */
  logEvents: boolean;
  /** Where backups are written (`BACKUP_DIR`; default `DATA_DIR/backups`). */
  backupDir: string;
  /** Time between scheduled backups (`BACKUP_EVERY`, e.g. "6h"); null: none. */
  backupEveryMs: number | null;
  /** Scheduled backups kept in `backupDir`, newest first (`BACKUP_KEEP`). */
  backupKeep: number;
  /** Bearer token of `POST /ops/backup` (`BACKUP_TOKEN`); see lib/backup_token.ts. */
  backupToken: string | null;
  /** Encrypts the signing keys' private parts (`SIGNING_KEY_SECRET`); null: a development default. */
  signingKeySecret: string | null;
}

/** Milliseconds of a duration such as "90s", "30m", "6h" or "1d"; null when empty. */
export function parseDuration(value: string | undefined): number | null {
  if (value === undefined || value.trim() === "") return null;
  const m = /^\s*(\d+)\s*(s|m|h|d)\s*$/.exec(value);
  const unit = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
  if (!m || Number(m[1]) === 0) {
    throw new Error(
      `Cannot read duration "${value}": expected e.g. 30m, 6h or 1d`,
    );
  }
  return Number(m[1]) * unit[m[2] as keyof typeof unit];
}

function num(value: string | undefined, fallback: number): number {
  if (value === undefined || value.trim() === "") return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) {
    throw new Error(`Cannot read number "${value}" from the environment`);
  }
  return n;
}

/** Parses `API_KEYS` (`orq:key,...`). */
export function parseApiKeys(text: string | undefined): Config["apiKeys"] {
  if (!text) return [];
  return text.split(",").map((s) => s.trim()).filter(Boolean).map((pair) => {
    const i = pair.indexOf(":");
    const orq = Number(pair.slice(0, i));
    const key = pair.slice(i + 1);
    if (i < 1 || !Number.isInteger(orq) || key.length < 16) {
      throw new Error(
        `Cannot read API key "${
          pair.slice(0, 6)
        }…": expected orq:key with a key of 16+ characters`,
      );
    }
    return { orq, key };
  });
}

/** The configuration from `env` (default: the process environment). */
export function loadConfig(
  env: Record<string, string | undefined> = Deno.env.toObject(),
): Config {
  const port = num(env.PORT, 8000);
  const host = env.HOST || "127.0.0.1";
  const databaseUrl = env.DATABASE_URL || null;
  const publicUrl = (env.PUBLIC_URL || `http://${host}:${port}`).replace(
    /\/$/,
    "",
  );
  return {
    port,
    host,
    databaseUrl,
    dataDir: env.DATA_DIR || "./data",
    adminUsername: env.ADMIN_USERNAME || null,
    adminPassword: env.ADMIN_PASSWORD || null,
    orgTimezone: env.ORG_TIMEZONE || "UTC",
    demo: (env.DEMO ?? (databaseUrl ? "0" : "1")) === "1",
    jwtSecret: env.JWT_SECRET || null,
    rateLimitReservePerMin: num(env.RATE_LIMIT_RESERVE_PER_MIN, 10),
    rateLimitValidatePerMin: num(env.RATE_LIMIT_VALIDATE_PER_MIN, 100),
    redisUrl: env.REDIS_URL || null,
    smtpUrl: env.SMTP_URL || null,
    mailFrom: env.MAIL_FROM || "Timed entry <no-reply@localhost>",
    publicUrl,
    https: publicUrl.startsWith("https://"),
    apiKeys: parseApiKeys(env.API_KEYS),
    dbPoolMax: num(env.DB_POOL_MAX, 20),
    availabilityCacheMs: num(env.AVAILABILITY_CACHE_MS, 1000),
    trustProxy: Math.floor(num(env.TRUST_PROXY, 0)),
    metricsToken: env.METRICS_TOKEN || null,
    rateLimitLookupPerMin: num(env.RATE_LIMIT_LOOKUP_PER_MIN, 60),
    redisPrefix: env.REDIS_PREFIX || "te",
    logEvents: env.LOG_EVENTS !== "0",
    backupDir: env.BACKUP_DIR || `${env.DATA_DIR || "./data"}/backups`,
    backupEveryMs: parseDuration(env.BACKUP_EVERY),
    backupKeep: Math.max(1, Math.floor(num(env.BACKUP_KEEP, 14))),
    backupToken: env.BACKUP_TOKEN || null,
    signingKeySecret: env.SIGNING_KEY_SECRET || null,
  };
}
