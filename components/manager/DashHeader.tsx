import { Icon } from "./Icons.tsx";
import type { Connection } from "./live.ts";
import { signOut } from "../sign_out.ts";

const CONNECTION: Record<
  Connection,
  { icon: "live" | "reconnecting" | "offline"; text: string }
> = {
  connecting: { icon: "reconnecting", text: "Connecting…" },
  live: { icon: "live", text: "Live" },
  reconnecting: { icon: "reconnecting", text: "Reconnecting…" },
  offline: { icon: "offline", text: "Offline, retrying" },
};

/** The venue's name, who is signed in, the live indicator and sign-out. */
export function DashHeader(props: {
  org: string;
  timezone: string;
  name: string;
  connection: Connection;
}) {
  const c = CONNECTION[props.connection];
  return (
    <header class="dash-header">
      <div class="dash-title">
        <p class="brand">
          <a href="/">Timed entry</a>
        </p>
        <h1 data-venue>{props.org}</h1>
        <p class="dash-sub">
          Venue dashboard · times in {props.timezone} · signed in as{" "}
          <span class="dash-who">{props.name}</span>
        </p>
      </div>
      <div class="dash-tools">
        <a class="button" href="/admin">Back office</a>
        <p
          class={`conn conn-${props.connection}`}
          role="status"
          data-connection={props.connection}
        >
          <Icon kind={c.icon} size={18} />
          <span>{c.text}</span>
        </p>
        <form
          method="post"
          action="/operator/logout?next=%2Fmanager"
          onSubmit={(e) => signOut(e, "/manager")}
        >
          <button type="submit" class="button">Sign out</button>
        </form>
      </div>
    </header>
  );
}
