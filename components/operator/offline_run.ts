/**
 * Keeps the offline door ready while the scanner is open: reads the kept
 * kit and queue, refreshes the kit every minute while online, uploads the
 * queue at start, whenever the device comes back online, and every few
 * seconds while scans wait and the device counts as online.
 */
import { connection, onBackOnline } from "./connection.ts";
import {
  loadOffline,
  pending,
  refreshKit,
  uploadQueue,
} from "./offline_door.ts";
import { deviceId } from "./offline_check.ts";

/** How often an online scanner asks for what changed in the kit. */
const KIT_EVERY_MS = 60_000;
/**
 * How often an online scanner with queued scans tries to upload them: a
 * scan can be queued after one failure without the device going offline,
 * so no "back online" will come to send it.
 */
const RETRY_UPLOAD_MS = 5_000;

/** Starts the work; returns the stop. */
export function runOfflineDoor(): () => void {
  const upload = () => {
    if (pending.value.length > 0) uploadQueue(deviceId());
    else refreshKit();
  };
  loadOffline().then(upload);
  const stopListening = onBackOnline(upload);
  const timer = setInterval(() => {
    if (!connection.value.offline) refreshKit();
  }, KIT_EVERY_MS);
  const retry = setInterval(() => {
    if (!connection.value.offline && pending.value.length > 0) {
      uploadQueue(deviceId());
    }
  }, RETRY_UPLOAD_MS);
  return () => {
    stopListening();
    clearInterval(timer);
    clearInterval(retry);
  };
}
