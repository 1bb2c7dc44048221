import { describe, expect, it } from 'vitest';
import { encodeRequest, parseHelperLine } from '../../../../../electron/core/handwriting/helper-protocol.ts';

describe('handwriting helper protocol', () => {
  it('writes a request as one line of integers: id, n-best, stroke count, then each stroke', () => {
    expect(encodeRequest(7, 5, [[[1, 2], [3, 4]], [[5, 6]]])).toBe('7 5 2 2 1 2 3 4 1 5 6\n');
  });

  it('reads the ready line, answers, refusals and the fatal line', () => {
    expect(parseHelperLine('{"ready":true,"characters":6763}')).toEqual({ kind: 'ready', characters: 6763 });
    expect(parseHelperLine('{"id":3,"candidates":[{"c":"中","s":0.5},{"c":"申","s":-0.1}]}')).toEqual({ kind: 'answer', id: 3, candidates: ['中', '申'] });
    expect(parseHelperLine('{"id":4,"error":"bad-point"}')).toEqual({ kind: 'refused', id: 4, reason: 'bad-point' });
    expect(parseHelperLine('{"fatal":"model"}')).toEqual({ kind: 'fatal', reason: 'model' });
  });

  it('treats a cut-off or unexpected line as garbled, never as candidates', () => {
    expect(parseHelperLine('{"id":3,"candidates":[{"c":"中"')).toEqual({ kind: 'garbled' });
    expect(parseHelperLine('{"id":3,"candidates":[{"c":"","s":1}]}')).toEqual({ kind: 'garbled' });
    expect(parseHelperLine('{"id":"3","candidates":[]}')).toEqual({ kind: 'garbled' });
    expect(parseHelperLine('{"id":3,"candidates":[],"extra":1}')).toEqual({ kind: 'garbled' });
    expect(parseHelperLine('')).toEqual({ kind: 'garbled' });
  });
});
