/**
 * Labels that break only between words (issue 12: tile labels never break inside a word; the elder
 * top bar wraps a long label inside its button, once, between words).
 */
import { describe, expect, it } from 'vitest';
import { labelLines, wordsOf } from '../../../../renderer/src/components/label-lines.ts';

describe('words of a label', () => {
  it('splits Chinese into words and keeps English words whole', () => {
    expect(wordsOf('交通违法查询', 'zh-CN')).toEqual(['交通', '违法', '查询']);
    expect(wordsOf('Application progress', 'en-US')).toEqual(['Application', ' ', 'progress']);
  });

  it('gives a long label two lines split at the word nearest its middle', () => {
    expect(labelLines('呼叫工作人员', 'zh-CN')).toEqual(['呼叫', '工作人员']);
    expect(labelLines('High contrast', 'en-US')).toEqual(['High', 'contrast']);
    expect(labelLines('音量 3/4', 'zh-CN')).toEqual(['音量', '3/4']);
  });

  it('keeps a short label or a single word on one line', () => {
    expect(labelLines('静音', 'zh-CN')).toEqual(['静音']);
    expect(labelLines('高对比度', 'zh-CN')).toEqual(['高对比度']);
    expect(labelLines('English', 'en-US')).toEqual(['English']);
  });
});
