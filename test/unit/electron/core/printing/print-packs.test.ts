/**
 * Print locale packs (resources/locales/print): the wording of every slip and official document,
 * checked at core start. A hall's minority-language pack gets slips in its language, key by key
 * with zh-CN where it is partial; official documents stay in the language printLocale names.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { maskIdNumber } from '../../../../../electron/contract/rules/id-number.ts';
import { printLocale } from '../../../../../electron/core/printing/print-locale.ts';
import { fillTemplate, PrintTexts } from '../../../../../electron/core/printing/print-texts.ts';
import { buildSubmissionSlip } from '../../../../../electron/core/services/shared/submission-slip.ts';
import { buildTrafficSlip } from '../../../../../electron/core/services/traffic-violation/traffic-slip.ts';
import { decodeEscPos } from '../../../../../native/simulators/escpos-decoder.ts';
import { SHIPPED_PRINT_DIR, shippedPrintTexts } from '../../../../support/shipped-print-texts.ts';

const shippedZh = JSON.parse(readFileSync(join(SHIPPED_PRINT_DIR, 'zh-CN.json'), 'utf8')) as { slip: Record<string, unknown> } & Record<string, unknown>;

// A small Uyghur pack as a hall would add it: a few slip lines and an official title, nothing else.
const UG_FORM_TITLE = 'ئىلتىماس قوبۇل قىلىش تالونى';
const UG_QUEUED = 'ساقلاندى، تور ئەسلىگە كەلگەندە يوللىنىدۇ';
const ugPack = {
  slip: { formTitle: UG_FORM_TITLE, delivery: { queued: UG_QUEUED } },
  creditReceipt: { title: 'شەخسىي ئىناۋەت سۈرۈشتۈرۈش تالونى' },
};

const receipt = {
  kind: 'form' as const,
  applicantMasked: `张* ${maskIdNumber('11010519491231002X')}`,
  view: {
    receiptNo: 'KM-0001-20260301-7K3QXZ',
    serviceId: 'form-filling' as const,
    title: { 'zh-CN': '居住证申领登记表', 'en-US': 'Residence Permit Application' },
    delivery: 'queued' as const,
    submittedAt: new Date(2026, 2, 1, 9, 29).toISOString(),
    progressUrl: 'http://127.0.0.1:8787/p/KM-0001-20260301-7K3QXZ',
  },
};

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kiosk-print-packs-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A fresh resources/locales/print folder with the shipped zh-CN (or `zh`; null: none) and the given packs. */
function printDir(packs: Record<string, unknown>, zh: unknown = shippedZh): string {
  const print = join(mkdtempSync(join(dir, 'resources-')), 'locales', 'print');
  mkdirSync(print, { recursive: true });
  if (zh !== null) writeFileSync(join(print, 'zh-CN.json'), JSON.stringify(zh));
  for (const [name, pack] of Object.entries(packs)) writeFileSync(join(print, name), typeof pack === 'string' ? pack : JSON.stringify(pack));
  return print;
}

describe('shipped print packs', () => {
  it('have zh-CN and a complete en-US', () => {
    const texts = shippedPrintTexts();
    expect(texts.locales.sort()).toEqual(['en-US', 'zh-CN']);
    expect(texts.fallbackKeys('en-US')).toEqual([]);
    expect(texts.slip('en-US').formTitle).toBe('Application Receipt');
    expect(texts.creditReport('en-US').lang).toBe('en');
  });

  it('fill template lines with their numbers', () => {
    expect(fillTemplate(shippedPrintTexts().slip('zh-CN').unhandledTotal, { count: 2, points: 6, fine: 400 })).toBe('未处理 2 条，合计记分 6 分，罚款 400 元');
    expect(fillTemplate(shippedPrintTexts().slip('en-US').timeLimit, { legal: 20, promised: 5 })).toBe('Legal limit 20 working days, promised 5');
  });
});

