/**
 * Pinyin keyboard lookup: the candidates for every keystroke of names, addresses and common words
 * typed letter by letter, in Chromium with the CPU throttled 4× (CDP Emulation.setCPUThrottlingRate)
 * and, for comparison, in Node unthrottled (labelled as such). Also the time to parse the
 * dictionary chunk once it has arrived (the keyboard shows "loading" meanwhile), and its size.
 * Target: p99 ≤ 16 ms per keystroke at 4× (one frame), so typing never waits on the lookup.
 * Run: node --import tsx bench/pinyin-lookup.ts   (CPU_THROTTLING=1 for an unthrottled browser)
 */
import { chromium } from '@playwright/test';
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { resolve } from 'node:path';
import { percentile } from './bench-stats.ts';
import { candidates } from '../renderer/src/keyboard/pinyin.ts';
import { loadPinyinDictionary } from '../renderer/src/keyboard/pinyin-dictionary.ts';
import dictionaryText from '../renderer/src/keyboard/dictionary/pinyin-dictionary.generated.ts';

const THROTTLE = Number(process.env.CPU_THROTTLING ?? 4);
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const KEYBOARD = resolve(import.meta.dirname, '..', 'renderer', 'src', 'keyboard');

/** What citizens type: names (rare characters too), addresses, form words, and single syllables. */
const NAMED = [
  'zhangsan', 'wangyanyan', 'liuxiaoming', 'chenkun', 'zhaoyue', 'yangmiao', 'huangzhe', 'zhouyun',
  'wuyu', 'xuchong', 'sunchang', 'mayi', 'zhuben', 'hujun', 'guosheng', 'lvjianguo', 'nvshi',
  'beijingshichaoyangqu', 'kunmingshiwuhuaqu', 'yunnanshengkunmingshi', 'shenfenzheng', 'youxiangongsi',
  'jiedaobanshichu', 'shequweiyuanhui', 'xiaoqu', 'danyuan', 'hanzu', 'weiwuerzu', 'xian', 'zh', 'sh', 'ch',
];

function typingCorpus(words: ReadonlyMap<string, readonly string[]>): string[] {
  const keys = [...words.keys()];
  // Every 400th dictionary word as well: a spread of lengths and initials, the same every run.
  return [...NAMED, ...keys.filter((_, index) => index % 400 === 0)];
}

/** Each keystroke of each word: "zhang" → z, zh, zha, zhan, zhang. */
const keystrokes = (corpus: readonly string[]): string[] => corpus.flatMap((word) => [...word].map((_, i) => word.slice(0, i + 1)));

function summary(label: string, times: readonly number[]): void {
  const sorted = [...times].sort((a, b) => a - b);
  const f = (value: number): string => `${value.toFixed(2)} ms`;
  console.log(
    `  ${label.padEnd(40)} median ${f(percentile(sorted, 50))}  p95 ${f(percentile(sorted, 95))}  p99 ${f(percentile(sorted, 99))}  max ${f(sorted.at(-1) ?? Number.NaN)}  (n=${sorted.length})`,
  );
}

const dictionary = await loadPinyinDictionary();
const strokes = keystrokes(typingCorpus(dictionary.words));
console.log('Pinyin dictionary');
console.log(`  characters ${dictionary.characterCount}, syllables ${dictionary.syllables.size}, phrase spellings ${dictionary.words.size}`);
console.log(`  text ${(Buffer.byteLength(dictionaryText) / 1024).toFixed(0)} KB, gzip ${(gzipSync(dictionaryText).length / 1024).toFixed(0)} KB (a chunk of its own)`);
console.log(`  ${strokes.length} keystrokes per round, ${ROUNDS} rounds`);

// Node, unthrottled: the lookup alone, for comparison with the browser figure.
const nodeTimes: number[] = [];
for (let round = 0; round < ROUNDS; round += 1) {
  for (const letters of strokes) {
    const start = performance.now();
    candidates(letters, dictionary).slice(0, 8);
    nodeTimes.push(performance.now() - start);
  }
}
console.log('Per keystroke');
summary('Node (unthrottled, not the target)', nodeTimes);

// Chromium: the same modules bundled as the renderer would run them, on a throttled CPU.
const bundle = await build({
  stdin: {
    contents: `import { candidates } from './pinyin.ts'; import { loadPinyinDictionary } from './pinyin-dictionary.ts';
      globalThis.pinyinBench = { candidates, loadPinyinDictionary };`,
    resolveDir: KEYBOARD,
    loader: 'ts',
  },
  bundle: true,
  format: 'iife',
  write: false,
  minify: true,
});
const script = bundle.outputFiles[0]?.text ?? '';
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
try {
  const page = await browser.newPage();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE });
  await page.addScriptTag({ content: script });
  const result = await page.evaluate(
    async ({ strokes, rounds }) => {
      interface Bench {
        candidates(letters: string, dictionary: unknown): unknown[];
        loadPinyinDictionary(): Promise<unknown>;
      }
      const bench = (globalThis as unknown as { pinyinBench: Bench }).pinyinBench;
      const loadStart = performance.now();
      const dictionary = await bench.loadPinyinDictionary();
      const parse = performance.now() - loadStart;
      const times: number[] = [];
      for (let round = 0; round < rounds; round += 1) {
        for (const letters of strokes) {
          const start = performance.now();
          bench.candidates(letters, dictionary).slice(0, 8);
          times.push(performance.now() - start);
        }
      }
      return { parse, times };
    },
    { strokes, rounds: ROUNDS },
  );
  summary(`Chromium, CPU ${THROTTLE}× throttled`, result.times);
  const p99 = percentile([...result.times].sort((a, b) => a - b), 99);
  console.log(`  target p99 ≤ 16 ms at 4×: ${p99 <= 16 ? 'OK' : 'OVER'}`);
  console.log('Dictionary chunk arrived → parsed and ready');
  console.log(`  Chromium, CPU ${THROTTLE}× throttled       ${result.parse.toFixed(0)} ms (once per page load)`);
} finally {
  await browser.close();
}
