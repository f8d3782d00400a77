import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";

// scrypt cost: N=2^14, r=8, p=1 (about 16 MiB and tens of milliseconds a hash).
const N = 16384, R = 8, P = 1, KEYLEN = 32;

function derive(secret: string, salt: Buffer, n: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(
      secret,
      salt,
      KEYLEN,
      { N: n, r: R, p: P, maxmem: 64 * 1024 * 1024 },
      (err, key) => err ? reject(err) : resolve(key),
    )
  );
}

/** A slow salted hash of a password or PIN: `scrypt$N$salt$hash` (base64). */
export async function hashSecret(secret: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(secret, salt, N);
  return `scrypt$${N}$${salt.toString("base64")}$${key.toString("base64")}`;
}

/** Whether `secret` matches `stored` (constant-time comparison). */
export async function verifySecret(
  secret: string,
  stored: string,
): Promise<boolean> {
  const [scheme, n, salt, hash] = stored.split("$");
  if (scheme !== "scrypt" || !salt || !hash) return false;
  const expected = Buffer.from(hash, "base64");
  const key = await derive(secret, Buffer.from(salt, "base64"), Number(n));
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A hash of nothing anyone knows: checked for unknown users so timing tells nothing. */
export const DUMMY_HASH =
  "scrypt$16384$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
