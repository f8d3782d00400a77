/**
 * QR payload signing off the HTTP thread: a Web Worker (db/signing_worker.ts)
 * signs the payloads of a booking or reschedule batch while the server's JS
 * thread goes on with requests. Ed25519 is deterministic, so the thread's
 * signatures are the bytes db/payload_signer.ts makes in process. Anything
 * that goes wrong (the worker cannot start, dies, or a key will not load)
 * rejects, and the caller signs in process instead.
 */
import type { Signed } from "../domain/ticket_signature.ts";
import type { SignedClaims } from "../domain/signed_payload.ts";

/** One payload to sign: the key (its id and PKCS #8 bytes) and the claims. */
export interface SignRequest {
  keyId: string;
  pkcs8: Uint8Array;
  claims: SignedClaims;
}

/** A signed payload as the thread returns it (null: that one failed). */
export type ThreadSigned = Pick<Signed, "text" | "h"> | null;

/**
 * What the main thread sends: a numbered list of payloads, each with its
 * key's handle; a key's bytes go once, with the first list that uses it.
 */
export interface ToSigner {
  id: number;
  keys: [handle: number, pkcs8: Uint8Array][];
  items: [handle: number, claims: SignedClaims][];
}

/** What the worker answers: the signed payloads of request `id`, in order. */
export interface FromSigner {
  id: number;
  signed: ThreadSigned[];
}

/** How long a batch's signing may take in the thread (it takes < 1 ms). */
const SIGN_TIMEOUT_MS = 2000;

/** Signs payload lists in a thread of its own. */
export class SigningThread {
  #worker: Worker | null;
  #next = 1;
  #pending = new Map<
    number,
    { resolve: (s: ThreadSigned[]) => void; reject: (e: Error) => void }
  >();

  #onFail?: (reason: string) => void;
  /** Handles of the keys the thread has, by key id. */
  #handles = new Map<string, number>();

  /**
   * Starts the thread. `onFail`: told why, once, when it stops working
   * (not when closed); `moduleUrl`: the worker's module (tests).
   */
  constructor(
    opts: { onFail?: (reason: string) => void; moduleUrl?: string } = {},
  ) {
    this.#onFail = opts.onFail;
    this.#worker = new Worker(
      opts.moduleUrl ?? new URL("./signing_worker.ts", import.meta.url).href,
      { type: "module", name: "signer" },
    );
    this.#worker.addEventListener("message", (e) => {
      const msg = (e as MessageEvent<FromSigner>).data;
      const p = this.#pending.get(msg.id);
      this.#pending.delete(msg.id);
      p?.resolve(msg.signed);
    });
    this.#worker.addEventListener("error", (e) => {
      // Unhandled, an error in a worker would end the process.
      e.preventDefault();
      const err = e as ErrorEvent;
      this.#fail(String(err.error?.message ?? err.message));
    });
    this.#worker.addEventListener("messageerror", () => {
      this.#fail("cannot read the signing thread's answer");
    });
  }

  /** Whether it can still sign (false once it failed or was closed). */
  get running(): boolean {
    return this.#worker !== null;
  }

  /** The signed payloads of `requests`, in order. */
  sign(requests: SignRequest[]): Promise<ThreadSigned[]> {
    if (!this.#worker) {
      return Promise.reject(new Error("the signing thread is not running"));
    }
    const id = this.#next++;
    const keys: ToSigner["keys"] = [];
    const items = requests.map((r): ToSigner["items"][number] => {
      let handle = this.#handles.get(r.keyId);
      if (handle === undefined) {
        handle = this.#handles.size + 1;
        this.#handles.set(r.keyId, handle);
        keys.push([handle, r.pkcs8]);
      }
      return [handle, r.claims];
    });
    return new Promise((resolve, reject) => {
      // A thread that does not answer in time: the caller signs in process
      // (an answer that comes later is dropped).
      const late = setTimeout(() => {
        this.#pending.delete(id);
        reject(new Error("the signing thread did not answer in time"));
      }, SIGN_TIMEOUT_MS);
      this.#pending.set(id, {
        resolve: (s) => {
          clearTimeout(late);
          resolve(s);
        },
        reject: (e) => {
          clearTimeout(late);
          reject(e);
        },
      });
      this.#worker!.postMessage({ id, keys, items } satisfies ToSigner);
    });
  }

  /** Stops the thread; signing still pending is rejected. */
  close(): void {
    this.#onFail = undefined;
    this.#fail("the signing thread was closed");
  }

  #fail(reason: string) {
    if (this.#worker) this.#onFail?.(reason);
    this.#worker?.terminate();
    this.#worker = null;
    for (const p of this.#pending.values()) p.reject(new Error(reason));
    this.#pending.clear();
  }
}
