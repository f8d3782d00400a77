/** The parts every back-office form shares: fields with their messages, the problem box, the live result line. */
import type { ComponentChildren, PartialInputHTMLAttributes } from "preact";
import { useSignal } from "@preact/signals";
import { type ApiError, fieldErrors, type Result } from "./api.ts";
import { explain } from "./messages.ts";

/**
 * Moves focus after a failure, the one rule of every back-office form: to
 * the first field under `root` that shows a message (`aria-invalid`: the
 * fields named in `details.fields` that the form has), else to the problem
 * box, whose sentence explains the rest. After the render (a turn later).
 */
export function focusProblem(root: HTMLElement | null | undefined): void {
  setTimeout(() => {
    const el = root?.querySelector<HTMLElement>(
      "[aria-invalid=true]:not(:disabled)",
    ) ?? root?.querySelector<HTMLElement>(".adm-problem");
    el?.focus();
  }, 0);
}

/** The state of one form's request: busy, its error, its result line. */
export function useAction() {
  const busy = useSignal(false);
  const error = useSignal<ApiError | null>(null);
  const done = useSignal("");
  /** Runs `request` once at a time; on failure keeps the error and moves focus under `root`. */
  async function run<T>(
    request: () => Promise<Result<T>>,
    root?: HTMLElement | null,
  ): Promise<Result<T> | null> {
    if (busy.value) return null;
    busy.value = true;
    error.value = null;
    done.value = "";
    const r = await request();
    busy.value = false;
    if (!r.ok) {
      error.value = r.error;
      focusProblem(root);
    }
    return r;
  }
  /** A failure found before sending (same look as the server's). */
  function refuse(fields: Record<string, string>, root?: HTMLElement | null) {
    error.value = {
      status: 400,
      code: "VALIDATION_FAILED",
      message: "",
      details: { fields },
    };
    done.value = "";
    focusProblem(root);
  }
  return {
    busy,
    error,
    done,
    run,
    refuse,
    get fields() {
      return fieldErrors(error.value);
    },
  };
}

type InputProps =
  & Omit<
    PartialInputHTMLAttributes<HTMLInputElement>,
    "id" | "name" | "role" | "type"
  >
  & { type?: string };

/** A labelled input; `error` (the API's message for `name`) goes below it and onto `aria-invalid`. */
export function Field(
  props: InputProps & {
    id: string;
    name: string;
    label: string;
    hint?: string;
    error?: string;
    extra?: ComponentChildren;
  },
) {
  const { id, name, label, hint, error, extra, type, ...rest } = props;
  const described = [hint && `${id}-hint`, error && `${id}-error`]
    .filter(Boolean).join(" ") || undefined;
  return (
    <div class="field adm-field">
      <label for={id}>{label}</label>
      {hint && <p class="hint" id={`${id}-hint`}>{hint}</p>}
      <input
        {...(rest as Record<string, unknown>)}
        type={(type ?? "text") as "text"}
        id={id}
        name={name}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={described}
      />
      {error && <p class="field-error" id={`${id}-error`}>{error}</p>}
      {extra}
    </div>
  );
}

/** A labelled select with the same message placement as {@link Field}. */
export function SelectField(props: {
  id: string;
  name: string;
  label: string;
  options: [string, string][];
  value?: string;
  hint?: string;
  error?: string;
  onChange?: (value: string) => void;
}) {
  const { id, error, hint } = props;
  const described = [hint && `${id}-hint`, error && `${id}-error`]
    .filter(Boolean).join(" ") || undefined;
  return (
    <div class="field adm-field">
      <label for={id}>{props.label}</label>
      {hint && <p class="hint" id={`${id}-hint`}>{hint}</p>}
      <select
        id={id}
        name={props.name}
        value={props.value}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={described}
        onChange={(e) => props.onChange?.(e.currentTarget.value)}
      >
        {props.options.map(([v, text]) => (
          <option key={v} value={v} selected={v === props.value}>{text}</option>
        ))}
      </select>
      {error && <p class="field-error" id={`${id}-error`}>{error}</p>}
    </div>
  );
}

/**
 * The error box of a form (focusable, announced): our sentence for the
 * code, the code itself, and field messages no field of the form shows.
 */
export function Problem(
  props: { error: ApiError | null; shown?: string[]; extra?: string },
) {
  const e = props.error;
  if (!e) return null;
  const shown = new Set(props.shown ?? []);
  const rest = Object.entries(fieldErrors(e)).filter(([k]) => !shown.has(k));
  return (
    <div
      class="alert adm-problem"
      role="alert"
      tabIndex={-1}
      data-code={e.code}
    >
      <p>
        <strong>{explain(e)}</strong>
        {props.extra && <>{" "}{props.extra}</>}{" "}
        <span class="adm-code">({e.code})</span>
      </p>
      {rest.length > 0 && (
        <ul>
          {rest.map(([k, v]) => <li key={k}>{k}: {v}</li>)}
        </ul>
      )}
      {e.code === "UNAUTHORIZED" && (
        <p>
          <a
            href={`/operator/login?next=${
              encodeURIComponent(location.pathname)
            }`}
          >
            Sign in again
          </a>
        </p>
      )}
    </div>
  );
}

/** The polite live line where results are announced; always rendered so that changes are read out. */
export function Live(props: { text: string; id?: string }) {
  return (
    <p class="adm-live" aria-live="polite" role="status" id={props.id}>
      {props.text}
    </p>
  );
}

/** A submit button that is disabled and says so while its request runs. */
export function Submit(
  props: {
    busy: boolean;
    label: string;
    busyLabel?: string;
    primary?: boolean;
  },
) {
  return (
    <button
      type="submit"
      class={`button${props.primary === false ? "" : " primary"}`}
      disabled={props.busy}
      aria-busy={props.busy ? "true" : undefined}
    >
      {props.busy ? props.busyLabel ?? "Working…" : props.label}
    </button>
  );
}

/** The trimmed text of a form's field (empty string when absent). */
export function text(form: HTMLFormElement, name: string): string {
  const v = new FormData(form).get(name);
  return typeof v === "string" ? v.trim() : "";
}
