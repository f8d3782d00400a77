import {
  deepStrictEqual as assertEquals,
  notStrictEqual,
  ok as assert,
  strictEqual,
} from "node:assert/strict";
import { QrImages } from "../../lib/qr_images.ts";
import { isPng, qrTextOfPng } from "../helpers/png.ts";

const PAYLOAD = "7K3Q-W9M2-XC4T-PA8R-1VNE";

Deno.test("QrImages draws each version's image once, shared by concurrent requests", async () => {
  const images = new QrImages();
  const r = { id: 5, version: 1 };
  const all = await Promise.all(
    Array.from({ length: 50 }, () => images.get(r, "png", PAYLOAD)),
  );
  strictEqual(images.renders, 1);
  assert(all.every((x) => x === all[0]));
  assert(isPng(all[0].body));
  strictEqual(qrTextOfPng(all[0].body), PAYLOAD);
  await images.get(r, "png", PAYLOAD);
  strictEqual(images.renders, 1);

  // Another format or version is another image.
  const svg = await images.get(r, "svg", PAYLOAD);
  assert(new TextDecoder().decode(svg.body).includes("<svg"));
  const next = await images.get({ id: 5, version: 2 }, "png", PAYLOAD);
  strictEqual(images.renders, 3);
  notStrictEqual(svg.etag, all[0].etag);
  // A strong ETag of the bytes: the same bytes, the same tag.
  strictEqual(next.etag, all[0].etag);
  assert(/^"[A-Za-z0-9+/]{22}"$/.test(next.etag), next.etag);
});

Deno.test("QrImages keeps at most maxEntries, evicting the least recently used", async () => {
  const images = new QrImages({ maxEntries: 2 });
  const a = { id: 1, version: 1 }, b = { id: 2, version: 1 };
  const c = { id: 3, version: 1 };
  await images.get(a, "svg", "A");
  await images.get(b, "svg", "B");
  await images.get(a, "svg", "A"); // a is now the most recent
  await images.get(c, "svg", "C"); // evicts b
  strictEqual(images.size, 2);
  strictEqual(images.renders, 3);
  await images.get(a, "svg", "A");
  strictEqual(images.renders, 3);
  await images.get(b, "svg", "B");
  strictEqual(images.renders, 4);
});

Deno.test("QrImages keeps at most maxBytes", async () => {
  const probe = await new QrImages().get({ id: 1, version: 1 }, "svg", "A");
  const images = new QrImages({ maxBytes: probe.body.byteLength * 2 + 10 });
  for (let id = 1; id <= 5; id++) {
    await images.get({ id, version: 1 }, "svg", "A");
  }
  strictEqual(images.size, 2);
  assertEquals(images.renders, 5);
});
