import { describe, expect, it } from 'vitest';
import { SW3, knownSw3Values, samStatus } from '../../../../native/idcard/sam-status.ts';

describe('samStatus', () => {
  it('maps every documented SW3 to its own machine code and an English message', () => {
    const documented = [
      0x90, 0x91, 0x9f, 0x10, 0x11, 0x21, 0x23, 0x24, 0x31, 0x32, 0x33, 0x37, 0x3f, 0x40, 0x41, 0x47, 0x60, 0x66,
      0x80, 0x81,
    ];
    expect([...knownSw3Values].sort()).toEqual([...documented].sort());
    const codes = documented.map((sw3) => samStatus(sw3).code);
    expect(new Set(codes).size).toBe(documented.length);
    for (const sw3 of documented) {
      const status = samStatus(sw3);
      expect(status.sw3).toBe(sw3);
      expect(status.code).toMatch(/^[a-z0-9-]+$/);
      expect(status.message).toMatch(/^[\x20-\x7e]{8,}$/);
    }
  });

  it('treats only 0x90 and 0x9F as success', () => {
    const ok = knownSw3Values.filter((sw3) => samStatus(sw3).ok);
    expect(ok.sort()).toEqual([SW3.SUCCESS, SW3.FIND_SUCCESS].sort());
  });

  it.each([
    [0x80, 'find-card-failed'],
    [0x81, 'select-card-failed'],
    [0x41, 'read-card-failed'],
    [0x10, 'rx-checksum-error'],
    [0x60, 'sam-self-check-failed'],
    [0x66, 'sam-not-authorised'],
    [0x91, 'no-content'],
  ])('SW3 %i is %s', (sw3, code) => {
    expect(samStatus(sw3).code).toBe(code);
  });

  it('reports an undocumented byte as unknown, naming it', () => {
    const status = samStatus(0x55);
    expect(status).toMatchObject({ code: 'unknown-status', ok: false });
    expect(status.message).toContain('0x55');
  });
});
