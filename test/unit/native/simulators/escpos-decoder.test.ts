import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { EscPosBuilder } from '../../../../native/printer/escpos-builder.ts';
import { decodeEscPos, scanEscPos, splitReceipts } from '../../../../native/simulators/escpos-decoder.ts';

const gb = (s: string): number[] => [...iconv.encode(s, 'gb18030')];

describe('decodeEscPos round trip', () => {
  it('recovers lines, styles, QR payloads and the cut from builder output', () => {
    const qrPayload = 'https://verify.example.cn/r/报告-0001';
    const bytes = new EscPosBuilder()
      .init()
      .align('center')
      .bold()
      .size(2, 2)
      .line('个人信用查询回执')
      .size(1, 1)
      .bold(false)
      .newline()
      .align('left')
      .text('姓名: ')
      .bold()
      .text('张*')
      .bold(false)
      .line()
      .line('Report No: RPT-0001')
      .align('center')
      .qr(qrPayload, { ecc: 'Q' })
      .line('扫码核验')
      .feed(2)
      .cut(true)
      .build();
    const receipt = decodeEscPos(bytes);
    expect(receipt.errors).toEqual([]);
    expect(receipt.lines).toEqual(['个人信用查询回执', '', '姓名: 张*', 'Report No: RPT-0001', '扫码核验', '', '']);
    expect(receipt.qrCodes).toEqual([qrPayload]);
    expect(receipt.cut).toBe(true);
    expect(receipt.cutKind).toBe('partial');
    expect(receipt.runs[0]).toEqual({ line: 0, text: '个人信用查询回执', bold: true, underline: 0, width: 2, height: 2, align: 'center' });
    expect(receipt.runs.filter((r) => r.line === 2).map((r) => [r.text, r.bold])).toEqual([
      ['姓名: ', false],
      ['张*', true],
    ]);
  });

  it('decodes a GB18030-encoded QR payload when asked to', () => {
    const bytes = new EscPosBuilder().qr('信用码', { encoding: 'gb18030' }).build();
    expect(decodeEscPos(bytes, { qrEncoding: 'gb18030' }).qrCodes).toEqual(['信用码']);
    // Without the hint, bytes that are not valid UTF-8 fall back to GB18030.
    expect(decodeEscPos(bytes).qrCodes).toEqual(['信用码']);
  });

  it('ignores status requests inside the stream', () => {
    const bytes = Uint8Array.of(0x41, 0x0a, 0x10, 0x04, 0x01, 0x42, 0x0a);
    expect(decodeEscPos(bytes)).toMatchObject({ lines: ['A', 'B'], errors: [] });
  });
});

describe('decodeEscPos bad input', () => {
  it('reports an unknown command with its offset and keeps decoding', () => {
    const bytes = Uint8Array.of(0x41, 0x0a, 0x1b, 0x7a, 0x42, 0x0a, 0x1d, 0x56, 0x00);
    const receipt = decodeEscPos(bytes);
    expect(receipt.errors).toEqual(['offset 2: unknown command ESC 0x7A']);
    expect(receipt.lines).toEqual(['A', 'B']);
    expect(receipt.cut).toBe(true);
  });

  it('reports stray control bytes, unsupported 2D symbols and invalid parameters', () => {
    const pdf417 = [0x1d, 0x28, 0x6b, 0x03, 0x00, 0x30, 0x41, 0x00];
    const receipt = decodeEscPos(Uint8Array.of(0x07, ...pdf417, 0x1b, 0x61, 0x09, 0x43, 0x0a));
    expect(receipt.errors).toEqual([
      'offset 0: unexpected control byte 0x07',
      'offset 1: unsupported 2D symbol GS ( k cn=48 (only QR, cn=49)',
      'offset 9: ESC a with invalid alignment 0x09',
    ]);
    expect(receipt.lines).toEqual(['C']);
  });

  it('reports a truncated command instead of reading past the end', () => {
    const receipt = decodeEscPos(Uint8Array.of(0x41, 0x0a, 0x1d, 0x28, 0x6b, 0x10, 0x00, 0x31));
    expect(receipt.lines).toEqual(['A']);
    expect(receipt.errors).toEqual(['offset 2: truncated command 0x1D 0x28: 6 bytes left']);
  });

  it('flags Chinese text sent without FS & and invalid GB18030 sequences', () => {
    const noFs = decodeEscPos(Uint8Array.of(...gb('中'), 0x0a));
    expect(noFs.errors).toEqual(['offset 0: bytes >= 0x80 outside Chinese mode (no FS &): a printer would print code-page symbols']);
    expect(noFs.lines).toEqual(['中']);
    const broken = decodeEscPos(Uint8Array.of(0x1c, 0x26, 0x81, 0x20, 0x0a));
    expect(broken.errors).toEqual(['offset 2: invalid GB18030 byte sequence']);
  });

  it('flags QR data stored but never printed, and QR print without data', () => {
    const store = [0x1d, 0x28, 0x6b, 0x04, 0x00, 0x31, 0x50, 0x30, 0x41];
    const print = [0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x51, 0x30];
    expect(decodeEscPos(Uint8Array.of(...store)).errors).toEqual(['offset 9: QR data stored (fn 80) but never printed (fn 81)']);
    expect(decodeEscPos(Uint8Array.of(...print)).errors).toEqual(['offset 0: QR print (fn 81) without stored data (fn 80)']);
    expect(decodeEscPos(Uint8Array.of(...store, ...print)).qrCodes).toEqual(['A']);
  });

  it('flags a cut or ESC @ while a line is unterminated', () => {
    expect(decodeEscPos(Uint8Array.of(0x41, 0x1d, 0x56, 0x00)).errors).toEqual(['offset 1: cut while a line was not terminated by LF']);
    expect(decodeEscPos(Uint8Array.of(0x41, 0x1b, 0x40, 0x42, 0x0a))).toMatchObject({
      lines: ['B'],
      errors: ['offset 1: ESC @ discarded text that was never printed (no LF)'],
    });
  });
});

describe('scanEscPos and splitReceipts', () => {
  it('returns undefined for a command cut off by the end of the bytes (stream readers wait)', () => {
    expect(scanEscPos(Uint8Array.of(0x1b), 0)).toBeUndefined();
    expect(scanEscPos(Uint8Array.of(0x10, 0x04), 0)).toBeUndefined();
    expect(scanEscPos(Uint8Array.of(0x1d, 0x76, 0x30, 0, 1, 0, 2, 0, 0xff), 0)).toBeUndefined();
    expect(scanEscPos(Uint8Array.of(0x10, 0x04, 0x02), 0)).toEqual({ token: { kind: 'status-request', n: 2 }, length: 3 });
  });

  it('splits a stream at each cut and keeps an uncut tail', () => {
    const one = new EscPosBuilder().line('第一张').cut().build();
    const two = new EscPosBuilder().line('第二张').cut(true).build();
    const tail = new EscPosBuilder().line('tail').build();
    const receipts = splitReceipts(Buffer.concat([one, two, tail]));
    expect(receipts.map((r) => [r.lines, r.cut])).toEqual([
      [['第一张'], true],
      [['第二张'], true],
      [['tail'], false],
    ]);
  });
});
