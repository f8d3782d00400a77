/** The environment of the benchmark's subprocesses. */

/** Environment for a subprocess: ours, minus anything that changes the app. */
export function childEnv(
  extra: Record<string, string>,
): Record<string, string> {
  const env = Deno.env.toObject();
  for (
    const k of [
      "DATABASE_URL",
      "REDIS_URL",
      "SMTP_URL",
      "API_KEYS",
      "ADMIN_USERNAME",
      "ADMIN_PASSWORD",
      "TRUST_PROXY",
      "HOST",
      "PUBLIC_URL",
      "DB_POOL_MAX",
      "ORG_TIMEZONE",
    ]
  ) delete env[k];
  return { ...env, ...extra };
}
