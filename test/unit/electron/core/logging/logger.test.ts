import { describe, expect, it } from 'vitest';
import { createLogger, scrubIdNumbers } from '../../../../../electron/core/logging/logger.ts';

describe('logger', () => {
  it('masks resident ID numbers wherever they appear in a log line', () => {
    const lines: string[] = [];
    const logger = createLogger({ write: (l) => lines.push(l) });
    logger.info('card read 11010519491231002X ok', { card: { idNumber: '11010519491231002X' } });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('11010519491231002X');
    expect(lines[0]).toContain('110***********002X');
  });

  it('masks 15-character numbers but leaves ordinary words and short numbers alone', () => {
    expect(scrubIdNumbers('old 110105491231002 id')).toBe('old 110********1002 id');
    expect(scrubIdNumbers('jobId 1234 and port 8780')).toBe('jobId 1234 and port 8780');
    expect(scrubIdNumbers('SESSIONENDEDOK')).toBe('SESSIONENDEDOK');
  });

  it('drops lines below the configured level and scopes children', () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'warn', write: (l) => lines.push(l) }).child('devices');
    logger.info('hidden');
    logger.warn('shown');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'warn', scope: 'kiosk.devices', message: 'shown' });
  });
});
