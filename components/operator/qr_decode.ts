/**
 * Reads a QR code from a video frame: the browser's `BarcodeDetector` where
 * it exists (Android Chrome), jsQR on a downscaled canvas copy otherwise
 * (desktop and Linux Chromium, Safari, Firefox).
 */
import jsQRImport from "jsqr";

type JsQR = (
  data: Uint8ClampedArray,
  width: number,
  height: number,
  options?: { inversionAttempts?: "dontInvert" | "attemptBoth" },
) => { data: string } | null;

// jsqr ships CommonJS with a default export that Deno types as the module.
const jsQR = jsQRImport as unknown as JsQR;

interface Detector {
  detect(source: HTMLVideoElement): Promise<{ rawValue: string }[]>;
}
interface DetectorClass {
  new (opts: { formats: string[] }): Detector;
  getSupportedFormats(): Promise<string[]>;
}

/** Frames are shrunk to this width before jsQR reads them (speed over detail). */
const SCAN_WIDTH = 640;

/** Reads one frame: the QR text, or null when none is seen. */
export type FrameDecoder = (video: HTMLVideoElement) => Promise<string | null>;

async function nativeDecoder(): Promise<FrameDecoder | null> {
  const Native = (globalThis as { BarcodeDetector?: DetectorClass })
    .BarcodeDetector;
  if (!Native) return null;
  try {
    if (!(await Native.getSupportedFormats()).includes("qr_code")) return null;
    const detector = new Native({ formats: ["qr_code"] });
    return async (video) => {
      const found = await detector.detect(video);
      return found[0]?.rawValue ?? null;
    };
  } catch {
    return null;
  }
}

function canvasDecoder(): FrameDecoder {
  const canvas = document.createElement("canvas");
  const ctx = canvas.getContext("2d", { willReadFrequently: true });
  return (video) => {
    const { videoWidth: w, videoHeight: h } = video;
    if (!ctx || !w || !h) return Promise.resolve(null);
    const scale = Math.min(1, SCAN_WIDTH / w);
    canvas.width = Math.round(w * scale);
    canvas.height = Math.round(h * scale);
    ctx.drawImage(video, 0, 0, canvas.width, canvas.height);
    const image = ctx.getImageData(0, 0, canvas.width, canvas.height);
    const code = jsQR(image.data, image.width, image.height, {
      inversionAttempts: "dontInvert",
    });
    return Promise.resolve(code?.data || null);
  };
}

/** The best decoder this browser offers. */
export async function createDecoder(): Promise<FrameDecoder> {
  return (await nativeDecoder()) ?? canvasDecoder();
}
