import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { EscPosBuilder } from '../../../../native/printer/escpos-builder.ts';
import { isPrinterError, UnprintableTextError } from '../../../../native/printer/printer-errors.ts';
import type { RasterImage, RasterRenderer } from '../../../../native/printer/raster-image.ts';
import { decodeEscPos } from '../../../../native/simulators/escpos-decoder.ts';

const bytes = (b: EscPosBuilder): number[] => [...b.build()];
const hexOf = (s: string, encoding: 'utf8' | 'gb18030' = 'gb18030'): number[] =>
  [...(encoding === 'utf8' ? Buffer.from(s, 'utf8') : iconv.encode(s, 'gb18030'))];

describe('EscPosBuilder exact bytes', () => {
  it('emits ESC @, ESC a, ESC E, GS !, ESC -, ESC d and GS V', () => {
    expect(bytes(new EscPosBuilder().init())).toEqual([0x1b, 0x40]);
    expect(bytes(new EscPosBuilder().align('left').align('center').align('right'))).toEqual([
      0x1b, 0x61, 0, 0x1b, 0x61, 1, 0x1b, 0x61, 2,
    ]);
    expect(bytes(new EscPosBuilder().bold(true).bold(false))).toEqual([0x1b, 0x45, 1, 0x1b, 0x45, 0]);
    expect(bytes(new EscPosBuilder().size(2, 3).size(1, 1).size(8, 8))).toEqual([0x1d, 0x21, 0x12, 0x1d, 0x21, 0x00, 0x1d, 0x21, 0x77]);
    expect(bytes(new EscPosBuilder().underline().underline(2).underline(false))).toEqual([0x1b, 0x2d, 1, 0x1b, 0x2d, 2, 0x1b, 0x2d, 0]);
    expect(bytes(new EscPosBuilder().feed(3))).toEqual([0x1b, 0x64, 3]);
    expect(bytes(new EscPosBuilder().cut())).toEqual([0x1d, 0x56, 0]);
    expect(bytes(new EscPosBuilder().cut(true))).toEqual([0x1d, 0x56, 1]);
  });

  it('encodes 中文 as GB18030 after FS & and only switches Chinese mode once', () => {
    const out = bytes(new EscPosBuilder().line('中文').line('文'));
    expect(out).toEqual([0x1c, 0x26, 0xd6, 0xd0, 0xce, 0xc4, 0x0a, 0xce, 0xc4, 0x0a]);
  });

  it('re-enables Chinese mode after ESC @ because the printer default is unknown', () => {
    const out = bytes(new EscPosBuilder().line('中').init().line('中'));
    expect(out).toEqual([0x1c, 0x26, 0xd6, 0xd0, 0x0a, 0x1b, 0x40, 0x1c, 0x26, 0xd6, 0xd0, 0x0a]);
  });

  it('keeps ASCII as single bytes without Chinese mode, and turns \\n into LF', () => {
    expect(bytes(new EscPosBuilder().text('A-1\nB'))).toEqual([0x41, 0x2d, 0x31, 0x0a, 0x42]);
  });

  it('finishes the open line before a cut, and emits FS . for selectChinese(false)', () => {
    expect(bytes(new EscPosBuilder().text('x').cut())).toEqual([0x78, 0x0a, 0x1d, 0x56, 0x00]);
    expect(bytes(new EscPosBuilder().selectChinese(false))).toEqual([0x1c, 0x2e]);
  });
});

describe('EscPosBuilder QR code (GS ( k)', () => {
  it('emits model, size, ECC, store and print with exact bytes', () => {
    const out = bytes(new EscPosBuilder().qr('AB', { size: 4, ecc: 'H' }));
    expect(out).toEqual([
      0x1d, 0x28, 0x6b, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00, // fn 65: model 2
      0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x43, 0x04, // fn 67: module size 4
      0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x45, 0x33, // fn 69: ECC H
      0x1d, 0x28, 0x6b, 0x05, 0x00, 0x31, 0x50, 0x30, 0x41, 0x42, // fn 80: store, pL = 2 + 3
      0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x51, 0x30, // fn 81: print
    ]);
  });

  it('counts payload BYTES, not characters, for a Chinese payload (UTF-8 default)', () => {
    const payload = '信用昆明 https://verify.example.cn/r/测试0001';
    const payloadBytes = Buffer.from(payload, 'utf8');
    expect(payloadBytes.length).not.toBe(payload.length);
    const out = new EscPosBuilder().qr(payload).build();
    const store = Buffer.from(out).indexOf(Buffer.from([0x1d, 0x28, 0x6b]), 25);
    const pL = out[store + 3]!;
    const pH = out[store + 4]!;
    expect(pL + pH * 256).toBe(payloadBytes.length + 3);
    expect([...out.subarray(store + 5, store + 8)]).toEqual([0x31, 0x50, 0x30]);
    expect(Buffer.from(out.subarray(store + 8, store + 8 + payloadBytes.length)).equals(payloadBytes)).toBe(true);
  });

  it('uses pH for payloads over 252 bytes and honours the GB18030 payload encoding', () => {
    const payload = '码'.repeat(200); // 600 UTF-8 bytes, 400 GB18030 bytes
    const utf8 = new EscPosBuilder().qr(payload).build();
    const at = 25;
    expect(utf8[at + 3]! + utf8[at + 4]! * 256).toBe(603);
    expect(utf8[at + 4]).toBe(2);
    const gb = new EscPosBuilder().qr(payload, { encoding: 'gb18030' }).build();
    expect(gb[at + 3]! + gb[at + 4]! * 256).toBe(403);
    expect([...gb.subarray(at + 8, at + 10)]).toEqual(hexOf('码'));
  });

  it('rejects bad QR parameters and payloads beyond the symbol capacity with clear errors', () => {
    expect(() => new EscPosBuilder().qr('x', { size: 17 })).toThrow(/QR module size must be an integer 1..16/);
    expect(() => new EscPosBuilder().qr('')).toThrow(/QR payload is empty/);
    let caught: unknown;
    try {
      new EscPosBuilder().qr('a'.repeat(1274), { ecc: 'H' });
    } catch (error) {
      caught = error;
    }
    expect(isPrinterError(caught, 'qr-too-long')).toBe(true);
    expect((caught as Error).message).toContain('1274 bytes; ECC H holds at most 1273');
    expect(new EscPosBuilder().qr('a'.repeat(1273), { ecc: 'H' }).byteLength).toBeGreaterThan(1273);
  });
});

