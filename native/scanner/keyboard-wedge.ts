/**
 * Keyboard-wedge scanners: the scanner pretends to be a USB keyboard and "types" the code.
 *
 * (a) BootKeyboardDecoder turns HID boot-keyboard input reports (raw hidraw / evdev-free path) into
 *     codes, assuming the scanner's US keyboard layout, which is how wedge scanners ship.
 * (b) WedgeBurstDetector works on key events (the renderer's keydown, but DOM-free) and tells a
 *     scanner's burst, a few milliseconds per key, from a person typing on the on-screen or a
 *     maintenance keyboard.
 */

const MOD_CTRL_ALT_GUI = 0x01 | 0x04 | 0x08 | 0x10 | 0x40 | 0x80;
const MOD_SHIFT = 0x02 | 0x20;
const ERROR_ROLL_OVER = 0x01;
const ENTER = 0x28;
const KEYPAD_ENTER = 0x58;
/** Keys that carry no character and do not break a code (caps lock, the modifiers as keys). */
const NEUTRAL_KEYS = new Set([0x39, 0xe0, 0xe1, 0xe2, 0xe3, 0xe4, 0xe5, 0xe6, 0xe7]);

/** [unshifted, shifted] for the US layout, indexed by HID usage (keyboard page 0x07). */
const US_KEYS = new Map<number, readonly [string, string]>();
for (let i = 0; i < 26; i++) {
  const letter = String.fromCharCode(0x61 + i);
  US_KEYS.set(0x04 + i, [letter, letter.toUpperCase()]);
}
'1234567890'.split('').forEach((digit, i) => US_KEYS.set(0x1e + i, [digit, '!@#$%^&*()'[i]!]));
const PUNCTUATION: [number, string, string][] = [
  [0x2b, '\t', '\t'],
  [0x2c, ' ', ' '],
  [0x2d, '-', '_'],
  [0x2e, '=', '+'],
  [0x2f, '[', '{'],
  [0x30, ']', '}'],
  [0x31, '\\', '|'],
  [0x33, ';', ':'],
  [0x34, "'", '"'],
  [0x35, '`', '~'],
  [0x36, ',', '<'],
  [0x37, '.', '>'],
  [0x38, '/', '?'],
  // Keypad (Num Lock on): some scanners type digits there.
  [0x54, '/', '/'],
  [0x55, '*', '*'],
  [0x56, '-', '-'],
  [0x57, '+', '+'],
  [0x63, '.', '.'],
  [0x62, '0', '0'],
];
for (const [usage, plain, shifted] of PUNCTUATION) US_KEYS.set(usage, [plain, shifted]);
for (let i = 0; i < 9; i++) US_KEYS.set(0x59 + i, [String(i + 1), String(i + 1)]);

/** The character a key usage types on a US layout, or undefined for keys that type none. */
export function usageToChar(usage: number, shift: boolean): string | undefined {
  const pair = US_KEYS.get(usage);
  return pair ? pair[shift ? 1 : 0] : undefined;
}

export type WedgeCodeEvent =
  | { kind: 'code'; text: string }
  | { kind: 'rejected'; reason: 'too-long' | 'unsupported-key'; message: string };

export class BootKeyboardDecoder {
  readonly maxLength: number;
  #held = new Set<number>();
  #text = '';
  #problem: { reason: 'too-long' | 'unsupported-key'; message: string } | undefined;

  constructor(opts: { maxLength?: number } = {}) {
    this.maxLength = opts.maxLength ?? 4096;
  }

