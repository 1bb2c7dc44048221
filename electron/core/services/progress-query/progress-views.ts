/** What the screen may show of a matter's progress (the holder's name masked). */
import { maskName } from '../../../contract/rules/person-name.ts';
import type { ProgressItem } from '../../../contract/service-api.ts';
import { checkPublicResultUrl, type ResultUrlCheck } from '../shared/public-result-url.ts';
import type { ProgressRecord } from './progress-upstream.ts';

/**
 * `personal`: what the case's public page address must not contain (the holder's ID number and
 * name); `refused` hears why an address was dropped (the QR code is then not offered).
 */
export const toProgressItem = (
  r: ProgressRecord,
  personal: readonly string[] = [],
  refused: (reason: Extract<ResultUrlCheck, { ok: false }>['reason']) => void = () => {},
): ProgressItem => {
  const checked = r.resultUrl === undefined ? undefined : checkPublicResultUrl(r.resultUrl, personal);
  if (checked && !checked.ok) refused(checked.reason);
  return { ...toItem(r), ...(checked?.ok ? { resultUrl: checked.url } : {}) };
};

const toItem = (r: ProgressRecord): ProgressItem => ({
  receiptNo: r.receiptNo,
  matter: r.matter,
  status: r.status,
  note: r.note,
  submittedAt: r.submittedAt,
  updatedAt: r.updatedAt,
  steps: r.steps.map((s) => ({ name: s.name, done: s.done, ...(s.at ? { at: s.at } : {}) })),
  ...(r.pickup ? { pickup: r.pickup } : {}),
});

export const maskedHolder = (name: string): string => (name ? maskName(name) : '');
