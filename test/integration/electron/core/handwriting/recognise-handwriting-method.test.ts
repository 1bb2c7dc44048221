/**
 * recogniseHandwriting through the real dispatcher (the contract's schema and access policy) to
 * the real helper: open to anyone at the screen, and every malformed request refused with
 * INVALID_REQUEST before it reaches the helper.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KIOSK_API } from '../../../../../electron/contract/api-table.ts';
import { LOCAL_MS } from '../../../../../electron/contract/method.ts';
import { KioskDispatcher, type DispatchPolicy } from '../../../../../electron/core/api/dispatcher.ts';
import { KioskError } from '../../../../../electron/core/api/kiosk-error.ts';
import { handwritingHandlers } from '../../../../../electron/core/handwriting/handwriting-handlers.ts';
import { HandwritingRecogniser } from '../../../../../electron/core/handwriting/handwriting-recogniser.ts';
import { createLogger } from '../../../../../electron/core/logging/logger.ts';
import { handlerTable } from '../../../../support/handler-table.ts';
import { ensureHandwritingHelper } from '../../../../support/handwriting-helper.ts';
import { RECORDED_CHARACTERS } from '../../../../support/handwriting-strokes.ts';

const ctx = { shell: 'browser' as const, connectionId: 'handwriting-test' };
const 王 = RECORDED_CHARACTERS['王']!;
let recogniser: HandwritingRecogniser;
let dispatcher: KioskDispatcher;
let helperLines = 0;

beforeAll(() => {
  ensureHandwritingHelper();
  recogniser = new HandwritingRecogniser({
    logger: createLogger({ level: 'debug', write: (line) => { if (line.includes('handwriting helper')) helperLines += 1; } }),
  });
  const policy: DispatchPolicy = {
    citizenSession: () => undefined,
    requireStaff: () => {
      throw new KioskError('UNAUTHORIZED', 'no staff here');
    },
    inService: () => false,
    serviceEnabled: () => false,
    countTransaction: () => {},
  };
  const refuse = () => () => {
    throw new Error('not in this test');
  };
  dispatcher = new KioskDispatcher(handlerTable(handwritingHandlers(recogniser), refuse), {
    policy,
    logger: createLogger({ level: 'error', write: () => {} }),
  });
}, 60_000);
afterAll(() => recogniser.close());

const call = (payload: unknown) => dispatcher.dispatch('recogniseHandwriting', payload, ctx);

describe('recogniseHandwriting', () => {
  it('is open, owned by handwriting, with the local deadline', () => {
    expect(KIOSK_API.recogniseHandwriting).toMatchObject({ access: 'open', service: 'handwriting', timeoutMs: LOCAL_MS });
  });

  it('answers without a session, even out of service (staff screens write too), ten candidates by default', async () => {
    const response = await call({ strokes: 王 });
    expect(response.ok).toBe(true);
    const { candidates } = (response as { ok: true; value: { candidates: string[] } }).value;
    expect(candidates[0]).toBe('王');
    expect(candidates).toHaveLength(10);
  });

  it('returns as many candidates as asked for', async () => {
    const response = await call({ strokes: RECORDED_CHARACTERS['京'], limit: 3 });
    expect(response).toMatchObject({ ok: true, value: { candidates: expect.arrayContaining(['京']) } });
    expect((response as { ok: true; value: { candidates: string[] } }).value.candidates).toHaveLength(3);
  });

  const tooManyStrokes = Array.from({ length: 41 }, () => [[1, 1]]);
  const longStroke = [Array.from({ length: 257 }, (_, i) => [i, i])];
  const tooManyPoints = Array.from({ length: 20 }, () => Array.from({ length: 201 }, (_, i) => [i, i]));
  it.each([
    ['no strokes', { strokes: [] }],
    ['an empty stroke', { strokes: [[]] }],
    ['a coordinate past the box', { strokes: [[[1001, 5]]] }],
    ['a negative coordinate', { strokes: [[[-1, 5]]] }],
    ['a fractional coordinate', { strokes: [[[1.5, 5]]] }],
    ['a point with three numbers', { strokes: [[[1, 2, 3]]] }],
    ['a string for a number', { strokes: [[['1', 2]]] }],
    ['41 strokes', { strokes: tooManyStrokes }],
    ['257 points in one stroke', { strokes: longStroke }],
    ['4,020 points in all', { strokes: tooManyPoints }],
    ['no candidates asked for', { strokes: 王, limit: 0 }],
    ['21 candidates asked for', { strokes: 王, limit: 21 }],
    ['an unknown key', { strokes: 王, pressure: [1] }],
    ['no payload', undefined],
  ])('refuses %s with INVALID_REQUEST before the helper sees it', async (_label, payload) => {
    const before = helperLines;
    const response = await call(payload);
    expect(response).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    expect(helperLines).toBe(before);
  });
});
