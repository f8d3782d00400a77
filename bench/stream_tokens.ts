import { decodeJwt } from "jose";
import { type Principal, Tokens } from "../lib/auth.ts";

/** Dashboard streams one sign-in may keep open (API.md "Manager"). */
export const STREAMS_PER_TOKEN = 10;

let issued = 0;

/**
 * `count` sign-ins of the staff member behind `token` that no earlier call
 * made, minted with the app's `secret` (each issued a second before the
 * last), so that a benchmark can open more streams than one sign-in may.
 */
export async function tokenCopies(
  token: string,
  secret: string,
  count: number,
): Promise<string[]> {
  const claims = decodeJwt(token);
  const principal: Principal = {
    kind: "staff",
    id: Number(claims.sub),
    name: String(claims.name ?? ""),
    role: claims.role as Principal["role"],
    orq: Number(claims.orq),
    platformAdmin: claims.pa === true,
  };
  const tokens = new Tokens(secret);
  const now = Date.now();
  const copies: string[] = [];
  for (let i = 0; i < count; i++) {
    const back = ++issued * 1000;
    copies.push((await tokens.sign(principal, new Date(now - back))).token);
  }
  return copies;
}

/** The Authorization header of stream `i`, spreading streams over `tokens`. */
export function streamHeaders(
  tokens: string[],
): (i: number) => Record<string, string> {
  return (i) => ({
    authorization: `Bearer ${tokens[Math.floor(i / STREAMS_PER_TOKEN)]}`,
  });
}
