import type { QrCamera } from "./camera.ts";

const STATUS_TEXT = {
  starting: "Starting the camera…",
  live: "Point the camera at the ticket's QR code.",
  denied:
    "The camera is blocked. Allow camera access for this site in the browser, or type the code below.",
  missing: "No camera found. Type the code below.",
  unsupported: "This browser cannot use the camera here. Type the code below.",
  error:
    "The camera could not start (another app may be using it). Type the code below.",
} as const;

/** The camera picture with an aiming frame, and what the camera is doing. */
export function CameraView(props: { camera: QrCamera; busy: boolean }) {
  const { camera, busy } = props;
  const status = camera.status.value;
  const failed = status !== "live" && status !== "starting";
  return (
    <section class="camera" aria-labelledby="camera-title">
      <h2 id="camera-title" class="sr-only">Camera</h2>
      <div class={`camera-frame camera-${status}`}>
        <video
          ref={camera.video}
          muted
          playsInline
          autoPlay
          aria-hidden="true"
          tabIndex={-1}
        />
        <div class="camera-aim" aria-hidden="true" />
        {busy && <p class="camera-busy">Checking…</p>}
      </div>
      <p
        class={failed ? "camera-status failed" : "camera-status"}
        role="status"
        data-camera={status}
      >
        {STATUS_TEXT[status]}
      </p>
      {(status === "denied" || status === "error") && (
        <button type="button" class="button" onClick={camera.retry}>
          Try the camera again
        </button>
      )}
    </section>
  );
}
