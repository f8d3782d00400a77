/**
 * Constant-time comparison of secrets (API keys, `METRICS_TOKEN`, link
 * tokens): any strings, of any length or alphabet, compare without throwing.
 */

/** Whether two secrets are equal, in time that depends only on their lengths. */
export function sameSecret(a: string, b: string): boolean {
  const x = new TextEncoder().encode(a), y = new TextEncoder().encode(b);
  if (x.length !== y.length) return false;
  let diff = 0;
  for (let i = 0; i < x.length; i++) diff |= x[i] ^ y[i];
  return diff === 0;
}
