/** The back office's frame (server-rendered): venue name, sections by role, the dashboard link, sign-out. */
import type { ComponentChildren } from "preact";
import { Island } from "../../../components/Island.tsx";
import AdminSignOut from "../../../islands/AdminSignOut.tsx";

/** A section of the back office. */
export interface Section {
  path: string;
  label: string;
  /** The lowest role that sees it. */
  role: "MANAGER" | "ADMIN";
  platformOnly?: boolean;
}

/** The sections in nav order. */
export const SECTIONS: Section[] = [
  { path: "slots", label: "Slots", role: "MANAGER" },
  { path: "tickets", label: "Tickets", role: "ADMIN" },
  { path: "reservations", label: "Reservations", role: "MANAGER" },
  { path: "staff", label: "Staff", role: "ADMIN" },
  { path: "settings", label: "Settings", role: "ADMIN" },
  { path: "audit", label: "Audit", role: "ADMIN" },
  {
    path: "organizations",
    label: "Organizations",
    role: "ADMIN",
    platformOnly: true,
  },
];

/** Whether someone with `role` (and platform rights or not) may open `s`. */
export function mayOpen(
  s: Section,
  role: string,
  platformAdmin: boolean,
): boolean {
  if (s.platformOnly) return platformAdmin;
  return role === "ADMIN" || (role === "MANAGER" && s.role === "MANAGER");
}

/** The platform administrator's organizations and the one the page is for. */
export interface OrgSwitcher {
  orgs: { orq: number; name: string }[];
  /** The organization the page works in. */
  current: number;
  /** The administrator's own organization (no `?orq=` needed). */
  home: number;
}

/** Header, nav and the page's content. */
export function AdminShell(props: {
  venue: string;
  who: string;
  role: string;
  platformAdmin: boolean;
  current: string;
  title: string;
  /** The platform administrator's organization switcher. */
  switcher?: OrgSwitcher;
  children: ComponentChildren;
}) {
  const sections = SECTIONS.filter((s) =>
    mayOpen(s, props.role, props.platformAdmin)
  );
  const sw = props.switcher;
  // Away from home, every link keeps the organization chosen.
  const suffix = sw && sw.current !== sw.home ? `?orq=${sw.current}` : "";
  return (
    <div class="adm-page">
      <header class="adm-header">
        <div class="adm-title">
          <p class="brand">
            <a href="/">Timed entry</a>
          </p>
          <p class="adm-venue">
            <strong>{props.venue}</strong> · back office
          </p>
          <p class="adm-who">
            Signed in as {props.who} ({props.role.toLowerCase()})
          </p>
        </div>
        <div class="adm-tools">
          <a class="button" href="/manager">Live dashboard</a>
          <Island
            name="AdminSignOut"
            component={AdminSignOut}
            props={{ next: `/admin/${props.current}${suffix}` }}
          />
        </div>
      </header>
      {sw && <SwitchOrganization switcher={sw} section={props.current} />}
      <nav class="adm-nav" aria-label="Back office">
        <ul>
          {sections.map((s) => (
            <li key={s.path}>
              <a
                href={`/admin/${s.path}${suffix}`}
                aria-current={s.path === props.current ? "page" : undefined}
              >
                {s.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <h1>{props.title}</h1>
      {props.children}
    </div>
  );
}

/**
 * The platform administrator's choice of organization: a plain GET form
 * (no script needed) that opens the same section for the one chosen.
 */
function SwitchOrganization(props: { switcher: OrgSwitcher; section: string }) {
  const { orgs, current } = props.switcher;
  return (
    <form
      class="adm-switch"
      method="get"
      action={`/admin/${props.section}`}
      data-org-switcher
    >
      <label for="adm-switch-orq">Organization</label>
      <select id="adm-switch-orq" name="orq">
        {orgs.map((o) => (
          <option
            key={o.orq}
            value={String(o.orq)}
            selected={o.orq === current}
          >
            {o.orq}: {o.name}
          </option>
        ))}
      </select>
      <button type="submit" class="button">Switch</button>
    </form>
  );
}
