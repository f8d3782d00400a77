/**
 * The startup step of signed QR payloads: the secret that encrypts the
 * private keys, then a signature for every RESERVED reservation that has
 * none (those made before signing existed). Safe with instances starting
 * together (db/ticket_signing.ts signUnsigned).
 */
import type { Db } from "../db/client.ts";
import { useSigningSecret } from "../db/signing_keys.ts";
import { signUnsigned } from "../db/ticket_signing.ts";
import { logEvent } from "./log.ts";

/** Sets the key-encryption secret and signs the unsigned reservations. */
export async function prepareSigning(
  db: Db,
  secret: string | null,
): Promise<void> {
  if (!secret) {
    logEvent("signing.secret_default", {
      warning: "SIGNING_KEY_SECRET is not set: signing keys are encrypted " +
        "with a development default. Set it in production.",
    });
  }
  useSigningSecret(secret);
  const signed = await signUnsigned(db);
  if (signed > 0) logEvent("signing.backfilled", { reservations: signed });
}