describe('a minority-language print pack', () => {
  it("prints a slip in the citizen's language, with zh-CN for the keys the pack lacks", () => {
    const texts = PrintTexts.load(printDir({ 'ug-CN.json': ugPack }));
    expect(texts.locales).toContain('ug-CN');
    expect(texts.fallbackKeys('ug-CN')).toContain('slip.receiptNo');
    expect(texts.fallbackKeys('ug-CN')).toContain('slip.delivery.delivered');
    expect(texts.fallbackKeys('ug-CN')).not.toContain('slip.formTitle');
    expect(texts.fallbackKeys('ug-CN')).not.toContain('slip.delivery.queued');

    const slip = texts.slip('ug-CN');
    expect(slip.formTitle).toBe(UG_FORM_TITLE);
    expect(slip.delivery).toEqual({ delivered: '已提交至受理部门', queued: UG_QUEUED });

    const printed = decodeEscPos(buildSubmissionSlip(receipt, { locale: 'ug-CN', texts: slip, terminalId: 'KM-0001', printedAt: new Date(2026, 2, 1, 9, 30), timeZone: 'Asia/Shanghai' }));
    const lines = printed.lines.join('\n');
    // Arabic-script lines are outside the printer's GBK font: they print as raster images, the rest as text.
    expect(printed.errors).toEqual([]);
    expect(printed.rasters.length).toBeGreaterThanOrEqual(2);
    expect(lines).not.toContain('申请受理回执');
    expect(lines).not.toContain('网络恢复后自动提交');
    expect(lines).toContain('受理编号: KM-0001-20260301-7K3QXZ');
    expect(lines).toContain('终端编号: KM-0001');
    expect(printed.qrCodes).toEqual([receipt.view.progressUrl]);
  });

  it('leaves the official documents in the language printLocale names (Chinese)', () => {
    const texts = PrintTexts.load(printDir({ 'ug-CN.json': ugPack }));
    expect(printLocale('ug-CN')).toBe('zh-CN');
    expect(texts.creditReceipt(printLocale('ug-CN')).title).toBe('个人信用查询回执');
  });

  it('prints slips of a language without a pack in zh-CN', () => {
    const texts = PrintTexts.load(printDir({}));
    const printed = decodeEscPos(
      buildTrafficSlip({ plateNumber: '京A12345', items: [] }, { locale: 'bo-CN', texts: texts.slip('bo-CN'), terminalId: 'KM-0001', printedAt: new Date(2026, 2, 1, 9, 30), timeZone: 'Asia/Shanghai' }),
    );
    expect(printed.lines.join('\n')).toContain('交通违法查询结果');
    expect(printed.lines.join('\n')).toContain('未处理 0 条，合计记分 0 分，罚款 0 元');
  });
});

describe('print packs refused at start', () => {
  it('refuses a zh-CN pack missing a key, naming the key', () => {
    const { trafficTitle: _dropped, ...slip } = shippedZh.slip;
    expect(() => PrintTexts.load(printDir({}, { ...shippedZh, slip }))).toThrow(/zh-CN\.json: slip\.trafficTitle: /);
  });

  it('refuses a folder without zh-CN', () => {
    expect(() => PrintTexts.load(printDir({ 'en-US.json': {} }, null))).toThrow(/zh-CN\.json: missing/);
  });

  it('refuses keys zh-CN does not have, wrong types and empty lines in another pack, naming the key', () => {
    expect(() => PrintTexts.load(printDir({ 'ug-CN.json': { slip: { formTitel: 'x' } } }))).toThrow(/ug-CN\.json: slip: .*formTitel/);
    expect(() => PrintTexts.load(printDir({ 'ug-CN.json': { slip: { delivery: 'x' } } }))).toThrow(/ug-CN\.json: slip\.delivery: /);
    expect(() => PrintTexts.load(printDir({ 'ug-CN.json': { slip: { formTitle: '  ' } } }))).toThrow(/ug-CN\.json: slip\.formTitle: /);
  });

  it('refuses a placeholder the layout does not fill', () => {
    expect(() => PrintTexts.load(printDir({ 'ug-CN.json': { slip: { unhandledTotal: '{{count}} / {{name}}' } } }))).toThrow(
      /ug-CN\.json: slip\.unhandledTotal: may only use the placeholders \{\{count\}\}, \{\{points\}\}, \{\{fine\}\}/,
    );
  });

  it('refuses a file that is not JSON, not an object, or not named after a locale', () => {
    expect(() => PrintTexts.load(printDir({ 'ug-CN.json': '{ "slip": ' }))).toThrow(/ug-CN\.json: /);
    expect(() => PrintTexts.load(printDir({ 'ug-CN.json': '["x"]' }))).toThrow(/ug-CN\.json: \(root\)/);
    expect(() => PrintTexts.load(printDir({ 'uyghur.json': {} }))).toThrow(/uyghur\.json: not a print pack name/);
  });
});
