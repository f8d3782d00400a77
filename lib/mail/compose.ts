/** The mail of an outbox row, by its kind. */
import type { SendMailOptions } from "nodemailer";
import type { Config } from "../config.ts";
import type { ConfirmationFacts } from "../../db/outbox.ts";
import type { ReservationLinks } from "../reservation_links.ts";
import { composeConfirmation } from "./confirmation.ts";
import { composeCancellation } from "./cancellation.ts";
import { composeGroupMail } from "./group.ts";

/** Outbox kinds this app composes. */
export const MAIL_KINDS = [
  "reservation.confirmation",
  "reservation.moved",
  "reservation.cancelled",
  "reservation.group_confirmation",
  "reservation.reminder",
] as const;

/**
 * The mail of outbox row `mail` of `kind`, or null for a kind this app does
 * not know. The "moved" mail is the confirmation of the new time, with the
 * new version's links.
 */
export async function composeMail(
  deps: {
    config: Pick<Config, "publicUrl" | "mailFrom">;
    links: ReservationLinks;
  },
  kind: string,
  mail: {
    id: string;
    to: string;
    facts: ConfirmationFacts;
    /** The tickets a group's mail lists (db/group_mail.ts). */
    members?: ConfirmationFacts[] | null;
  },
): Promise<SendMailOptions | null> {
  switch (kind) {
    case "reservation.confirmation":
      return await composeConfirmation(deps, mail);
    case "reservation.moved":
      return await composeConfirmation(deps, mail, "moved");
    case "reservation.cancelled":
      return composeCancellation(deps, mail);
    case "reservation.group_confirmation":
      return await composeGroupMail(
        deps,
        { ...mail, members: mail.members ?? [] },
        "confirmation",
      );
    case "reservation.reminder":
      return await composeGroupMail(
        deps,
        { ...mail, members: mail.members ?? [] },
        "reminder",
      );
    default:
      return null;
  }
}
