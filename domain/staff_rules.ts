/**
 * What a change of a staff member may do (API.md "Back office", staff): a
 * PIN only for an OPERATOR, a password for a MANAGER or ADMIN, a PIN removed
 * only while a password remains, and never the last enabled ADMIN disabled
 * or demoted. Pure: the caller has the account locked and reads the answer.
 */
import { AppError, validationFailed } from "./errors.ts";

/** Staff roles, weakest first (as db/staff.ts Role). */
export type StaffRole = "OPERATOR" | "MANAGER" | "ADMIN";

/** An account's state as far as the rules care. */
export interface StaffFacts {
  role: StaffRole;
  disabled: boolean;
  has_password: boolean;
  has_pin: boolean;
}

/** A requested change (secrets already checked for format). */
export interface StaffPatch {
  name?: string;
  role?: StaffRole;
  /** A new password (10+ characters). */
  password?: string;
  /** A new PIN (6–12 digits), or null to remove it. */
  pin?: string | null;
  disabled?: boolean;
}

/** What to write, decided by {@link decideStaffChange}. */
export interface StaffDecision {
  role: StaffRole;
  disabled: boolean;
  setPassword: boolean;
  /** "set" a new PIN, "remove" the stored one, or keep it. */
  pin: "set" | "remove" | "keep";
  /** Role, a secret or `disabled` changed: older tokens stop. */
  revoke: boolean;
}

/**
 * The change `patch` makes to `current`, or a 400 VALIDATION_FAILED naming
 * the field, or 409 LAST_ADMIN when `otherEnabledAdmins` is 0 and the
 * account is an enabled ADMIN that would stop being one. A MANAGER or ADMIN
 * made from an OPERATOR loses its PIN (PINs sign in door staff only).
 */
export function decideStaffChange(
  current: StaffFacts,
  patch: StaffPatch,
  otherEnabledAdmins: number,
): StaffDecision {
  const role = patch.role ?? current.role;
  const disabled = patch.disabled ?? current.disabled;
  const hasPassword = patch.password !== undefined || current.has_password;
  if (role !== "OPERATOR") {
    if (typeof patch.pin === "string") {
      throw validationFailed({ pin: "Only an OPERATOR may have a PIN" });
    }
    if (!hasPassword) {
      throw validationFailed({
        password:
          "A MANAGER or ADMIN needs a password of at least 10 characters",
      });
    }
  }
  let pin: StaffDecision["pin"] = "keep";
  if (typeof patch.pin === "string") pin = "set";
  else if (patch.pin === null || role !== "OPERATOR") {
    pin = current.has_pin ? "remove" : "keep";
  }
  const hasPin = pin === "set" || (pin === "keep" && current.has_pin);
  if (!hasPassword && !hasPin) {
    throw validationFailed({
      pin: "The PIN is this account's only secret; set a password first",
    });
  }
  const wasAdmin = current.role === "ADMIN" && !current.disabled;
  const staysAdmin = role === "ADMIN" && !disabled;
  if (wasAdmin && !staysAdmin && otherEnabledAdmins === 0) {
    throw new AppError("LAST_ADMIN");
  }
  const revoke = role !== current.role || disabled !== current.disabled ||
    patch.password !== undefined || pin !== "keep";
  return {
    role,
    disabled,
    setPassword: patch.password !== undefined,
    pin,
    revoke,
  };
}
