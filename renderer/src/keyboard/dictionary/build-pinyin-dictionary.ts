/**
 * Builds the keyboard's pinyin dictionary text from pinned, well-kept sources (run by
 * test/unit/renderer/pinyin-dictionary-source.test.ts, which keeps the committed text equal to
 * what the sources give; `npx vitest run <that file> --update` regenerates it):
 * - readings: every character pinyin-pro (MIT) knows, with all its readings;
 * - frequency: the word rates of @pinyin-pro/data (ISC) `complete`, a segmented corpus: a
 *   character's rate in a reading is the sum of the rates of the words it is read that way in;
 *   the commonest words are the phrase candidates;
 * - a short curated list of name characters (`NAME_CHARACTERS`) that corpora rate as rare or not at
 *   all, raised to a floor so they appear on the first pages of their syllable.
 *
 * Pure (no Node, no packages), so the browser bundle could never pull a source in by accident.
 * Output format, one entry a line: `=syllable<TAB>characters, commonest first`, then
 * `+letters<TAB>word word ...` (toneless pinyin without separators → words, commonest first).
 */

/** Rate entries of @pinyin-pro/data: [pinyin with tones, rate per character of text, ...]. */
export type RatedEntries = Readonly<Record<string, readonly [string, number, ...unknown[]]>>;

export interface DictionarySources {
  /** Every character with pinyin, each with its toneless readings ('ü' as 'v'). */
  readings: ReadonlyMap<string, readonly string[]>;
  /** Characters and words with their rates (`@pinyin-pro/data/complete`). */
  complete: RatedEntries;
}

/**
 * Characters of given names that citizens must be able to type and that text corpora rank low or
 * not at all (燚 and 犇 have no rate). Curated, not exhaustive: any character with a reading is in
 * the dictionary; these only come early.
 */
export const NAME_CHARACTERS =
  '堃昇珺玥燚犇淼喆赟彧翀昶垚焱鑫森晟祎祺昊旻昱晔烨熠曦玺瑜璐瑶琦珏珂瑛瑄麒麟霖沅泓汐淇洵灏焜炜炘琛璨琨珩珅珣珮珞瑭璠璞嫣婧婕媛妤娅姝翊羿骁骏骐钊钧铎斐彦彤楠榕槿樾芮芃苒茜茗莘菁筠箐岚峥嵘崧歆毓湉沐梓涵萱钰骞琰瑾璟煜晗昕玮睿璇宸浠芊芸蕙婉妍犀禾禕';

/**
 * The 100 commonest surnames (by population) with their surname reading: a name field is where a
 * citizen types most, so a surname's rate in that reading counts `SURNAME_BOOST` times ("zhang"
 * offers 张 before 长, which text reads as zhǎng more often than it writes 张).
 */
const SURNAMES =
  'wang 王汪|li 李黎|zhang 张|liu 刘|chen 陈|yang 杨|huang 黄|zhao 赵|wu 吴武|zhou 周|xu 徐许|sun 孙|ma 马|zhu 朱|hu 胡|guo 郭|he 何贺|lin 林|gao 高|luo 罗|zheng 郑|liang 梁|xie 谢|song 宋|tang 唐汤|han 韩|deng 邓|feng 冯|cao 曹|peng 彭|zeng 曾|xiao 肖|tian 田|dong 董|pan 潘|yuan 袁|cai 蔡|jiang 蒋姜江|yu 余于|du 杜|ye 叶|cheng 程|wei 魏韦|su 苏|lv 吕|ding 丁|ren 任|lu 卢陆|yao 姚|shen 沈|zhong 钟|cui 崔|tan 谭|fan 范|liao 廖|shi 石史|jin 金|jia 贾|xia 夏|fu 付|fang 方|zou 邹|xiong 熊|bai 白|meng 孟|qin 秦覃|qiu 邱|hou 侯|yin 尹|xue 薛|yan 闫严|duan 段|lei 雷|long 龙|tao 陶|mao 毛|hao 郝|gu 顾|gong 龚|shao 邵|wan 万|qian 钱|dai 戴|mo 莫|kong 孔|xiang 向|chang 常';
const SURNAME_BOOST = 3;

/** Surname → its surname reading. */
export const SURNAME_READINGS: ReadonlyMap<string, string> = new Map(
  SURNAMES.split('|').flatMap((group) => {
    const [reading = '', chars = ''] = group.split(' ');
    return [...chars].map((char) => [char, reading] as const);
  }),
);

/** Rate given to a curated name character that its corpus rate leaves lower. */
const NAME_FLOOR = 3e-9;
/**
 * A character that corpora see standing alone but in next to no word is mostly noise: mis-decoded
 * text gives 锛 and 銆 lone rates above 奔's, segmentation slips give 槸 one. Below this much word
 * evidence its lone rate counts only up to `LONE_ALLOWANCE` (的, alone far more than in words,
 * has plenty of words and keeps its rate).
 */
const WORD_EVIDENCE = 1e-10;
const LONE_ALLOWANCE = 1e-10;

/**
 * How many words (two to four characters, the commonest by rate) become phrase candidates: place,
 * organisation and everyday words of forms fit well inside it (身份证, 有限公司, 朝阳区), and the
 * lazily loaded chunk stays a few hundred KB.
 */
const PHRASE_COUNT = 40_000;
/** Spellings in the first tier of commonness; each next tier is twice as large. */
const FIRST_TIER = 256;

const tonelessMemo = new Map<string, string>();

