/** Small helpers that make the scenarios' request inputs. */

/** A copy of `xs` in random order (Fisher–Yates). */
export function shuffled<T>(xs: T[]): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

/** A distinct Dutch mobile number for request `i`, as stored (`+316…`). */
export function phone(i: number): string {
  return `+316${String(10_000_000 + i).slice(-8)}`;
}