describe('EscPosBuilder text validation', () => {
  it('rejects control characters that would inject printer commands', () => {
    expect(() => new EscPosBuilder().text('张三\x1b@')).toThrow(/control character U\+001B/);
    expect(() => new EscPosBuilder().line('a\x00')).toThrow(/control character U\+0000/);
  });

  it('rejects a lone surrogate (GB18030 cannot round-trip it) naming only the code point', () => {
    let caught: unknown;
    try {
      new EscPosBuilder().line('姓名:张\uD800');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UnprintableTextError);
    expect((caught as UnprintableTextError).characters).toEqual(['\uD800']);
    expect((caught as Error).message).toContain('U+D800');
    expect((caught as Error).message).not.toContain('张');
  });

  it('treats four-byte GB18030 characters as unprintable on a GBK font, printable on a full font', () => {
    expect(() => new EscPosBuilder().line('王𠈌')).toThrow(/U\+2020C/);
    const full = bytes(new EscPosBuilder({ fontCoverage: 'gb18030' }).text('𠈌'));
    expect(full).toEqual([0x1c, 0x26, 0x95, 0x32, 0xb7, 0x30]);
  });
});

describe('EscPosBuilder raster fallback', () => {
  const box: RasterImage = { widthDots: 16, heightDots: 2, data: Uint8Array.of(0xff, 0xff, 0x80, 0x01) };
  const calls: string[] = [];
  const renderer: RasterRenderer = {
    renderText(text, style) {
      calls.push(`${text}|${style.bold}|${style.width}x${style.height}`);
      return box;
    },
  };

  it('sends unprintable text as GS v 0 on its own line, with the current style', () => {
    const builder = new EscPosBuilder({ raster: renderer }).bold().text('姓名:').line('王𠈌').line('ok');
    const out = [...builder.build()];
    expect(calls).toEqual(['王𠈌|true|1x1']);
    const gsv = [0x1d, 0x76, 0x30, 0x00, 0x02, 0x00, 0x02, 0x00, 0xff, 0xff, 0x80, 0x01];
    const prefix = [0x1b, 0x45, 1, 0x1c, 0x26, ...hexOf('姓名:'), 0x0a];
    expect(out).toEqual([...prefix, ...gsv, 0x6f, 0x6b, 0x0a]);
    const decoded = decodeEscPos(builder.build());
    expect(decoded.errors).toEqual([]);
    expect(decoded.lines).toEqual(['姓名:', 'ok']);
    expect(decoded.rasters).toEqual([{ line: 1, widthDots: 16, heightDots: 2 }]);
  });

  it('rejects a rendered image whose data does not match its size', () => {
    const bad: RasterRenderer = { renderText: () => ({ widthDots: 9, heightDots: 2, data: new Uint8Array(3) }) };
    expect(() => new EscPosBuilder({ raster: bad }).line('𠈌')).toThrow(/raster data is 3 bytes, expected 4/);
  });
});

describe('EscPosBuilder speed', () => {
  it('builds a typical receipt with a QR code well under 5 ms', () => {
    const build = (): Uint8Array => {
      const b = new EscPosBuilder().init().align('center').bold().size(2, 2).line('个人信用查询回执').size(1, 1).bold(false);
      b.align('left');
      for (let i = 0; i < 12; i++) b.line(`第${i}项: 行政许可 昆明市市场监督管理局 2024-03-0${i % 9}`);
      return b.align('center').qr('https://verify.example.cn/r/RPT-20240301-000123?t=DEMO-0001').line('扫码核验').feed(3).cut().build();
    };
    build(); // warm up iconv tables
    const runs = 50;
    const started = performance.now();
    for (let i = 0; i < runs; i++) build();
    const perReceipt = (performance.now() - started) / runs;
    expect(perReceipt).toBeLessThan(5);
  });
});
