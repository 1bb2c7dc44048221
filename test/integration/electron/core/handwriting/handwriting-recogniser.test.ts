/**
 * The recogniser over the real helper process (zinnia + the tegaki model): recorded strokes come
 * back as the right character, a refused request is a clear error, and a helper that dies or
 * cannot start is restarted or reported, never a request left hanging.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AlertBoard } from '../../../../../electron/core/alerts/alert-board.ts';
import { KioskError } from '../../../../../electron/core/api/kiosk-error.ts';
import { HandwritingRecogniser, type HandwritingRecogniserOptions } from '../../../../../electron/core/handwriting/handwriting-recogniser.ts';
import { createLogger } from '../../../../../electron/core/logging/logger.ts';
import { ensureHandwritingHelper } from '../../../../support/handwriting-helper.ts';
import { RECORDED_CHARACTERS } from '../../../../support/handwriting-strokes.ts';
import { medianStrokes, withStrokeReversed, withStrokesMerged } from '../../../../support/median-strokes.ts';
import { MedianTemplates } from '../../../../../electron/core/handwriting/median-templates.ts';
import { ShapeReranker } from '../../../../../electron/core/handwriting/shape-reranker.ts';

const 中 = RECORDED_CHARACTERS['中']!;
const open: HandwritingRecogniser[] = [];
let logLines: string[] = [];

function recogniser(options: Partial<HandwritingRecogniserOptions> = {}): HandwritingRecogniser {
  const made = new HandwritingRecogniser({
    logger: createLogger({ level: 'debug', write: (line) => logLines.push(line) }),
    random: () => 0,
    ...options,
  });
  open.push(made);
  return made;
}

const codeOf = async (promise: Promise<unknown>): Promise<string> => {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(KioskError);
  return (error as KioskError).code;
};

beforeAll(() => ensureHandwritingHelper(), 60_000);
afterEach(async () => {
  await Promise.all(open.splice(0).map((r) => r.close()));
  logLines = [];
});

describe('handwriting recogniser (real helper process)', () => {
  it('puts each recorded character in the top five, first for these', async () => {
    const r = recogniser();
    for (const [character, strokes] of Object.entries(RECORDED_CHARACTERS)) {
      const candidates = await r.recognise(strokes, 10);
      expect(candidates.slice(0, 5), character).toContain(character);
      expect(candidates[0], character).toBe(character);
      expect(candidates).toHaveLength(10);
    }
  });

  it('finds a character with a stroke written backwards, which zinnia alone misses', async () => {
    // 生's third stroke (the middle horizontal) drawn right to left.
    const written = withStrokeReversed(medianStrokes('生'), 2);
    expect(await recogniser({ reranker: false }).recognise(written, 5)).not.toContain('生');
    const candidates = await recogniser().recognise(written, 5);
    expect(candidates).toHaveLength(5);
    expect(candidates[0]).toBe('生');
  });

  it('finds a character with two strokes written in one go, which zinnia alone misses', async () => {
    // 不's last two strokes (the vertical and the dot) without lifting the pen.
    const written = withStrokesMerged(medianStrokes('不'), 2);
    expect(await recogniser({ reranker: false }).recognise(written, 5)).not.toContain('不');
    expect((await recogniser().recognise(written, 5)).slice(0, 5)).toContain('不');
  });

  it('keeps zinnia’s order, and answers, when the reference strokes are missing', async () => {
    const written = withStrokeReversed(medianStrokes('生'), 2);
    const zinniaOnly = await recogniser({ reranker: false }).recognise(written, 5);
    const withoutData = await recogniser({ reranker: new ShapeReranker(new MedianTemplates(null)) }).recognise(written, 5);
    expect(withoutData).toEqual(zinniaOnly);
    expect(logLines.some((line) => line.includes('reference strokes (hanzi-writer-data) missing'))).toBe(true);
  });

  it('answers concurrent requests each with its own candidates', async () => {
    const r = recogniser();
    const entries = Object.entries(RECORDED_CHARACTERS);
    const answers = await Promise.all(entries.map(([, strokes]) => r.recognise(strokes, 5)));
    expect(answers.map((a) => a[0])).toEqual(entries.map(([c]) => c));
  });

  it('refuses strokes outside the box with a clear error, and keeps answering', async () => {
    const r = recogniser();
    expect(await codeOf(r.recognise([[[5000, 10]]], 5))).toBe('INVALID_REQUEST');
    expect(logLines.some((line) => line.includes('bad-point'))).toBe(true);
    expect((await r.recognise(中, 5))[0]).toBe('中');
  });

  it('restarts a helper that was killed and answers the request it was working on', async () => {
    const alerts = new AlertBoard();
    const r = recogniser({ alerts });
    expect((await r.recognise(中, 5))[0]).toBe('中');
    const first = r.helperPid;
    expect(first).toBeTypeOf('number');
    const pending = r.recognise(RECORDED_CHARACTERS['国']!, 5);
    process.kill(first!, 'SIGKILL');
    expect((await pending)[0]).toBe('国');
    expect(r.helperPid).toBeTypeOf('number');
    expect(r.helperPid).not.toBe(first);
    expect((await r.recognise(中, 5))[0]).toBe('中');
    expect(logLines.some((line) => line.includes('handwriting helper stopped'))).toBe(true);
    expect(logLines.some((line) => line.includes('handwriting requests re-sent to the next helper'))).toBe(true);
    // One crash is not an outage: staff are not called for it.
    expect(alerts.list()).toEqual([]);
  });

  it('refuses strokes the helper dies on twice, instead of crashing it for ever', async () => {
    // A stand-in helper that starts, then dies on whatever it is sent: strokes that crash zinnia.
    const r = recogniser({ helper: { path: '/bin/sh', args: ['-c', 'echo \'{"ready":true,"characters":1}\'; read line; exit 3'] } });
    expect(await codeOf(r.recognise(中, 5))).toBe('HANDWRITING_UNAVAILABLE');
    expect(logLines.filter((line) => line.includes('handwriting helper stopped'))).toHaveLength(2);
  });

  it('fails clearly when the program is missing, and raises the alert after repeated failures', async () => {
    const alerts = new AlertBoard();
    const r = recogniser({ alerts, helper: { path: '/nonexistent/bianmin-handwriting' } });
    const started = Date.now();
    for (let attempt = 0; attempt < 3; attempt += 1) expect(await codeOf(r.recognise(中, 5))).toBe('HANDWRITING_UNAVAILABLE');
    // At once, not after the request's time limit: a helper that cannot start will not answer.
    expect(Date.now() - started).toBeLessThan(2000);
    expect(alerts.list().map((a) => a.kind)).toEqual(['handwriting-unavailable']);
  });

  it('fails clearly when the model cannot be opened', async () => {
    const { handwritingHelperPath } = await import('../../../../../electron/core/handwriting/handwriting-recogniser.ts');
    const r = recogniser({ helper: { path: handwritingHelperPath(), args: ['/nonexistent/model'] } });
    expect(await codeOf(r.recognise(中, 5))).toBe('HANDWRITING_UNAVAILABLE');
    expect(logLines.some((line) => line.includes('handwriting helper cannot start'))).toBe(true);
  });

  it('gives up on a helper that does not answer in time', async () => {
    // `sleep` stands in for a hung helper: it starts, never says it is ready, never answers.
    const r = recogniser({ helper: { path: '/bin/sleep', args: ['30'] }, requestTimeoutMs: 300 });
    const started = Date.now();
    expect(await codeOf(r.recognise(中, 5))).toBe('HANDWRITING_UNAVAILABLE');
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('refuses requests once closed', async () => {
    const r = recogniser();
    await r.close();
    expect(await codeOf(r.recognise(中, 5))).toBe('HANDWRITING_UNAVAILABLE');
  });
});
