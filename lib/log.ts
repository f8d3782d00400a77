/** One structured JSON log line per event (`reservation.created`, ...). */
export function logEvent(event: string, fields: Record<string, unknown> = {}) {
  if (quiet) return;
  console.log(
    JSON.stringify({ ts: new Date().toISOString(), event, ...fields }),
  );
}

let quiet = false;

/** Silences event lines (benchmarks and tests set `LOG_EVENTS=0`). */
export function setQuietLogs(value: boolean): void {
  quiet = value;
}

/** Whether event lines are silenced (a worker thread copies the setting). */
export function quietLogs(): boolean {
  return quiet;
}
