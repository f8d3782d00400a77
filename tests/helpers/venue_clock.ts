/** The Amsterdam venue most integration tests run at, and its wall clock. */
import type { TestServer } from "./server.ts";

/** November in Amsterdam is UTC+1. */
export const AMS = { timezone: "Europe/Amsterdam" };

/** Pins the server clock at a wall-clock time in Amsterdam (`2026-11-14T09:30`). */
export function at(s: TestServer, local: string): void {
  s.clock.set(`${local}:00+01:00`);
}
