/**
 * `/admin`: the venue's back office. Each section is a server-rendered
 * frame (venue, nav by role, sign-out) around one island that talks to the
 * JSON API with the login cookie; the API stays the authority on every call.
 * No valid login → the staff login, which comes back here; door staff, and
 * managers on an administrator's section, get a page that says so.
 */
import { Hono } from "hono";
import type { ComponentType } from "preact";
import type { ApiEnv, AppDeps } from "../deps.ts";
import { renderPage } from "../../components/PageShell.tsx";
import { Island } from "../../components/Island.tsx";
import { catalogueFor } from "../../lib/catalogue.ts";
import { signedIn } from "./operator.tsx";
import type { AdminProps } from "../../components/admin/types.ts";
import { AdminShell, mayOpen, SECTIONS } from "./admin/shell.tsx";
import { listOrganizations } from "../../db/organizations.ts";
import AdminSlots from "../../islands/AdminSlots.tsx";
import AdminTickets from "../../islands/AdminTickets.tsx";
import AdminReservations from "../../islands/AdminReservations.tsx";
import AdminStaff from "../../islands/AdminStaff.tsx";
import AdminSettings from "../../islands/AdminSettings.tsx";
import AdminAudit from "../../islands/AdminAudit.tsx";
import AdminOrganizations from "../../islands/AdminOrganizations.tsx";

/** Each section's island and page title. */
const PAGES: Record<
  string,
  { island: string; component: ComponentType<AdminProps>; title: string }
> = {
  slots: { island: "AdminSlots", component: AdminSlots, title: "Slots" },
  tickets: {
    island: "AdminTickets",
    component: AdminTickets,
    title: "Tickets",
  },
  reservations: {
    island: "AdminReservations",
    component: AdminReservations,
    title: "Reservations",
  },
  staff: { island: "AdminStaff", component: AdminStaff, title: "Staff" },
  settings: {
    island: "AdminSettings",
    component: AdminSettings,
    title: "Settings",
  },
  audit: { island: "AdminAudit", component: AdminAudit, title: "Audit log" },
  organizations: {
    island: "AdminOrganizations",
    component: AdminOrganizations,
    title: "Organizations",
  },
};

/** The login page that comes back to `path`. */
export function loginTo(path: string): string {
  return `/operator/login?next=${encodeURIComponent(path)}`;
}

/**
 * The organization a platform administrator's `?orq=` names: `home` when
 * absent, null when it is not an organization number.
 */
function chosenOrq(raw: string | undefined, home: number): number | null {
  if (raw === undefined || raw === "") return home;
  if (!/^[1-9]\d{0,8}$/.test(raw)) return null;
  return Number(raw);
}

/** `/admin` and its sections. */
export function adminPageRoutes(deps: AppDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();

  app.get("/", async (c) => {
    const session = await signedIn(deps, c);
    if (!session) return c.redirect(loginTo("/admin"));
    const role = session.who.role;
    const orq = c.req.query("orq");
    return c.redirect(
      (role === "ADMIN" ? "/admin/slots" : "/admin/reservations") +
        (orq ? `?orq=${encodeURIComponent(orq)}` : ""),
    );
  });

  app.get("/:section", async (c) => {
    const path = c.req.param("section");
    const section = SECTIONS.find((s) => s.path === path);
    if (!section) return c.notFound();
    const session = await signedIn(deps, c);
    if (!session) return c.redirect(loginTo(`/admin/${path}`));
    const { who } = session;
    // The platform administrator may work in any organization (`?orq=`);
    // everyone else in their own, whatever the address says.
    const orq = who.platformAdmin
      ? chosenOrq(c.req.query("orq"), who.orq)
      : who.orq;
    if (orq === null) return c.notFound();
    const org = await deps.orgs.get(orq);
    if (!org && orq !== who.orq) return c.notFound();
    const venue = org?.name ?? `Organization ${orq}`;
    const switcher = who.platformAdmin
      ? { orgs: await listOrganizations(deps.db), current: orq, home: who.orq }
      : undefined;
    const page = PAGES[path];
    if (
      who.role === "OPERATOR" || !mayOpen(section, who.role, who.platformAdmin)
    ) {
      return renderPage(
        c,
        { title: `Not allowed · ${page.title}`, kind: "admin", status: 403 },
        <AdminShell
          venue={venue}
          who={who.name}
          role={who.role}
          platformAdmin={who.platformAdmin}
          current={path}
          switcher={switcher}
          title="Not allowed"
        >
          <div class="alert" role="alert">
            <p>
              <strong>{page.title}</strong> is for{" "}
              {section.platformOnly
                ? "the platform administrator"
                : "administrators"}. You are signed in as {who.name}{" "}
              ({who.role.toLowerCase()}).
            </p>
            <p>
              <a href={loginTo(`/admin/${path}`)}>Sign in as someone else</a>
              {who.role === "OPERATOR" && (
                <>
                  {" "}or <a href="/operator/scan">go to the door scanner</a>
                </>
              )}
            </p>
          </div>
        </AdminShell>,
      );
    }
    const now = await deps.zonedNow(orq);
    const props: AdminProps = {
      orq,
      role: who.role === "ADMIN" ? "ADMIN" : "MANAGER",
      today: now.date,
      timezone: org?.timezone ?? "UTC",
      ...(page.island === "AdminReservations"
        ? { i18n: catalogueFor("en", ["portal"]) }
        : {}),
    };
    return renderPage(
      c,
      { title: `${page.title} · ${venue} · Back office`, kind: "admin" },
      <AdminShell
        venue={venue}
        who={who.name}
        role={who.role}
        platformAdmin={who.platformAdmin}
        current={path}
        switcher={switcher}
        title={page.title}
      >
        <Island name={page.island} component={page.component} props={props} />
      </AdminShell>,
    );
  });

  return app;
}
