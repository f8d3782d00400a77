import { Hono } from "hono";
import type { Context } from "hono";
import { renderToString } from "preact-render-to-string";
import type { ComponentChildren } from "preact";
import type { ApiEnv, AppDeps } from "../deps.ts";
import { Layout } from "../../components/Layout.tsx";
import { Island } from "../../components/Island.tsx";
import { PAGE_CSP } from "./reserve.tsx";
import { MANAGER_PATH, signedIn } from "./operator.tsx";
import { dashboardSummary } from "../../db/dashboard.ts";
import { dashboardMetrics } from "../../lib/dashboard_metrics.ts";
import LiveDashboard, {
  type DashboardProps,
} from "../../islands/LiveDashboard.tsx";
import { Icon } from "../../components/manager/Icons.tsx";
import { LOGIN_TO_DASHBOARD } from "../../components/manager/api.ts";

/** Roles in words for the refusal page. */
const ROLE_TEXT: Record<string, string> = {
  OPERATOR: "door staff",
  MANAGER: "manager",
  ADMIN: "administrator",
};

function page(
  c: Context,
  title: string,
  children: ComponentChildren,
  status: 200 | 403 = 200,
) {
  c.header("cache-control", "no-store");
  c.header("content-security-policy", PAGE_CSP);
  return c.html(
    "<!doctype html>" + renderToString(
      <Layout title={title} styles={["manager.css"]}>{children}</Layout>,
    ),
    status,
  );
}

/**
 * `/manager`: the venue dashboard for managers and administrators. No valid
 * login cookie → the login page, which comes back here; door staff get a
 * page that says this is not theirs, and where to go instead.
 */
export function managerPageRoutes(deps: AppDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();

  app.get("/", async (c) => {
    const session = await signedIn(deps, c);
    if (!session) return c.redirect(LOGIN_TO_DASHBOARD);
    const { who } = session;
    if (who.role === "OPERATOR") {
      return page(
        c,
        "Not allowed · Venue dashboard",
        <NotAllowed name={who.name} role={who.role} />,
        403,
      );
    }
    const orq = who.orq;
    const now = await deps.zonedNow(orq);
    const org = await deps.orgs.get(orq);
    const [summary, metrics] = await Promise.all([
      dashboardSummary(deps.db, { orq, date: now.date, instant: deps.clock() }),
      dashboardMetrics(deps, orq),
    ]);
    const props: DashboardProps = {
      orq,
      org: org?.name ?? `Organization ${orq}`,
      timezone: now.timezone,
      manager: { name: who.name, role: who.role },
      now: deps.clock().toISOString(),
      summary,
      metrics,
    };
    return page(
      c,
      "Venue dashboard · Timed entry",
      <div class="dashboard-page">
        <Island name="LiveDashboard" component={LiveDashboard} props={props} />
      </div>,
    );
  });

  return app;
}

/** For a signed-in member of staff whose role does not open the dashboard. */
function NotAllowed(props: { name: string; role: string }) {
  return (
    <div class="not-allowed">
      <p class="brand">
        <a href="/">Timed entry</a>
      </p>
      <div class="panel refusal">
        <Icon kind="critical" size={40} />
        <div>
          <h1>Not allowed</h1>
          <p class="lead">
            The venue dashboard is for managers and administrators. You are
            signed in as <strong>{props.name}</strong>{" "}
            ({ROLE_TEXT[props.role] ?? props.role}).
          </p>
          <ul class="actions">
            <li>
              <a class="button primary" href="/operator/scan">
                Go to the door scanner
              </a>
            </li>
            <li>
              <a
                class="button"
                href={`/operator/login?next=${
                  encodeURIComponent(MANAGER_PATH)
                }`}
              >
                Sign in as someone else
              </a>
            </li>
          </ul>
        </div>
      </div>
    </div>
  );
}
