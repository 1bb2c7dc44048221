/**
 * The cases' public progress pages for the phone when the printer cannot print (the upstream's
 * resultUrl, checked by the core): one case's page as the result's QR code; several, one code each
 * under its receipt number (what the printout would have listed). None when the upstream named none.
 */
import type { ProgressView } from '../../../../electron/contract/kiosk-api.ts';
import type { PhoneLink } from '../shared/phone-link.ts';

export function progressPhoneLinks(view: ProgressView): { phoneUrl?: string; phoneLinks?: PhoneLink[] } {
  const links = view.items.flatMap((item) => (item.resultUrl ? [{ url: item.resultUrl, caption: item.receiptNo }] : []));
  const [only] = links;
  if (only === undefined) return {};
  if (view.items.length === 1) return { phoneUrl: only.url };
  return { phoneLinks: links };
}
