/**
 * Keyboard-wedge scanners (USB or Bluetooth) type the code as key presses
 * and then Enter. Told apart from a person by speed: each character within
 * {@link WEDGE_GAP_MS} of the one before, at least {@link WEDGE_MIN} of them,
 * and Enter soon after the last.
 */

/** The longest pause between two characters of one scan. */
export const WEDGE_GAP_MS = 50;
/** The fewest characters a scan has (codes have 12 or more). */
export const WEDGE_MIN = 8;
/** The longest pause between the last character and Enter. */
export const WEDGE_ENTER_MS = 200;

/** Collects fast key presses; `key` returns the scanned text on its Enter. */
export class WedgeBuffer {
  #text = "";
  #at = -Infinity;

  /** Feeds one key (`KeyboardEvent.key`) pressed at `at` (ms); the scan on Enter, else null. */
  key(key: string, at: number): string | null {
    const gap = at - this.#at;
    if (key === "Enter") {
      const text = this.#text;
      this.reset();
      return text.length >= WEDGE_MIN && gap <= WEDGE_ENTER_MS ? text : null;
    }
    if (key.length !== 1) {
      // Shift arrives before capitals: neither part of the code nor a break.
      if (key !== "Shift") this.reset();
      return null;
    }
    this.#text = gap <= WEDGE_GAP_MS ? this.#text + key : key;
    this.#at = at;
    return null;
  }

  /** Forgets what was collected. */
  reset(): void {
    this.#text = "";
    this.#at = -Infinity;
  }
}

/** Whether `el` takes typing itself (a text field, a select or editable text). */
export function isTextField(el: Element | null): boolean {
  if (!el) return false;
  if (el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) {
    return true;
  }
  if (el instanceof HTMLInputElement) {
    return !["button", "checkbox", "radio", "submit", "reset", "image", "file"]
      .includes(el.type);
  }
  return (el as HTMLElement).isContentEditable === true;
}

/**
 * Listens on the whole document (capture phase) while no text field has
 * focus, and hands each wedge scan to `onScan`. Only the Enter that ends a
 * scan is stopped (so it cannot also press a focused button); every other
 * key goes on as usual. Returns the function that stops listening.
 */
export function listenForWedge(onScan: (text: string) => void): () => void {
  const buffer = new WedgeBuffer();
  const onKey = (e: KeyboardEvent) => {
    if (
      e.ctrlKey || e.metaKey || e.altKey || isTextField(e.target as Element)
    ) {
      buffer.reset();
      return;
    }
    const text = buffer.key(e.key, e.timeStamp);
    if (text === null) return;
    e.preventDefault();
    e.stopPropagation();
    onScan(text);
  };
  document.addEventListener("keydown", onKey, true);
  return () => document.removeEventListener("keydown", onKey, true);
}
