import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MAX_FRAME_LEN,
  FrameDecoder,
  encodeFrame,
  encodeResponse,
  parseCommand,
  parseResponse,
  toHex,
  type DecodeResult,
} from '../../../../native/idcard/sam-frame.ts';

const hex = (s: string) => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
const frames = (results: DecodeResult[]) =>
  results.flatMap((r) => (r.kind === 'frame' ? [toHex(r.frame.body)] : []));
const errors = (results: DecodeResult[]) => results.flatMap((r) => (r.kind === 'error' ? [r.error.code] : []));

describe('encodeFrame / encodeResponse', () => {
  it('produces the byte strings real SAM modules use', () => {
    // Vectors as published in vendor SDKs for find, select, read, fingerprint read and SAM id.
    expect(toHex(encodeFrame(0x20, 0x01))).toBe('AAAAAA96690003200122');
    expect(toHex(encodeFrame(0x20, 0x02))).toBe('AAAAAA96690003200221');
    expect(toHex(encodeFrame(0x30, 0x01))).toBe('AAAAAA96690003300132');
    expect(toHex(encodeFrame(0x30, 0x10))).toBe('AAAAAA96690003301023');
    expect(toHex(encodeFrame(0x12, 0xff))).toBe('AAAAAA9669000312FFEE');
    expect(toHex(encodeResponse(0x80))).toBe('AAAAAA9669000400008084');
    expect(toHex(encodeResponse(0x41))).toBe('AAAAAA9669000400004145');
    expect(toHex(encodeResponse(0x9f, new Uint8Array(4)))).toBe('AAAAAA9669000800009F0000000097');
  });

  it('counts the check byte in LEN and carries data after CMD PARA', () => {
    const frame = encodeFrame(0x60, 0x01, Uint8Array.of(1, 2, 3));
    expect(frame[5]).toBe(0x00);
    expect(frame[6]).toBe(2 + 3 + 1);
    const [result] = new FrameDecoder().push(frame);
    expect(result?.kind).toBe('frame');
    const command = result?.kind === 'frame' ? parseCommand(result.frame) : undefined;
    expect(command).toEqual({ cmd: 0x60, para: 0x01, data: Uint8Array.of(1, 2, 3) });
  });

  it('round-trips a response with a big-endian length above 255', () => {
    const data = Uint8Array.from({ length: 1284 }, (_, i) => i & 0xff);
    const frame = encodeResponse(0x90, data);
    expect(toHex(frame.subarray(0, 10))).toBe('AAAAAA96690508000090');
    const [result] = new FrameDecoder().push(frame);
    const response = result?.kind === 'frame' ? parseResponse(result.frame) : undefined;
    expect(response?.sw3).toBe(0x90);
    expect(response?.data).toEqual(data);
  });
});

describe('FrameDecoder', () => {
  const find = encodeResponse(0x9f, new Uint8Array(4));
  const noCard = encodeResponse(0x80);

  it('reassembles a frame delivered one byte at a time', () => {
    const decoder = new FrameDecoder();
    const results: DecodeResult[] = [];
    for (const byte of find) results.push(...decoder.push(Uint8Array.of(byte)));
    expect(frames(results)).toEqual(['00009F00000000']);
    expect(decoder.bufferedBytes).toBe(0);
  });

  it('returns every frame of a chunk that holds several, in order', () => {
    const decoder = new FrameDecoder();
    const chunk = Buffer.concat([find, noCard, find]);
    expect(frames(decoder.push(chunk))).toEqual(['00009F00000000', '000080', '00009F00000000']);
  });

  it('skips garbage before and between frames and counts it', () => {
    const decoder = new FrameDecoder();
    const chunk = Buffer.concat([hex('01 02 AA AA 96 69 FF'), find, hex('AA 55 00'), noCard]);
    expect(frames(decoder.push(chunk))).toEqual(['00009F00000000', '000080']);
    expect(decoder.skippedBytes).toBe(10);
  });

  it('finds a preamble split across reads after garbage', () => {
    const decoder = new FrameDecoder();
    expect(decoder.push(Buffer.concat([hex('13 37'), find.subarray(0, 2)]))).toEqual([]);
    expect(decoder.bufferedBytes).toBe(2);
    expect(frames(decoder.push(find.subarray(2)))).toEqual(['00009F00000000']);
  });

  it('reports a wrong check byte and still decodes the next good frame', () => {
    const decoder = new FrameDecoder();
    const bad = find.slice();
    bad[bad.length - 1] = bad[bad.length - 1]! ^ 0xff;
    const results = decoder.push(Buffer.concat([bad, noCard]));
    expect(errors(results)).toEqual(['checksum']);
    expect(frames(results)).toEqual(['000080']);
  });

  it('reports a corrupted body as a checksum error rather than passing it on', () => {
    const decoder = new FrameDecoder();
    const bad = find.slice();
    bad[9] = bad[9]! ^ 0x01;
    const results = decoder.push(bad);
    expect(errors(results)).toEqual(['checksum']);
    expect(frames(results)).toEqual([]);
  });

  it.each([0, 1, 2, DEFAULT_MAX_FRAME_LEN + 1, 0xffff])('rejects impossible length %i and resyncs', (len) => {
    const decoder = new FrameDecoder();
    const header = Uint8Array.of(0xaa, 0xaa, 0xaa, 0x96, 0x69, len >> 8, len & 0xff);
    const results = decoder.push(Buffer.concat([header, hex('11 22'), noCard]));
    expect(errors(results)).toEqual(['length']);
    expect(frames(results)).toEqual(['000080']);
  });

  it('does not lose a good frame that sits behind a header whose length was corrupted', () => {
    const decoder = new FrameDecoder();
    // A truncated frame claims 20 bytes; the 20 bytes it swallows include a whole good frame.
    const truncated = hex('AA AA AA 96 69 00 14 00 00 90 01');
    const tail = hex('00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00');
    const results = decoder.push(Buffer.concat([truncated, noCard, tail]));
    expect(errors(results)).toEqual(['checksum']);
    expect(frames(results)).toEqual(['000080']);
  });

  it('waits for the rest of a frame without reporting anything', () => {
    const decoder = new FrameDecoder();
    expect(decoder.push(find.subarray(0, 9))).toEqual([]);
    expect(decoder.bufferedBytes).toBe(9);
    decoder.reset();
    expect(decoder.bufferedBytes).toBe(0);
    expect(frames(decoder.push(noCard))).toEqual(['000080']);
  });

  it('keeps at most a partial preamble when fed pure noise', () => {
    const decoder = new FrameDecoder();
    decoder.push(Uint8Array.from({ length: 10_000 }, (_, i) => (i * 7) & 0x7f));
    expect(decoder.bufferedBytes).toBeLessThan(5);
    decoder.push(hex('AA AA AA 96'));
    expect(decoder.bufferedBytes).toBe(4);
  });
});

describe('FrameDecoder fed Node Buffers (what serialport delivers)', () => {
  it('returns bodies as independent plain Uint8Arrays, not views into the read buffer', () => {
    const chunk = Buffer.from(encodeResponse(0x90, Uint8Array.of(1, 2, 3)));
    const [result] = new FrameDecoder().push(chunk);
    expect(result?.kind).toBe('frame');
    const body = (result as { kind: 'frame'; frame: { body: Uint8Array } }).frame.body;
    expect(Buffer.isBuffer(body)).toBe(false);
    chunk.fill(0);
    expect([...body]).toEqual([0x00, 0x00, 0x90, 1, 2, 3]);
  });
});
