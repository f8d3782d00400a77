import { Hono } from "hono";
import { AppError } from "../../domain/errors.ts";
import type { Context } from "hono";
import { deleteCookie, getCookie } from "hono/cookie";
import { decodeJwt } from "jose";
import type { ApiEnv, AppDeps } from "../deps.ts";
import { renderPage } from "../../components/PageShell.tsx";
import { Island } from "../../components/Island.tsx";
import { type Principal, TOKEN_COOKIE } from "../../lib/auth.ts";
import OperatorLogin from "../../islands/OperatorLogin.tsx";
import OperatorScanner, {
  type ScannerProps,
} from "../../islands/OperatorScanner.tsx";
import { LOGIN_TO_SCAN, SCAN_PATH } from "../../components/operator/session.ts";
import { scannerAppRoutes } from "./scanner_app.ts";

/** The manager's dashboard, the one page outside `/operator/` a login may lead to. */
export const MANAGER_PATH = "/manager";

/** Whether `path` is the back office or one of its sections. */
function isAdminPath(path: string | undefined): boolean {
  return !!path && /^\/admin(\/[a-z]+)?$/.test(path);
}

/** Where the login may send the operator next: pages under `/operator/`, or the dashboard. */
function safeNext(next: string | undefined): string {
  if (next === MANAGER_PATH || isAdminPath(next)) return next!;
  return next && /^\/operator\/[a-z][a-z/-]*$/.test(next) ? next : SCAN_PATH;
}

/** The signed-in staff member of the login cookie and when it expires, or null. */
export async function signedIn(
  deps: AppDeps,
  c: Context,
): Promise<{ who: Principal; expiresAt: string } | null> {
  const token = getCookie(c, TOKEN_COOKIE);
  if (!token) return null;
  try {
    const who = await deps.tokens.verify(token, deps.clock());
    const exp = decodeJwt(token).exp ?? 0;
    return { who, expiresAt: new Date(exp * 1000).toISOString() };
  } catch {
    return null; // expired or not ours: the login page says what to do
  }
}

/**
 * `/operator`: the door staff's login and scanner. The scanner page checks
 * the login cookie before rendering (the API stays the authority on every
 * call); `POST /operator/logout` forgets it.
 */
export function operatorPageRoutes(deps: AppDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();

  app.get("/", (c) => c.redirect(SCAN_PATH));
  app.route("/", scannerAppRoutes());

  app.get("/login", (c) => {
    const next = safeNext(c.req.query("next"));
    const manager = next === MANAGER_PATH;
    const office = isAdminPath(next);
    return renderPage(
      c,
      {
        title: office
          ? "Sign in · Back office"
          : manager
          ? "Sign in · Venue dashboard"
          : "Sign in · Door scanner",
        kind: "operator",
      },
      <div class="operator-page">
        <p class="brand">
          <a href="/">Timed entry</a>
        </p>
        <h1>
          {office
            ? "Back office sign in"
            : manager
            ? "Manager sign in"
            : "Door staff sign in"}
        </h1>
        <Island
          name="OperatorLogin"
          component={OperatorLogin}
          props={{ next }}
        />
      </div>,
    );
  });

  app.get("/scan", async (c) => {
    const session = await signedIn(deps, c);
    if (!session) return c.redirect(LOGIN_TO_SCAN);
    const org = await deps.orgs.get(session.who.orq);
    const props: ScannerProps = {
      operator: {
        id: session.who.id,
        name: session.who.name,
        role: session.who.role,
      },
      expiresAt: session.expiresAt,
      now: deps.clock().toISOString(),
      checkInOnScan: org?.settings.check_in_on_scan ?? false,
    };
    return renderPage(
      c,
      { title: "Scan tickets · Door scanner", kind: "operator" },
      <Island
        name="OperatorScanner"
        component={OperatorScanner}
        props={props}
      />,
    );
  });

  // JSON only, like every cookie-signed request other than GET: a JSON body
  // forces a CORS preflight, so another site cannot sign a venue's staff out.
  app.post("/logout", (c) => {
    const type = c.req.header("content-type") ?? "";
    if (!/^application\/json\s*(;|$)/i.test(type)) {
      throw new AppError("FORBIDDEN", {
        message: "Sign out with a JSON request.",
      });
    }
    deleteCookie(c, TOKEN_COOKIE, { path: "/" });
    // The dashboard's sign-out leads back to its own login.
    const back = c.req.query("next");
    const next = back === MANAGER_PATH || isAdminPath(back)
      ? `/operator/login?next=${encodeURIComponent(back!)}`
      : "/operator/login";
    return c.json({ next });
  });

  return app;
}
