/** The re-ranker orders zinnia's candidates by shape; those it has no reference for keep their order, last. */
import { describe, expect, it } from 'vitest';
import { MedianTemplates } from '../../../../../electron/core/handwriting/median-templates.ts';
import { ShapeReranker } from '../../../../../electron/core/handwriting/shape-reranker.ts';
import { medianStrokes, withStrokeReversed } from '../../../../support/median-strokes.ts';

describe('shape re-ranker', () => {
  it('puts the closest shape first and never adds or drops a candidate', async () => {
    const written = withStrokeReversed(medianStrokes('生'), 2);
    const ranked = await new ShapeReranker().rerank(written, ['仕', '丛', '？', '生', 'x', '由']);
    expect(ranked[0]).toBe('生');
    expect([...ranked].sort()).toEqual(['仕', '丛', '？', '生', 'x', '由'].sort());
    expect(ranked.slice(-2)).toEqual(['？', 'x']);
  });

  it('keeps zinnia’s order without reference data', async () => {
    const reranker = new ShapeReranker(new MedianTemplates(null));
    expect(reranker.available).toBe(false);
    expect(await reranker.rerank(medianStrokes('生'), ['仕', '丛', '生'])).toEqual(['仕', '丛', '生']);
  });
});
