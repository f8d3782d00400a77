import type { AuthVars } from "../lib/auth.ts";

/** Built in lib/app_deps.ts (`buildDeps`); routes take it from here. */
export type { AppDeps } from "../lib/app_deps.ts";

/** Hono environment of every API router. */
export type ApiEnv = { Variables: AuthVars };
