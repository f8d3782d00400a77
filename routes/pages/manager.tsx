import { Hono } from "hono";
import type { ApiEnv, AppDeps } from "../deps.ts";
import { renderPage } from "../../components/PageShell.tsx";
import { Island } from "../../components/Island.tsx";
import { MANAGER_PATH, signedIn } from "./operator.tsx";
import { dashboardDay } from "../../lib/dashboard_metrics.ts";
import LiveDashboard, {
  type DashboardProps,
} from "../../islands/LiveDashboard.tsx";
import { Icon } from "../../components/manager/Icons.tsx";
import { LOGIN_TO_DASHBOARD } from "../../components/manager/api.ts";
import { dashboardSummary } from "../../lib/dashboard_summary.ts";
import { dateField } from "../api/fields.ts";

/** Roles in words for the refusal page. */
const ROLE_TEXT: Record<string, string> = {
  OPERATOR: "door staff",
  MANAGER: "manager",
  ADMIN: "administrator",
};

/**
 * `/manager` (`?date=YYYY-MM-DD` for another day): the venue dashboard for
 * managers and administrators. No valid login cookie → the login page, which
 * comes back here; door staff get a page that says this is not theirs, and
 * where to go instead. A date that cannot be read shows today.
 */
export function managerPageRoutes(deps: AppDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();

  app.get("/", async (c) => {
    const session = await signedIn(deps, c);
    if (!session) return c.redirect(LOGIN_TO_DASHBOARD);
    const { who } = session;
    if (who.role === "OPERATOR") {
      return renderPage(
        c,
        {
          title: "Not allowed · Venue dashboard",
          kind: "manager",
          status: 403,
        },
        <NotAllowed name={who.name} role={who.role} />,
      );
    }
    const orq = who.orq;
    const org = await deps.orgs.get(orq);
    const venue = org?.name ?? `Organization ${orq}`;
    // One reading of the day: the slots and the metrics share its date and instant.
    const { summary, metrics } = await dashboardDay(deps, orq);
    const asked = dateField.safeParse(c.req.query("date"));
    const day = asked.success && asked.data !== summary.date
      ? await dashboardSummary(deps, orq, asked.data)
      : undefined;
    const props: DashboardProps = {
      orq,
      org: venue,
      timezone: metrics.timezone,
      manager: { name: who.name, role: who.role },
      now: metrics.generated_at,
      summary,
      ...(day ? { day } : {}),
      metrics,
    };
    return renderPage(
      c,
      { title: `${venue} · Venue dashboard`, kind: "manager" },
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
