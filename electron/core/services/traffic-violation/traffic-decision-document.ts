/**
 * The 处罚决定书 after the fine is paid, as a receipt slip (kind 'traffic-decision') or an A4
 * page: the decision, the amount, the order and transaction numbers. Only masked personal data
 * (name, ID number, plate): a left-behind paper shows no full ID number.
 */
import { maskIdNumber } from '../../../contract/rules/id-number.ts';
import { maskName } from '../../../contract/rules/person-name.ts';
import { escapeHtml } from '../../documents/html-escape.ts';
import { fillTemplate, type SlipTexts } from '../../printing/print-texts.ts';
import { SessionSlot } from '../shared/service-session.ts';
import { finishSlip, formatTime, startSlip, type SlipContext } from '../shared/slip-frame.ts';
import { nothingToPrint, type SlipRenderer } from '../shared/slip-renderers.ts';

export interface DecisionDocument {
  decisionNo: string;
  noticeNo: string;
  holderMasked: string;
  plateMasked: string;
  occurredAt: string;
  location: string;
  behaviour: string;
  legalBasis: string;
  authority: string;
  points: number;
  amountFen: number;
  decidedAt: string;
  orderNo: string;
  transactionId: string;
  /** The public page for the phone (checked: nothing of the person in it); no QR without one. */
  resultUrl?: string;
}

/** The session's paid decisions, by decision number (what the slip and the A4 page print). */
export const paidDecisions = new SessionSlot<Map<string, DecisionDocument>>('traffic-decisions');

export const holderMasked = (name: string, idNumber: string): string => `${maskName(name)} ${maskIdNumber(idNumber)}`;

const yuan = (fen: number): string => `${Math.trunc(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;

/** Label/value rows shared by both layouts, in the order of the printed form. */
function rows(d: DecisionDocument, t: SlipTexts['trafficDecision'], timeZone: string): [string, string][] {
  return [
    [t.decisionNo, d.decisionNo],
    [t.holder, d.holderMasked],
    [t.plate, d.plateMasked],
    [t.occurredAt, formatTime(d.occurredAt, timeZone)],
    [t.location, d.location],
    [t.behaviour, d.behaviour],
    [t.legalBasis, d.legalBasis],
    [t.authority, d.authority],
    [t.decidedAt, formatTime(d.decidedAt, timeZone)],
    [t.noticeNo, d.noticeNo],
    [t.amount, yuan(d.amountFen)],
    [t.orderNo, d.orderNo],
    [t.transactionId, d.transactionId],
  ];
}

export function buildDecisionSlip(d: DecisionDocument, ctx: SlipContext): Uint8Array {
  const t = ctx.texts.trafficDecision;
  const b = startSlip(t.title);
  for (const [label, value] of rows(d, t, ctx.timeZone)) b.line(`${label}: ${value}`);
  b.bold(true).line(fillTemplate(t.decision, { fine: yuan(d.amountFen), points: d.points })).line(t.paid).bold(false);
  b.line(t.notice);
  return finishSlip(b, ctx, d.resultUrl === undefined ? undefined : { url: d.resultUrl, caption: t.scanResult });
}

/** The A4 form; times in the hall's zone (config hall.timeZone), like the slip's. */
export function buildDecisionHtml(d: DecisionDocument, texts: SlipTexts, terminalId: string, printedAt: Date, timeZone: string): string {
  const t = texts.trafficDecision;
  const e = escapeHtml;
  const body = rows(d, t, timeZone)
    .map(([label, value]) => `<tr><th>${e(label)}</th><td>${e(value)}</td></tr>`)
    .join('');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${e(t.title)}</title><style>
@page { size: A4; margin: 20mm; }
body { font-family: "Noto Serif CJK SC", "Source Han Serif SC", serif; font-size: 12pt; color: #000; }
h1 { text-align: center; font-size: 18pt; margin: 0 0 8mm; }
table { width: 100%; border-collapse: collapse; }
th, td { border: 1px solid #000; padding: 2mm 3mm; text-align: left; vertical-align: top; }
th { width: 30%; font-weight: normal; }
.decision { font-weight: bold; margin: 6mm 0 2mm; }
footer { margin-top: 10mm; font-size: 10pt; }
</style></head><body>
<h1>${e(t.title)}</h1>
<table>${body}</table>
<p class="decision">${e(fillTemplate(t.decision, { fine: yuan(d.amountFen), points: d.points }))} · ${e(t.paid)}</p>
<p>${e(t.notice)}</p>
<footer>${e(texts.printedAt)}: ${e(formatTime(printedAt, timeZone))} · ${e(texts.terminal)}: ${e(terminalId)}${d.resultUrl === undefined ? '' : ` · ${e(t.scanResult)}: ${e(d.resultUrl)}`}</footer>
</body></html>`;
}

export const trafficDecisionSlip: SlipRenderer<'traffic-decision'> = ({ state, slip, document }) => {
  const decision = paidDecisions.get(state)?.get(document.decisionNo);
  if (!decision) throw nothingToPrint('paid traffic decision');
  return buildDecisionSlip(decision, slip);
};
