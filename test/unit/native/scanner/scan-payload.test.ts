import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { DEFAULT_MAX_SCAN_BYTES, decodeScanPayload } from '../../../../native/scanner/scan-payload.ts';

const bytes = (...values: number[]) => Uint8Array.from(values);
const utf8 = (text: string) => new TextEncoder().encode(text);

describe('decodeScanPayload', () => {
  it('decodes ASCII as UTF-8', () => {
    expect(decodeScanPayload(utf8('6901234567892'))).toEqual({ ok: true, text: '6901234567892', encoding: 'utf-8' });
  });

  it('decodes UTF-8 Chinese', () => {
    const text = '昆明市政务服务中心 取号:A023';
    expect(decodeScanPayload(utf8(text))).toEqual({ ok: true, text, encoding: 'utf-8' });
  });

  it('decodes GB18030 Chinese that is not valid UTF-8', () => {
    // "中文" in GB2312/GBK/GB18030.
    expect(decodeScanPayload(bytes(0xd6, 0xd0, 0xce, 0xc4))).toEqual({ ok: true, text: '中文', encoding: 'gb18030' });
    const text = '云南省 信用查询 张三丰';
    expect(decodeScanPayload(iconv.encode(text, 'gb18030'))).toEqual({ ok: true, text, encoding: 'gb18030' });
  });

  it('decodes a four-byte GB18030 character (a rare character in a name)', () => {
    // U+20000 𠀀 is 95 32 82 36 in GB18030.
    expect(decodeScanPayload(bytes(0x95, 0x32, 0x82, 0x36))).toEqual({ ok: true, text: '𠀀', encoding: 'gb18030' });
  });

  it('keeps tabs: field separators in some codes', () => {
    expect(decodeScanPayload(utf8('A\tB'))).toMatchObject({ ok: true, text: 'A\tB' });
  });

  it('rejects an empty payload', () => {
    expect(decodeScanPayload(new Uint8Array(0))).toMatchObject({ ok: false, reason: 'empty' });
  });

  it('rejects a payload over the limit and accepts one at it', () => {
    const atLimit = new Uint8Array(DEFAULT_MAX_SCAN_BYTES).fill(0x41);
    expect(decodeScanPayload(atLimit)).toMatchObject({ ok: true, encoding: 'utf-8' });
    const over = decodeScanPayload(new Uint8Array(DEFAULT_MAX_SCAN_BYTES + 1).fill(0x41));
    expect(over).toMatchObject({ ok: false, reason: 'too-long' });
    expect(over.ok || over.message).toMatch(/4097 bytes.*4096/);
    expect(decodeScanPayload(utf8('12345'), { maxBytes: 4 })).toMatchObject({ ok: false, reason: 'too-long' });
  });

  it.each([
    ['NUL', [0x41, 0x00, 0x42], 1],
    ['ESC (a printer command)', [0x1b, 0x40], 0],
    ['CR inside a code', [0x41, 0x0d, 0x42], 1],
    ['DEL', [0x41, 0x42, 0x7f], 2],
  ])('rejects %s as binary and says where', (_, values, offset) => {
    const result = decodeScanPayload(Uint8Array.from(values));
    expect(result).toMatchObject({ ok: false, reason: 'binary' });
    expect(result.ok || result.message).toContain(`offset ${offset}`);
  });

  it('rejects C1 control characters hidden in valid UTF-8', () => {
    expect(decodeScanPayload(bytes(0x41, 0xc2, 0x85, 0x42))).toMatchObject({ ok: false, reason: 'binary' });
  });

  it.each([
    ['a lone 0x80', [0x80]],
    ['0xFF bytes', [0x41, 0xff, 0xff]],
    ['a GB18030 lead byte cut off', [0x41, 0xd6]],
    ['an impossible four-byte sequence', [0xfe, 0x39, 0xfe, 0x39]],
  ])('rejects %s as undecodable', (_, values) => {
    expect(decodeScanPayload(Uint8Array.from(values))).toMatchObject({ ok: false, reason: 'undecodable' });
  });

  it('never quotes the payload in a message (codes can carry personal data)', () => {
    const secret = utf8('11010519491231002X\x00');
    const result = decodeScanPayload(secret);
    expect(result.ok).toBe(false);
    expect(result.ok || result.message).not.toContain('1101051949');
  });

  it('never throws on garbage, and what it accepts re-encodes to the same bytes', () => {
    let seed = 0x1234567;
    const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 24;
    const outcomes = new Set<string>();
    for (let round = 0; round < 500; round++) {
      const input = Uint8Array.from({ length: 1 + (round % 24) }, () => 0x20 + (random() % 0xe0));
      const result = decodeScanPayload(input);
      outcomes.add(result.ok ? result.encoding : result.reason);
      if (result.ok) {
        const back = result.encoding === 'utf-8' ? utf8(result.text) : iconv.encode(result.text, 'gb18030');
        expect(Buffer.from(back).equals(Buffer.from(input))).toBe(true);
      }
    }
    expect(outcomes).toContain('undecodable');
    expect(outcomes).toContain('gb18030');
  });
});
