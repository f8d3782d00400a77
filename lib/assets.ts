/** Versioned URLs for files under `static/`, so browsers may cache them for a year. */

const STATIC_ROOT = "./static";
const versions = new Map<string, string>();

/** FNV-1a over the bytes, in base 36: a short fingerprint of a file's content. */
function fingerprint(bytes: Uint8Array): string {
  let h = 0x811c9dc5;
  for (const b of bytes) h = Math.imul(h ^ b, 0x01000193);
  return (h >>> 0).toString(36);
}

/**
 * `/static/<path>?v=<fingerprint>` for a file under `static/` (e.g.
 * `build/ReservePortal.js`); without `?v=` while the file is missing, e.g.
 * before the first build. The fingerprint is read once per process: the
 * `start` and `dev` tasks build before they serve.
 */
export function assetUrl(path: string): string {
  let v = versions.get(path);
  if (v === undefined) {
    try {
      v = fingerprint(Deno.readFileSync(`${STATIC_ROOT}/${path}`));
      versions.set(path, v);
    } catch {
      return `/static/${path}`;
    }
  }
  return `/static/${path}?v=${v}`;
}
