/**
 * Ends the browser's sign-in: `POST /operator/logout` with a JSON body, as
 * the cookie rule asks (a cross-site form cannot send one), then goes where
 * the server says. Used by the scanner's and the dashboard's sign-out forms.
 */
export async function signOut(event: Event, next?: string): Promise<void> {
  event.preventDefault();
  const query = next ? `?next=${encodeURIComponent(next)}` : "";
  let to = "/operator/login";
  try {
    const res = await fetch(`/operator/logout${query}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
      credentials: "same-origin",
    });
    const body = await res.json();
    if (typeof body.next === "string" && body.next.startsWith("/")) {
      to = body.next;
    }
  } catch {
    // Offline: the login page still opens from the cache or says why.
  }
  location.assign(to);
}
