/**
 * A PTY moves bytes instantly whatever baud rate is set; a real UART does not. LineTiming makes a
 * simulator deliver each answer no sooner than a real 8N1 line could (10 bits per byte), so
 * benchmarks over a PTY measure our overhead against the true wire-time floor.
 */
export const BITS_PER_BYTE_8N1 = 10;

export function wireTimeMs(bytes: number, baudRate: number): number {
  return (bytes * BITS_PER_BYTE_8N1 * 1000) / baudRate;
}

/**
 * Node's timers run on the event loop's cached millisecond clock, so a timeout may fire up to a
 * millisecond or so before `at` by performance.now(): wait again until the line really is free,
 * or the benchmarks' floor would be undercut.
 */
async function sleepUntil(at: number): Promise<void> {
  for (let wait = at - performance.now(); wait > 0; wait = at - performance.now()) {
    await new Promise((resolve) => setTimeout(resolve, Math.ceil(wait)));
  }
}

export class LineTiming {
  #answerNotBefore = 0;

  constructor(readonly baudRate: number) {}

  /** A command of `bytes` length was just written by the host: the module hears its end later. */
  commandReceived(bytes: number): void {
    this.#answerNotBefore = performance.now() + wireTimeMs(bytes, this.baudRate);
  }

  /** Writes `bytes` in pieces, each when its last byte would have crossed the line. */
  async deliver(bytes: Uint8Array, write: (chunk: Uint8Array) => Promise<void>, chunkBytes = 32): Promise<void> {
    const start = Math.max(performance.now(), this.#answerNotBefore);
    for (let offset = 0; offset < bytes.length; offset += chunkBytes) {
      const end = Math.min(bytes.length, offset + chunkBytes);
      await sleepUntil(start + wireTimeMs(end, this.baudRate));
      await write(bytes.subarray(offset, end));
    }
  }
}
