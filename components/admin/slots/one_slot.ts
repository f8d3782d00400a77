/**
 * The single-slot form's body. A browser's time field cannot hold 24:00, so
 * a slot ending at midnight is asked for with a checkbox and sent as
 * `end_time: "24:00"`, as the series form's lines may say.
 */

/** What the single-slot form holds. */
export interface OneSlotInput {
  date: string;
  start_time: string;
  /** The time field's value (ignored when `midnight`). */
  end_time: string;
  /** "Ends at midnight (24:00)" is ticked. */
  midnight: boolean;
}

/** The end time a midnight slot is sent with. */
export const MIDNIGHT = "24:00";

/**
 * The date and times of `POST /api/reservation-slots/create` for one slot,
 * or the fields to fix (the server checks the rest, e.g. start before end).
 */
export function oneSlotTimes(
  input: OneSlotInput,
):
  | { ok: true; body: { date: string; start_time: string; end_time: string } }
  | { ok: false; fields: Record<string, string> } {
  const fields: Record<string, string> = {};
  if (!input.date) fields.date = "Choose a date.";
  if (!input.start_time) fields.start_time = "Give a start time.";
  const end = input.midnight ? MIDNIGHT : input.end_time;
  if (!end) {
    fields.end_time = "Give an end time, or tick “Ends at midnight”.";
  }
  if (Object.keys(fields).length) return { ok: false, fields };
  return {
    ok: true,
    body: { date: input.date, start_time: input.start_time, end_time: end },
  };
}
