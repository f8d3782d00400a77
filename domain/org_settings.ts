/**
 * An organization's settings (API.md "Organization settings"): stored as one
 * JSON object holding only what the venue set; every reader resolves it
 * against these defaults.
 */
export interface OrgSettings {
  booking_horizon_days: number;
  entry_opens_minutes_before: number | null;
  entry_closes_minutes_after_start: number | null;
  check_in_on_scan: boolean;
  change_cutoff_hours: number | null;
  waitlist_offer_minutes: number;
  reminder_hours_before: number;
  allow_reentry: boolean;
  max_occupancy: number | null;
}

/** The defaults of API.md's table. */
export const DEFAULT_SETTINGS: Readonly<OrgSettings> = Object.freeze({
  booking_horizon_days: 90,
  entry_opens_minutes_before: null,
  entry_closes_minutes_after_start: null,
  check_in_on_scan: false,
  change_cutoff_hours: 24,
  waitlist_offer_minutes: 30,
  reminder_hours_before: 24,
  allow_reentry: true,
  max_occupancy: null,
});

/** The setting names, in the table's order. */
export const SETTING_KEYS = Object.keys(
  DEFAULT_SETTINGS,
) as (keyof OrgSettings)[];

/** The stored object with every missing (or unknown) key resolved. */
export function resolveSettings(stored: unknown): OrgSettings {
  const out = { ...DEFAULT_SETTINGS } as Record<string, unknown>;
  if (stored && typeof stored === "object" && !Array.isArray(stored)) {
    for (const key of SETTING_KEYS) {
      if (Object.hasOwn(stored, key)) {
        out[key] = (stored as Record<string, unknown>)[key];
      }
    }
  }
  return out as unknown as OrgSettings;
}
