/** A small MIME reader for tests: enough for the messages nodemailer writes. */
import { Buffer } from "node:buffer";

/** One leaf part of a message (or the whole message when it is not multipart). */
export interface MimePart {
  /** Lower-cased header names, unfolded values. */
  headers: Record<string, string>;
  /** `image/png`, `text/plain`, ... (lower case, without parameters). */
  type: string;
  params: Record<string, string>;
  /** `inline` | `attachment` | "" */
  disposition: string;
  filename: string | null;
  /** Content-ID without angle brackets. */
  cid: string | null;
  /** The decoded body. */
  content: Uint8Array;
  /** The decoded body as UTF-8 text. */
  text: string;
}

/** A parsed message: its top-level headers and every leaf part in order. */
export interface ParsedMail {
  headers: Record<string, string>;
  parts: MimePart[];
}

/** Parses a raw RFC 5322 message. */
export function parseMail(raw: string): ParsedMail {
  const { headers } = splitEntity(raw);
  return { headers, parts: leaves(raw) };
}

function splitEntity(
  raw: string,
): { headers: Record<string, string>; body: string } {
  const text = raw.replace(/\r\n/g, "\n");
  const end = text.indexOf("\n\n");
  const head = end < 0 ? text : text.slice(0, end);
  const body = end < 0 ? "" : text.slice(end + 2);
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\n[ \t]+/g, " ").split("\n")) {
    const i = line.indexOf(":");
    if (i > 0) {
      headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
    }
  }
  return { headers, body };
}

function parseValue(
  v: string,
): { value: string; params: Record<string, string> } {
  const [value, ...rest] = v.split(";");
  const params: Record<string, string> = {};
  for (const p of rest) {
    const i = p.indexOf("=");
    if (i < 0) continue;
    params[p.slice(0, i).trim().toLowerCase()] = p.slice(i + 1).trim()
      .replace(/^"(.*)"$/, "$1");
  }
  return { value: value.trim().toLowerCase(), params };
}

function leaves(raw: string): MimePart[] {
  const { headers, body } = splitEntity(raw);
  const ct = parseValue(headers["content-type"] ?? "text/plain");
  if (ct.value.startsWith("multipart/")) {
    const boundary = ct.params.boundary;
    const pieces = body.split(`--${boundary}`);
    // pieces[0] is the preamble; the last one starts with "--" (the epilogue).
    return pieces.slice(1).filter((p) => !p.startsWith("--")).flatMap((p) =>
      leaves(p.replace(/^\n/, "").replace(/\n$/, ""))
    );
  }
  const cd = parseValue(headers["content-disposition"] ?? "");
  const content = decode(body, headers["content-transfer-encoding"] ?? "");
  return [{
    headers,
    type: ct.value,
    params: ct.params,
    disposition: cd.value,
    filename: cd.params.filename ?? ct.params.name ?? null,
    cid: headers["content-id"]?.replace(/^<|>$/g, "") ?? null,
    content,
    text: new TextDecoder().decode(content),
  }];
}

function decode(body: string, encoding: string): Uint8Array {
  switch (encoding.toLowerCase()) {
    case "base64":
      return new Uint8Array(Buffer.from(body.replace(/\s+/g, ""), "base64"));
    case "quoted-printable": {
      const soft = body.replace(/=\n/g, "");
      const bytes: number[] = [];
      const enc = new TextEncoder();
      for (let i = 0; i < soft.length; i++) {
        const hex = soft.slice(i + 1, i + 3);
        if (soft[i] === "=" && /^[0-9A-F]{2}$/i.test(hex)) {
          bytes.push(parseInt(hex, 16));
          i += 2;
        } else {
          bytes.push(...enc.encode(soft[i]));
        }
      }
      return new Uint8Array(bytes);
    }
    default:
      return new TextEncoder().encode(body);
  }
}
