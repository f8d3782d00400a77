import { Hono } from "hono";
import type { ApiEnv, AppDeps } from "./deps.ts";
import { AppError, validationFailed } from "../domain/errors.ts";
import { addSecurityHeaders, errorResponse, urlHasNul } from "../lib/http.ts";
import { healthRoutes } from "./api/health.ts";
import { ticketRoutes } from "./api/tickets.ts";
import { ticketAdminRoutes } from "./api/ticket_admin.ts";
import { slotRoutes } from "./api/slots.ts";
import { slotAdminRoutes } from "./api/slots_admin.ts";
import { reservationRoutes } from "./api/reservations.ts";
import { reservationListRoutes } from "./api/reservation_list.ts";
import { reservationStaffRoutes } from "./api/reservation_staff.ts";
import { customerChangeRoutes } from "./api/customer_changes.ts";
import { reservationGroupRoutes } from "./api/reservation_group.ts";
import { manageBookingRoutes } from "./api/manage_booking.ts";
import { operatorRoutes } from "./api/operator.ts";
import { offlineKitRoutes } from "./api/offline_kit.ts";
import { signingKeyRoutes } from "./api/signing_keys.ts";
import { scanRoutes } from "./api/scan.ts";
import { doorSearchRoutes } from "./api/door_search.ts";
import { doorRoutes } from "./api/door.ts";
import { doorSyncRoutes } from "./api/door_sync.ts";
import { dashboardConflictRoutes } from "./api/dashboard_conflicts.ts";
import { organizationRoutes, staffRoutes } from "./api/admin.ts";
import { pageRoutes } from "./pages.tsx";
import { dashboardRoutes } from "./api/dashboard.ts";
import { dashboardMetricsRoutes } from "./api/dashboard_metrics.ts";
import { metricsRoutes } from "./metrics.ts";
import { opsRoutes } from "./ops.ts";
import { openApiRoutes } from "./api/openapi.ts";
import { staffAdminRoutes } from "./api/staff.ts";
import { organizationSettingsRoutes } from "./api/organization_settings.ts";
import { auditRoutes } from "./api/audit.ts";
import { waitlistRoutes } from "./api/waitlist.ts";
import { MemoRouter } from "../lib/memo_router.ts";
import { asServiceUnavailable } from "../db/connection_errors.ts";
import { notFound, redirectTrailingSlash } from "./people_paths.tsx";
import { ticketFileRoutes } from "./api/ticket_files.ts";

/** The whole HTTP surface: API and pages. */
export function createApp(deps: AppDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>({ router: new MemoRouter() });

  app.use("*", deps.metrics.middleware);
  // Added to the response's own headers afterwards: c.header() would make
  // Hono copy the response, and preparing headers before the handler would
  // cost every request a Headers object (bench/app_cpu.ts shows it). Bodies
  // are size-checked where they are read (readJson): a body-limit middleware
  // would cost every request a body stream.
  const hsts = deps.config.https;
  app.use("*", async (c, next) => {
    // PostgreSQL text cannot hold NUL: no route may pass one on.
    if (urlHasNul(c.req.url)) {
      throw validationFailed({ url: "Contains a NUL character" });
    }
    deps.inFlight.enter();
    try {
      await next();
    } finally {
      deps.inFlight.leave();
    }
    addSecurityHeaders(c.res.headers, hsts);
  });
  app.use("*", redirectTrailingSlash);

  app.route("/api/health", healthRoutes(deps));
  app.route("/api/tickets", ticketRoutes(deps));
  app.route("/api/tickets", ticketAdminRoutes(deps));
  app.route("/api/reservation-slots", slotRoutes(deps));
  app.route("/api/reservation-slots", slotAdminRoutes(deps));
  app.route("/api/reservations", reservationListRoutes(deps));
  app.route("/api/reservations", reservationRoutes(deps));
  app.route("/api/reservations", reservationStaffRoutes(deps));
  app.route("/api/reservations", customerChangeRoutes(deps));
  app.route("/api/reservations", ticketFileRoutes(deps));
  app.route("/api/reservations", reservationGroupRoutes(deps));
  app.route("/api/reservations", manageBookingRoutes(deps));
  app.route("/api/operator", operatorRoutes(deps));
  app.route("/api/operator", scanRoutes(deps));
  app.route("/api/operator", doorSearchRoutes(deps));
  app.route("/api/operator", doorRoutes(deps));
  app.route("/api/operator", doorSyncRoutes(deps));
  app.route("/api/organizations", organizationRoutes(deps));
  app.route("/api/staff", staffRoutes(deps));
  app.route("/api/dashboard", dashboardRoutes(deps, deps.dashboardStream));
  app.route("/api/dashboard", dashboardMetricsRoutes(deps));
  app.route("/api/dashboard", dashboardConflictRoutes(deps));
  app.route("/metrics", metricsRoutes(deps));
  app.route("/ops", opsRoutes(deps));
  app.route("/api/staff", staffAdminRoutes(deps));
  app.route("/api/organizations", organizationSettingsRoutes(deps));
  app.route("/api/audit", auditRoutes(deps));
  app.route("/api/waitlist", waitlistRoutes(deps));
  app.route("/api/operator", offlineKitRoutes(deps));
  app.route("/api/organizations", signingKeyRoutes(deps));
  app.route("/api", openApiRoutes());
  app.route("/", pageRoutes(deps));

  app.notFound(notFound);
  app.onError((thrown) => {
    // A database that cannot be reached: 503 with Retry-After, never a 500.
    const err = asServiceUnavailable(thrown);
    if (err instanceof AppError) return errorResponse(err);
    console.error(JSON.stringify({
      ts: new Date().toISOString(),
      event: "http.error",
      error: String(err),
      stack: err instanceof Error ? err.stack : undefined,
    }));
    return errorResponse(new AppError("INTERNAL"));
  });
  return app;
}
