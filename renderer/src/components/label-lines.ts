/**
 * Words of a text for wrapping only between them: Chinese has no spaces, so they come from the
 * browser's own segmenter (ICU's dictionary). Pure; KeepWords.tsx renders them.
 */
const segmenters = new Map<string, Intl.Segmenter>();

export function wordsOf(text: string, lang: string): string[] {
  if (typeof Intl.Segmenter !== 'function') return [text];
  let segmenter = segmenters.get(lang);
  if (segmenter === undefined) {
    segmenter = new Intl.Segmenter(lang, { granularity: 'word' });
    segmenters.set(lang, segmenter);
  }
  return Array.from(segmenter.segment(text), (part) => part.segment);
}

/** Short enough to stay on one line whatever the width: 静音, 高对比度, 返回首页, "English". */
const ONE_LINE = 4;

/**
 * A control's label as at most two lines, split at the word boundary nearest its middle: 呼叫 /
 * 工作人员, "High / contrast", 音量 / 3/4. A short label or a single word stays whole (the segmenter
 * splits 静音 into 静 and 音, which no reader would).
 */
export function labelLines(text: string, lang: string): string[] {
  const words = wordsOf(text, lang);
  if (words.length < 2 || [...text.replace(/\s/g, '')].length <= ONE_LINE) return [text];
  let best = 1;
  let bestDistance = Infinity;
  let length = 0;
  const total = text.length;
  for (let cut = 1; cut < words.length; cut += 1) {
    length += words[cut - 1]?.length ?? 0;
    const distance = Math.abs(total / 2 - length);
    if (distance < bestDistance) {
      best = cut;
      bestDistance = distance;
    }
  }
  return [words.slice(0, best).join('').trim(), words.slice(best).join('').trim()];
}
