/** Reference shapes are read for single Han characters only, and missing data is "unknown", never an error. */
import { describe, expect, it } from 'vitest';
import { MedianTemplates } from '../../../../../electron/core/handwriting/median-templates.ts';
import { useTempDir } from '../../../../support/temp-dir.ts';

const temp = useTempDir('median-templates');

describe('median templates', () => {
  it('reads a character’s strokes from hanzi-writer-data, normalised to the unit box', async () => {
    const shape = await new MedianTemplates().shape('王');
    expect(shape).toHaveLength(4);
    for (const stroke of shape!) for (const [x, y] of stroke) expect(Math.min(x, y) >= 0 && Math.max(x, y) <= 1).toBe(true);
  });

  it('never turns a candidate that is not one Han character into a file name', async () => {
    const templates = new MedianTemplates();
    for (const candidate of ['../package', '王王', 'a', '', '..', '/etc/passwd']) expect(await templates.shape(candidate)).toBeUndefined();
  });

  it('answers unknown for a character without data, or without the data package at all', async () => {
    expect(await new MedianTemplates(temp.path('')).shape('王')).toBeUndefined();
    const none = new MedianTemplates(null);
    expect(none.available).toBe(false);
    expect(await none.shape('王')).toBeUndefined();
  });
});
