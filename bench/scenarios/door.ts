/** The door staff and tickets that (f), (g) and (i) scan and watch. */
import { HOST, LIVE, MANAGER, OPERATOR } from "../config.ts";
import { login, type ScanSeed, seedScanning, seedStaff } from "../scan_seed.ts";
import type { Seeded } from "../seed.ts";
import { type Bench, elapsed, log } from "../state.ts";

/** The door staff's data and logins, for (f), (g) and (i). */
export interface Door {
  scan: ScanSeed;
  /** The OPERATOR's staff id (the raw check-ins of (i) are recorded as theirs). */
  operatorId: number;
  operatorToken: string;
  managerToken: string;
}

/** Seeds an OPERATOR and a MANAGER with PINs and the door's tickets; signs both in. */
export async function seedDoor(
  b: Bench,
  port: number,
  seed: Seeded,
): Promise<Door> {
  log("\n## Door staff and tickets for (f) and (g)");
  const t = performance.now();
  const operatorId = await seedStaff(b.pool!, OPERATOR);
  await seedStaff(b.pool!, MANAGER);
  const scan = await seedScanning(b.pool!, {
    today: seed.today,
    verifierId: operatorId,
    reservedToday: 20_000,
    verified: 2_000,
    tomorrow: 1_000,
    pending: 1_000,
    activated: seed.venueCodes.slice(0, 1_000),
    unknown: 500,
    live: LIVE.verifications,
  });
  const base = `http://${HOST}:${port}`;
  const operatorToken = await login(base, OPERATOR);
  const managerToken = await login(base, MANAGER);
  const mix = new Map<string, number>();
  for (const r of scan.expected.values()) mix.set(r, (mix.get(r) ?? 0) + 1);
  log(
    `  seeded and signed in (${OPERATOR.role}, ${MANAGER.role}: PIN logins ` +
      `over HTTP) in ${elapsed(t)}; (f) codes by expected decision: ${
        [...mix].map(([k, v]) => `${k} ${v}`).join(", ")
      }; (g): ${scan.liveCodes.length} RESERVED today on a slot of their own`,
  );
  return { scan, operatorId, operatorToken, managerToken };
}
