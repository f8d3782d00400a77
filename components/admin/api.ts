/**
 * The back-office API (API.md "Admin", "Organization settings", "Back
 * office (staff)") as the /admin pages' browser code calls it: the login
 * cookie authorises, every request other than GET sends JSON (or `text/csv`
 * for the import), and every failure comes back as the contract's error.
 */

/** The contract's error body, with the HTTP status (0: no answer at all). */
export interface ApiError {
  status: number;
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

/** Either the answer or the contract's error. */
export type Result<T> =
  | { ok: true; status: number; data: T }
  | { ok: false; error: ApiError };

/** A list answer of the back office. */
export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

/** The field messages of a 400 `VALIDATION_FAILED`, keyed by field. */
export function fieldErrors(error: ApiError | null): Record<string, string> {
  const fields = error?.details?.fields;
  if (!fields || typeof fields !== "object") return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(fields as Record<string, unknown>)) {
    out[k] = typeof v === "string" ? v : JSON.stringify(v);
  }
  return out;
}

/** The contract's error from an answer that is not 2xx, whatever its body. */
async function errorOf(res: Response): Promise<ApiError> {
  const text = await res.text().catch(() => "");
  try {
    const body = JSON.parse(text) as { error?: Partial<ApiError> };
    if (body.error?.code) {
      return {
        status: res.status,
        code: body.error.code,
        message: body.error.message ?? "",
        details: body.error.details,
      };
    }
  } catch {
    // not JSON: a route this server does not have yet, or a proxy's page
  }
  return {
    status: res.status,
    code: res.status === 404 ? "NOT_FOUND" : `HTTP_${res.status}`,
    message: res.status === 404
      ? "This server does not offer this yet."
      : `The server answered ${res.status}.`,
  };
}

const NETWORK: ApiError = {
  status: 0,
  code: "NETWORK",
  message: "No answer from the server. Check the connection and try again.",
};

/** One JSON request; never throws. */
export async function api<T>(
  method: "GET" | "POST" | "PATCH" | "DELETE",
  path: string,
  body?: unknown,
): Promise<Result<T>> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: "same-origin",
      cache: "no-store",
      headers: method === "GET" ? { accept: "application/json" } : {
        accept: "application/json",
        "content-type": "application/json",
      },
      body: method === "GET" ? undefined : JSON.stringify(body ?? {}),
    });
  } catch {
    return { ok: false, error: NETWORK };
  }
  if (!res.ok) return { ok: false, error: await errorOf(res) };
  if (res.status === 204 || res.status === 202) {
    await res.body?.cancel();
    return { ok: true, status: res.status, data: {} as T };
  }
  try {
    return { ok: true, status: res.status, data: await res.json() as T };
  } catch {
    return { ok: false, error: { ...NETWORK, status: res.status } };
  }
}

/** A query string of the parameters that have a value. */
export function query(params: Record<string, string | number | undefined>) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== "") q.set(k, String(v));
  }
  return q.toString();
}

/**
 * Uploads `file` as `text/csv` with `XMLHttpRequest`, whose upload events
 * report progress (a fetch body cannot), and reads the JSON answer.
 */
export function uploadCsv<T>(
  path: string,
  file: Blob,
  onProgress: (fraction: number) => void,
): Promise<Result<T>> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", path);
    xhr.withCredentials = true;
    xhr.setRequestHeader("content-type", "text/csv");
    xhr.setRequestHeader("accept", "application/json");
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    xhr.onerror = () => resolve({ ok: false, error: NETWORK });
    xhr.onload = () => {
      const res = new Response(xhr.responseText, { status: xhr.status });
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        try {
          resolve({
            ok: true,
            status: xhr.status,
            data: JSON.parse(xhr.responseText) as T,
          });
        } catch {
          resolve({ ok: false, error: { ...NETWORK, status: xhr.status } });
        }
        return;
      }
      errorOf(res).then((error) => resolve({ ok: false, error }));
    };
    xhr.send(file);
  });
}
