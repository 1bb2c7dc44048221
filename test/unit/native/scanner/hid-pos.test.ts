import { describe, expect, it } from 'vitest';
import {
  HidPosAssembler,
  HidPosReportError,
  parseHidPosReport,
  type HidPosPayload,
} from '../../../../native/scanner/hid-pos.ts';
import { HONEYWELL_REVINF, HONEYWELL_REVINF_TEXT, QR_SINGLE } from './hid-pos-recorded.ts';

const report = (values: readonly number[]) => Uint8Array.from(values);
const latin1 = (bytes: Uint8Array) => Buffer.from(bytes).toString('latin1');

function expectReportError(action: () => unknown, code: HidPosReportError['code']): HidPosReportError {
  let caught: unknown;
  try {
    action();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(HidPosReportError);
  expect((caught as HidPosReportError).code).toBe(code);
  return caught as HidPosReportError;
}

/** A copy of a recorded report with some bytes changed. */
function patched(values: readonly number[], changes: Record<number, number>): Uint8Array {
  const copy = report(values);
  for (const [index, value] of Object.entries(changes)) copy[Number(index)] = value;
  return copy;
}

describe('parseHidPosReport (recorded HID reports: no virtual HID device can exist here)', () => {
  it('reads length, AIM identifier, data and the continuation bit of a Honeywell report', () => {
    const first = parseHidPosReport(report(HONEYWELL_REVINF[0]!));
    expect(first.aimId).toBe(']X0');
    expect(first.continues).toBe(true);
    expect(first.data).toHaveLength(56);
    expect(latin1(first.data)).toMatch(/^Product Name: Voyager 1602g\r\n/);
    const last = parseHidPosReport(report(HONEYWELL_REVINF[5]!));
    expect(last.continues).toBe(false);
    expect(latin1(last.data)).toBe('um: N/A\r\n');
  });

  it('reads a single-report QR code and ignores the zero padding', () => {
    const packet = parseHidPosReport(report(QR_SINGLE));
    expect(packet).toEqual({ data: expect.any(Uint8Array), aimId: ']Q1', continues: false });
    expect(latin1(packet.data)).toBe('https://zw.example.cn/t/K7');
  });

  it('accepts a report whose AIM identifier is switched off (zeros)', () => {
    expect(parseHidPosReport(patched(QR_SINGLE, { 2: 0, 3: 0, 4: 0 })).aimId).toBeUndefined();
  });

  it('refuses a report of another ID', () => {
    const error = expectReportError(() => parseHidPosReport(patched(QR_SINGLE, { 0: 0x04 })), 'wrong-report-id');
    expect(error.message).toMatch(/0x04.*0x02/);
  });

  it('refuses a length beyond what the report can hold', () => {
    const error = expectReportError(() => parseHidPosReport(patched(QR_SINGLE, { 1: 57 })), 'length-overflow');
    expect(error.message).toMatch(/57 data bytes.*at most 56/);
  });

  it('refuses reports too short for header and trailer, including an empty one', () => {
    expectReportError(() => parseHidPosReport(report([0x02, 0x01, 0x5d, 0x51, 0x31])), 'short-report');
    expectReportError(() => parseHidPosReport(new Uint8Array(0)), 'short-report');
  });

  it('refuses a report without an AIM identifier (another vendor layout)', () => {
    // Newland-style: data right after the length byte.
    const error = expectReportError(
      () => parseHidPosReport(report([0x02, 0x04, 0x41, 0x42, 0x43, 0x44, ...new Array<number>(58).fill(0)])),
      'bad-symbology',
    );
    expect(error.message).toMatch(/AIM identifier.*0x41 0x42 0x43/);
  });
});

describe('HidPosAssembler (recorded HID reports: no virtual HID device can exist here)', () => {
  it('returns a single-report code at once', () => {
    const payload = new HidPosAssembler().push(report(QR_SINGLE));
    expect(payload && latin1(payload.bytes)).toBe('https://zw.example.cn/t/K7');
    expect(payload).toMatchObject({ aimId: ']Q1', reports: 1 });
  });

  it('joins a six-report Honeywell message and then reads the next message on its own', () => {
    const assembler = new HidPosAssembler();
    const results = HONEYWELL_REVINF.map((r) => assembler.push(report(r)));
    expect(results.slice(0, 5)).toEqual([undefined, undefined, undefined, undefined, undefined]);
    const message = results[5] as HidPosPayload;
    expect(latin1(message.bytes)).toBe(HONEYWELL_REVINF_TEXT);
    expect(message).toMatchObject({ aimId: ']X0', reports: 6 });
    const ack = results[6] as HidPosPayload;
    expect(ack.bytes).toEqual(Uint8Array.from([...Buffer.from('REVINF'), 0x06, 0x2e]));
    expect(ack).toMatchObject({ aimId: ']Z6', reports: 1 });
    expect(assembler.inProgress).toBe(false);
  });

  it('keeps a code in progress across a report of another ID', () => {
    const assembler = new HidPosAssembler();
    for (const r of HONEYWELL_REVINF.slice(0, 3)) assembler.push(report(r));
    expectReportError(() => assembler.push(patched(HONEYWELL_REVINF[3]!, { 0: 0x01 })), 'wrong-report-id');
    for (const r of HONEYWELL_REVINF.slice(3, 5)) expect(assembler.push(report(r))).toBeUndefined();
    expect(latin1(assembler.push(report(HONEYWELL_REVINF[5]!))!.bytes)).toBe(HONEYWELL_REVINF_TEXT);
  });

  it('drops a code whose report is broken and never delivers its tail as a code', () => {
    const assembler = new HidPosAssembler();
    assembler.push(report(HONEYWELL_REVINF[0]!));
    expectReportError(() => assembler.push(patched(HONEYWELL_REVINF[1]!, { 1: 0xff })), 'length-overflow');
    // The broken report said more follows: the rest of that message is skipped quietly...
    for (const r of HONEYWELL_REVINF.slice(2, 6)) expect(assembler.push(report(r))).toBeUndefined();
    // ...and the next message comes through whole.
    expect(latin1(assembler.push(report(QR_SINGLE))!.bytes)).toBe('https://zw.example.cn/t/K7');
  });

  it('does not lose the next code after a broken single report', () => {
    const assembler = new HidPosAssembler();
    expectReportError(() => assembler.push(patched(QR_SINGLE, { 1: 60 })), 'length-overflow');
    expect(assembler.inProgress).toBe(false);
    expect(latin1(assembler.push(report(QR_SINGLE))!.bytes)).toBe('https://zw.example.cn/t/K7');
  });

  it('caps the size of a code, skips the rest of it, then reads the next', () => {
    const assembler = new HidPosAssembler({ maxBytes: 100 });
    expect(assembler.push(report(HONEYWELL_REVINF[0]!))).toBeUndefined();
    const error = expectReportError(() => assembler.push(report(HONEYWELL_REVINF[1]!)), 'too-long');
    expect(error.message).toMatch(/100 bytes/);
    for (const r of HONEYWELL_REVINF.slice(2, 6)) expect(assembler.push(report(r))).toBeUndefined();
    expect(assembler.push(report(HONEYWELL_REVINF[6]!))).toMatchObject({ aimId: ']Z6', reports: 1 });
  });

  it('starts afresh after reset (a message whose last report never came)', () => {
    const assembler = new HidPosAssembler();
    assembler.push(report(HONEYWELL_REVINF[0]!));
    expect(assembler.assembling).toBe(true);
    assembler.reset();
    expect(latin1(assembler.push(report(QR_SINGLE))!.bytes)).toBe('https://zw.example.cn/t/K7');
  });
});
