/**
 * HMAC-SHA-256 (RFC 2104) under one fixed key, synchronous: the key's inner
 * and outer pads are hashed once and each message continues a copy of those
 * states. Half the cost of node:crypto's createHmac per call, which sets the
 * key up again every time; the booking answer makes several of these.
 */
import { createHash, type Hash } from "node:crypto";

const BLOCK = 64;

/** HMAC-SHA-256 with a key of at most 64 bytes. */
export class HmacSha256 {
  #inner: Hash;
  #outer: Hash;

  constructor(key: Uint8Array) {
    if (key.length > BLOCK) throw new Error("HMAC key longer than a block");
    const ipad = Buffer.alloc(BLOCK, 0x36);
    const opad = Buffer.alloc(BLOCK, 0x5c);
    key.forEach((b, i) => {
      ipad[i] ^= b;
      opad[i] ^= b;
    });
    this.#inner = createHash("sha256").update(ipad);
    this.#outer = createHash("sha256").update(opad);
  }

  /** The 32-byte MAC of `message` (a string is hashed as UTF-8). */
  digest(message: string | Uint8Array): Buffer {
    const inner = this.#inner.copy().update(message).digest();
    return this.#outer.copy().update(inner).digest();
  }
}
