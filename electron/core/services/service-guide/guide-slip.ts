/** The slip of a service guide: the matter's limits, fees, materials, steps and places, and a QR to the phone page. */
import { KioskError } from '../../api/kiosk-error.ts';
import { fillTemplate } from '../../printing/print-texts.ts';
import { textIn } from '../shared/localized-text.ts';
import { finishSlip, startSlip, type SlipContext } from '../shared/slip-frame.ts';
import type { SlipRenderer } from '../shared/slip-renderers.ts';
import { defaultGuideUrl, type GuideResource } from './guides.ts';

export function buildGuideSlip(guide: GuideResource, phoneUrl: string, ctx: SlipContext): Uint8Array {
  const s = ctx.texts;
  const t = (text: Parameters<typeof textIn>[0]) => textIn(text, ctx.locale);
  const b = startSlip(s.guideTitle);
  b.bold(true).line(t(guide.title)).bold(false).line(t(guide.summary)).newline();
  b.line(fillTemplate(s.timeLimit, { legal: guide.timeLimit.legalDays, promised: guide.timeLimit.promisedDays }));
  b.line(`${s.fees}: ${guide.fees.free ? s.free : guide.fees.items.map((f) => `${t(f.name)} ${f.amountYuan}${s.yuan}`).join('; ')}`);
  b.bold(true).line(`${s.materials}:`).bold(false);
  guide.materials.forEach((m, i) => b.line(`${i + 1}. ${t(m.name)} x${m.copies}`));
  b.bold(true).line(`${s.steps}:`).bold(false);
  guide.steps.forEach((step, i) => b.line(`${i + 1}. ${t(step.title)}`));
  b.bold(true).line(`${s.locations}:`).bold(false);
  for (const place of guide.locations) b.line(`${t(place.name)}: ${t(place.address)}`).line(`  ${t(place.hours)}`);
  return finishSlip(b, ctx, { url: phoneUrl, caption: s.scanGuide });
}

/** Guides are public content: printable without a query, any guide the terminal holds. */
export const guideSlip: SlipRenderer<'guide'> = ({ document, slip, service }) => {
  const guide = service.deps.content.guides.guides.get(document.guideId);
  if (!guide) throw new KioskError('NOT_FOUND', `no guide ${document.guideId}`);
  return buildGuideSlip(guide, guide.phoneUrl ?? defaultGuideUrl(service.publicBaseUrl, guide.guideId), slip);
};
