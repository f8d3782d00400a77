/**
 * The QR images (PNG and SVG) of reservations, each version rendered once
 * and kept in a bounded LRU: drawing a QR code takes the one JS thread for
 * milliseconds, so repeated requests for it must not each draw it again.
 * One instance per app, passed in through its deps.
 */
import QRCode from "qrcode";
import { formatTicketCode } from "../domain/ticket_code.ts";

/**
 * The QR payload of a ticket: its signed payload (upper-case base32, so the
 * QR uses alphanumeric mode), or, until it is signed, its code in groups of
 * four.
 */
export function qrPayload(code: string, signed?: string | null): string {
  return signed ?? formatTicketCode(code);
}

/** The two formats the QR routes serve. */
export type QrFormat = "png" | "svg";

/** A rendered image and its strong ETag (a hash of its bytes). */
export interface QrImage {
  body: Uint8Array<ArrayBuffer>;
  etag: string;
}

/** Options for {@link QrImages}. */
export interface QrImagesOptions {
  /** Most images kept; default 2,000. */
  maxEntries?: number;
  /** Most bytes kept; default 32 MiB. */
  maxBytes?: number;
}

/** Rendered QR images by reservation id, version and format. */
export class QrImages {
  #done = new Map<string, QrImage>();
  #pending = new Map<string, Promise<QrImage>>();
  #bytes = 0;
  #maxEntries: number;
  #maxBytes: number;
  /** How many images were drawn (a render counter for tests and metrics). */
  renders = 0;

  constructor(opts: QrImagesOptions = {}) {
    this.#maxEntries = opts.maxEntries ?? 2_000;
    this.#maxBytes = opts.maxBytes ?? 32 * 1024 * 1024;
  }

  /** Images kept now. */
  get size(): number {
    return this.#done.size;
  }

  /**
   * The image of reservation `id` at `version` in `format`, encoding
   * `payload`; drawn only if not kept. Requests that arrive while it is
   * being drawn share that one drawing.
   */
  get(
    r: { id: number; version: number },
    format: QrFormat,
    payload: string,
  ): Promise<QrImage> {
    const key = `${r.id}:${r.version}:${format}`;
    const kept = this.#done.get(key);
    if (kept) {
      // Most recently used goes last; the first is evicted first.
      this.#done.delete(key);
      this.#done.set(key, kept);
      return Promise.resolve(kept);
    }
    let pending = this.#pending.get(key);
    if (!pending) {
      pending = this.#render(format, payload).then((image) => {
        this.#keep(key, image);
        return image;
      }).finally(() => this.#pending.delete(key));
      this.#pending.set(key, pending);
    }
    return pending;
  }

  async #render(format: QrFormat, payload: string): Promise<QrImage> {
    this.renders++;
    const body = format === "png"
      ? new Uint8Array(
        await QRCode.toBuffer(payload, {
          type: "png",
          errorCorrectionLevel: "M",
          margin: 2,
          width: 512,
          // One PNG filter (Up) instead of pngjs trying all five per row:
          // several times faster to draw, and it decodes the same.
          rendererOpts: { filterType: 2 },
        }),
      )
      : new TextEncoder().encode(
        await QRCode.toString(payload, {
          type: "svg",
          errorCorrectionLevel: "M",
          margin: 2,
        }),
      );
    const hash = new Uint8Array(await crypto.subtle.digest("SHA-256", body));
    const etag = `"${
      btoa(String.fromCharCode(...hash.subarray(0, 16))).replace(/=+$/, "")
    }"`;
    return { body, etag };
  }

  #keep(key: string, image: QrImage): void {
    if (image.body.byteLength > this.#maxBytes) return;
    this.#done.set(key, image);
    this.#bytes += image.body.byteLength;
    for (const [old, kept] of this.#done) {
      if (
        this.#done.size <= this.#maxEntries && this.#bytes <= this.#maxBytes
      ) {
        break;
      }
      this.#done.delete(old);
      this.#bytes -= kept.body.byteLength;
    }
  }
}
