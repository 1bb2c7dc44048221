/**
 * The locale-pack format: any resources/locales/<tag>.json is a language of the UI. These tests
 * feed the registry the way import.meta.glob does, with the shipped packs and with a made-up
 * partial right-to-left pack, the case of a hall adding a minority language.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { FormErrorCode, ProgressStatus } from '../../../../electron/contract/service-api.ts';
import type { EvaluationReason } from '../../../../electron/contract/schemas.ts';
import { buildLocaleRegistry, nextLocale, parsePack, tagOfPath, type StringTree } from '../../../../renderer/src/i18n/locale-registry.ts';
import { pickText } from '../../../../renderer/src/i18n/pick-text.ts';
import { fullPack } from '../../../support/locale-strings.ts';
import type { CreditCodeProblem } from '../../../../electron/contract/rules/credit-code.ts';

/** Every reason the shared credit-code rule can give, each shown to the citizen in words. */
const CREDIT_CODE_PROBLEMS: Record<CreditCodeProblem, true> = { length: true, character: true, division: true, 'check-character': true };

const dir = new URL('../../../../resources/locales/', import.meta.url);
const shipped = Object.fromEntries(
  readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .map((name) => [`../../../resources/locales/${name}`, JSON.parse(readFileSync(new URL(name, dir), 'utf8')) as unknown]),
);

const flatKeys = (tree: StringTree, prefix = ''): string[] =>
  Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : flatKeys(v, `${prefix}${k}.`)));

describe('locale packs', () => {
  it('finds the shipped packs, zh-CN first, each named in its own language', () => {
    const packs = buildLocaleRegistry(shipped);
    expect(packs.map((p) => p.meta.tag).slice(0, 2)).toEqual(['zh-CN', 'en-US']);
    expect(packs.find((p) => p.meta.tag === 'zh-CN')?.meta.name).toBe('中文');
    expect(packs.find((p) => p.meta.tag === 'en-US')?.meta.name).toBe('English');
    for (const pack of packs) expect(pack.strings._meta).toBeUndefined();
  });

  it('lets every added pack carry only keys the base language has', () => {
    const packs = buildLocaleRegistry(shipped);
    const base = new Set(flatKeys(packs.find((p) => p.meta.tag === 'zh-CN')!.strings));
    for (const pack of packs) expect(flatKeys(pack.strings).filter((k) => !base.has(k)), pack.meta.tag).toEqual([]);
  });

  it('takes a partial right-to-left pack, falling back to its declared language', () => {
    const minority = { _meta: { name: 'ئۇيغۇرچە', dir: 'rtl', fallback: 'zh-CN', speechLang: 'ug' }, app: { title: 'ئاممىۋى مۇلازىمەت' } };
    const packs = buildLocaleRegistry({ ...shipped, './packs/ug-CN.json': minority });
    const ug = packs.find((p) => p.meta.tag === 'ug-CN');
    expect(ug?.meta).toEqual({ tag: 'ug-CN', name: 'ئۇيغۇرچە', dir: 'rtl', fallback: 'zh-CN', speechLang: 'ug' });
    expect(packs.map((p) => p.meta.tag).indexOf('ug-CN')).toBe(2);
    expect(nextLocale(packs.map((p) => p.meta.tag), 'ug-CN')).toBe('zh-CN');
  });

  it('skips a broken pack instead of breaking the kiosk, and defaults what a pack leaves out', () => {
    expect(parsePack('xx', { app: { title: 42 } })).toBeNull();
    expect(parsePack('not a tag', { app: { title: 'x' } })).toBeNull();
    expect(parsePack('bo-CN', { app: { title: 'x' } })?.meta).toEqual({ tag: 'bo-CN', name: 'bo-CN', dir: 'ltr', fallback: 'zh-CN', speechLang: 'bo-CN' });
    const warn = console.warn;
    console.warn = () => {};
    try {
      expect(buildLocaleRegistry({ ...shipped, './broken.json': ['x'] }).some((p) => p.meta.tag === 'broken')).toBe(false);
    } finally {
      console.warn = warn;
    }
    expect(tagOfPath('../../x/mn-CN.json')).toBe('mn-CN');
  });

  it('picks resource text in the citizen’s language, then the fallback, then zh-CN', () => {
    const text = { 'zh-CN': '居住证', 'en-US': 'Residence permit' };
    expect(pickText(text, 'en-US', 'zh-CN')).toBe('Residence permit');
    expect(pickText(text, 'ug-CN', 'en-US')).toBe('Residence permit');
    expect(pickText(text, 'ug-CN', 'zh-CN')).toBe('居住证');
    expect(pickText(undefined, 'zh-CN', 'zh-CN')).toBe('');
  });
});

describe('service strings', () => {
  // Service strings live in their own files (resources/locales/services/…): check the whole tree.
  const zh = new Set(flatKeys(fullPack('zh-CN')));
  const PROGRESS = { received: 1, processing: 1, 'needs-materials': 1, approved: 1, rejected: 1, 'ready-for-pickup': 1, completed: 1 } satisfies Record<ProgressStatus, 1>;
  const FORM_ERRORS = {
    required: 1, 'min-length': 1, 'max-length': 1, pattern: 1, 'id-number': 1, 'credit-code': 1, phone: 1, date: 1, 'date-range': 1, option: 1, 'unknown-field': 1, locked: 1,
  } satisfies Record<FormErrorCode, 1>;
  const REASONS = { 'too-slow': 1, 'hard-to-use': 1, 'unclear-guidance': 1, 'device-fault': 1, 'not-resolved': 1, other: 1 } satisfies Record<EvaluationReason, 1>;

  it('translates every status, error code, reason and option the service screens show', () => {
    const required = [
      ...Object.keys(PROGRESS).map((s) => `progress.status.${s}`),
      ...Object.keys(FORM_ERRORS).map((c) => `form.error.${c}`),
      ...Object.keys(REASONS).map((r) => `evaluation.reason.${r}`),
      ...['very-satisfied', 'satisfied', 'basically-satisfied', 'dissatisfied', 'very-dissatisfied'].map((l) => `evaluation.level.${l}`),
      ...['valid', 'expired', 'revoked'].map((s) => `licence.status.${s}`),
      ...['face', 'background', 'size', 'exposure', 'format'].map((c) => `photo.check.${c}`),
      ...['absent', 'denied', 'failed'].map((r) => `photo.noCamera.${r}`),
      ...['standard', 'contrast', 'dark'].map((s) => `prefs.scheme.${s}`),
      ...Object.keys(CREDIT_CODE_PROBLEMS).map((p) => `enterprise.problem.${p}`),
      ...['delivered', 'queued'].map((d) => `receipt.delivery.${d}`),
      ...['offline', 'degraded'].map((s) => `network.${s}`),
    ];
    expect(required.filter((key) => !zh.has(key))).toEqual([]);
  });
});
