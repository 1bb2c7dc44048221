/**
 * SAM serial framing (GA 467 style): preamble AA AA AA 96 69, big-endian LEN counting the body plus the
 * check byte, the body, and a check byte = XOR of both LEN bytes and every body byte.
 * Host → SAM body: CMD PARA DATA…; SAM → host body: SW1 SW2 SW3 DATA…
 * Pure code, no I/O: the driver and the simulator both feed bytes in and take frames out.
 */

export const PREAMBLE = Uint8Array.of(0xaa, 0xaa, 0xaa, 0x96, 0x69);
const HEADER_LENGTH = PREAMBLE.length + 2;
/** Smallest LEN that can carry a body at all: CMD PARA + check. */
export const MIN_FRAME_LEN = 3;
/**
 * Largest LEN a real module sends is about 0x090A (30 10: text + photo + fingerprint). Anything far above
 * is a corrupted length field, and waiting for it would stall the line, so it is refused.
 */
export const DEFAULT_MAX_FRAME_LEN = 4096;

export interface SamFrame {
  /** Everything between LEN and the check byte. */
  body: Uint8Array;
}

export interface SamCommand {
  cmd: number;
  para: number;
  data: Uint8Array;
}

export interface SamResponse {
  sw1: number;
  sw2: number;
  sw3: number;
  data: Uint8Array;
}

export type FrameErrorCode = 'checksum' | 'length';

export interface FrameError {
  code: FrameErrorCode;
  message: string;
}

export type DecodeResult = { kind: 'frame'; frame: SamFrame } | { kind: 'error'; error: FrameError };

function xorCheck(lenHi: number, lenLo: number, body: Uint8Array): number {
  let check = lenHi ^ lenLo;
  for (const byte of body) check ^= byte;
  return check;
}

/** Wraps an arbitrary body into a complete frame. */
export function encodeBody(body: Uint8Array): Uint8Array {
  const len = body.length + 1;
  if (len > 0xffff) throw new RangeError(`SAM frame body too long: ${body.length} bytes`);
  const lenHi = (len >> 8) & 0xff;
  const lenLo = len & 0xff;
  const out = new Uint8Array(HEADER_LENGTH + body.length + 1);
  out.set(PREAMBLE, 0);
  out[5] = lenHi;
  out[6] = lenLo;
  out.set(body, HEADER_LENGTH);
  out[out.length - 1] = xorCheck(lenHi, lenLo, body);
  return out;
}

/** Host → SAM command frame, e.g. encodeFrame(0x20, 0x01) = AA AA AA 96 69 00 03 20 01 22. */
export function encodeFrame(cmd: number, para: number, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  const body = new Uint8Array(2 + data.length);
  body[0] = cmd & 0xff;
  body[1] = para & 0xff;
  body.set(data, 2);
  return encodeBody(body);
}

/** SAM → host response frame (used by the simulator and tests). */
export function encodeResponse(
  sw3: number,
  data: Uint8Array = new Uint8Array(0),
  sw1 = 0x00,
  sw2 = 0x00,
): Uint8Array {
  const body = new Uint8Array(3 + data.length);
  body[0] = sw1 & 0xff;
  body[1] = sw2 & 0xff;
  body[2] = sw3 & 0xff;
  body.set(data, 3);
  return encodeBody(body);
}

export function parseCommand(frame: SamFrame): SamCommand | undefined {
  const { body } = frame;
  if (body.length < 2) return undefined;
  return { cmd: body[0]!, para: body[1]!, data: body.subarray(2) };
}

export function parseResponse(frame: SamFrame): SamResponse | undefined {
  const { body } = frame;
  if (body.length < 3) return undefined;
  return { sw1: body[0]!, sw2: body[1]!, sw3: body[2]!, data: body.subarray(3) };
}

export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex').toUpperCase();
}

