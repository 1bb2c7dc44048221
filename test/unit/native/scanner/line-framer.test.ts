import { describe, expect, it } from 'vitest';
import { LineFramer, type FramerEvent } from '../../../../native/scanner/line-framer.ts';

const ascii = (text: string) => new Uint8Array(Buffer.from(text, 'latin1'));
const show = (events: FramerEvent[]) =>
  events.map((e) => (e.kind === 'frame' ? Buffer.from(e.bytes).toString('latin1') : `overflow>${e.maxBytes}`));

describe('LineFramer', () => {
  it('frames on CR, LF and CRLF and ignores blank lines', () => {
    const framer = new LineFramer(64);
    expect(show(framer.push(ascii('A1\rB2\nC3\r\n\r\n\nD4\n\r')))).toEqual(['A1', 'B2', 'C3', 'D4']);
    expect(framer.open).toBe(false);
  });

  it('joins a code split across chunks, including a CRLF split in two', () => {
    const framer = new LineFramer(64);
    expect(show(framer.push(ascii('69012')))).toEqual([]);
    expect(framer.open).toBe(true);
    expect(show(framer.push(ascii('34567892\r')))).toEqual(['6901234567892']);
    expect(show(framer.push(ascii('\nNEXT\r\n')))).toEqual(['NEXT']);
  });

  it('closes an unterminated code on flush (idle gap)', () => {
    const framer = new LineFramer(64);
    framer.push(ascii('NOSUFFIX'));
    expect(show(framer.flush())).toEqual(['NOSUFFIX']);
    expect(show(framer.flush())).toEqual([]);
  });

  it('copies chunk bytes, so a reused buffer cannot change a pending code', () => {
    const framer = new LineFramer(64);
    const chunk = ascii('ABC');
    framer.push(chunk);
    chunk.fill(0x5a);
    expect(show(framer.push(ascii('\r')))).toEqual(['ABC']);
  });

  it('accepts a code of exactly maxBytes', () => {
    const framer = new LineFramer(8);
    expect(show(framer.push(ascii('12345678\r')))).toEqual(['12345678']);
  });

  it('reports an over-long run once, skips it, and recovers at the next terminator', () => {
    const framer = new LineFramer(8);
    const events = ['GARBAGE-', 'MORE-GARBAGE', 'STILL'].flatMap((part) => framer.push(ascii(part)));
    expect(show(events)).toEqual(['overflow>8']);
    expect(show(framer.push(ascii('TAIL\rGOOD\r')))).toEqual(['GOOD']);
  });

  it('ends a skipped run at an idle gap too', () => {
    const framer = new LineFramer(8);
    expect(show(framer.push(ascii('0123456789ABCDEF')))).toEqual(['overflow>8']);
    expect(framer.open).toBe(true);
    expect(show(framer.flush())).toEqual([]);
    expect(show(framer.push(ascii('GOOD\r')))).toEqual(['GOOD']);
  });
});
