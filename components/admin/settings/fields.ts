/** The settings form's description of API.md's "Organization settings" table: one line each. */
import {
  DEFAULT_SETTINGS,
  type OrgSettings,
} from "../../../domain/org_settings.ts";

/** One setting: its kind, range and the line that explains it. */
export interface SettingSpec {
  key: keyof OrgSettings;
  label: string;
  help: string;
  kind: "number" | "nullable" | "boolean";
  min?: number;
  max?: number;
  unit?: string;
}

/** Every setting, in the table's order. */
export const SETTINGS: SettingSpec[] = [
  {
    key: "booking_horizon_days",
    label: "Booking horizon",
    help: "Customers book dates up to today + N − 1 (staff moves ignore it).",
    kind: "number",
    min: 1,
    max: 730,
    unit: "days",
  },
  {
    key: "entry_opens_minutes_before",
    label: "Entry opens before the start",
    help: "Earliest admission before a slot starts; empty: any time that day.",
    kind: "nullable",
    min: 0,
    max: 1440,
    unit: "minutes",
  },
  {
    key: "entry_closes_minutes_after_start",
    label: "Entry closes after the start",
    help: "Latest admission after a slot starts; empty: until the slot ends.",
    kind: "nullable",
    min: 0,
    max: 1440,
    unit: "minutes",
  },
  {
    key: "check_in_on_scan",
    label: "Admit on scan",
    help:
      "The scanner's default mode: a good scan admits at once (a device may switch).",
    kind: "boolean",
  },
  {
    key: "change_cutoff_hours",
    label: "Change cut-off",
    help:
      "Customers may reschedule or cancel until N hours before the start; empty: never.",
    kind: "nullable",
    min: 0,
    max: 720,
    unit: "hours",
  },
  {
    key: "waitlist_offer_minutes",
    label: "Waitlist offer",
    help:
      "How long freed places are held for a waitlist entry (never past the start).",
    kind: "number",
    min: 5,
    max: 1440,
    unit: "minutes",
  },
  {
    key: "reminder_hours_before",
    label: "Reminder mail",
    help: "A reminder mail N hours before the start; 0: no reminder.",
    kind: "number",
    min: 0,
    max: 168,
    unit: "hours",
  },
  {
    key: "allow_reentry",
    label: "Allow re-entry",
    help:
      "A guest who scanned out may come back in while the slot is today and not over.",
    kind: "boolean",
  },
  {
    key: "max_occupancy",
    label: "Maximum occupancy",
    help: "People inside at once before the dashboard alerts; empty: no limit.",
    kind: "nullable",
    min: 1,
    unit: "people",
  },
];

/** The default of `key` in words. */
export function defaultText(key: keyof OrgSettings): string {
  const v = DEFAULT_SETTINGS[key];
  return v === null
    ? "none"
    : v === true
    ? "yes"
    : v === false
    ? "no"
    : String(v);
}
