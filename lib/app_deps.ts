/**
 * The HTTP layer's dependencies: their type and the one place they are
 * built (per process and database; `main.ts` or a test calls `buildDeps`).
 */
import type { Db } from "../db/client.ts";
import { OrganizationCache } from "../db/organizations.ts";
import { createStore, type Store } from "../db/store.ts";
import type { SigningThread } from "../db/signing_thread.ts";
import type { Config } from "./config.ts";
import { type AuthDeps, Tokens } from "./auth.ts";
import { Limiter, limiterStore } from "./rate_limit.ts";
import { LoginGuard } from "./login_guard.ts";
import { AvailabilityCache } from "./availability_cache.ts";
import { type Clock, type ZonedNow, zonedNow } from "../domain/clock.ts";
import { AppError } from "../domain/errors.ts";
import { type DayFacts, LiveEvents } from "./live/hub.ts";
import { occupancyNow } from "./dashboard_summary.ts";
import { Metrics } from "./metrics.ts";
import { ReservationLinks } from "./reservation_links.ts";
import { QrImages } from "./qr_images.ts";
import type { Timers } from "./timers.ts";
import { StaffVersions } from "./staff_versions.ts";
import { ScannedCodes } from "./signed_scan.ts";
import { RequestsInFlight } from "./requests_in_flight.ts";

/** Timing of the dashboard streams. */
export interface StreamOptions {
  /** Between heartbeat comments; default 15 s. */
  heartbeatMs?: number;
  /**
   * Longest a stream stays open, to within one heartbeat; default 30 min. The
   * browser reconnects at once and signs in again with its cookie, so an
   * expired login stops there.
   */
  maxStreamMs?: number;
  /** Writes a client may leave unread before it is dropped; default 1000. */
  maxBacklog?: number;
  /** Streams one sign-in may keep open on this instance; default 10 (API.md). */
  maxStreamsPerToken?: number;
  /** The heartbeat and time-limit timers (tests drive them by hand). */
  timers?: Timers;
}

/** Everything the HTTP layer needs, built once by {@link buildDeps}. */
export interface AppDeps {
  db: Db;
  /** The database with this process's batched reads, batcher and hints. */
  store: Store;
  config: Config;
  clock: Clock;
  orgs: OrganizationCache;
  tokens: Tokens;
  auth: AuthDeps;
  /** Staff token versions: revocation across instances (lib/staff_versions.ts). */
  versions: StaffVersions;
  limits: {
    reserve: Limiter;
    validate: Limiter;
    /** Lookup, QR and calendar files, per client address. */
    lookup: Limiter;
    /** The customer's "send my confirmation again", per ticket code. */
    resend: Limiter;
    /** Offline sync uploads, per staff member (API.md: 30 a minute). */
    sync: Limiter;
    /** Offline kits, per staff member (API.md: 30 a minute). */
    offlineKit: Limiter;
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
  /** Short-lived answers. */
  caches: { availability: AvailabilityCache };
  /** HTTP requests being handled now (the mail thread sends in the pauses). */
  inFlight: RequestsInFlight;
  /** Signs and checks the tokens of QR and calendar URLs. */
  links: ReservationLinks;
  /** Each reservation version's QR images, drawn once. */
  qrImages: QrImages;
  /** Scanned text to stored codes, verifying signed QR payloads. */
  scannedCodes: ScannedCodes;
  /** Closes the shared rate-limit store's connection, if any. */
  closeLimits?: () => void;
  /** Called after a reservation commits (main.ts: wakes the mail worker). */
  onReservation?: () => void;
  /** Live dashboard events; routes call `live.changed(...)` after a commit. */
  live: LiveEvents;
  /** Prometheus metrics and recent activity of this instance. */
  metrics: Metrics;
  /** Timing of the dashboard streams (tests shorten the heartbeat). */
  dashboardStream?: StreamOptions;
}

/** The HTTP layer's dependencies. */
export function buildDeps(
  db: Db,
  config: Config,
  opts: { clock: Clock; jwtSecret: string; signer?: SigningThread | null },
): AppDeps {
  const orgs = new OrganizationCache(db);
  const tokens = new Tokens(opts.jwtSecret);
  const versions = new StaffVersions(db);
  const limitStore = limiterStore(config.redisUrl, config.redisPrefix);
  const live = new LiveEvents(db, {
    day: dayFacts({ db, orgs, clock: opts.clock }),
  });
  return {
    db,
    store: createStore(db, { signer: opts.signer }),
    config,
    clock: opts.clock,
    orgs,
    tokens,
    auth: { tokens, apiKeys: config.apiKeys, now: opts.clock, versions },
    versions,
    limits: {
      reserve: new Limiter(config.rateLimitReservePerMin, 60, {
        store: limitStore,
        prefix: "reserve",
      }),
      validate: new Limiter(config.rateLimitValidatePerMin, 60, {
        store: limitStore,
        prefix: "validate",
      }),
      lookup: new Limiter(config.rateLimitLookupPerMin, 60, {
        store: limitStore,
        prefix: "lookup",
      }),
      // API.md: at most 3 an hour per ticket, whatever the address.
      resend: new Limiter(3, 3600, { store: limitStore, prefix: "resend" }),
      sync: new Limiter(30, 60, { store: limitStore, prefix: "sync" }),
      offlineKit: new Limiter(30, 60, { store: limitStore, prefix: "kit" }),
    },
    loginGuard: new LoginGuard({ store: limitStore }),
    zonedNow: async (orq, instant) => {
      const org = await orgs.get(orq);
      if (!org) throw new AppError("ORG_NOT_FOUND");
      return {
        ...zonedNow(instant ?? opts.clock(), org.timezone),
        timezone: org.timezone,
      };
    },
    trustProxy: config.trustProxy,
    caches: { availability: new AvailabilityCache(config.availabilityCacheMs) },
    inFlight: new RequestsInFlight(),
    links: new ReservationLinks(opts.jwtSecret),
    qrImages: new QrImages(),
    scannedCodes: new ScannedCodes(db),
    live,
    metrics: new Metrics({
      db,
      sseClients: () => live.clients,
      now: opts.clock,
    }),
    closeLimits: () => {
      limitStore.redis?.disconnect();
    },
  };
}

/** What the live hub reads of an organization's day (lib/live/hub.ts). */
export function dayFacts(
  deps: Pick<AppDeps, "db" | "orgs" | "clock">,
): DayFacts {
  return {
    today: async (orq) => {
      const org = await deps.orgs.get(orq);
      return org ? zonedNow(deps.clock(), org.timezone).date : null;
    },
    occupancy: (orq) => occupancyNow(deps, orq),
  };
}
