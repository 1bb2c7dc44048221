/**
 * The A4 credit report rendered to PDF by Debian's Chromium (what Electron's printToPDF runs) and
 * checked with poppler-utils: a real PDF, A4 pages, the report number and Chinese text extractable
 * (so a CJK font was found), masked personal data only. Needs `chromium`, `poppler-utils` and a
 * CJK font (fonts-wqy-microhei or fonts-noto-cjk) installed.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import QRCode from 'qrcode';
import { chromium, type Browser } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCreditReportHtml, type CreditReportInput } from '../../../../../electron/core/services/credit-query/credit-report-html.ts';
import type { CreditRecord } from '../../../../../electron/core/upstream/upstream-client.ts';
import { shippedPrintTexts } from '../../../../support/shipped-print-texts.ts';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const idNumber = '11010519491231002X';
let browser: Browser;
const dir = mkdtempSync(join(tmpdir(), 'kiosk-report-'));

beforeAll(async () => {
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
});

afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

function record(entries: number): CreditRecord {
  return {
    reportNo: 'XY-20240301-000123',
    subjectName: '张三',
    status: entries > 0 ? 'warning' : 'good',
    verifyUrl: 'https://verify.example.cn/r/XY-20240301-000123?c=9f3a',
    entries: Array.from({ length: entries }, (_, i) => ({
      category: (['red-list', 'penalty', 'commitment', 'license', 'black-list'] as const)[i % 5]!,
      title: `示例信用事项第${i + 1}项：按时履行合同义务的认定说明`,
      authority: '昆明市示例局',
      date: `2023-${String((i % 12) + 1).padStart(2, '0')}-15`,
    })),
  };
}

const input = (entries: number, locale: CreditReportInput['locale'] = 'zh-CN'): CreditReportInput => ({
  record: record(entries),
  idNumber,
  terminalId: 'KM-0001',
  locale,
  texts: shippedPrintTexts(),
  queriedAt: new Date(2024, 2, 1, 9, 30, 5),
  timeZone: 'Asia/Shanghai',
});

async function toPdf(html: string, name: string): Promise<{ path: string; bytes: Buffer }> {
  const page = await browser.newPage();
  try {
    await page.setContent(html);
    const bytes = await page.pdf({ format: 'A4' });
    const path = join(dir, `${name}.pdf`);
    writeFileSync(path, bytes);
    return { path, bytes };
  } finally {
    await page.close();
  }
}

const pdfinfo = (path: string) => execFileSync('pdfinfo', [path], { encoding: 'utf8' });
const pdftotext = (path: string) => execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });
/** "Page size: 595.92 x 842.88 pts (A4)": A4 is 595.28 × 841.89 pt; Chromium rounds to its own dot grid. */
function pageSize(info: string): [number, number] {
  const match = /^Page size:\s+([\d.]+) x ([\d.]+) pts/m.exec(info);
  if (!match) throw new Error(`no page size in pdfinfo output:\n${info}`);
  return [Number(match[1]), Number(match[2])];
}
/** The footer's "n / N" (pdftotext may drop the spaces). */
const pageLabel = (n: number, of: number) => new RegExp(`\\b${n}\\s*/\\s*${of}\\b`);

describe('credit report HTML', () => {
  it('is self-contained: no script, no external resource, a CSP that forbids both', async () => {
    const html = await buildCreditReportHtml(input(3));
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\b(src|href)\s*=\s*["']?https?:/i);
    expect(html).not.toMatch(/url\(\s*["']?https?:|@import/i);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
    expect(html).toContain('size: A4');
  });

  it('carries the QR code of the verification address as inline SVG', async () => {
    const html = await buildCreditReportHtml(input(0));
    const expected = await QRCode.toString(record(0).verifyUrl, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
    expect(html).toContain(expected);
  });

  it('masks the name and ID number and escapes what the upstream sent', async () => {
    const hostile = { ...input(1), record: { ...record(1), reportNo: 'R<1>&"2"' } };
    const html = await buildCreditReportHtml(hostile);
    expect(html).not.toContain(idNumber);
    expect(html).toContain('110***********002X');
    expect(html).toContain('张*');
    expect(html).not.toContain('张三');
    expect(html).toContain('R&#60;1&#62;&#38;&#34;2&#34;');
  });
});

describe('credit report PDF (Chromium, checked with poppler)', () => {
  it('is one A4 page with the report number, the Chinese text and the page footer', async () => {
    const { path, bytes } = await toPdf(await buildCreditReportHtml(input(3)), 'short');
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const info = pdfinfo(path);
    expect(info).toMatch(/^Pages:\s+1$/m);
    const [width, height] = pageSize(info);
    expect(Math.abs(width - 595.28)).toBeLessThan(1.5);
    expect(Math.abs(height - 841.89)).toBeLessThan(1.5);
    const text = pdftotext(path);
    expect(text).toContain('XY-20240301-000123');
    expect(text).toContain('个人信用信息查询报告');
    expect(text).toContain('110***********002X');
    expect(text).toContain('示例信用事项第3项');
    expect(text).toMatch(pageLabel(1, 1));
    expect(text).not.toContain(idNumber);
  });

  it('flows a long record list onto further A4 pages, numbered', async () => {
    const { path } = await toPdf(await buildCreditReportHtml(input(60)), 'long');
    const pages = Number(/^Pages:\s+(\d+)$/m.exec(pdfinfo(path))?.[1]);
    expect(pages).toBeGreaterThanOrEqual(2);
    const text = pdftotext(path);
    expect(text).toMatch(pageLabel(1, pages));
    expect(text).toMatch(pageLabel(pages, pages));
    const info = pdfinfo(path);
    expect(Math.round(pageSize(info)[0])).toBeGreaterThanOrEqual(595);
    expect(text).toContain('示例信用事项第60项');
    // Every page shows which report it belongs to (the footer), not only the first.
    expect(text.split('报告编号 XY-20240301-000123').length - 1).toBe(pages);
  });

  it('renders the English report', async () => {
    const { path } = await toPdf(await buildCreditReportHtml(input(0, 'en-US')), 'en');
    const text = pdftotext(path);
    expect(text).toContain('Personal Credit Information Report');
    expect(text).toContain('No adverse credit records');
    expect(text).toContain('XY-20240301-000123');
  });
});
