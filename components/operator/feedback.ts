/**
 * A short sound and vibration per result, so the door staff know the answer
 * without looking: rising chirp (GREEN), two equal beeps (YELLOW), low buzz
 * (RED), three-note fanfare (VERIFIED).
 */
import type { Colour } from "./api.ts";

/** What feedback can be given for. */
export type Cue = Colour | "VERIFIED";

/** Frequency (Hz), start and length (s) of each note. */
type Note = [number, number, number];

const SOUNDS: Record<Cue, { wave: OscillatorType; notes: Note[] }> = {
  GREEN: { wave: "sine", notes: [[880, 0, 0.12], [1320, 0.13, 0.18]] },
  YELLOW: { wave: "triangle", notes: [[660, 0, 0.15], [660, 0.25, 0.15]] },
  RED: { wave: "square", notes: [[196, 0, 0.55]] },
  VERIFIED: {
    wave: "sine",
    notes: [[1047, 0, 0.09], [1319, 0.1, 0.09], [1568, 0.2, 0.2]],
  },
};

const VIBRATIONS: Record<Cue, number[]> = {
  GREEN: [90],
  YELLOW: [120, 90, 120],
  RED: [400, 120, 400],
  VERIFIED: [40, 40, 40],
};

let audio: AudioContext | null = null;

/**
 * Creates (or resumes) the audio context. Browsers allow that only in
 * response to a tap or key press, so the scanner calls it on the first one.
 */
export function unlockAudio(): void {
  try {
    audio ??= new AudioContext();
    if (audio.state === "suspended") audio.resume().catch(() => {});
  } catch {
    audio = null; // no WebAudio: vibration only
  }
}

function play(cue: Cue): void {
  if (!audio || audio.state !== "running") return;
  const { wave, notes } = SOUNDS[cue];
  const t0 = audio.currentTime + 0.01;
  for (const [freq, start, length] of notes) {
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.type = wave;
    osc.frequency.value = freq;
    // A quick fade in and out: no clicks.
    const peak = wave === "square" ? 0.12 : 0.3;
    gain.gain.setValueAtTime(0, t0 + start);
    gain.gain.linearRampToValueAtTime(peak, t0 + start + 0.01);
    gain.gain.setValueAtTime(peak, t0 + start + length - 0.03);
    gain.gain.linearRampToValueAtTime(0, t0 + start + length);
    osc.connect(gain).connect(audio.destination);
    osc.start(t0 + start);
    osc.stop(t0 + start + length + 0.02);
  }
}

/** Plays the cue's sound (unless `sound` is off) and vibration pattern. */
export function giveFeedback(cue: Cue, sound: boolean): void {
  if (sound) play(cue);
  try {
    navigator.vibrate?.(VIBRATIONS[cue]);
  } catch { /* not allowed here */ }
}
