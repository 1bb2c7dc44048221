/**
 * A journey's chunk together with its strings (folders: service-string-folders.ts), so the
 * initial bundle carries no service's strings and the journey never renders raw keys: React's
 * lazy() resolves, and Suspense's loading screen goes, only once both are in.
 */
import type { ComponentType } from 'react';
import { hasStrings, loadStrings } from '../i18n/i18n.ts';
import { stringFoldersOf } from './service-string-folders.ts';
import type { JourneyId } from './service-ids.ts';

export function withStrings(id: JourneyId, load: () => Promise<{ default: ComponentType }>): () => Promise<{ default: ComponentType }> {
  return () => Promise.all([load(), loadStrings(stringFoldersOf(id).filter(hasStrings))]).then(([module]) => module);
}
