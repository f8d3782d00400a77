import type { Db } from "../db/client.ts";
import type { OrganizationCache } from "../db/organizations.ts";
import type { Config } from "../lib/config.ts";
import type { Clock, ZonedNow } from "../domain/clock.ts";
import type { AuthDeps, AuthVars } from "../lib/auth.ts";
import type { Limiter } from "../lib/rate_limit.ts";
import type { LoginGuard } from "../lib/login_guard.ts";
import type { Tokens } from "../lib/auth.ts";
import type { TtlCache } from "../lib/ttl_cache.ts";
import type { LiveEvents } from "../lib/live/hub.ts";
import type { Metrics } from "../lib/metrics.ts";
import type { ReservationLinks } from "../lib/reservation_links.ts";
import type { QrImages } from "../lib/qr_images.ts";
import type { StreamOptions } from "./api/dashboard.ts";

/** Everything the HTTP layer needs, built once in `main.ts` (or a test). */
export interface AppDeps {
  db: Db;
  config: Config;
  clock: Clock;
  orgs: OrganizationCache;
  tokens: Tokens;
  auth: AuthDeps;
  limits: {
    reserve: Limiter;
    validate: Limiter;
    /** Lookup, QR and calendar files, per client address. */
    lookup: Limiter;
  };
  /** Login throttle and hash queue (lib/login_guard.ts). */
  loginGuard: LoginGuard;
  /**
   * Wall clock of `orq`'s zone now (or at `instant`); ORG_NOT_FOUND if there
   * is no such organization.
   */
  zonedNow: (
    orq: number,
    instant?: Date,
  ) => Promise<ZonedNow & { timezone: string }>;
  /** Proxies in front that append to `X-Forwarded-For` (lib/http.ts clientAddress). */
  trustProxy: number;
  /** Short-lived answers (see lib/ttl_cache.ts), keyed by `orq|...`. */
  caches: { availability: TtlCache<string> };
  /** Signs and checks the tokens of QR and calendar URLs. */
  links: ReservationLinks;
  /** Each reservation version's QR images, drawn once. */
  qrImages: QrImages;
  /** Closes the shared rate-limit store's connection, if any. */
  closeLimits?: () => void;
  /** Called after a reservation commits (main.ts: wakes the mail worker). */
  onReservation?: () => void;
  /** Live dashboard events; routes call `live.changed(...)` after a commit. */
  live?: LiveEvents;
  /** Prometheus metrics of this instance (`GET /metrics`). */
  metrics?: Metrics;
  /** Timing of the dashboard streams (tests shorten the heartbeat). */
  dashboardStream?: StreamOptions;
}

/** Hono environment of every API router. */
export type ApiEnv = { Variables: AuthVars };
