import { deepStrictEqual as assertEquals } from "node:assert/strict";
import {
  decideStaffChange,
  type StaffFacts,
  type StaffPatch,
} from "../../domain/staff_rules.ts";
import { AppError } from "../../domain/errors.ts";

const OP_PIN: StaffFacts = {
  role: "OPERATOR",
  disabled: false,
  has_password: false,
  has_pin: true,
};
const OP_BOTH: StaffFacts = { ...OP_PIN, has_password: true };
const ADMIN: StaffFacts = {
  role: "ADMIN",
  disabled: false,
  has_password: true,
  has_pin: false,
};

/** The decision, or "400 field" / "409 CODE". */
function outcome(current: StaffFacts, patch: StaffPatch, others = 1) {
  try {
    const d = decideStaffChange(current, patch, others);
    return `${d.role} disabled=${d.disabled} pw=${d.setPassword} pin=${d.pin} revoke=${d.revoke}`;
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    const fields = (err.details as { fields?: Record<string, string> })
      ?.fields;
    return `${err.status} ${fields ? Object.keys(fields).join(",") : err.code}`;
  }
}

const CASES: [string, StaffFacts, StaffPatch, number, string][] = [
  [
    "name only",
    OP_PIN,
    { name: "X" },
    1,
    "OPERATOR disabled=false pw=false pin=keep revoke=false",
  ],
  [
    "new PIN",
    OP_PIN,
    { pin: "123456" },
    1,
    "OPERATOR disabled=false pw=false pin=set revoke=true",
  ],
  [
    "PIN for a manager",
    ADMIN,
    { role: "MANAGER", pin: "123456" },
    1,
    "400 pin",
  ],
  [
    "promote PIN-only operator without password",
    OP_PIN,
    { role: "MANAGER" },
    1,
    "400 password",
  ],
  [
    "promote with password drops PIN",
    OP_PIN,
    { role: "MANAGER", password: "long-enough-pw" },
    1,
    "MANAGER disabled=false pw=true pin=remove revoke=true",
  ],
  [
    "promote operator with password",
    OP_BOTH,
    { role: "ADMIN" },
    1,
    "ADMIN disabled=false pw=false pin=remove revoke=true",
  ],
  ["remove only secret", OP_PIN, { pin: null }, 1, "400 pin"],
  [
    "remove PIN, password remains",
    OP_BOTH,
    { pin: null },
    1,
    "OPERATOR disabled=false pw=false pin=remove revoke=true",
  ],
  [
    "remove absent PIN",
    ADMIN,
    { pin: null },
    1,
    "ADMIN disabled=false pw=false pin=keep revoke=false",
  ],
  ["disable last admin", ADMIN, { disabled: true }, 0, "409 LAST_ADMIN"],
  ["demote last admin", ADMIN, { role: "MANAGER" }, 0, "409 LAST_ADMIN"],
  [
    "disable an admin with another",
    ADMIN,
    { disabled: true },
    1,
    "ADMIN disabled=true pw=false pin=keep revoke=true",
  ],
  [
    "re-enable a disabled admin",
    { ...ADMIN, disabled: true },
    { disabled: false },
    0,
    "ADMIN disabled=false pw=false pin=keep revoke=true",
  ],
  [
    "same role is no change",
    ADMIN,
    { role: "ADMIN", disabled: false },
    0,
    "ADMIN disabled=false pw=false pin=keep revoke=false",
  ],
  [
    "password change of last admin",
    ADMIN,
    { password: "another-long-pw" },
    0,
    "ADMIN disabled=false pw=true pin=keep revoke=true",
  ],
];

for (const [name, current, patch, others, want] of CASES) {
  Deno.test(`staff rules: ${name}`, () => {
    assertEquals(outcome(current, patch, others), want);
  });
}
