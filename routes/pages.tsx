import { Hono } from "hono";
import type { ApiEnv, AppDeps } from "./deps.ts";
import { staticRoutes } from "./static.ts";
import { homeRoutes } from "./pages/home.tsx";
import { reserveRoutes } from "./pages/reserve.tsx";
import { ticketPageRoutes } from "./pages/ticket.tsx";
import { reserveGroupRoutes } from "./pages/reserve_group.tsx";
import { reserveGroupFormRoutes } from "./pages/reserve_group_form.tsx";
import { waitlistClaimRoutes } from "./pages/waitlist_claim.tsx";
import { waitlistClaimFormRoutes } from "./pages/waitlist_claim_form.tsx";
import { waitlistJoinFormRoutes } from "./pages/waitlist_join_form.tsx";
import { waitlistLeaveFormRoutes } from "./pages/waitlist_leave_form.tsx";
import { managePageRoutes } from "./pages/manage.tsx";
import { manageFormRoutes } from "./pages/manage_forms.tsx";
import { operatorPageRoutes } from "./pages/operator.tsx";
import { managerPageRoutes } from "./pages/manager.tsx";
import { adminPageRoutes } from "./pages/admin.tsx";

/** Server-rendered pages and their static files. The scanner and dashboard join here. */
export function pageRoutes(deps: AppDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.route("/static", staticRoutes());
  app.route("/reserve", ticketPageRoutes(deps));
  app.route("/reserve/group", reserveGroupRoutes(deps));
  app.route("/reserve/group", reserveGroupFormRoutes(deps));
  app.route("/reserve/claim", waitlistClaimRoutes());
  app.route("/reserve/claim", waitlistClaimFormRoutes(deps));
  app.route("/reserve/waitlist", waitlistJoinFormRoutes(deps));
  app.route("/reserve/waitlist", waitlistLeaveFormRoutes(deps));
  app.route("/reserve/manage", managePageRoutes(deps));
  app.route("/reserve/manage", manageFormRoutes(deps));
  app.route("/reserve", reserveRoutes(deps));
  app.route("/operator", operatorPageRoutes(deps));
  app.route("/manager", managerPageRoutes(deps));
  app.route("/admin", adminPageRoutes(deps));
  app.route("/", homeRoutes());
  return app;
}
