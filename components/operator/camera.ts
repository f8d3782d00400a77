/**
 * The rear camera as a QR reader: opens it, reads a few frames a second while
 * not paused, and reports each code once: a repeat of the same code within
 * 3 s of its last sighting is ignored, so a ticket held in front of the
 * camera is read once, not once per frame.
 */
import { type Signal, useSignal } from "@preact/signals";
import type { RefObject } from "preact";
import { useEffect, useRef } from "preact/hooks";
import { createDecoder } from "./qr_decode.ts";

/** Where the camera is. */
export type CameraStatus =
  | "starting"
  | "live"
  | "denied"
  | "missing"
  | "unsupported"
  | "error";

/** Time between frames read (5 a second). */
const FRAME_MS = 200;
/** A repeat of the same code within this long is not reported again. */
export const REPEAT_MS = 3000;

function statusOf(err: unknown): CameraStatus {
  const name = (err as { name?: string })?.name;
  if (name === "NotAllowedError" || name === "SecurityError") return "denied";
  if (name === "NotFoundError" || name === "OverconstrainedError") {
    return "missing";
  }
  return "error";
}

/** What {@link useQrCamera} gives the view. */
export interface QrCamera {
  video: RefObject<HTMLVideoElement | null>;
  status: Signal<CameraStatus>;
  /** Tries to open the camera again (after the operator allowed it). */
  retry: () => void;
}

/** Opens the camera while the page is visible; `onCode` gets each new code. */
export function useQrCamera(
  opts: { paused: boolean; onCode: (text: string) => void },
): QrCamera {
  const video = useRef<HTMLVideoElement>(null);
  const status = useSignal<CameraStatus>("starting");
  const attempt = useSignal(0);
  const visible = useSignal(true);
  const paused = useRef(opts.paused);
  const onCode = useRef(opts.onCode);
  const last = useRef<{ text: string; at: number } | null>(null);
  onCode.current = opts.onCode;

  if (paused.current !== opts.paused) {
    paused.current = opts.paused;
    // Back to scanning: the ticket just shown may still be in view.
    if (!opts.paused && last.current) last.current.at = Date.now();
  }

  useEffect(() => {
    const onVisibility = () => {
      visible.value = document.visibilityState === "visible";
    };
    document.addEventListener("visibilitychange", onVisibility);
    return () => document.removeEventListener("visibilitychange", onVisibility);
  }, []);

  useEffect(() => {
    if (!visible.value) return;
    let stopped = false;
    let stream: MediaStream | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let wake: { release(): Promise<void> } | null = null;

    const seen = (text: string) => {
      const now = Date.now();
      const prev = last.current;
      last.current = { text, at: now };
      if (prev && prev.text === text && now - prev.at < REPEAT_MS) return;
      onCode.current(text);
    };

    (async () => {
      if (!navigator.mediaDevices?.getUserMedia) {
        status.value = "unsupported";
        return;
      }
      status.value = "starting";
      try {
        stream = await navigator.mediaDevices.getUserMedia({
          audio: false,
          video: {
            facingMode: { ideal: "environment" },
            width: { ideal: 1280 },
            height: { ideal: 720 },
          },
        });
      } catch (err) {
        if (!stopped) status.value = statusOf(err);
        return;
      }
      const v = video.current;
      if (stopped || !v) return stream.getTracks().forEach((t) => t.stop());
      v.srcObject = stream;
      await v.play().catch(() => {});
      status.value = "live";
      // Keep the screen on while the scanner is open, where allowed.
      const lock = (navigator as unknown as {
        wakeLock?: { request(t: "screen"): Promise<typeof wake> };
      }).wakeLock;
      lock?.request("screen").then((w) => (wake = w), () => {});
      const decode = await createDecoder();
      const tick = async () => {
        if (stopped) return;
        if (!paused.current && v.readyState >= 2) {
          const text = await decode(v).catch(() => null);
          if (text && !stopped && !paused.current) seen(text);
        }
        timer = setTimeout(tick, FRAME_MS);
      };
      tick();
    })();

    return () => {
      stopped = true;
      clearTimeout(timer);
      stream?.getTracks().forEach((t) => t.stop());
      wake?.release().catch(() => {});
      if (video.current) video.current.srcObject = null;
    };
  }, [attempt.value, visible.value]);

  return { video, status, retry: () => attempt.value++ };
}
