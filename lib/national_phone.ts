/**
 * Phones typed without `+` or `00` are national numbers of the venue's
 * `country` (API.md "Organization settings"). The venue is the slot's, so
 * the body's `customer_phone` is rewritten to E.164 before the body's
 * schema (which holds the E.164 rule) reads it; international input costs
 * no query.
 */
import type { Db } from "../db/client.ts";
import type { OrganizationCache } from "../db/organizations.ts";
import { orgOfSlot } from "../db/slot_org.ts";
import { isNationalInput, normalizePhoneIn } from "../domain/phone.ts";

const MAX_SLOT_ID = 2_147_483_647;

/**
 * `raw` with a national `customer_phone` read in the country of the venue
 * of its `slot_id` (or of `orq` when given); anything else unchanged, for
 * the schema to judge.
 */
export async function withNationalPhone(
  deps: { db: Db; orgs: OrganizationCache },
  raw: unknown,
  orq?: number,
): Promise<unknown> {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return raw;
  const body = raw as Record<string, unknown>;
  const phone = body.customer_phone;
  if (
    typeof phone !== "string" || phone.length > 40 || !isNationalInput(phone)
  ) {
    return raw;
  }
  let venue = orq ?? null;
  const slotId = body.slot_id;
  if (
    venue === null && Number.isInteger(slotId) && (slotId as number) > 0 &&
    (slotId as number) <= MAX_SLOT_ID
  ) {
    venue = await orgOfSlot(deps.db, slotId as number);
  }
  const org = venue === null ? null : await deps.orgs.get(venue);
  const e164 = normalizePhoneIn(phone, org?.country);
  return e164 ? { ...body, customer_phone: e164 } : raw;
}
