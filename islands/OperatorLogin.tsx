/**
 * `/operator/login`: username with a password or a PIN. The server's answer
 * sets the HttpOnly login cookie; this tab remembers who signed in, then
 * goes on to `next` (the scanner).
 */
import { useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import { hydrateIsland } from "../components/hydrate.ts";
import { login, type OperatorError } from "../components/operator/api.ts";
import {
  loginProblem,
  waitText,
} from "../components/operator/login_messages.ts";
import {
  peekPendingCode,
  readSession,
  saveSession,
} from "../components/operator/session.ts";

/** The island's JSON props. */
export interface LoginProps {
  /** A path under `/operator/` to go to after signing in. */
  next: string;
}

type Mode = "password" | "pin";

/** The sign-in form with its password/PIN toggle. */
export default function OperatorLogin(props: LoginProps) {
  const mode = useSignal<Mode>("password");
  const busy = useSignal(false);
  const error = useSignal<OperatorError | null>(null);
  const until = useSignal(0);
  const now = useSignal(0);
  const kept = useSignal(false);
  const username = useRef<HTMLInputElement>(null);
  const secret = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const last = readSession();
    if (last?.username && username.current && !username.current.value) {
      username.current.value = last.username;
    }
    kept.value = peekPendingCode() !== "";
  }, []);

  useEffect(() => {
    // Count the throttle's wait down once a second.
    if (until.value <= Date.now()) return;
    now.value = Date.now();
    const t = setInterval(() => {
      now.value = Date.now();
      if (now.value >= until.value) clearInterval(t);
    }, 1000);
    return () => clearInterval(t);
  }, [until.value]);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy.value) return;
    const name = username.current?.value.trim() ?? "";
    const typed = secret.current?.value ?? "";
    const bad = !name || !typed ||
      (mode.value === "pin" && !/^\d{4,12}$/.test(typed));
    if (bad) {
      error.value = { status: 400, code: "VALIDATION_FAILED", message: "" };
      (name ? secret : username).current?.focus();
      return;
    }
    busy.value = true;
    error.value = null;
    const r = await login(
      name,
      mode.value === "pin" ? { pin: typed } : { password: typed },
    );
    if (r.ok) {
      saveSession({
        username: name,
        name: r.data.operator.name,
        expires_at: r.data.expires_at,
      });
      location.assign(props.next);
      return;
    }
    busy.value = false;
    error.value = r.error;
    if (r.error.retryAfter) {
      until.value = Date.now() + r.error.retryAfter * 1000;
    }
    if (secret.current) secret.current.value = "";
    secret.current?.focus();
  };

  const problem = error.value ? loginProblem(error.value, mode.value) : null;
  const waiting = error.value?.code === "LOGIN_THROTTLED" &&
    until.value > now.value;
  const pin = mode.value === "pin";
  return (
    <form class="login panel" noValidate onSubmit={submit}>
      {kept.value && (
        <p class="note">
          Your sign-in ran out. Sign in again: the code you typed is kept.
        </p>
      )}
      {problem && (
        <div class="alert" role="alert" data-code={error.value!.code}>
          <h2>{problem.title}</h2>
          <p>{problem.text}</p>
          {waiting && (
            <p class="wait" aria-live="off">
              Try again in{" "}
              <strong>{waitText((until.value - now.value) / 1000)}</strong>.
            </p>
          )}
        </div>
      )}
      <fieldset class="mode">
        <legend>Sign in with</legend>
        <div class="segmented">
          {(["password", "pin"] as const).map((m) => (
            <span key={m}>
              <input
                type="radio"
                id={`mode-${m}`}
                name="mode"
                value={m}
                checked={mode.value === m}
                onChange={() => {
                  mode.value = m;
                  error.value = null;
                  if (secret.current) secret.current.value = "";
                }}
              />
              <label for={`mode-${m}`}>
                {m === "pin" ? "PIN" : "Password"}
              </label>
            </span>
          ))}
        </div>
      </fieldset>
      <div class="field">
        <label for="username">Username</label>
        <input
          id="username"
          ref={username}
          type="text"
          autocomplete="username"
          autocapitalize="none"
          spellcheck={false}
        />
      </div>
      <div class="field">
        <label for="secret">{pin ? "PIN" : "Password"}</label>
        {pin && <p class="hint" id="secret-hint">4 to 12 digits.</p>}
        <input
          id="secret"
          ref={secret}
          type="password"
          inputMode={pin ? "numeric" : undefined}
          autocomplete={pin ? "off" : "current-password"}
          aria-describedby={pin ? "secret-hint" : undefined}
        />
      </div>
      <button type="submit" class="button primary block" disabled={busy.value}>
        {busy.value ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}

if (typeof document !== "undefined") {
  hydrateIsland("OperatorLogin", OperatorLogin);
}
