/** What the login form says about each failure. */
import type { OperatorError } from "./api.ts";

/** "4 min 05 s", "45 s". */
export function waitText(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  if (s < 60) return `${s} s`;
  return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, "0")} s`;
}

/** The heading and sentence for a failed sign-in (the wait is shown apart). */
export function loginProblem(
  e: OperatorError,
  mode: "password" | "pin",
): { title: string; text: string } {
  const secret = mode === "pin" ? "PIN" : "password";
  switch (e.code) {
    case "INVALID_CREDENTIALS":
      return {
        title: "Sign-in failed",
        text:
          `The username or ${secret} is not correct. Check them and try again.`,
      };
    case "PASSWORD_REQUIRED":
      return {
        title: "Use your password",
        text:
          "Managers and admins sign in with their password, not a PIN. Choose Password and try again.",
      };
    case "LOGIN_THROTTLED":
      return {
        title: "Too many failed sign-ins",
        text:
          "For safety, this username is paused on this device for a while. Ask a supervisor if you forgot your " +
          `${secret}.`,
      };
    case "VALIDATION_FAILED":
      return {
        title: "Check the form",
        text: mode === "pin"
          ? "Enter your username and a PIN of 4 to 12 digits."
          : "Enter your username and password.",
      };
    case "NETWORK":
      return {
        title: "No connection",
        text: "The server could not be reached. Check the network and retry.",
      };
    default:
      return { title: "Sign-in failed", text: `${e.message} (${e.code})` };
  }
}
