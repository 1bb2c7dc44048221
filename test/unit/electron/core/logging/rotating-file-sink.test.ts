import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../../../electron/core/logging/logger.ts';
import { createRotatingFileSink, totalSize } from '../../../../../electron/core/logging/rotating-file-sink.ts';
import { useTempDir } from '../../../../support/temp-dir.ts';

const tmp = useTempDir('log-sink');

describe('rotating file sink', () => {
  it('rotates by size and keeps a bounded number of files', () => {
    const sink = createRotatingFileSink({ path: tmp.path('logs/kiosk.log'), maxBytes: 2048, maxFiles: 2 });
    const logger = createLogger({ write: sink.write });
    for (let i = 0; i < 200; i++) logger.info('heartbeat sent', { i, pad: 'x'.repeat(40) });
    sink.close();
    const files = sink.files();
    expect(files.map((f) => f.split('/').at(-1))).toEqual(['kiosk.log', 'kiosk.log.1', 'kiosk.log.2']);
    for (const file of files) expect(statSync(file).size).toBeLessThanOrEqual(2048);
    expect(totalSize(files)).toBeLessThanOrEqual(3 * 2048);
    // Newest last, every line whole JSON.
    const newest = readFileSync(files[0] ?? '', 'utf8').trim().split('\n');
    expect(JSON.parse(newest.at(-1) ?? '')).toMatchObject({ message: 'heartbeat sent', i: 199 });
    for (const line of newest) expect(() => JSON.parse(line)).not.toThrow();
  });

  it('masks ID numbers even from writers that bypass the logger', () => {
    const sink = createRotatingFileSink({ path: tmp.path('kiosk.log') });
    sink.write('child said: reading 11010519491231002X done');
    sink.close();
    expect(readFileSync(tmp.path('kiosk.log'), 'utf8')).toBe('child said: reading 110***********002X done\n');
  });

  it('keeps one entry per line: embedded newlines are escaped, over-long lines cut', () => {
    const sink = createRotatingFileSink({ path: tmp.path('kiosk.log'), maxBytes: 1024 });
    sink.write('first\nsecond');
    sink.write('好'.repeat(2000));
    sink.close();
    const lines = readFileSync(sink.files().at(-1) ?? '', 'utf8').split('\n');
    expect(lines[0]).toBe('first\\nsecond');
    const big = readFileSync(sink.files()[0] ?? '', 'utf8');
    expect(Buffer.byteLength(big)).toBeLessThanOrEqual(1024);
    expect(big.endsWith('…[truncated]\n')).toBe(true);
    expect(big).not.toContain('\uFFFD');
  });

  it('readRecent returns the newest whole lines across rotated files, oldest first', () => {
    const sink = createRotatingFileSink({ path: tmp.path('kiosk.log'), maxBytes: 1024, maxFiles: 3 });
    for (let i = 0; i < 60; i++) sink.write(`line ${String(i).padStart(2, '0')} ${'.'.repeat(40)}`);
    const recent = sink.readRecent(500).trim().split('\n');
    expect(recent.at(-1)).toMatch(/^line 59 /);
    expect(recent.length).toBeGreaterThan(5);
    const numbers = recent.map((l) => Number(l.slice(5, 7)));
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(numbers.at(-1)! - numbers[0]!).toBe(numbers.length - 1);
    sink.close();
  });

  it('exports every file to a folder (USB drive)', () => {
    const sink = createRotatingFileSink({ path: tmp.path('kiosk.log'), maxBytes: 1024, maxFiles: 2 });
    for (let i = 0; i < 40; i++) sink.write(`entry ${i} ${'-'.repeat(50)}`);
    const copies = sink.exportTo(tmp.path('usb/logs'));
    expect(copies.map((f) => f.split('/').at(-1))).toEqual(['kiosk.log', 'kiosk.log.1', 'kiosk.log.2']);
    expect(readFileSync(copies[0] ?? '', 'utf8')).toBe(readFileSync(tmp.path('kiosk.log'), 'utf8'));
    sink.close();
  });

  it('an unwritable log never throws; lost lines are counted', () => {
    // A directory where the file should be: fails for every user, root included.
    mkdirSync(tmp.path('kiosk.log'));
    const sink = createRotatingFileSink({ path: tmp.path('kiosk.log') });
    expect(() => sink.write('hello')).not.toThrow();
    expect(() => sink.write('again')).not.toThrow();
    expect(sink.droppedLines).toBe(2);
    sink.close();
  });
});
