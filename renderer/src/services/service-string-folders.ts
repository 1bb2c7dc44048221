/**
 * Which string files (resources/locales/<folder>/<tag>.json) each journey loads with its chunk:
 * its own folder plus the folders of what it embeds from outside its own folder (capabilities
 * such as the person check or the pay step, another service's words). Pure, so the test that
 * follows each journey's imports (test/unit/renderer/i18n/lazy-string-files.test.ts) reads it too.
 */
import type { JourneyId } from './service-ids.ts';

const PERSON_CHECK = 'capabilities/person-check';
const PAYMENTS = 'capabilities/payments';

/** Folders beyond the journey's own. Payments are listed where a fee is (or is about to be) charged. */
const EXTRA_STRINGS: Partial<Record<JourneyId, readonly string[]>> = {
  'credit-query': [PERSON_CHECK],
  'certificate-pickup': [PERSON_CHECK],
  'hk-macau-endorsement': [PERSON_CHECK, PAYMENTS],
  // The fine is shown in the guide's currency words (guide.yuan); the signature pad speaks 信用承诺's words.
  'traffic-violation': ['services/service-guide', PERSON_CHECK, PAYMENTS, 'services/credit-commitment'],
};

export const stringFoldersOf = (id: JourneyId): string[] => [`services/${id}`, ...(EXTRA_STRINGS[id] ?? [])];