/** Toneless, 'ü' as 'v': what a citizen types. */
export function toneless(pinyin: string): string {
  let plain = tonelessMemo.get(pinyin);
  if (plain === undefined) {
    plain = pinyin
      .normalize('NFD')
      .replace(/u\u0308/g, 'v')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase();
    tonelessMemo.set(pinyin, plain);
  }
  return plain;
}

const isHan = (text: string): boolean => /^\p{Script=Han}+$/u.test(text);

/** Character → reading → summed rates of the words (two characters or more) it is read that way in. */
function wordRates(complete: RatedEntries): Map<string, Map<string, number>> {
  const rates = new Map<string, Map<string, number>>();
  for (const [word, entry] of Object.entries(complete)) {
    const chars = [...word];
    if (chars.length < 2 || !isHan(word)) continue;
    const syllables = entry[0].split(' ');
    if (syllables.length !== chars.length) continue;
    chars.forEach((char, index) => {
      const reading = toneless(syllables[index] ?? '');
      const perReading = rates.get(char) ?? new Map<string, number>();
      perReading.set(reading, (perReading.get(reading) ?? 0) + entry[1]);
      rates.set(char, perReading);
    });
  }
  return rates;
}

/**
 * The rate of each character in each reading: the rates of the words it is read that way in (a
 * character's frequency in text is the sum over the words it occurs in), and its own rate as a
 * one-character word for its main reading.
 */
function characterScores(sources: DictionarySources): Map<string, Map<string, number>> {
  const inWords = wordRates(sources.complete);
  const names = new Set(NAME_CHARACTERS);
  const scores = new Map<string, Map<string, number>>();
  for (const [char, readings] of sources.readings) {
    const own = sources.complete[char];
    const main = own === undefined ? readings[0] : toneless(own[0]);
    const seen = inWords.get(char);
    const total = seen === undefined ? 0 : [...seen.values()].reduce((a, b) => a + b, 0);
    const lone = total >= WORD_EVIDENCE ? (own?.[1] ?? 0) : Math.min(own?.[1] ?? 0, LONE_ALLOWANCE);
    const perReading = new Map<string, number>();
    for (const reading of readings) {
      let score = (seen?.get(reading) ?? 0) + (reading === main ? lone : 0);
      if (names.has(char) && reading === main) score = Math.max(score, NAME_FLOOR);
      if (SURNAME_READINGS.get(char) === reading) score *= SURNAME_BOOST;
      perReading.set(reading, score);
    }
    scores.set(char, perReading);
  }
  return scores;
}

/** Descending score; ties (unrated characters) by code point, so the output is stable. */
const byScore = <T extends { text: string; score: number }>(a: T, b: T): number =>
  b.score - a.score || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0);

export function buildPinyinDictionary(sources: DictionarySources): string {
  const bySyllable = new Map<string, Array<{ text: string; score: number }>>();
  for (const [char, perReading] of characterScores(sources)) {
    for (const [syllable, score] of perReading) {
      if (!/^[a-z]{1,6}$/.test(syllable)) continue;
      const list = bySyllable.get(syllable) ?? [];
      list.push({ text: char, score });
      bySyllable.set(syllable, list);
    }
  }
  const lines: string[] = [];
  for (const syllable of [...bySyllable.keys()].sort()) {
    const list = (bySyllable.get(syllable) ?? []).sort(byScore);
    lines.push(`=${syllable}\t${list.map((entry) => entry.text).join('')}`);
  }

  const phrases = Object.entries(sources.complete)
    .filter(([word, entry]) => {
      const length = [...word].length;
      return length >= 2 && length <= 4 && isHan(word) && entry[0].split(' ').length === length;
    })
    .map(([word, entry]) => ({ text: word, score: entry[1], letters: toneless(entry[0]).replace(/ /g, '') }))
    .filter((phrase) => /^[a-z]+$/.test(phrase.letters))
    .sort(byScore)
    .slice(0, PHRASE_COUNT);
  const byLetters = new Map<string, Array<{ text: string; score: number }>>();
  for (const phrase of phrases) {
    const list = byLetters.get(phrase.letters) ?? [];
    list.push(phrase);
    byLetters.set(phrase.letters, list);
  }
  // Spellings in tiers of commonness (their commonest phrase's rank: the first 256, the next 512…),
  // each tier alphabetical: a tier starts where the order falls back, so initials-only lookup can
  // rank across spellings, while the text compresses almost as well as one alphabetical list.
  const tiers: string[][] = [];
  for (const letters of byLetters.keys()) {
    const last = tiers[tiers.length - 1];
    if (last === undefined || last.length >= FIRST_TIER << (tiers.length - 1)) tiers.push([letters]);
    else last.push(letters);
  }
  for (const letters of tiers.flatMap((tier) => tier.sort())) {
    const list = (byLetters.get(letters) ?? []).sort(byScore);
    lines.push(`+${letters}\t${list.map((entry) => entry.text).join(' ')}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The generated module: the dictionary text as its default export, a chunk of its own once imported lazily. */
export function renderDictionaryModule(text: string, provenance: string): string {
  return [
    `// Generated from ${provenance} by test/unit/renderer/pinyin-dictionary-source.test.ts: do not edit.`,
    '// Rebuild: npx vitest run test/unit/renderer/pinyin-dictionary-source.test.ts --update',
    `export default ${JSON.stringify(text)};`,
    '',
  ].join('\n');
}