function indexOfPreamble(buf: Uint8Array, from: number): number {
  const last = buf.length - PREAMBLE.length;
  outer: for (let i = from; i <= last; i++) {
    for (let j = 0; j < PREAMBLE.length; j++) {
      if (buf[i + j] !== PREAMBLE[j]) continue outer;
    }
    return i;
  }
  return -1;
}

/** Length of the longest buffer suffix that is a proper prefix of the preamble (a preamble cut by a read). */
function partialPreambleTail(buf: Uint8Array): number {
  const max = Math.min(PREAMBLE.length - 1, buf.length);
  for (let n = max; n > 0; n--) {
    let match = true;
    for (let j = 0; j < n; j++) {
      if (buf[buf.length - n + j] !== PREAMBLE[j]) {
        match = false;
        break;
      }
    }
    if (match) return n;
  }
  return 0;
}

/**
 * Streaming decoder. Bytes before a preamble are skipped (counted in `skippedBytes`); a frame split
 * across reads waits for its remaining bytes; a wrong check byte or an impossible LEN yields an error
 * and scanning resumes one byte after the bad preamble, so a good frame hidden behind a corrupted
 * header is still found. The internal buffer never exceeds one maximal frame.
 */
export class FrameDecoder {
  #buf: Uint8Array = new Uint8Array(0);
  #skipped = 0;
  readonly maxFrameLen: number;

  constructor(opts: { maxFrameLen?: number } = {}) {
    this.maxFrameLen = opts.maxFrameLen ?? DEFAULT_MAX_FRAME_LEN;
  }

  get bufferedBytes(): number {
    return this.#buf.length;
  }

  /** Bytes discarded as noise since construction or the last reset. */
  get skippedBytes(): number {
    return this.#skipped;
  }

  reset(): void {
    this.#buf = new Uint8Array(0);
    this.#skipped = 0;
  }

  push(chunk: Uint8Array): DecodeResult[] {
    const results: DecodeResult[] = [];
    if (chunk.length === 0) return results;
    // A plain Uint8Array view: a Node Buffer's slice() would share memory instead of copying.
    let buf = new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (this.#buf.length > 0) {
      buf = new Uint8Array(this.#buf.length + chunk.length);
      buf.set(this.#buf, 0);
      buf.set(chunk, this.#buf.length);
    }

    for (;;) {
      const start = indexOfPreamble(buf, 0);
      if (start < 0) {
        const keep = partialPreambleTail(buf);
        this.#skipped += buf.length - keep;
        buf = buf.slice(buf.length - keep);
        break;
      }
      if (start > 0) {
        this.#skipped += start;
        buf = buf.subarray(start);
      }
      if (buf.length < HEADER_LENGTH) break;
      const lenHi = buf[5]!;
      const lenLo = buf[6]!;
      const len = (lenHi << 8) | lenLo;
      if (len < MIN_FRAME_LEN || len > this.maxFrameLen) {
        results.push({
          kind: 'error',
          error: {
            code: 'length',
            message: `impossible frame length ${len} (allowed ${MIN_FRAME_LEN}..${this.maxFrameLen})`,
          },
        });
        this.#skipped += 1;
        buf = buf.subarray(1);
        continue;
      }
      const total = HEADER_LENGTH + len;
      if (buf.length < total) break;
      const body = buf.slice(HEADER_LENGTH, total - 1);
      const expected = xorCheck(lenHi, lenLo, body);
      const actual = buf[total - 1]!;
      if (expected !== actual) {
        results.push({
          kind: 'error',
          error: {
            code: 'checksum',
            message: `frame check byte 0x${actual.toString(16).padStart(2, '0')} does not match computed 0x${expected.toString(16).padStart(2, '0')}`,
          },
        });
        this.#skipped += 1;
        buf = buf.subarray(1);
        continue;
      }
      results.push({ kind: 'frame', frame: { body } });
      buf = buf.subarray(total);
    }
    this.#buf = buf.slice();
    return results;
  }
}
