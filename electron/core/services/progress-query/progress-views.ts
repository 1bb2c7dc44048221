/** What the screen may show of a matter's progress (the holder's name masked). */
import { maskName } from '../../../contract/rules/person-name.ts';
import type { ProgressItem } from '../../../contract/service-api.ts';
import type { ProgressRecord } from './progress-upstream.ts';

export const toProgressItem = (r: ProgressRecord): ProgressItem => ({
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
