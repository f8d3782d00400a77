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

/** A setting's accepted values: an integer range or a boolean. */
export type SettingLimit =
  | { kind: "int"; min: number; max: number; nullable: boolean }
  | { kind: "bool" };

/** Each setting's range (API.md "Organization settings"). */
export const SETTING_LIMITS: Readonly<Record<keyof OrgSettings, SettingLimit>> =
  Object.freeze({
    booking_horizon_days: { kind: "int", min: 1, max: 730, nullable: false },
    entry_opens_minutes_before: {
      kind: "int",
      min: 0,
      max: 1440,
      nullable: true,
    },
    entry_closes_minutes_after_start: {
      kind: "int",
      min: 0,
      max: 1440,
      nullable: true,
    },
    check_in_on_scan: { kind: "bool" },
    change_cutoff_hours: { kind: "int", min: 0, max: 720, nullable: true },
    waitlist_offer_minutes: { kind: "int", min: 5, max: 1440, nullable: false },
    reminder_hours_before: { kind: "int", min: 0, max: 168, nullable: false },
    allow_reentry: { kind: "bool" },
    // "≥ 1" in the contract; capped at what a PostgreSQL integer holds.
    max_occupancy: {
      kind: "int",
      min: 1,
      max: 2_147_483_647,
      nullable: true,
    },
  });

/** Organization locales (API.md: `en|de|fr|es`). */
export const ORG_LOCALES = ["en", "de", "fr", "es"] as const;

/** Longest postal address. */
export const ADDRESS_MAX = 300;

/** An address may hold newlines but no other control characters. */
export function isCleanAddress(text: string): boolean {
  // deno-lint-ignore no-control-regex
  return !/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/.test(text);
}

const REGIONS = new Intl.DisplayNames(["en"], {
  type: "region",
  fallback: "none",
});
/** Region codes that name no country (unions, "unknown", pseudo-locales). */
const NOT_COUNTRIES = new Set(["EU", "EZ", "UN", "ZZ", "QO", "XA", "XB"]);

/** Whether `code` is an ISO 3166-1 alpha-2 country code (upper case). */
export function isCountryCode(code: string): boolean {
  return /^[A-Z]{2}$/.test(code) && !NOT_COUNTRIES.has(code) &&
    REGIONS.of(code) !== undefined;
}
