/**
 * Ticket codes pasted together (the group booking page): one a line, or
 * separated by commas, semicolons or spaces. A code may itself be typed in
 * groups of four with spaces, so a line is split at spaces only when every
 * piece is a whole code on its own.
 */
import { normalizeTicketCode } from "./ticket_code.ts";

/** The codes in `text` as typed (trimmed), in order, blanks dropped. */
export function splitTicketCodes(text: string): string[] {
  const out: string[] = [];
  for (const chunk of text.split(/[\n\r,;]+/)) {
    const line = chunk.trim();
    if (!line) continue;
    const pieces = line.split(/\s+/);
    if (
      pieces.length > 1 && pieces.every((p) => normalizeTicketCode(p) !== null)
    ) {
      out.push(...pieces);
    } else {
      out.push(line);
    }
  }
  return out;
}
