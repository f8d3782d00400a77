/**
 * The venue as customers see it (API.md "Organization settings": the
 * `organization` block of availability and reservation answers).
 */
import type { Organization } from "../db/organizations.ts";

/** The `organization` block of customer answers. */
export interface PublicOrganization {
  orq: number;
  name: string;
  address: string | null;
  brand_color: string | null;
  locale: string;
  country: string | null;
  booking_horizon_days: number;
  change_cutoff_hours: number | null;
}

/** What a customer may read of `org`: no contact email, no other settings. */
export function publicOrganization(org: Organization): PublicOrganization {
  return {
    orq: org.orq,
    name: org.name,
    address: org.address,
    brand_color: org.brand_color,
    locale: org.locale,
    country: org.country,
    booking_horizon_days: org.settings.booking_horizon_days,
    change_cutoff_hours: org.settings.change_cutoff_hours,
  };
}
