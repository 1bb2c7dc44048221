/**
 * The credit report as a self-contained A4 HTML document: inline CSS, the verification QR code as
 * inline SVG, no script and no external resource (its CSP says so), so it prints the same in
 * Electron's hidden window (electron/shells/electron/main/print-document.ts) and in a test's headless Chromium.
 * Like the receipt it carries the masked name and ID number: the QR code leads to the full report.
 */
import QRCode from 'qrcode';
import { maskIdNumber } from '../../../contract/rules/id-number.ts';
import type { Locale } from '../../../contract/kiosk-api.ts';
import { maskName } from '../../../contract/rules/person-name.ts';
import { zonedStamp } from '../../../contract/rules/zoned-time.ts';
import type { CreditRecord } from '../../upstream/upstream-client.ts';
import { escapeHtml as e } from '../../documents/html-escape.ts';
import type { PrintTexts } from '../../printing/print-texts.ts';
import { reportCss } from './report-css.ts';

export interface CreditReportInput {
  record: CreditRecord;
  idNumber: string;
  terminalId: string;
  /** zh-CN or en-US only: an official document (printLocale). */
  locale: Locale;
  texts: PrintTexts;
  queriedAt: Date;
  /** The hall's time zone (config hall.timeZone), not the OS clock's. */
  timeZone: string;
}

export async function buildCreditReportHtml(input: CreditReportInput): Promise<string> {
  const s = input.texts.creditReport(input.locale);
  const { record } = input;
  const qrSvg = await QRCode.toString(record.verifyUrl, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
  const rows = record.entries
    .map(
      (entry) =>
        `<tr><td>${e(s.categories[entry.category])}</td><td>${e(entry.title)}</td><td>${e(entry.authority)}</td><td class="date">${e(entry.date)}</td></tr>`,
    )
    .join('\n');
  const records =
    record.entries.length === 0
      ? `<p class="none">${e(s.noRecords)}</p>`
      : `<table class="records">
<thead><tr><th>${e(s.columns.category)}</th><th>${e(s.columns.title)}</th><th>${e(s.columns.authority)}</th><th>${e(s.columns.date)}</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`;
  return `<!doctype html>
<html lang="${e(s.lang)}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${e(s.title)} ${e(record.reportNo)}</title>
<style>${reportCss(`${s.reportNo} ${record.reportNo}`)}</style>
</head>
<body>
<header>
<h1>${e(s.title)}</h1>
<p class="subtitle">${e(s.subtitle)}</p>
<p class="report-no">${e(s.reportNo)}：<span>${e(record.reportNo)}</span></p>
</header>
<section>
<h2>${e(s.subject)}</h2>
<table class="facts">
<tr><th>${e(s.name)}</th><td>${e(maskName(record.subjectName))}</td><th>${e(s.idNumber)}</th><td>${e(maskIdNumber(input.idNumber))}</td></tr>
<tr><th>${e(s.status)}</th><td class="status status-${e(record.status)}">${e(s.statusValues[record.status])}</td><th>${e(s.queriedAt)}</th><td>${e(zonedStamp(input.queriedAt, input.timeZone, { seconds: true }))}</td></tr>
<tr><th>${e(s.terminal)}</th><td colspan="3">${e(input.terminalId)}</td></tr>
</table>
</section>
<section>
<h2>${e(s.records)}</h2>
${records}
</section>
<footer>
<div class="qr">${qrSvg}</div>
<div class="verify">
<p>${e(s.verify)}</p>
<p class="url">${e(s.verifyUrl)}：${e(record.verifyUrl)}</p>
<p class="notice">${e(s.notice)}</p>
</div>
</footer>
</body>
</html>
`;
}
