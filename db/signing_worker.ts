/**
 * The signing thread's entry (db/signing_thread.ts): signs each payload with
 * its key, loaded once from the bytes the first list that used it carried.
 */
import type { KeyObject } from "node:crypto";
import { privateKeyOf, signedTextOrNull } from "./payload_signer.ts";
import type { FromSigner, ThreadSigned, ToSigner } from "./signing_thread.ts";

interface WorkerScope {
  postMessage(message: FromSigner): void;
  addEventListener(type: string, listener: (e: Event) => void): void;
}

const scope = globalThis as unknown as WorkerScope;
const keys = new Map<number, KeyObject | null>();

scope.addEventListener("message", (e) => {
  const msg = (e as MessageEvent<ToSigner>).data;
  for (const [handle, pkcs8] of msg.keys) {
    try {
      keys.set(handle, privateKeyOf(pkcs8));
    } catch {
      keys.set(handle, null); // its payloads are signed in process instead
    }
  }
  const signed = msg.items.map(([handle, claims]): ThreadSigned => {
    const key = keys.get(handle);
    return key ? signedTextOrNull(key, claims) : null;
  });
  scope.postMessage({ id: msg.id, signed });
});