  /** Feeds one 8-byte report (modifiers, reserved, six key usages); returns codes ended by Enter. */
  push(report: Uint8Array): WedgeCodeEvent[] {
    if (report.length !== 8) {
      throw new RangeError(`a boot keyboard report is 8 bytes (modifiers, reserved, 6 keys), got ${report.length}`);
    }
    const keys = report.subarray(2).filter((usage) => usage !== 0);
    // Phantom state: too many keys at once; the report says nothing about which ones.
    if (keys.some((usage) => usage === ERROR_ROLL_OVER)) return [];
    const modifiers = report[0]!;
    const events: WedgeCodeEvent[] = [];
    for (const usage of keys) {
      // Only a key going down types; a key still held from the previous report does not repeat.
      if (!this.#held.has(usage)) this.#press(usage, modifiers, events);
    }
    this.#held = new Set(keys);
    return events;
  }

  reset(): void {
    this.#held.clear();
    this.#text = '';
    this.#problem = undefined;
  }

  #press(usage: number, modifiers: number, events: WedgeCodeEvent[]): void {
    if (usage === ENTER || usage === KEYPAD_ENTER) {
      if (this.#problem) events.push({ kind: 'rejected', ...this.#problem });
      else if (this.#text.length > 0) events.push({ kind: 'code', text: this.#text });
      this.#text = '';
      this.#problem = undefined;
      return;
    }
    if (this.#problem || NEUTRAL_KEYS.has(usage)) return;
    const char = (modifiers & MOD_CTRL_ALT_GUI) === 0 ? usageToChar(usage, (modifiers & MOD_SHIFT) !== 0) : undefined;
    if (char === undefined) {
      this.#text = '';
      this.#problem = {
        reason: 'unsupported-key',
        message:
          `the scanner typed key usage 0x${usage.toString(16)} with modifiers 0x${modifiers.toString(16)}, ` +
          'which is no character on a US layout',
      };
    } else if (this.#text.length >= this.maxLength) {
      this.#text = '';
      this.#problem = { reason: 'too-long', message: `typed code runs past ${this.maxLength} characters` };
    } else {
      this.#text += char;
    }
  }
}

export interface WedgeKeyEvent {
  /** KeyboardEvent.key: one character, or a name such as 'Enter' or 'Shift'. */
  key: string;
  /** KeyboardEvent.timeStamp or any monotonic milliseconds. */
  timeStamp: number;
}

export interface WedgeBurstOptions {
  /** Largest gap between two keys of one scan; people rarely type faster than 50 ms a key. */
  maxGapMs?: number;
  /** Shortest code taken for a scan: a few fast keys can be a person's roll over the keys. */
  minLength?: number;
  /** Keys that end a code; scanners usually send Enter, some Tab. */
  terminators?: readonly string[];
}

export interface WedgeBurst {
  text: string;
  startedAt: number;
  endedAt: number;
}

const IGNORED_KEYS = new Set(['Shift', 'CapsLock']);

export class WedgeBurstDetector {
  readonly maxGapMs: number;
  readonly minLength: number;
  readonly terminators: readonly string[];
  #text = '';
  #startedAt = 0;
  #lastAt = 0;

  constructor(opts: WedgeBurstOptions = {}) {
    this.maxGapMs = opts.maxGapMs ?? 30;
    this.minLength = opts.minLength ?? 6;
    this.terminators = opts.terminators ?? ['Enter'];
  }

  /** At least two keys arrived scanner-fast: a screen may keep them out of a focused field. */
  get inBurst(): boolean {
    return this.#text.length >= 2;
  }

  /** Returns the scanned code when a terminator ends a fast enough, long enough run. */
  push(event: WedgeKeyEvent): WedgeBurst | undefined {
    if (IGNORED_KEYS.has(event.key)) return undefined;
    const gap = event.timeStamp - this.#lastAt;
    const fast = this.#text.length > 0 && gap >= 0 && gap <= this.maxGapMs;
    if (this.terminators.includes(event.key)) {
      const burst = fast ? this.#take(event.timeStamp) : undefined;
      this.reset();
      return burst;
    }
    // Emoji and other multi-unit keys do not come from a scanner typing on a US layout.
    if (event.key.length !== 1) {
      this.reset();
      return undefined;
    }
    if (!fast) {
      // Whatever came before was typed by hand; this key may start a scan.
      this.#text = '';
      this.#startedAt = event.timeStamp;
    }
    this.#text += event.key;
    this.#lastAt = event.timeStamp;
    return undefined;
  }

  /**
   * For scanners without a terminator: call from a timer after maxGapMs of silence; returns the
   * run if it was a scan, and forgets it either way.
   */
  flush(now: number): WedgeBurst | undefined {
    if (this.#text.length === 0 || now - this.#lastAt <= this.maxGapMs) return undefined;
    const burst = this.#take(this.#lastAt);
    this.reset();
    return burst;
  }

  reset(): void {
    this.#text = '';
    this.#startedAt = 0;
    this.#lastAt = 0;
  }

  #take(endedAt: number): WedgeBurst | undefined {
    if (this.#text.length < this.minLength) return undefined;
    return { text: this.#text, startedAt: this.#startedAt, endedAt };
  }
}
