/** The back office's sign-out button: a JSON `POST /operator/logout`, as the cookie rule asks. */
import { hydrateIsland } from "../components/hydrate.ts";
import { signOut } from "../components/sign_out.ts";

/** The island's JSON props. */
export interface SignOutProps {
  /** The back-office page to come back to after signing in again. */
  next: string;
}

/** A form whose submit signs out and goes to the login page. */
export default function AdminSignOut(props: SignOutProps) {
  return (
    <form
      method="post"
      action={`/operator/logout?next=${encodeURIComponent(props.next)}`}
      onSubmit={(e) => signOut(e, props.next)}
    >
      <button type="submit" class="button">Sign out</button>
    </form>
  );
}

if (typeof document !== "undefined") {
  hydrateIsland("AdminSignOut", AdminSignOut);
}
