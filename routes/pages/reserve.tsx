import { Hono } from "hono";
import type { ApiEnv, AppDeps } from "../deps.ts";
import type { PortalProps } from "../../components/portal/state.ts";
import { checkTicket, portalVenue, renderPortal } from "./reserve_page.tsx";
import { postReserveStep } from "./reserve_form.tsx";

export { PORTAL_NAMESPACES } from "./reserve_page.tsx";

/**
 * `/reserve`: the customer portal. A `?code=` from an email link is checked
 * here, before rendering (with the same rate limit as the API), so the page
 * arrives at the right step and hydration changes nothing. Without
 * JavaScript each step is posted here (reserve_form.tsx).
 */
export function reserveRoutes(deps: AppDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.get("/", async (c) => {
    const typed = (c.req.query("code") ?? "").trim().slice(0, 200);
    const props: PortalProps = {
      now: deps.clock().toISOString(),
      code: typed,
      ticket: null,
      problem: null,
      ...(typed ? await checkTicket(deps, c, typed) : {}),
    };
    props.venue = await portalVenue(deps, props.ticket?.orq ?? null);
    return renderPortal(c, props);
  });
  app.post("/", (c) => postReserveStep(deps, c));
  return app;
}
