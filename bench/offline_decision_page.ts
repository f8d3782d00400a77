/// <reference lib="dom" />
/**
 * The browser side of bench/offline_decision.ts: stores a kit the way the
 * scanner does, then times the scanner's own offline decision
 * (`decideHere`: parse, Ed25519 check, hash, kit sets, rules), and beside it
 * the raw WebCrypto verification alone.
 */
import { base64urlnopad } from "@scure/base";
import { createStore, set } from "idb-keyval";
import {
  decideHere,
  loadOffline,
} from "../components/operator/offline_door.ts";
import { parseSignedPayload } from "../domain/signed_payload.ts";
import type { StoredKit } from "../domain/offline_kit.ts";

async function runBench(
  kit: StoredKit,
  text: string,
  count: number,
): Promise<{ decision: number[]; raw: number[]; result: string }> {
  await set("kit", kit, createStore("te-scanner", "offline"));
  await loadOffline();
  const decision: number[] = [];
  let result = "";
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    const d = await decideHere(text, "IN");
    decision.push(performance.now() - t0);
    result = `${d.result} ${d.reason}`;
  }
  const parsed = parseSignedPayload(text)!;
  const key = await crypto.subtle.importKey(
    "raw",
    new Uint8Array(base64urlnopad.decode(kit.keys[0].public_key)),
    { name: "Ed25519" },
    false,
    ["verify"],
  );
  const raw: number[] = [];
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    await crypto.subtle.verify(
      "Ed25519",
      key,
      parsed.signature as BufferSource,
      parsed.signedBytes as BufferSource,
    );
    raw.push(performance.now() - t0);
  }
  return { decision, raw, result };
}

(globalThis as unknown as { runBench: typeof runBench }).runBench = runBench;
