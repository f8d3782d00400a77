/** Decodes 8-bit PNGs (grey, RGB, RGBA: what `qrcode` writes) to RGBA pixels. */
import { inflateSync } from "node:zlib";
import jsQRImport from "jsqr";

const jsQR = jsQRImport as unknown as (
  data: Uint8ClampedArray,
  width: number,
  height: number,
) => { data: string } | null;

/** Pixels as jsQR takes them. */
export interface Rgba {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];

/** Whether `bytes` start with the PNG signature. */
export function isPng(bytes: Uint8Array): boolean {
  return SIGNATURE.every((b, i) => bytes[i] === b);
}

/** The image in `bytes`; throws for anything but a non-interlaced 8-bit grey/RGB/RGBA PNG. */
export function decodePng(bytes: Uint8Array): Rgba {
  if (!isPng(bytes)) throw new Error("Cannot decode PNG: bad signature");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let width = 0, height = 0, channels = 0;
  const idat: Uint8Array[] = [];
  for (let p = 8; p < bytes.length;) {
    const len = view.getUint32(p);
    const type = new TextDecoder().decode(bytes.subarray(p + 4, p + 8));
    const data = bytes.subarray(p + 8, p + 8 + len);
    if (type === "IHDR") {
      width = view.getUint32(p + 8);
      height = view.getUint32(p + 12);
      const [depth, color, , , interlace] = data.subarray(8, 13);
      channels = ({ 0: 1, 2: 3, 6: 4 } as Record<number, number>)[color] ?? 0;
      if (depth !== 8 || !channels || interlace !== 0) {
        throw new Error(
          `Cannot decode PNG: depth ${depth}, colour type ${color}, interlace ${interlace}`,
        );
      }
    } else if (type === "IDAT") idat.push(data);
    else if (type === "IEND") break;
    p += 12 + len;
  }
  const raw = new Uint8Array(inflateSync(concat(idat)));
  const stride = width * channels;
  const pixels = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const out = pixels.subarray(y * stride, (y + 1) * stride);
    const prev = y > 0 ? pixels.subarray((y - 1) * stride, y * stride) : null;
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? out[i - channels] : 0;
      const b = prev ? prev[i] : 0;
      const c = prev && i >= channels ? prev[i - channels] : 0;
      out[i] = line[i] + predict(filter, a, b, c);
    }
  }
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    const s = pixels.subarray(i * channels, (i + 1) * channels);
    data.set(
      channels === 1
        ? [s[0], s[0], s[0], 255]
        : [s[0], s[1], s[2], s[3] ?? 255],
      i * 4,
    );
  }
  return { width, height, data };
}

function predict(filter: number, a: number, b: number, c: number): number {
  switch (filter) {
    case 0:
      return 0;
    case 1:
      return a;
    case 2:
      return b;
    case 3:
      return (a + b) >> 1;
    case 4: {
      const p = a + b - c;
      const pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
      return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
    default:
      throw new Error(`Cannot decode PNG: filter type ${filter}`);
  }
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let i = 0;
  for (const c of chunks) {
    out.set(c, i);
    i += c.length;
  }
  return out;
}

/** The text of the QR code in the PNG `bytes`, or null when none is found. */
export function qrTextOfPng(bytes: Uint8Array): string | null {
  const img = decodePng(bytes);
  return jsQR(img.data, img.width, img.height)?.data ?? null;
}
