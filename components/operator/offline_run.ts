/**
 * Keeps the offline door ready while the scanner is open: reads the kept
 * kit and queue, refreshes the kit every minute while online, uploads the
 * queue at start and whenever the device comes back online.
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
  return () => {
    stopListening();
    clearInterval(timer);
  };
}
