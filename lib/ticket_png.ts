/**
 * The downloadable ticket PNG: the QR code with a caption under it that
 * says what it is (venue, date, time, code). Composed as SVG and drawn by
 * resvg (WebAssembly, no native code) with the DejaVu fonts shipped by npm,
 * so every machine draws the same pixels.
 */
import { initWasm, Resvg } from "@resvg/resvg-wasm";
import QRCode from "qrcode";
import { formatTicketCode } from "../domain/ticket_code.ts";
import type { Translator } from "../domain/translator.ts";

/** What the caption says. */
export interface TicketCaption {
  /** The venue's name (first line, bold). */
  venue: string;
  /** E.g. "Friday 27 November 2026", in the reservation's language. */
  date: string;
  /** E.g. "12:00–13:00". */
  time: string;
  /** The code in groups of four. */
  code: string;
}

/** The caption of a reservation's ticket, its date and time in `t`'s language. */
export function ticketCaption(
  t: Translator,
  venue: string,
  r: {
    ticket_code: string;
    slot: { date: string; start_time: string; end_time: string };
  },
): TicketCaption {
  return {
    venue,
    date: t.longDate(r.slot.date),
    time: t.timeRange(r.slot.start_time, r.slot.end_time),
    code: formatTicketCode(r.ticket_code),
  };
}

const WIDTH = 512;
const FONT_FILES = [
  "DejaVuSans.ttf",
  "DejaVuSans-Bold.ttf",
  "DejaVuSansMono.ttf",
];
let fonts: Promise<Uint8Array[]> | null = null;

/** Loads the renderer and the fonts once per process (or worker). */
function ready(): Promise<Uint8Array[]> {
  fonts ??= (async () => {
    const modules = new URL("../node_modules/", import.meta.url);
    await initWasm(
      await Deno.readFile(new URL("@resvg/resvg-wasm/index_bg.wasm", modules)),
    );
    return await Promise.all(
      FONT_FILES.map((f) =>
        Deno.readFile(new URL(`dejavu-fonts-ttf/ttf/${f}`, modules))
      ),
    );
  })();
  // A failed start is not kept: the next request tries again.
  fonts.catch(() => (fonts = null));
  return fonts;
}

/** The ticket as SVG: QR modules as one path, the caption as text. */
export function ticketSvg(payload: string, caption: TicketCaption): string {
  const qr = QRCode.create(payload, { errorCorrectionLevel: "M" });
  const size = qr.modules.size;
  const quiet = 4;
  const scale = Math.floor(WIDTH / (size + 2 * quiet));
  const offset = Math.floor((WIDTH - size * scale) / 2);
  let d = "";
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      if (qr.modules.get(y, x)) {
        d += `M${offset + x * scale} ${
          offset + y * scale
        }h${scale}v${scale}h-${scale}z`;
      }
    }
  }
  const top = offset * 2 + size * scale;
  const lines = [
    {
      text: fit(caption.venue, 30),
      font: "DejaVu Sans",
      weight: 700,
      size: 26,
    },
    { text: fit(caption.date, 36), font: "DejaVu Sans", weight: 400, size: 22 },
    { text: fit(caption.time, 36), font: "DejaVu Sans", weight: 400, size: 22 },
    {
      text: fit(caption.code, 30),
      font: "DejaVu Sans Mono",
      weight: 400,
      size: 24,
    },
  ];
  const step = 36;
  const height = top + lines.length * step + 20;
  const text = lines.map((l, i) =>
    `<text x="${WIDTH / 2}" y="${top + 10 + i * step}" text-anchor="middle" ` +
    `font-family="${l.font}" font-weight="${l.weight}" font-size="${l.size}" ` +
    `fill="#000">${escapeXml(l.text)}</text>`
  ).join("");
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}">` +
    `<rect width="100%" height="100%" fill="#fff"/>` +
    `<path d="${d}" fill="#000" shape-rendering="crispEdges"/>` +
    `<line x1="32" x2="${WIDTH - 32}" y1="${top - 18}" y2="${
      top - 18
    }" stroke="#888" stroke-width="1" stroke-dasharray="6 4"/>` +
    text + `</svg>`;
}

/** The captioned ticket as PNG bytes. */
export async function ticketPng(
  payload: string,
  caption: TicketCaption,
): Promise<Uint8Array> {
  const fontBuffers = await ready();
  const resvg = new Resvg(ticketSvg(payload, caption), {
    font: {
      fontBuffers,
      loadSystemFonts: false,
      defaultFontFamily: "DejaVu Sans",
    },
  });
  try {
    const image = resvg.render();
    try {
      return image.asPng();
    } finally {
      image.free();
    }
  } finally {
    resvg.free();
  }
}

/** At most `max` characters, with an ellipsis when cut. */
function fit(text: string, max: number): string {
  const one = text.replace(/\s+/g, " ").trim();
  return one.length <= max ? one : one.slice(0, max - 1).trimEnd() + "…";
}

function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Drawn tickets by reservation id, version and language, at most `max` kept (oldest
 * use dropped first); requests that arrive while one is drawn share it.
 * Drawing takes the JS thread for tens of milliseconds: never twice.
 */
export class TicketImages {
  #done = new Map<string, { body: Uint8Array; etag: string }>();
  #pending = new Map<string, Promise<{ body: Uint8Array; etag: string }>>();

  constructor(private max = 500) {}

  /** The ticket of `r` (drawn from `payload` and `caption` when not kept). */
  get(
    r: { id: number; version: number; locale?: string },
    payload: string,
    caption: TicketCaption,
  ): Promise<{ body: Uint8Array; etag: string }> {
    // The caption's language is part of the key: the venue's may change.
    const key = `${r.id}:${r.version}:${r.locale ?? ""}`;
    const kept = this.#done.get(key);
    if (kept) {
      this.#done.delete(key);
      this.#done.set(key, kept);
      return Promise.resolve(kept);
    }
    let pending = this.#pending.get(key);
    if (!pending) {
      pending = ticketPng(payload, caption).then(async (body) => {
        const hash = new Uint8Array(
          await crypto.subtle.digest(
            "SHA-256",
            body as Uint8Array<ArrayBuffer>,
          ),
        );
        const image = {
          body,
          etag: `"t${
            btoa(String.fromCharCode(...hash.subarray(0, 12))).replace(
              /[+/=]/g,
              "",
            )
          }"`,
        };
        this.#done.set(key, image);
        for (const old of this.#done.keys()) {
          if (this.#done.size <= this.max) break;
          this.#done.delete(old);
        }
        return image;
      }).finally(() => this.#pending.delete(key));
      this.#pending.set(key, pending);
    }
    return pending;
  }
}
