/**
 * Printer: time to build the ESC/POS bytes of a typical credit-query receipt (GB18030 text, sizes,
 * bold, a QR code via GS ( k, cut) and its size. Target: ≤ 5 ms per receipt.
 * Run: node --import tsx bench/printer-receipt.ts
 */
import { fileURLToPath } from 'node:url';
import { PrintTexts } from '../electron/core/printing/print-texts.ts';
import { buildCreditReceipt, type CreditReceiptInput } from '../electron/core/services/credit-query/credit-receipt.ts';
import { decodeEscPos } from '../native/simulators/escpos-decoder.ts';
import { describeSummary, row, summarize } from './bench-stats.ts';

const input: CreditReceiptInput = {
  record: {
    reportNo: 'KM-20240301-000123',
    subjectName: '张三',
    status: 'warning',
    verifyUrl: 'https://verify.example.cn/r/KM-20240301-000123?c=9f3a2b',
    entries: [
      { category: 'red-list', title: '纳税信用A级纳税人', authority: '昆明市税务局', date: '2023-04-01' },
      { category: 'penalty', title: '违反城市管理规定的行政处罚', authority: '昆明市城市管理局', date: '2022-11-15' },
      { category: 'commitment', title: '企业信用承诺书', authority: '昆明市发展和改革委员会', date: '2023-09-20' },
    ],
  },
  idNumber: '11010519491231002X',
  terminalId: 'KM-0001',
  locale: 'zh-CN',
  texts: PrintTexts.load(fileURLToPath(new URL('../resources/locales/print', import.meta.url))),
  queriedAt: new Date(2024, 2, 1, 9, 30),
  timeZone: 'Asia/Shanghai',
};

let started = performance.now();
const first = buildCreditReceipt(input);
const cold = performance.now() - started;

const times: number[] = [];
for (let i = 0; i < 2000; i++) {
  started = performance.now();
  buildCreditReceipt(input);
  times.push(performance.now() - started);
}
const warm = summarize(times.slice(200));
const decoded = decodeEscPos(first);
if (decoded.errors.length > 0 || decoded.qrCodes[0] !== input.record.verifyUrl) throw new Error('bench receipt does not decode');

console.log('Receipt printer: building a typical credit-query receipt (GB18030 text, QR via GS ( k, cut)');
row('first build (cold: encoder tables load)', `${cold.toFixed(2)} ms`);
row('build, warm', describeSummary(warm, 3));
row('target ≤ 5 ms', warm.median <= 5 ? 'OK' : 'ABOVE TARGET');
row('receipt size', `${first.length} bytes (${decoded.lines.filter((l) => l !== '').length} text lines, QR payload ${Buffer.byteLength(input.record.verifyUrl)} bytes)`);
row('wire time at 9600 / 115200 baud 8N1', `${((first.length * 10) / 9.6).toFixed(0)} ms / ${((first.length * 10) / 115.2).toFixed(1)} ms`);
