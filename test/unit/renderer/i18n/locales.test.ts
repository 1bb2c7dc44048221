import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CreditEntry, CreditRecordView, DeviceKind, PrintResult } from '../../../../electron/contract/kiosk-api.ts';
import { KIOSK_ERROR_CODES } from '../../../../electron/contract/kiosk-api.ts';
import { unavailableReasonKey } from '../../../../renderer/src/i18n/reason-key.ts';
import { fullPack } from '../../../support/locale-strings.ts';

// The whole tree the UI ends up with: main packs plus the services' and capabilities' string files.
const zhCN = fullPack('zh-CN');
const enUS = fullPack('en-US');

type Tree = { [key: string]: string | Tree };

const flatten = (tree: Tree, prefix = ''): Map<string, string> => {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
};

const zh = flatten(zhCN as Tree);
const en = flatten(enUS as Tree);
const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

// Every value of the contract's string unions the screen translates; `satisfies` fails the type
// check if the contract gains a value that is missing here.
const STATUSES = { good: 1, warning: 1, dishonest: 1 } satisfies Record<CreditRecordView['status'], 1>;
const CATEGORIES = { 'red-list': 1, 'black-list': 1, commitment: 1, penalty: 1, license: 1 } satisfies Record<CreditEntry['category'], 1>;
const PRINT_STATUSES = { printed: 1, 'already-printed': 1, 'waiting-for-paper': 1, failed: 1, unknown: 1 } satisfies Record<PrintResult['status'], 1>;
const DEVICES = Object.keys({ idCard: 1, printer: 1, scanner: 1, camera: 1, dispenser: 1 } satisfies Record<DeviceKind, 1>);

describe('locales', () => {
  it('zh-CN and en-US have exactly the same keys', () => {
    const onlyZh = [...zh.keys()].filter((k) => !en.has(k));
    const onlyEn = [...en.keys()].filter((k) => !zh.has(k));
    expect({ onlyZh, onlyEn }).toEqual({ onlyZh: [], onlyEn: [] });
    expect(zh.size).toBeGreaterThan(50);
  });

  it('has no empty strings and the same placeholders in both languages', () => {
    for (const [key, text] of zh) {
      expect(text.trim(), key).not.toBe('');
      expect(en.get(key)?.trim(), key).not.toBe('');
      expect(placeholders(en.get(key) ?? ''), key).toEqual(placeholders(text));
    }
  });

  it('has no value that is a sub-tree in one language and a string in the other', () => {
    // Flattening hides this; compare the non-leaf paths too.
    const branches = (tree: Tree, prefix = ''): string[] =>
      Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [] : [`${prefix}${k}`, ...branches(v, `${prefix}${k}.`)]));
    expect(branches(enUS as Tree)).toEqual(branches(zhCN as Tree));
  });

  it('translates every error code, credit status, entry category and print status', () => {
    const required = [
      ...KIOSK_ERROR_CODES.map((code) => `errors.${code}`),
      ...Object.keys(STATUSES).map((s) => `credit.status.${s}`),
      ...Object.keys(CATEGORIES).map((c) => `credit.category.${c}`),
      ...Object.keys(PRINT_STATUSES).map((p) => `credit.print.${p}`),
      ...DEVICES.map((d) => `unavailable.device.${d}`),
      'unavailable.generic',
    ];
    expect(required.filter((key) => !zh.has(key))).toEqual([]);
  });

  it('carries the out-of-paper message the journey specifies', () => {
    expect(zh.get('credit.print.waiting-for-paper')).toBe('打印机缺纸，请联系工作人员');
    expect(zh.get('credit.print.unknown')).toBe('结果未知，请勿重复打印，请联系工作人员');
    expect(zh.get('credit.a4.unknown')).toContain('请勿重复打印');
    expect(zh.get('credit.placeCard.instruction')).toBe('请将身份证放在读卡区');
    expect(zh.get('home.unavailable')).toBe('暂停服务');
    expect(en.get('home.unavailable')).toMatch(/temporarily unavailable/i);
  });

  it('has a title for every service in the shipped catalogue', () => {
    const catalogue = JSON.parse(readFileSync(new URL('../../../../resources/services/catalogue.json', import.meta.url), 'utf8')) as {
      services: Array<{ titleKey: string }>;
    };
    expect(catalogue.services.length).toBeGreaterThan(0);
    expect(catalogue.services.map((s) => s.titleKey).filter((key) => !zh.has(key))).toEqual([]);
  });

  it.each([
    ['device-unavailable:idCard', 'unavailable.device.idCard'],
    ['device-unavailable:printer', 'unavailable.device.printer'],
    ['device-unavailable', 'unavailable.device-unavailable'],
    ['maintenance', 'unavailable.maintenance'],
    ['device-unavailable:../../x', 'unavailable.device-unavailable'],
    ['??', 'unavailable.generic'],
  ])('maps the unavailable reason %j to the key %s', (reason, key) => {
    expect(unavailableReasonKey(reason)).toBe(key);
  });
});
