/**
 * Everything the citizen services read from resources/: forms, guides, commitment texts and the
 * print wording (resources/locales/print), loaded and validated once when the core starts.
 */
import { join } from 'node:path';
import { PrintTexts } from '../printing/print-texts.ts';
import { loadCommitments, type CommitmentMatterResource } from './credit-commitment/commitments.ts';
import { loadForms, type FormResource } from './form-filling/form-schema.ts';
import { loadGuides, type GuideLibrary } from './service-guide/guides.ts';

export interface ServiceContent {
  forms: Map<string, FormResource>;
  guides: GuideLibrary;
  commitments: Map<string, CommitmentMatterResource>;
  print: PrintTexts;
}

export function loadServiceContent(resourcesDir: string): ServiceContent {
  return {
    forms: loadForms(join(resourcesDir, 'forms')),
    guides: loadGuides(join(resourcesDir, 'guides')),
    commitments: loadCommitments(join(resourcesDir, 'commitments')),
    print: PrintTexts.load(join(resourcesDir, 'locales', 'print')),
  };
}
