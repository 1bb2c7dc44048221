/**
 * Cuts a serial scanner's byte stream into codes. Scanners end a code with CR, LF or CRLF depending
 * on their suffix setting, and some send no suffix at all (the driver closes those after an idle
 * gap and calls flush). Empty frames (the gap inside CRLF, blank lines) are not codes.
 * Memory is bounded: a run longer than maxBytes is reported once and then skipped up to the next
 * boundary, so a scanner spewing garbage cannot grow the buffer or swallow the code after it.
 */
export type FramerEvent = { kind: 'frame'; bytes: Uint8Array } | { kind: 'overflow'; maxBytes: number };

const CR = 0x0d;
const LF = 0x0a;

export class LineFramer {
  readonly maxBytes: number;
  #parts: Uint8Array[] = [];
  #length = 0;
  #discarding = false;

  constructor(maxBytes: number) {
    this.maxBytes = maxBytes;
  }

  /** Bytes waiting for a boundary, or a run being skipped: an idle gap would close something. */
  get open(): boolean {
    return this.#length > 0 || this.#discarding;
  }

  push(chunk: Uint8Array): FramerEvent[] {
    const events: FramerEvent[] = [];
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i];
      if (byte !== CR && byte !== LF) continue;
      this.#append(chunk.subarray(start, i), events);
      this.#close(events);
      start = i + 1;
    }
    this.#append(chunk.subarray(start), events);
    return events;
  }

  /** Closes the pending frame at an idle gap. */
  flush(): FramerEvent[] {
    const events: FramerEvent[] = [];
    this.#close(events);
    return events;
  }

  reset(): void {
    this.#parts = [];
    this.#length = 0;
    this.#discarding = false;
  }

  #append(part: Uint8Array, events: FramerEvent[]): void {
    if (part.length === 0 || this.#discarding) return;
    if (this.#length + part.length > this.maxBytes) {
      this.reset();
      this.#discarding = true;
      events.push({ kind: 'overflow', maxBytes: this.maxBytes });
      return;
    }
    // Copy: the serial port may reuse its chunk buffers.
    this.#parts.push(part.slice());
    this.#length += part.length;
  }

  #close(events: FramerEvent[]): void {
    if (this.#discarding) {
      this.reset();
      return;
    }
    if (this.#length === 0) return;
    const frame = new Uint8Array(this.#length);
    let offset = 0;
    for (const part of this.#parts) {
      frame.set(part, offset);
      offset += part.length;
    }
    this.reset();
    events.push({ kind: 'frame', bytes: frame });
  }
}
